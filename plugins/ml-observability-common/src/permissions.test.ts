import {
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  mlObservabilityPermissions,
  mlObservabilityReadPermission,
  mlObservabilityRefreshPermission,
} from './permissions';

describe('permissions', () => {
  it('reads and refreshes are resource permissions on catalog entities', () => {
    expect(
      isResourcePermission(mlObservabilityReadPermission, 'catalog-entity'),
    ).toBe(true);
    expect(
      isResourcePermission(mlObservabilityRefreshPermission, 'catalog-entity'),
    ).toBe(true);
    expect(mlObservabilityReadPermission.attributes.action).toBe('read');
    expect(mlObservabilityRefreshPermission.attributes.action).toBe('update');
  });

  it('lists every permission once, with unique names', () => {
    expect(mlObservabilityPermissions).toEqual([
      mlObservabilityReadPermission,
      mlObservabilityRefreshPermission,
    ]);
    expect(new Set(mlObservabilityPermissions.map(p => p.name)).size).toBe(2);
    expect(
      isPermission(
        mlObservabilityReadPermission,
        mlObservabilityRefreshPermission,
      ),
    ).toBe(false);
  });
});
