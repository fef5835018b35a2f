/**
 * What an operator sees when a source fails every round, with the plugin as deployed (default service and
 * AWS collector through the real SDK) against the emulator: one warning, the AWS call counter of the
 * failing operation moving each round, the status route naming the source, and one info line on recovery.
 */
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Emulator, startEmulator } from '@mlobs/aws-ml-emulator';
import type { CollectorStatus } from '@mlobs/backstage-plugin-ml-observability-common';
import { metrics } from '@opentelemetry/api';
import request from 'supertest';
import { startEmulatorBackend } from './__testUtils__/emulatorBackend';
import { modelEntity } from './__testUtils__/fixtures';
import { RecordingMeterProvider } from './__testUtils__/metrics';
import {
  demoTargets,
  PRIMARY,
  PRIMARY_REGION,
} from './collectors/__testUtils__/emulatorFixture';
import { METRIC_NAMES } from './telemetry/metrics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const user = mockCredentials.user.header('user:default/alice');

const entities = demoTargets().map(target =>
  modelEntity(target.entityRef.split('/')[1], {
    annotations: {
      'aws.amazon.com/sagemaker-endpoint-name': target.endpointNames.join(','),
      'aws.amazon.com/account-id': target.accountId,
      'aws.amazon.com/region': target.region,
    },
  }),
);

describe('the operator, when a source fails every round (emulator)', () => {
  const meters = new RecordingMeterProvider();
  const logger = mockServices.logger.mock();
  let emulator: Emulator;
  let backend: Awaited<ReturnType<typeof startEmulatorBackend>>['backend'];
  let round: () => Promise<void>;

  const warnings = () =>
    logger.warn.mock.calls
      .map(([message]) => String(message))
      .filter(m => m.includes('source schedules'));
  const deniedCalls = () =>
    meters.sum(METRIC_NAMES.awsCalls, {
      service: 'SageMaker',
      operation: 'ListMonitoringSchedules',
      outcome: 'denied',
    });
  const status = async (): Promise<CollectorStatus> => {
    const res = await request(backend.server)
      .get('/api/ml-observability/v1/status')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    metrics.setGlobalMeterProvider(meters);
    emulator = await startEmulator({ scenario: 'demo' });
    const started = await startEmulatorBackend({
      emulator,
      databases,
      entities,
      logger: logger.factory,
    });
    backend = started.backend;
    round = started.round;
  });

  afterAll(async () => {
    await backend?.stop();
    await emulator?.stop();
    metrics.disable();
  });

  it('warns once, counts every failed call, names the source in the status, and says when it recovers', async () => {
    emulator.setFaults({
      accounts: {
        [PRIMARY]: {
          operations: { ListMonitoringSchedules: { denied: true } },
        },
      },
    });
    const counted: number[] = [];
    for (let i = 0; i < 3; i++) {
      await round();
      counted.push(deniedCalls());
    }
    expect(counted[0]).toBeGreaterThan(0);
    expect(counted[1]).toBeGreaterThan(counted[0]);
    expect(counted[2]).toBeGreaterThan(counted[1]);
    expect(warnings()).toEqual([
      expect.stringContaining(
        `source schedules in ${PRIMARY}/${PRIMARY_REGION} is failing (denied)`,
      ),
    ]);
    expect(warnings()[0]).toContain('allow sagemaker:ListMonitoringSchedules');

    const failing = await status();
    expect(failing.lastRound?.outcome).toBe('ok');
    expect(failing.degradedSources).toContainEqual(
      expect.objectContaining({
        source: 'schedules',
        accountId: PRIMARY,
        region: PRIMARY_REGION,
        outcome: 'denied',
      }),
    );
    expect(
      meters.sum(METRIC_NAMES.rounds, { kind: 'fleet', outcome: 'ok' }),
    ).toBe(3);

    emulator.clearFaults();
    await round();
    expect(
      logger.info.mock.calls
        .map(([message]) => String(message))
        .filter(m => m.includes('recovered')),
    ).toEqual([
      // The executions walk needs the schedule list, so it failed with it.
      expect.stringContaining(
        `source executions in ${PRIMARY}/${PRIMARY_REGION} recovered`,
      ),
      expect.stringContaining(
        `source schedules in ${PRIMARY}/${PRIMARY_REGION} recovered`,
      ),
    ]);
    expect(
      (await status()).degradedSources.filter(d => d.source === 'schedules'),
    ).toEqual([]);
    expect(warnings()).toHaveLength(1);
  });
});
