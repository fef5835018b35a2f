import type { FleetRow } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  checkLimit,
  decodeCursor,
  encodeCursor,
  matchesFilter,
  normalizeOwners,
} from './fleet';

describe('fleet paging and filters', () => {
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

  it('bounds the page size', () => {
    expect(checkLimit(undefined)).toBe(50);
    expect(checkLimit(100)).toBe(100);
    expect(() => checkLimit(0)).toThrow(
      'limit must be a whole number from 1 to 100, got 0',
    );
    expect(() => checkLimit(2.5)).toThrow('got 2.5');
    expect(() => checkLimit(Number('ten'))).toThrow('got NaN');
  });

  it('reads owners as group refs and matches filters without regard to case', () => {
    expect(normalizeOwners(['ML-Team', 'user:jdoe', 'group:other/x'])).toEqual([
      'group:default/ml-team',
      'user:default/jdoe',
      'group:other/x',
    ]);
    expect(() => normalizeOwners(['group:'])).toThrow('is not an entity ref');
    const row: FleetRow = {
      entityRef: 'component:default/m',
      owner: 'group:default/ml-team',
      lifecycle: 'Production',
      region: 'us-east-1',
      status: 'warning',
      reasonCount: 1,
      collectedAt: null,
    };
    expect(
      matchesFilter(row, {
        owner: ['group:default/ml-team'],
        lifecycle: ['production'],
      }),
    ).toBe(true);
    expect(matchesFilter(row, { status: ['critical'] })).toBe(false);
    expect(matchesFilter(row, { account: ['123456789012'] })).toBe(false);
  });
});
