import type { FleetRow } from '@mlobs/backstage-plugin-ml-observability-common';
import { matchesFilter } from './fleet';

describe('matchesFilter', () => {
  it('matches filters without regard to case', () => {
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
