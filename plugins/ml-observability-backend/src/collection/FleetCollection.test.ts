import {
  createMockDirectory,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EndpointInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  FakeCollector,
  modelEntity,
  RUNBOOK_YAML,
  testCollection,
  testConfig,
  visibilityCatalog,
} from '../__testUtils__/fixtures';
import { buildReport } from '../report/buildReport';
import { migrateDatabase, Stores, storesFor } from '../store';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const T0 = new Date('2025-03-10T15:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const inService = (name: string): EndpointInfo => ({
  name,
  region: 'us-east-1',
  status: 'InService',
  variants: [{ name: 'AllTraffic', currentWeight: 1, trafficPercent: 100 }],
  shadowVariants: [],
  dataCapture: { enabled: true, status: 'Started', samplingPercentage: 20 },
});

const FRAUD = 'component:default/fraud-detection-v2';
const CHURN = 'component:default/churn-prediction';
const BROKEN = 'component:default/broken-model';

async function setup(
  entities: Entity[],
  options: { catalog?: CatalogService } = {},
) {
  const knex = await databases.init('SQLITE_3');
  await migrateDatabase(knex);
  const stores: Stores = storesFor(knex);
  const collector = new FakeCollector((target, collectOptions) => ({
    endpoints: target.endpointNames.map(inService),
    alarms: [],
    series: [
      {
        kind: 'drift',
        key: `drift:${target.endpointNames[0]}:season`,
        name: 'season',
        namespace: 'aws/sagemaker/Endpoints/data-metrics',
        dimensions: [{ name: 'Endpoint', value: target.endpointNames[0] }],
        stat: 'Average',
        periodSeconds: 3600,
        endpointName: target.endpointNames[0],
        points: [
          {
            t: new Date(collectOptions.now.getTime() - 60_000).toISOString(),
            v: 0.1,
          },
        ],
      },
    ],
    sources: {
      endpoints: { outcome: 'ok' },
      alarms: { outcome: 'ok' },
      metrics: { outcome: 'ok' },
    },
  }));
  let now = T0;
  const config = testConfig();
  const logger = mockServices.logger.mock();
  const collection = testCollection({
    catalog: options.catalog ?? visibilityCatalog(entities),
    stores,
    collector,
    config,
    logger,
    clock: () => now,
  });
  const report = async (ref: string) => {
    const snapshot = await stores.snapshots.get(ref);
    const series = await stores.series.listWithPoints(ref, new Date(0));
    return buildReport({ snapshot: snapshot!, series }, config, now);
  };
  return {
    stores,
    collector,
    collection,
    logger,
    report,
    setNow: (d: Date) => (now = d),
  };
}

describe('FleetCollection', () => {
  const fleet = [
    modelEntity('fraud-detection-v2'),
    modelEntity('churn-prediction', { owner: 'customer-insights-team' }),
    modelEntity('broken-model', {
      annotations: { 'aws.amazon.com/sagemaker-endpoint-name': 'not a name!' },
    }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'website', namespace: 'default' },
      spec: { type: 'website', owner: 'web', lifecycle: 'production' },
    } as Entity,
  ];

  it('collects the fleet in one batched call; a model with bad annotations says what is wrong', async () => {
    const { collection, collector, stores, report } = await setup(fleet);
    const summary = await collection.collectFleet();

    expect(summary).toMatchObject({
      outcome: 'ok',
      models: 3,
      failedModels: 0,
    });
    expect(collector.calls).toHaveLength(1);
    expect(collector.calls[0].targets.map(t => t.entityRef).sort()).toEqual([
      CHURN,
      FRAUD,
    ]);
    expect(collector.calls[0].targets[0]).toMatchObject({
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(collector.calls[0].options).toMatchObject({
      discoverMetrics: true,
      lookbackDays: 7,
    });

    const fraud = await report(FRAUD);
    expect(fraud.endpoints.map(e => e.name)).toEqual([
      'fraud-detection-v2-prod',
    ]);
    expect(fraud.drift).toMatchObject([
      { feature: 'season', latest: 0.1, breached: false },
    ]);
    expect(fraud.collectedAt).toBe(T0.toISOString());
    expect(fraud.health.status).toBe('healthy');

    const broken = await report(BROKEN);
    expect(broken.sources.catalog?.outcome).toBe('error');
    expect(broken.sources.catalog?.message).toContain(
      'aws.amazon.com/sagemaker-endpoint-name',
    );
    expect(broken.sources.catalog?.message).toContain('not a name!');
    expect(broken.health.status).toBe('unknown');
    expect(broken.health.reasons.map(r => r.message).join(' ')).toContain(
      'The catalog entry could not be read',
    );
    expect(
      await stores.snapshots.get('component:default/website'),
    ).toBeUndefined();

    const [run] = await stores.runs.listRuns('fleet');
    expect(run).toMatchObject({
      outcome: 'ok',
      models: 3,
      metricDiscovery: true,
    });
  });

  it('keeps the last good data of a failing source, with its age', async () => {
    const { collection, collector, report, setNow } = await setup(
      fleet.slice(0, 1),
    );
    await collection.collectFleet();

    collector.setResponder(() => ({
      series: [],
      sources: {
        endpoints: {
          outcome: 'throttled',
          message: 'Rate exceeded (ListEndpoints)',
        },
        alarms: { outcome: 'ok' },
      },
    }));
    setNow(minutes(10));
    await collection.collectFleet();
    let fraud = await report(FRAUD);
    expect(fraud.endpoints).toHaveLength(1);
    expect(fraud.sources.endpoints).toMatchObject({
      outcome: 'throttled',
      lastSuccessAt: T0.toISOString(),
      checkedAt: minutes(10).toISOString(),
    });
    expect(fraud.health.status).toBe('healthy');
    expect(fraud.health.reasons).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        message:
          'SageMaker endpoints could not be refreshed (throttled); showing data from 10 min ago',
      }),
    );

    setNow(minutes(60));
    await collection.collectFleet();
    fraud = await report(FRAUD);
    // What is known still counts: the verdict is partial, not unknown.
    expect(fraud.health).toMatchObject({
      status: 'healthy',
      partial: true,
      failedSources: [
        {
          source: 'endpoints',
          outcome: 'throttled',
          lastSuccessAt: T0.toISOString(),
        },
      ],
    });
    expect(fraud.health.reasons[0].message).toContain(
      'last good data is 1 h old',
    );
  });

  it('keeps the data and marks every AWS source when the collector fails entirely', async () => {
    const { collection, collector, stores, report, setNow, logger } =
      await setup(fleet.slice(0, 2));
    await collection.collectFleet();
    collector.failWith = new Error(
      'connect ECONNREFUSED 10.0.0.1:443 with AKIAIOSFODNN7EXAMPLE',
    );
    setNow(minutes(5));

    const summary = await collection.collectFleet();
    expect(summary.outcome).toBe('failed');
    const fraud = await report(FRAUD);
    expect(fraud.endpoints).toHaveLength(1);
    expect(fraud.collectedAt).toBe(T0.toISOString());
    expect(fraud.sources.endpoints?.outcome).toBe('error');
    expect(fraud.sources.endpoints?.lastSuccessAt).toBe(T0.toISOString());
    expect(JSON.stringify(fraud)).not.toContain('AKIA');
    expect(JSON.stringify(fraud)).not.toContain('ECONNREFUSED');
    expect(logger.error).toHaveBeenCalled();
    const runs = await stores.runs.listRuns('fleet');
    expect(runs.map(r => r.outcome)).toEqual(['ok', 'failed']);
  });

  it('stores the other models when one of them cannot be stored', async () => {
    const { collection, stores } = await setup(fleet.slice(0, 2));
    const writeMany = stores.snapshots.writeMany.bind(stores.snapshots);
    jest
      .spyOn(stores.snapshots, 'writeMany')
      .mockImplementation(async (items, now) => {
        if (items.some(i => i.update.entityRef === FRAUD))
          throw new Error('disk full');
        return writeMany(items, now);
      });
    const summary = await collection.collectFleet();
    expect(summary).toMatchObject({
      outcome: 'ok',
      models: 2,
      failedModels: 1,
    });
    expect(await stores.snapshots.get(CHURN)).toBeDefined();
    expect(await stores.snapshots.get(FRAUD)).toBeUndefined();
  });

  it('forgets models that left the catalog, but nothing when the catalog is down', async () => {
    const entities = fleet.slice(0, 2);
    const catalog = visibilityCatalog(entities);
    const { collection, stores } = await setup(entities, { catalog });
    await collection.collectFleet();
    expect((await stores.snapshots.listRefs()).sort()).toEqual([CHURN, FRAUD]);

    const stream = jest.spyOn(catalog, 'streamEntities');
    stream.mockImplementation(() => {
      throw new Error('catalog unavailable');
    });
    expect(await collection.collectFleet()).toMatchObject({
      outcome: 'failed',
      models: 0,
    });
    expect((await stores.snapshots.listRefs()).sort()).toEqual([CHURN, FRAUD]);

    stream.mockImplementation(() =>
      (async function* one() {
        yield [entities[1]];
      })(),
    );
    await collection.collectFleet();
    expect(await stores.snapshots.listRefs()).toEqual([CHURN]);
    expect(await stores.series.listMeta([FRAUD])).toEqual([]);
  });

  it('runs metric discovery on its own, slower interval', async () => {
    const { collection, collector, setNow } = await setup(fleet.slice(0, 1));
    await collection.collectFleet();
    setNow(minutes(5));
    await collection.collectFleet();
    setNow(minutes(61));
    await collection.collectFleet();
    expect(collector.calls.map(c => c.options.discoverMetrics)).toEqual([
      true,
      false,
      true,
    ]);

    // A round that met schedules no discovery has seen asks for discovery on the next one.
    collector.undiscovered = 1;
    setNow(minutes(66));
    await collection.collectFleet();
    collector.undiscovered = 0;
    setNow(minutes(71));
    await collection.collectFleet();
    setNow(minutes(76));
    await collection.collectFleet();
    expect(
      collector.calls.slice(3).map(c => c.options.discoverMetrics),
    ).toEqual([false, true, false]);
    // Each round continues from the state the previous one saved.
    expect(collector.calls.slice(0, 3).map(c => c.state)).toEqual([
      {},
      { fake: { rounds: 1 } },
      { fake: { rounds: 2 } },
    ]);
  });

  it('refreshes one model with forced metrics, without rolling back the fleet state', async () => {
    const { collection, collector, stores } = await setup(fleet.slice(0, 2));
    await collection.collectFleet();
    const summary = await collection.collectModel(fleet[0]);
    expect(summary).toMatchObject({ outcome: 'ok', models: 1 });
    expect(collector.calls[1].targets.map(t => t.entityRef)).toEqual([FRAUD]);
    expect(collector.calls[1].options).toMatchObject({
      forceEntityRefs: [FRAUD],
      discoverMetrics: false,
    });
    // The refresh read and wrote its model's entry only; the fleet's entry is as the round left it.
    expect(collector.calls[1].state).toEqual({});
    expect((await stores.state.loadAll('aws')).state).toEqual({
      fake: { rounds: 1, [`model:${FRAUD}`]: 1 },
    });
    expect((await stores.runs.listRuns('refresh')).map(r => r.models)).toEqual([
      1,
    ]);
  });

  it('warns when a round takes most of its task timeout', async () => {
    const { collection, collector, logger, setNow } = await setup(
      fleet.slice(0, 1),
    );
    await collection.collectFleet();
    expect(logger.warn).not.toHaveBeenCalled();
    // The default timeout is 15 minutes; this round takes 11 of them.
    collector.setResponder(() => {
      setNow(minutes(16));
      return { series: [], sources: {} };
    });
    setNow(minutes(5));
    await collection.collectFleet();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'took 660 s of its 900 s timeout; raise mlObservability.schedule.timeout',
      ),
    );
  });

  it('prunes history older than the retention period', async () => {
    const { collection, stores, setNow } = await setup(fleet.slice(0, 1));
    await collection.collectFleet();
    expect(
      (await stores.series.listWithPoints(FRAUD, new Date(0)))[0].points,
    ).toHaveLength(1);
    setNow(new Date(T0.getTime() + 31 * 86_400_000));
    await collection.collectFleet();
    const [series] = await stores.series.listWithPoints(FRAUD, new Date(0));
    expect(series.points.map(p => p.t)).toEqual([
      new Date(T0.getTime() + 31 * 86_400_000 - 60_000).toISOString(),
    ]);
  });

  it('keeps the last good runbook when an edit breaks it, and forgets it with its annotation', async () => {
    const dir = createMockDirectory();
    dir.setContent({ 'catalog-info.yaml': '', 'runbook.yaml': RUNBOOK_YAML });
    const withRunbook = modelEntity('fraud-detection-v2', {
      location: `file:${dir.resolve('catalog-info.yaml')}`,
      annotations: { 'ml-observability/runbook': './runbook.yaml' },
    });
    const catalog = visibilityCatalog([withRunbook]);
    const { collection, report, setNow } = await setup([withRunbook], {
      catalog,
    });
    await collection.collectFleet();
    let fraud = await report(FRAUD);
    expect(fraud.escalation.path).toEqual([
      'ml-engineer',
      'data-scientist',
      'team-lead',
    ]);
    expect(fraud.sources.runbook).toMatchObject({
      outcome: 'ok',
      lastSuccessAt: T0.toISOString(),
    });

    dir.addContent({ 'runbook.yaml': 'model_name: [' });
    setNow(minutes(5));
    await collection.collectFleet();
    fraud = await report(FRAUD);
    expect(fraud.escalation.severityRules.map(r => r.level)).toEqual([1, 2]);
    expect(fraud.sources.runbook).toMatchObject({
      outcome: 'error',
      lastSuccessAt: T0.toISOString(),
    });
    expect(fraud.sources.runbook?.message).toContain(
      './runbook.yaml is invalid',
    );

    const withoutRunbook = modelEntity('fraud-detection-v2');
    jest.spyOn(catalog, 'streamEntities').mockImplementation(() =>
      (async function* one() {
        yield [withoutRunbook];
      })(),
    );
    await collection.collectFleet();
    fraud = await report(FRAUD);
    expect(fraud.escalation).toEqual({ path: [], severityRules: [] });
    expect(fraud.sources.runbook).toBeUndefined();
  });
});
