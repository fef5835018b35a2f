import {
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  mlObservabilityActPermission,
  mlObservabilityPermissions,
  mlObservabilityReadPermission,
  mlObservabilityRefreshPermission,
} from './permissions';

describe('permissions', () => {
  it('reads, refreshes and runbook actions are resource permissions on catalog entities', () => {
    expect(
      isResourcePermission(mlObservabilityActPermission, 'catalog-entity'),
    ).toBe(true);
    expect(mlObservabilityActPermission.name).toBe(
      'ml-observability.model.act',
    );
    expect(mlObservabilityActPermission.attributes.action).toBe('update');
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
      mlObservabilityActPermission,
    ]);
    expect(new Set(mlObservabilityPermissions.map(p => p.name)).size).toBe(3);
    expect(
      isPermission(
        mlObservabilityReadPermission,
        mlObservabilityRefreshPermission,
      ),
    ).toBe(false);
  });
});
