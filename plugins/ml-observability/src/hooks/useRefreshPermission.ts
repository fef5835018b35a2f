import { usePermission } from '@backstage/plugin-permission-react';
import { mlObservabilityRefreshPermission } from '@mlobs/backstage-plugin-ml-observability-common';

/** Whether the signed-in user may ask for a collection of this model now. */
export function useRefreshPermission(entityRef: string): {
  allowed: boolean;
  loading: boolean;
} {
  const { allowed, loading } = usePermission({
    permission: mlObservabilityRefreshPermission,
    resourceRef: entityRef,
  });
  return { allowed, loading };
}
