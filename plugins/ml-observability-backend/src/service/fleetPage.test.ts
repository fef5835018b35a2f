import type { ModelSnapshot, Stores } from '../store';
import { testConfig } from '../__testUtils__/fixtures';
import { FleetRowsCache } from './fleetPage';

const REF = 'component:default/fraud-detection-v2';

function fakeStores(): Stores & {
  setVersion(v: string): void;
  listed: jest.Mock;
} {
  let version = 'v1';
  const snapshot: ModelSnapshot = {
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
