import { TestDatabases } from '@backstage/backend-test-utils';
import type { EndpointInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import type { ObservedSeries } from '../collectors/types';
import { migrateDatabase, storesFor } from '.';
import type { ModelUpdate } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const REF = 'component:default/fraud-detection-v2';

const endpoint = (status: EndpointInfo['status']): EndpointInfo => ({
  name: 'fraud-v2',
  region: 'us-east-1',
  status,
  variants: [],
  shadowVariants: [],
  dataCapture: { enabled: true, status: 'Started', samplingPercentage: 20 },
});

function update(overrides: Partial<ModelUpdate> = {}): ModelUpdate {
  return {
    entityRef: REF,
    title: 'Fraud detection',
    owner: 'group:default/ml-platform-team',
    lifecycle: 'production',
    accountId: '123456789012',
    region: 'us-east-1',
    target: { endpointNames: ['fraud-v2'], metricSources: [], onCall: [] },
    sources: {},
    ...overrides,
  };
}

const driftSeries = (
  key: string,
  points: Array<[string, number]>,
): ObservedSeries => ({
  kind: 'drift',
  key,
  name: 'season',
  namespace: 'aws/sagemaker/Endpoints/data-metrics',
  dimensions: [{ name: 'Endpoint', value: 'fraud-v2' }],
  stat: 'Average',
  periodSeconds: 3600,
  endpointName: 'fraud-v2',
  points: points.map(([t, v]) => ({ t, v })),
});

describe.each(databases.eachSupportedId())('stores on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    return { knex, ...storesFor(knex) };
  }

  it('migrates up and down again', async () => {
    const { knex } = await setup();
    expect(await knex.schema.hasTable('model_snapshots')).toBe(true);
    await knex.migrate.rollback(
      { directory: `${__dirname}/../../migrations` },
      true,
    );
    expect(await knex.schema.hasTable('model_snapshots')).toBe(false);
    expect(await knex.schema.hasTable('series_points')).toBe(false);
  });

  it('keeps a part the round did not read, and the last good time of a failing source', async () => {
    const { snapshots } = await setup();
    const t1 = new Date('2025-03-10T10:00:00Z');
    await snapshots.write(
      update({
        endpoints: [endpoint('InService')],
        alarms: [],
        sources: { endpoints: { outcome: 'ok' }, alarms: { outcome: 'ok' } },
      }),
      t1,
    );

    const t2 = new Date('2025-03-10T10:05:00Z');
    const written = await snapshots.write(
      update({
        alarms: [
          {
            name: 'fraud-accuracy',
            arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-accuracy',
            type: 'metric',
            state: 'ALARM',
          },
        ],
        sources: {
          endpoints: { outcome: 'throttled', message: 'Rate exceeded' },
          alarms: { outcome: 'ok' },
        },
      }),
      t2,
    );

    const stored = await snapshots.get(REF);
    expect(stored).toEqual(written);
    expect(stored!.endpoints).toEqual([endpoint('InService')]);
    expect(stored!.alarms).toHaveLength(1);
    expect(stored!.sources.endpoints).toEqual({
      outcome: 'throttled',
      message: 'Rate exceeded',
      lastSuccessAt: t1.toISOString(),
      checkedAt: t2.toISOString(),
      failingSince: t2.toISOString(),
    });
    expect(stored!.sources.alarms?.lastSuccessAt).toBe(t2.toISOString());
    expect(stored!.collectedAt).toBe(t2.toISOString());
  });

  it('keeps the drift coverage of a round until a round reads it again', async () => {
    const { snapshots } = await setup();
    const coverage = [
      {
        namespace: 'ML/Drift',
        dimensions: [{ name: 'ModelName', value: 'm' }],
        shape: 'pattern' as const,
        prefix: 'feature_drift_',
        found: 2300,
        shown: 100,
        cap: 100,
      },
    ];
    await snapshots.write(
      update({ driftCoverage: coverage, sources: {} }),
      new Date('2025-03-10T10:00:00Z'),
    );
    await snapshots.write(
      update({ sources: {} }),
      new Date('2025-03-10T10:05:00Z'),
    );
    expect((await snapshots.get(REF))!.driftCoverage).toEqual(coverage);
  });

  it('keeps when a failure began while the source fails, whatever the outcome, and forgets it on recovery', async () => {
    const { snapshots } = await setup();
    const at = (minute: number) => new Date(Date.UTC(2025, 2, 10, 10, minute));
    const write = (
      minute: number,
      endpoints: ModelUpdate['sources']['endpoints'],
    ) => snapshots.write(update({ sources: { endpoints } }), at(minute));
    await write(0, { outcome: 'ok' });
    await write(5, { outcome: 'throttled' });
    await write(10, { outcome: 'denied', message: 'access denied' });
    await write(12, { outcome: 'pending' });
    expect((await snapshots.get(REF))!.sources.endpoints).not.toHaveProperty(
      'failingSince',
    );
    await write(15, { outcome: 'error' });
    await write(20, { outcome: 'error' });
    expect((await snapshots.get(REF))!.sources.endpoints).toMatchObject({
      outcome: 'error',
      failingSince: at(15).toISOString(),
      lastSuccessAt: at(0).toISOString(),
    });
    await write(25, { outcome: 'ok' });
    expect((await snapshots.get(REF))!.sources.endpoints).toEqual({
      outcome: 'ok',
      lastSuccessAt: at(25).toISOString(),
      checkedAt: at(25).toISOString(),
    });
  });

  it('leaves collectedAt alone when no AWS source was good', async () => {
    const { snapshots } = await setup();
    const t1 = new Date('2025-03-10T10:00:00Z');
    await snapshots.write(
      update({ sources: { endpoints: { outcome: 'ok' } } }),
      t1,
    );
    await snapshots.write(
      update({
        sources: {
          endpoints: { outcome: 'error', message: 'connect ECONNREFUSED' },
        },
      }),
      new Date('2025-03-10T11:00:00Z'),
    );
    const stored = await snapshots.get(REF);
    expect(stored!.collectedAt).toBe(t1.toISOString());
    expect(stored!.checkedAt).toBe('2025-03-10T11:00:00.000Z');
  });

  it('has a version that changes with every write and delete', async () => {
    const { snapshots } = await setup();
    const seen = [await snapshots.version()];
    await snapshots.write(update(), new Date('2025-03-10T10:00:00Z'));
    seen.push(await snapshots.version());
    expect(await snapshots.version()).toBe(seen[1]);
    await snapshots.write(update(), new Date('2025-03-10T10:05:00Z'));
    seen.push(await snapshots.version());
    await snapshots.write(
      update({ entityRef: 'component:default/other' }),
      new Date('2025-03-10T10:05:00Z'),
    );
    seen.push(await snapshots.version());
    // A round writes all its models at one time: each write still moves the version.
    await snapshots.write(update(), new Date('2025-03-10T10:10:00Z'));
    seen.push(await snapshots.version());
    await snapshots.write(
      update({ entityRef: 'component:default/other' }),
      new Date('2025-03-10T10:10:00Z'),
    );
    seen.push(await snapshots.version());
    await snapshots.deleteExcept([REF]);
    seen.push(await snapshots.version());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('indexes resources and forgets models that left the catalog', async () => {
    const { snapshots, series: seriesStore } = await setup();
    const now = new Date('2025-03-10T10:00:00Z');
    const alarm = {
      name: 'fraud-accuracy',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-accuracy',
      type: 'metric' as const,
      state: 'OK' as const,
    };
    await snapshots.write(
      update({ endpoints: [endpoint('InService')], alarms: [alarm] }),
      now,
    );
    await seriesStore.write(REF, [
      driftSeries('drift:fraud-v2:season', [['2025-03-10T09:00:00Z', 0.1]]),
    ]);
    await snapshots.write(
      update({
        entityRef: 'component:default/other',
        target: { endpointNames: ['Other-EP'], metricSources: [], onCall: [] },
        alarms: [alarm],
      }),
      now,
    );

    const matches = await snapshots.findByResources([
      { kind: 'alarm', key: 'fraud-accuracy' },
    ]);
    expect(matches.map(m => m.entityRef).sort()).toEqual([
      'component:default/fraud-detection-v2',
      'component:default/other',
    ]);
    expect(
      await snapshots.findByResources([{ kind: 'alarm-arn', key: alarm.arn }]),
    ).toHaveLength(2);
    expect(
      await snapshots.findByResources([{ kind: 'endpoint', key: 'other-ep' }]),
    ).toEqual([
      {
        entityRef: 'component:default/other',
        kind: 'endpoint',
        key: 'other-ep',
      },
    ]);
    // Alarm names are case-sensitive in CloudWatch.
    expect(
      await snapshots.findByResources([
        { kind: 'alarm', key: 'FRAUD-ACCURACY' },
      ]),
    ).toEqual([]);

    expect(await snapshots.deleteExcept(['component:default/other'])).toEqual([
      REF,
    ]);
    expect(await snapshots.get(REF)).toBeUndefined();
    expect(await seriesStore.listMeta([REF])).toEqual([]);
    expect(
      await snapshots.findByResources([{ kind: 'endpoint', key: 'fraud-v2' }]),
    ).toEqual([]);
  });

  it('stores points idempotently, tracks the latest and prunes old history', async () => {
    const { series: store } = await setup();
    await store.write(REF, [
      driftSeries('drift:fraud-v2:season', [
        ['2025-02-01T00:00:00Z', 0.05],
        ['2025-03-10T08:00:00Z', 0.2],
      ]),
    ]);
    // The same point again with a revised value, plus an older one: latest stays 09:00.
    await store.write(REF, [
      driftSeries('drift:fraud-v2:season', [
        ['2025-03-10T08:00:00Z', 0.25],
        ['2025-03-10T09:00:00Z', 0.4],
      ]),
    ]);
    await store.write(REF, [
      driftSeries('drift:fraud-v2:season', [['2025-03-09T00:00:00Z', 0.1]]),
    ]);

    const [all] = await store.listWithPoints(REF, new Date(0));
    expect(all.latest).toEqual({ t: '2025-03-10T09:00:00.000Z', v: 0.4 });
    expect(all.points).toEqual([
      { t: '2025-02-01T00:00:00.000Z', v: 0.05 },
      { t: '2025-03-09T00:00:00.000Z', v: 0.1 },
      { t: '2025-03-10T08:00:00.000Z', v: 0.25 },
      { t: '2025-03-10T09:00:00.000Z', v: 0.4 },
    ]);

    const [recent] = await store.listWithPoints(
      REF,
      new Date('2025-03-10T00:00:00Z'),
    );
    expect(recent.points).toHaveLength(2);

    expect(await store.prune(new Date('2025-03-01T00:00:00Z'))).toEqual({
      points: 1,
      series: 0,
    });
    const [pruned] = await store.listWithPoints(REF, new Date(0));
    expect(pruned.points[0].t).toBe('2025-03-09T00:00:00.000Z');

    // A series whose newest point is older than the cutoff goes with its points.
    expect(await store.prune(new Date('2025-03-11T00:00:00Z'))).toEqual({
      points: 3,
      series: 1,
    });
    expect(await store.listMeta([REF])).toEqual([]);
  });

  it('keeps a series without datapoints while rounds read it, and prunes it a retention after the last', async () => {
    const { series: store } = await setup();
    const noData = driftSeries('drift:custom:repair_shop_region', []);
    await store.write(REF, [noData], new Date('2025-03-10T08:00:00Z'));
    // A discovery round prunes right after writing: the series it just read stays, without a latest point.
    expect(await store.prune(new Date('2025-02-10T08:00:00Z'))).toEqual({
      points: 0,
      series: 0,
    });
    expect(await store.listWithPoints(REF, new Date(0))).toEqual([
      expect.objectContaining({
        key: 'drift:custom:repair_shop_region',
        points: [],
      }),
    ]);
    expect((await store.listMeta([REF]))[0].latest).toBeUndefined();
    // Read again later, then no more: it goes once the cutoff passes the last read.
    await store.write(REF, [noData], new Date('2025-03-20T08:00:00Z'));
    expect(await store.prune(new Date('2025-03-15T00:00:00Z'))).toEqual({
      points: 0,
      series: 0,
    });
    expect(await store.prune(new Date('2025-03-21T00:00:00Z'))).toEqual({
      points: 0,
      series: 1,
    });
    expect(await store.listMeta([REF])).toEqual([]);
  });

  it("writes a large batch in few statements, within both databases' limits", async () => {
    const { knex, snapshots, series } = await setup();
    const refs = Array.from(
      { length: 1200 },
      (_, i) => `component:default/m-${String(i).padStart(4, '0')}`,
    );
    const now = new Date('2025-03-10T12:00:00Z');
    const statements: string[] = [];
    knex.on('query', q => statements.push(q.sql));
    await snapshots.writeMany(
      refs.map(ref => ({
        update: update({
          entityRef: ref,
          endpoints: [{ ...endpoint('InService'), name: `${ref}-e` }],
        }),
      })),
      now,
    );
    await series.writeMany(
      refs.map(ref => ({
        entityRef: ref,
        series: [
          driftSeries('drift:a', [
            ['2025-03-10T09:00:00Z', 0.1],
            ['2025-03-10T10:00:00Z', 0.2],
          ]),
          driftSeries('drift:b', [['2025-03-10T10:00:00Z', 0.3]]),
        ],
      })),
    );
    knex.removeAllListeners('query');
    const writes = statements.filter(s => /^(insert|delete|update)/i.test(s));
    // 3 snapshot, 3 + 3 resource, 5 series and 8 point statements: per 500 rows, not per model.
    expect(writes.length).toBeLessThanOrEqual(25);
    expect((await snapshots.list(refs)).length).toBe(1200);
    const meta = await series.listMeta(refs);
    expect(meta).toHaveLength(2400);
    expect(meta.find(m => m.key === 'drift:a')?.latest?.v).toBe(0.2);
    expect(
      await snapshots.findByResources([
        { kind: 'endpoint', key: `${refs[7]}-e` },
      ]),
    ).toEqual([{ entityRef: refs[7], kind: 'endpoint', key: `${refs[7]}-e` }]);
  });

  it('keeps run bookkeeping', async () => {
    const { runs } = await setup();
    expect(await runs.lastMetricDiscoveryAt()).toBeUndefined();
    const first = await runs.startRun(
      'fleet',
      true,
      new Date('2025-03-10T10:00:00Z'),
    );
    await runs.finishRun(
      first,
      { outcome: 'ok', models: 3 },
      new Date('2025-03-10T10:00:05Z'),
    );
    const second = await runs.startRun(
      'fleet',
      true,
      new Date('2025-03-10T11:00:00Z'),
    );
    await runs.finishRun(
      second,
      { outcome: 'failed', models: 0, error: 'boom' },
      new Date('2025-03-10T11:00:01Z'),
    );
    expect((await runs.lastMetricDiscoveryAt())?.toISOString()).toBe(
      '2025-03-10T10:00:00.000Z',
    );

    const listed = await runs.listRuns('fleet');
    expect(listed.map(r => [r.outcome, r.models, r.metricDiscovery])).toEqual([
      ['ok', 3, true],
      ['failed', 0, true],
    ]);
    expect(await runs.pruneRuns(new Date('2025-03-10T10:30:00Z'))).toBe(1);
  });

  it('answers the last finished round of a kind and when one last ended ok', async () => {
    const { runs } = await setup();
    expect(await runs.lastFinishedRun('fleet')).toBeUndefined();
    expect(await runs.lastOkFinishedAt('fleet')).toBeUndefined();
    const round = async (
      kind: 'fleet' | 'refresh',
      outcome: 'ok' | 'failed' | undefined,
      minute: number,
    ) => {
      const id = await runs.startRun(
        kind,
        false,
        new Date(Date.UTC(2025, 2, 10, 10, minute)),
      );
      if (outcome)
        await runs.finishRun(
          id,
          { outcome, models: 2 },
          new Date(Date.UTC(2025, 2, 10, 10, minute, 30)),
        );
      return id;
    };
    await round('fleet', 'ok', 0);
    const failed = await round('fleet', 'failed', 5);
    await round('refresh', 'ok', 7);
    await round('fleet', undefined, 10);
    expect(await runs.lastFinishedRun('fleet')).toMatchObject({
      id: failed,
      outcome: 'failed',
      startedAt: '2025-03-10T10:05:00.000Z',
      finishedAt: '2025-03-10T10:05:30.000Z',
    });
    expect((await runs.lastFinishedRun())?.kind).toBe('refresh');
    expect((await runs.lastOkFinishedAt('fleet'))?.toISOString()).toBe(
      '2025-03-10T10:00:30.000Z',
    );
    expect((await runs.lastOkFinishedAt('refresh'))?.toISOString()).toBe(
      '2025-03-10T10:07:30.000Z',
    );
  });

  it('rate-limits refreshes per model', async () => {
    const { runs } = await setup();
    const t0 = new Date('2025-03-10T10:00:00Z');
    expect(await runs.claimRefresh(REF, t0, 30_000)).toEqual({ ok: true });
    expect(
      await runs.claimRefresh(REF, new Date(t0.getTime() + 10_000), 30_000),
    ).toEqual({
      ok: false,
      retryAfterSeconds: 20,
    });
    expect(
      await runs.claimRefresh('component:default/other', t0, 30_000),
    ).toEqual({ ok: true });
    expect(
      await runs.claimRefresh(REF, new Date(t0.getTime() + 30_000), 30_000),
    ).toEqual({ ok: true });
  });
});
