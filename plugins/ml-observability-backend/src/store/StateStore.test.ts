import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateDatabase, storesFor } from '.';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T0 = new Date('2025-03-10T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(databases.eachSupportedId())('StateStore on %p', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    return { knex, state: storesFor(knex).state };
  }

  it('reads and writes entries in parts, and writes only what changed', async () => {
    const { knex, state } = await setup();
    const empty = await state.loadAll('aws');
    expect(empty).toMatchObject({ state: {}, version: 0 });
    expect(
      await state.saveRound(
        'aws',
        empty,
        {
          'a/us-east-1': { 'endpoint:x': { n: 1 }, 'endpoint:y': { n: 1 } },
          'b/eu-west-1': { region: { n: 1 } },
        },
        at(0),
      ),
    ).toEqual({ saved: true, written: 3, deleted: 0 });

    const mine = await state.load('aws', { 'a/us-east-1': ['endpoint:x'] });
    expect(mine.state).toEqual({ 'a/us-east-1': { 'endpoint:x': { n: 1 } } });
    // Another source keeps its own state under the same keys.
    expect((await state.loadAll('other')).state).toEqual({});

    const loaded = await state.loadAll('aws');
    expect(loaded.version).toBe(1);
    const statements: string[] = [];
    knex.on('query', q => statements.push(q.sql));
    const saved = await state.saveRound(
      'aws',
      loaded,
      // Same values in another key order: unchanged.
      { 'a/us-east-1': { 'endpoint:y': { n: 1 }, 'endpoint:x': { n: 2 } } },
      at(5),
    );
    knex.removeAllListeners('query');
    expect(saved).toEqual({ saved: true, written: 1, deleted: 1 });
    expect(statements.filter(s => /^insert/i.test(s))).toHaveLength(1);
    expect((await state.loadAll('aws')).state).toEqual({
      'a/us-east-1': { 'endpoint:x': { n: 2 }, 'endpoint:y': { n: 1 } },
    });
  });

  it('lets no overlapping or stale round overwrite a newer one', async () => {
    const { state } = await setup();
    await state.saveRound(
      'aws',
      await state.loadAll('aws'),
      { s: { e: { round: 'first' } } },
      at(0),
    );
    // Two rounds start from the same version; the later one finishes first.
    const [slow, fast] = await Promise.all([
      state.loadAll('aws'),
      state.loadAll('aws'),
    ]);
    const fastSave = await state.saveRound(
      'aws',
      fast,
      { s: { e: { round: 'newer' } } },
      at(10),
    );
    const slowSave = await state.saveRound(
      'aws',
      slow,
      { s: { e: { round: 'stale' } } },
      at(5),
    );
    expect([fastSave.saved, slowSave.saved]).toEqual([true, false]);
    expect((await state.loadAll('aws')).state).toEqual({
      s: { e: { round: 'newer' } },
    });
  });

  it('settles rounds saving at the same moment: one wins, the other leaves it intact', async () => {
    const { state } = await setup();
    await state.saveRound(
      'aws',
      await state.loadAll('aws'),
      { s: { e: 0 } },
      at(0),
    );
    const base = await state.loadAll('aws');
    const results = await Promise.all(
      [1, 2, 3, 4].map(n =>
        state.saveRound('aws', base, { s: { e: n, [`only-${n}`]: n } }, at(n)),
      ),
    );
    const winners = results.flatMap((r, i) => (r.saved ? [i + 1] : []));
    expect(winners).toHaveLength(1);
    const [n] = winners;
    expect((await state.loadAll('aws')).state).toEqual({
      s: { e: n, [`only-${n}`]: n },
    });
    expect((await state.loadAll('aws')).version).toBe(base.version + 1);
  });

  it('keeps a refresh newer than the round that loaded the state before it', async () => {
    const { state } = await setup();
    await state.saveRound(
      'aws',
      await state.loadAll('aws'),
      { s: { 'endpoint:x': { v: 'round 1' }, 'endpoint:y': { v: 'round 1' } } },
      at(0),
    );
    const round = await state.loadAll('aws');
    const refresh = await state.load('aws', { s: ['endpoint:x'] });
    await state.saveEntries(
      'aws',
      refresh,
      { s: { 'endpoint:x': { v: 'refresh' } } },
      at(7),
    );
    expect(
      await state.saveRound(
        'aws',
        round,
        {
          s: { 'endpoint:x': { v: 'round 2' }, 'endpoint:y': { v: 'round 2' } },
        },
        at(5),
      ),
    ).toMatchObject({ saved: true });
    expect((await state.loadAll('aws')).state).toEqual({
      s: { 'endpoint:x': { v: 'refresh' }, 'endpoint:y': { v: 'round 2' } },
    });
  });
});
