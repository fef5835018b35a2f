import {
  checkLimit,
  decodeCursor,
  encodeCursor,
  normalizeOwners,
  readFleetQuery,
} from './fleetQuery';

describe('fleet request', () => {
  it('round-trips a cursor only for the filters it was made for', () => {
    const filter = {
      status: ['critical' as const],
      owner: ['group:default/a'],
    };
    const cursor = encodeCursor(50, filter);
    expect(
      decodeCursor(cursor, {
        owner: ['group:default/a'],
        status: ['critical'],
      }),
    ).toBe(50);
    expect(() => decodeCursor(cursor, {})).toThrow(
      'cursor is not valid for this query',
    );
    expect(() => decodeCursor('bm9wZQ', filter)).toThrow('cursor is not valid');
    expect(() => decodeCursor(encodeCursor(-1, filter), filter)).toThrow(
      'cursor is not valid',
    );
  });

  it('binds a cursor to its order and refuses unknown orders', () => {
    const cursor = encodeCursor(50, {}, 'firedIn7d');
    expect(decodeCursor(cursor, {}, 'firedIn7d')).toBe(50);
    expect(() => decodeCursor(cursor, {})).toThrow('start again');
    expect(readFleetQuery({ sort: 'firedIn7d', cursor })).toMatchObject({
      sort: 'firedIn7d',
      offset: 50,
    });
    expect(() =>
      readFleetQuery({ sort: 'loudest' as unknown as 'firedIn7d' }),
    ).toThrow('sort "loudest" is not an order of the fleet; use firedIn7d');
  });

  it('bounds the page size', () => {
    expect(checkLimit(undefined)).toBe(50);
    expect(checkLimit(100)).toBe(100);
    expect(() => checkLimit(0)).toThrow(
      'limit must be a whole number from 1 to 100, got 0',
    );
    expect(() => checkLimit(2.5)).toThrow('got 2.5');
    expect(() => checkLimit(Number('ten'))).toThrow('got NaN');
  });

  it('reads owners as group refs', () => {
    expect(normalizeOwners(['ML-Team', 'user:jdoe', 'group:other/x'])).toEqual([
      'group:default/ml-team',
      'user:default/jdoe',
      'group:other/x',
    ]);
    expect(() => normalizeOwners(['group:'])).toThrow('is not an entity ref');
  });

  it('reads filters and resumes from a cursor issued for them', () => {
    const first = readFleetQuery({ owner: ['ML-Team'], limit: 10 });
    expect(first).toEqual({
      filter: { owner: ['group:default/ml-team'] },
      offset: 0,
      limit: 10,
    });
    const cursor = encodeCursor(10, first.filter);
    expect(readFleetQuery({ owner: ['ml-team'], cursor }).offset).toBe(10);
    expect(() => readFleetQuery({ status: ['critical'], cursor })).toThrow(
      'cursor is not valid for this query',
    );
  });
});
