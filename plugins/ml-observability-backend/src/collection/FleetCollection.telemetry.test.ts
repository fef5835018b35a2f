/**
 * What the operator sees of the rounds: a failing source is one warning until it recovers, then one info
 * line; rounds are counted and timed by kind and outcome in the OpenTelemetry metrics.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { SourceStatuses } from '@mlobs/backstage-plugin-ml-observability-common';
import type { MlObservabilitySignalSource } from '@mlobs/backstage-plugin-ml-observability-node';
import {
  FakeCollector,
  modelEntity,
  testConfig,
  visibilityCatalog,
} from '../__testUtils__/fixtures';
import { RecordingMeterProvider } from '../__testUtils__/metrics';
import { migrateDatabase, storesFor } from '../store';
import { METRIC_NAMES } from '../telemetry/metrics';
import { FleetCollection } from './FleetCollection';
import { RunbookReader } from './RunbookReader';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const T0 = new Date('2025-03-10T15:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const FRAUD = 'component:default/fraud-detection-v2';
const CHURN = 'component:default/churn-prediction';
const RECO = 'component:default/recommendation-engine';

const THROTTLED = {
  outcome: 'throttled',
  message:
    'SageMaker ListMonitoringSchedules was throttled in 123456789012/us-east-1; the next round tries again',
} as const;

/** A signal source of the extension point that fails while `failing` is set. */
class FlakySource implements MlObservabilitySignalSource {
  readonly id = 'prometheus';
  failing = false;

  async collect() {
    if (this.failing) throw new Error('connect ECONNREFUSED 10.0.0.7:9090');
    return { observations: [], state: {} };
  }
}

async function setup() {
  const knex = await databases.init('SQLITE_3');
  await migrateDatabase(knex);
  const stores = storesFor(knex);
  // Two models in us-east-1, one in eu-west-1; each round's sources come from `sources`.
  let sources: (ref: string) => SourceStatuses = () => ({});
  const collector = new FakeCollector(target => ({
    series: [],
    sources: { endpoints: { outcome: 'ok' }, ...sources(target.entityRef) },
  }));
  const logger = mockServices.logger.mock();
  const meters = new RecordingMeterProvider();
  const flaky = new FlakySource();
  let now = T0;
  const collection = new FleetCollection({
    catalog: visibilityCatalog([
      modelEntity('fraud-detection-v2'),
      modelEntity('churn-prediction'),
      modelEntity('recommendation-engine', {
        annotations: { 'aws.amazon.com/region': 'eu-west-1' },
      }),
    ]),
    auth: mockServices.auth(),
    stores,
    collector,
    extraSources: () => [flaky],
    runbooks: new RunbookReader(mockServices.urlReader.mock(), logger),
    config: testConfig(),
    logger,
    clock: () => now,
    meterProvider: meters,
  });
  let minute = 0;
  const round = async () => {
    now = minutes(minute);
    minute += 5;
    return collection.collectFleet();
  };
  const messages = (level: 'warn' | 'info' | 'error') =>
    logger[level].mock.calls
      .map(([message]) => String(message))
      .filter(m => !m.includes(' models, ')); // the per-round summary line
  return {
    stores,
    collector,
    collection,
    logger,
    meters,
    flaky,
    round,
    messages,
    setSources: (next: typeof sources) => (sources = next),
  };
}

describe('FleetCollection, as the operator sees it', () => {
  it('warns once per source and account/region while it fails, and says once when it recovers', async () => {
    const { round, messages, setSources } = await setup();
    await round();
    expect(messages('warn')).toEqual([]);

    // Schedules fail for both models of us-east-1, three rounds in a row.
    setSources(ref =>
      ref === RECO
        ? { schedules: { outcome: 'ok' } }
        : { schedules: THROTTLED },
    );
    for (let i = 0; i < 3; i++) await round();
    expect(messages('warn')).toEqual([
      `ML observability collection 2: source schedules in 123456789012/us-east-1 is failing (throttled) for 2 models (${CHURN}, ${FRAUD}): ${THROTTLED.message}; logged once until it recovers`,
    ]);
    expect(messages('info')).toEqual([]);

    // A round that does not read schedules (absent) is no recovery.
    setSources(() => ({}));
    await round();
    expect(messages('info')).toEqual([]);

    setSources(() => ({ schedules: { outcome: 'ok' } }));
    await round();
    await round();
    expect(messages('info')).toEqual([
      `ML observability source schedules in 123456789012/us-east-1 recovered in collection 6; it had been failing since ${minutes(
        5,
      ).toISOString()}`,
    ]);
    expect(messages('warn')).toHaveLength(1);

    // Failing again is a new failure: one more warning.
    setSources(ref => (ref === FRAUD ? { schedules: THROTTLED } : {}));
    await round();
    await round();
    expect(messages('warn')).toHaveLength(2);
    expect(messages('warn')[1]).toContain('for 1 model (');
  });

  it('keeps apart the same source in two regions, and another outcome is the same failure', async () => {
    const { round, messages, setSources } = await setup();
    setSources(ref =>
      ref === RECO
        ? { alarms: { outcome: 'denied', message: 'access denied' } }
        : { alarms: { outcome: 'error', message: 'HTTP 500' } },
    );
    await round();
    setSources(ref =>
      ref === RECO
        ? { alarms: { outcome: 'denied', message: 'access denied' } }
        : { alarms: { outcome: 'throttled', message: 'throttled' } },
    );
    await round();
    expect(messages('warn')).toEqual([
      expect.stringContaining(
        'source alarms in 123456789012/eu-west-1 is failing (denied) for 1 model',
      ),
      expect.stringContaining(
        'source alarms in 123456789012/us-east-1 is failing (error) for 2 models',
      ),
    ]);
  });

  it('logs a signal source that throws once, and its recovery; the AWS source at error level', async () => {
    const { round, messages, flaky, collector } = await setup();
    await round();
    flaky.failing = true;
    for (let i = 0; i < 3; i++) await round();
    expect(messages('warn')).toEqual([
      'ML observability collection 2: signal source prometheus failed; logged once until it recovers',
    ]);
    flaky.failing = false;
    await round();
    expect(messages('info')).toEqual([
      expect.stringMatching(
        /^ML observability signal source prometheus recovered in collection 5/,
      ),
    ]);

    collector.failWith = new Error('connect ECONNREFUSED 10.0.0.1:443');
    await round();
    await round();
    // One line for the AWS source, none per AWS source of each model.
    expect(messages('error')).toEqual([
      'ML observability collection 6: signal source aws failed; logged once until it recovers',
    ]);
    expect(messages('warn')).toHaveLength(1);
    collector.failWith = undefined;
    await round();
    expect(messages('info')).toHaveLength(2);
  });

  it('counts and times the rounds by kind and outcome', async () => {
    const { round, meters, collector, collection } = await setup();
    await round();
    await round();
    collector.failWith = new Error('boom');
    await round();
    collector.failWith = undefined;
    await collection.collectModel(modelEntity('fraud-detection-v2'));

    expect(
      meters.sum(METRIC_NAMES.rounds, { kind: 'fleet', outcome: 'ok' }),
    ).toBe(2);
    expect(
      meters.sum(METRIC_NAMES.rounds, { kind: 'fleet', outcome: 'failed' }),
    ).toBe(1);
    expect(
      meters.sum(METRIC_NAMES.rounds, { kind: 'refresh', outcome: 'ok' }),
    ).toBe(1);
    const durations = meters.values(METRIC_NAMES.roundDuration);
    expect(durations).toHaveLength(4);
    for (const seconds of durations) {
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(seconds).toBeLessThan(30);
    }
    expect(
      meters.instruments.find(i => i.name === METRIC_NAMES.roundDuration)
        ?.options?.unit,
    ).toBe('s');
  });

  it('counts a round that throws as an error', async () => {
    const { round, meters, stores } = await setup();
    jest
      .spyOn(stores.snapshots, 'list')
      .mockRejectedValueOnce(new Error('database gone'));
    await expect(round()).rejects.toThrow('database gone');
    expect(
      meters.sum(METRIC_NAMES.rounds, { kind: 'fleet', outcome: 'error' }),
    ).toBe(1);
  });
});
