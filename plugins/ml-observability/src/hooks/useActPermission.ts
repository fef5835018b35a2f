import { usePermission } from '@backstage/plugin-permission-react';
import { mlObservabilityActPermission } from '@mlobs/backstage-plugin-ml-observability-common';

/** Whether the signed-in user may plan, run and undo this model's runbook actions. */
export function useActPermission(entityRef: string): {
  allowed: boolean;
  loading: boolean;
} {
  const { allowed, loading } = usePermission({
    permission: mlObservabilityActPermission,
    resourceRef: entityRef,
  });
  return { allowed, loading };
}
