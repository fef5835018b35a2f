import { usePermission } from '@backstage/plugin-permission-react';
import type { ResourcePermission } from '@backstage/plugin-permission-common';

/**
 * Whether the signed-in user holds one of the plugin's model permissions
 * (refresh, runbook actions) on this model's catalog entity; conditional
 * policies are decided for the entity.
 */
export function useModelPermission(
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
): { allowed: boolean; loading: boolean } {
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: entityRef,
  });
  return { allowed, loading };
}
