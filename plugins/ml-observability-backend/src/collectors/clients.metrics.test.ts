/**
 * Every AWS call attempt of the collector reaches the plugin's metrics by service, operation and outcome
 * (retries included), through the one middleware the factory's clients carry: against the emulator,
 * through the real SDK.
 */
import { ConfigReader } from '@backstage/config';
import { Emulator, startEmulator } from '@mlobs/aws-ml-emulator';
import { RecordingMeterProvider } from '../__testUtils__/metrics';
import { METRIC_NAMES } from '../telemetry/metrics';
import {
  accountsConfig,
  demoTargets,
  EU,
  FIXED_START,
  PRIMARY,
} from './__testUtils__/emulatorFixture';
import { AwsClientFactory } from './clients';
import { DefaultFleetCollector } from './DefaultFleetCollector';

jest.setTimeout(60_000);

describe('AWS call metrics (emulator, real SDK)', () => {
  let emulator: Emulator;
  let factory: AwsClientFactory;
  let collector: DefaultFleetCollector;
  const meters = new RecordingMeterProvider();

  beforeAll(async () => {
    emulator = await startEmulator({
      now: () => new Date(FIXED_START),
      scenario: 'demo',
    });
    const config = new ConfigReader({
      aws: { accounts: accountsConfig([PRIMARY, EU]) },
      mlObservability: {
        endpoints: [{ sagemaker: emulator.url, cloudwatch: emulator.url }],
        aws: { maxAttempts: 2, requestTimeoutMs: 5000 },
      },
    });
    factory = AwsClientFactory.fromConfig(config, { meterProvider: meters });
    collector = new DefaultFleetCollector({ clientFactory: factory });
  });
  afterAll(async () => {
    factory.destroy();
    await emulator.stop();
  });

  const callsOf = (operation: string, outcome?: string) =>
    meters.sum(METRIC_NAMES.awsCalls, {
      operation,
      ...(outcome ? { outcome } : {}),
    });

  it('counts each attempt with its outcome, as many as the round counted', async () => {
    emulator.setFaults({
      accounts: {
        [PRIMARY]: {
          operations: { ListMonitoringSchedules: { denied: true } },
        },
        [EU]: { operations: { DescribeAlarms: { throttleRate: 1 } } },
      },
    });
    const before = meters.recorded.length;
    const result = await collector.collect(
      demoTargets(),
      {},
      { now: emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
    emulator.clearFaults();
    const recorded = meters.recorded.slice(before);

    // The same calls as the round's own count, operation by operation.
    const byOperation: Record<string, number> = {};
    for (const r of recorded) {
      const key = `${r.attributes.service}.${r.attributes.operation}`;
      byOperation[key] = (byOperation[key] ?? 0) + r.value;
    }
    expect(byOperation).toEqual(result.stats.calls);

    // The denied account's schedules list once; the other account's lists fine.
    expect(callsOf('ListMonitoringSchedules', 'denied')).toBe(1);
    expect(callsOf('ListMonitoringSchedules', 'ok')).toBeGreaterThanOrEqual(1);
    // Throttled twice: the SDK's retry is an attempt of its own.
    expect(callsOf('DescribeAlarms', 'throttled')).toBe(2);
    expect(
      meters.sum(METRIC_NAMES.awsCalls, {
        service: 'CloudWatch',
        operation: 'GetMetricData',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(new Set(recorded.map(r => r.attributes.outcome))).toEqual(
      new Set(['ok', 'denied', 'throttled']),
    );
    const instrument = meters.instruments.find(
      i => i.name === METRIC_NAMES.awsCalls,
    );
    expect(instrument).toMatchObject({
      meter: '@mlobs/backstage-plugin-ml-observability-backend',
      type: 'counter',
      options: { unit: '{call}' },
    });
  });
});
