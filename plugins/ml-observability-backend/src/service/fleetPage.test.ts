import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { ModelRecord } from '../domain/types';
import { migrateDatabase, Stores, storesFor } from '../store';
import {
  FakeCollector,
  modelEntity,
  testCollection,
  testConfig,
  visibilityCatalog,
} from '../__testUtils__/fixtures';
import { fleetPage, FleetRowsCache } from './fleetPage';

const REF = 'component:default/fraud-detection-v2';

function fakeStores(): Stores & {
  setVersion(v: string): void;
  listed: jest.Mock;
} {
  let version = 'v1';
  const snapshot: ModelRecord = {
    entityRef: REF,
    sources: {},
    checkedAt: '2025-03-10T10:00:00.000Z',
  };
  const listed = jest.fn(async () => [snapshot]);
  return {
    snapshots: { version: async () => version, list: listed },
    series: { listMeta: async () => [] },
    runs: {},
    setVersion: (v: string) => {
      version = v;
    },
    listed,
  } as unknown as Stores & { setVersion(v: string): void; listed: jest.Mock };
}

describe('FleetRowsCache', () => {
  const config = testConfig();
  const at = (seconds: number) =>
    new Date(Date.parse('2025-03-10T10:00:00Z') + seconds * 1000);

  it('assembles once per snapshot version within the TTL', async () => {
    const stores = fakeStores();
    const cache = new FleetRowsCache(15_000);
    const first = await cache.get(stores, config, at(0));
    expect([...first.byRef.keys()]).toEqual([REF]);
    expect(await cache.get(stores, config, at(14))).toBe(first);
    expect(stores.listed).toHaveBeenCalledTimes(1);

    // Another replica wrote a snapshot: assembled again at once.
    stores.setVersion('v2');
    const second = await cache.get(stores, config, at(14));
    expect(second).not.toBe(first);
    expect(stores.listed).toHaveBeenCalledTimes(2);

    // The clock moves verdicts (staleness, business hours): the TTL bounds the lag.
    await cache.get(stores, config, at(29));
    expect(stores.listed).toHaveBeenCalledTimes(3);
    // A clock that went back never serves rows assembled in its future.
    await cache.get(stores, config, at(20));
    expect(stores.listed).toHaveBeenCalledTimes(4);
  });

  it('lets concurrent requests share one assembly, and keeps no failed one', async () => {
    const stores = fakeStores();
    const cache = new FleetRowsCache(15_000);
    const [a, b] = await Promise.all([
      cache.get(stores, config, at(0)),
      cache.get(stores, config, at(0)),
    ]);
    expect(a).toBe(b);
    expect(stores.listed).toHaveBeenCalledTimes(1);

    stores.setVersion('v2');
    stores.listed.mockRejectedValueOnce(new Error('database restarting'));
    await expect(cache.get(stores, config, at(1))).rejects.toThrow(
      'database restarting',
    );
    await expect(cache.get(stores, config, at(2))).resolves.toHaveProperty(
      'sorted',
    );
    expect(stores.listed).toHaveBeenCalledTimes(3);
  });
});

describe('fleetPage', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('reads the sparklines of a page in one query, and not again while the assembly holds', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(knex);
    const stores = storesFor(knex);
    const config = testConfig();
    const names = ['churn', 'fraud', 'pricing'];
    const catalog = visibilityCatalog(names.map(n => modelEntity(n)));
    const collector = new FakeCollector((target, { now }) => ({
      series: [
        {
          kind: 'quality',
          key: `f1-${target.entityRef}`,
          name: 'f1',
          namespace: 'aws/sagemaker/Endpoints/model-metrics',
          dimensions: [],
          stat: 'Average',
          periodSeconds: 3600,
          points: [
            { t: new Date(now.getTime() - 7_200_000).toISOString(), v: 0.8 },
            { t: new Date(now.getTime() - 3_600_000).toISOString(), v: 0.7 },
          ],
        },
      ],
      sources: {},
    }));
    await testCollection({ catalog, stores, collector, config }).collectFleet();

    const pointsOf = jest.spyOn(stores.series, 'pointsOf');
    const context = {
      catalog,
      permissions: mockServices.permissions(),
      stores,
      config,
      now: new Date(),
      fleetRows: new FleetRowsCache(60_000),
    };
    const credentials = mockCredentials.user();
    const first = await fleetPage({ limit: 2 }, credentials, context);
    expect(first.items).toHaveLength(2);
    expect(first.items.every(row => row.sparkline?.points.length === 2)).toBe(
      true,
    );
    expect(pointsOf).toHaveBeenCalledTimes(1);
    expect(pointsOf.mock.calls[0][0]).toHaveLength(2);

    // The first page again (a poll) reads nothing; the next page reads only its own row.
    await fleetPage({ limit: 2 }, credentials, context);
    expect(pointsOf).toHaveBeenCalledTimes(1);
    const second = await fleetPage(
      { limit: 2, cursor: first.nextCursor },
      credentials,
      context,
    );
    expect(second.items).toHaveLength(1);
    expect(pointsOf).toHaveBeenCalledTimes(2);
    expect(pointsOf.mock.calls[1][0]).toHaveLength(1);
  });
});
