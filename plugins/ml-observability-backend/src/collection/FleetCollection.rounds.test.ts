/**
 * Rounds against a real database: two racing rounds leave the newer state,
 * an aborted round stores nothing and keeps the state, and a steady round
 * of a large fleet costs a few statements per batch, not per model.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { formatMetricsAnnotation } from '@mlobs/backstage-plugin-ml-observability-common';
import type { Knex } from 'knex';
import {
  FakeCollector,
  modelEntity,
  testCollection,
  testConfig,
  visibilityCatalog,
} from '../__testUtils__/fixtures';
import {
  PRIMARY,
  PRIMARY_REGION,
  startFixture,
} from '../collectors/__testUtils__/emulatorFixture';
import type {
  CollectOptions,
  CollectionResult,
  CollectionTarget,
  CollectorState,
  FleetCollector,
} from '../collectors/types';
import { migrateDatabase, Stores, storesFor } from '../store';
import { AWS_STATE_SOURCE } from './FleetCollection';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T0 = new Date('2025-03-10T15:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** A collector whose round waits for `release`, then reports who ran it; it honours the signal. */
class GatedCollector extends FakeCollector implements FleetCollector {
  private opened!: () => void;
  readonly gate = new Promise<void>(resolve => {
    this.opened = resolve;
  });
  started = false;

  constructor(private readonly name: string, private gated = true) {
    super(target => ({
      endpoints: [
        {
          name: target.endpointNames[0],
          region: 'us-east-1',
          status: 'InService',
          variants: [],
          shadowVariants: [],
          dataCapture: { enabled: false },
          endpointConfigName: name,
        },
      ],
      series: [],
      sources: { endpoints: { outcome: 'ok' } },
    }));
  }

  release() {
    this.opened();
  }

  async collect(
    targets: CollectionTarget[],
    state: CollectorState,
    options: CollectOptions,
  ): Promise<CollectionResult> {
    this.started = true;
    if (this.gated) {
      await new Promise<void>((resolve, reject) => {
        this.gate.then(resolve);
        options.signal?.addEventListener('abort', () =>
          reject(options.signal!.reason),
        );
      });
    }
    const result = await super.collect(targets, state, options);
    return { ...result, state: { fake: { by: this.name } } };
  }
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise(r => setTimeout(r, 5));
}

describe.each(databases.eachSupportedId())('fleet rounds on %p', databaseId => {
  const entities = [modelEntity('fraud-detection-v2'), modelEntity('churn')];
  const FRAUD = 'component:default/fraud-detection-v2';

  async function setup(): Promise<{ knex: Knex; stores: Stores }> {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    return { knex, stores: storesFor(knex) };
  }

  function collection(
    stores: Stores,
    collector: FleetCollector,
    now: Date,
    logger = mockServices.logger.mock(),
  ) {
    return testCollection({
      catalog: visibilityCatalog(entities),
      stores,
      collector,
      logger,
      clock: () => now,
    });
  }

  it('leaves the newer state and snapshots when an older round finishes last', async () => {
    const { stores } = await setup();
    await collection(
      stores,
      new GatedCollector('first', false),
      minutes(0),
    ).collectFleet();
    // The older round (another replica, after a timeout) is still reading AWS.
    const older = new GatedCollector('older');
    const olderRound = collection(stores, older, minutes(5)).collectFleet();
    await until(() => older.started);
    await collection(
      stores,
      new GatedCollector('newer', false),
      minutes(10),
    ).collectFleet();
    older.release();
    expect(await olderRound).toMatchObject({ outcome: 'ok' });

    const state = await stores.state.loadAll(AWS_STATE_SOURCE);
    expect(state.state).toEqual({ fake: { by: 'newer' } });
    const fraud = await stores.snapshots.get(FRAUD);
    expect(fraud?.checkedAt).toBe(minutes(10).toISOString());
    expect(fraud?.endpoints?.[0].endpointConfigName).toBe('newer');
  });

  it('stops an aborted round: recorded as aborted, nothing stored, state kept', async () => {
    const { stores } = await setup();
    await collection(
      stores,
      new GatedCollector('first', false),
      minutes(0),
    ).collectFleet();
    const before = await stores.state.loadAll(AWS_STATE_SOURCE);
    const stuck = new GatedCollector('stuck');
    const controller = new AbortController();
    const round = collection(stores, stuck, minutes(5)).collectFleet({
      signal: controller.signal,
    });
    await until(() => stuck.started);
    controller.abort(new Error('timed out'));
    expect(await round).toMatchObject({ outcome: 'aborted' });

    const runs = await stores.runs.listRuns('fleet');
    expect(runs[runs.length - 1]).toMatchObject({
      outcome: 'aborted',
      error: expect.stringContaining('aborted'),
    });
    expect(await stores.state.loadAll(AWS_STATE_SOURCE)).toEqual(before);
    expect((await stores.snapshots.get(FRAUD))?.checkedAt).toBe(
      minutes(0).toISOString(),
    );
  });
});

describe('a steady round of a large fleet (emulator, real SDK, SQLite)', () => {
  const MODELS = 1000;

  it('makes at most N / 50 database statements', async () => {
    const f = await startFixture({ scenario: 'scale', models: MODELS });
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(knex);
    const stores = storesFor(knex);
    try {
      const entities: Entity[] = Array.from({ length: MODELS }, (_, i) => {
        const name = `scale-model-${String(i + 1).padStart(5, '0')}`;
        return modelEntity(name, {
          annotations: {
            'aws.amazon.com/sagemaker-endpoint-name': `${name}-endpoint`,
            'aws.amazon.com/account-id': PRIMARY,
            'aws.amazon.com/region': PRIMARY_REGION,
            'ml-observability/metrics': formatMetricsAnnotation([
              {
                namespace: 'ML/ModelPerformance',
                dimensions: [{ name: 'ModelName', value: name }],
                metricNames: ['Accuracy'],
                periodSeconds: 900,
              },
            ]),
          },
        });
      });
      const logger = mockServices.logger.mock();
      const fleet = testCollection({
        catalog: visibilityCatalog(entities),
        stores,
        collector: f.collector,
        config: testConfig({ lookbackDays: 0.25 }),
        logger,
        clock: () => f.emulator.now(),
      });
      const cold = await fleet.collectFleet();
      expect(cold).toMatchObject({ outcome: 'ok', models: MODELS });
      expect(cold.failedModels).toBe(0);

      f.emulator.advanceClock(300);
      const statements: string[] = [];
      const count = (q: { sql: string }) => statements.push(q.sql);
      knex.on('query', count);
      const steady = await fleet.collectFleet();
      knex.off('query', count);
      expect(steady).toMatchObject({ outcome: 'ok', failedModels: 0 });
      // 18 at N = 1,000: a few fixed reads and writes, three per batch of 500 models, the state save.
      expect(statements.length).toBeLessThanOrEqual(MODELS / 50);
      // The steady round saved its state: the next one continues from it.
      const runs = await stores.runs.listRuns('fleet');
      expect(runs.map(r => r.outcome)).toEqual(['ok', 'ok']);
      expect(
        Object.keys(
          (await stores.state.loadAll(AWS_STATE_SOURCE)).state[
            `${PRIMARY}/${PRIMARY_REGION}`
          ] ?? {},
        ).length,
      ).toBeGreaterThanOrEqual(2 * MODELS);
    } finally {
      await f.close();
    }
  });
});
