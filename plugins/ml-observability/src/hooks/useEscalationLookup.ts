import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { EscalationResult } from '@mlobs/backstage-plugin-ml-observability-common';
import { mlObservabilityApiRef } from '../api';

/** The models tied to a pasted resource name; nothing is asked for an empty one. */
export function useEscalationLookup(resource: string): {
  result?: EscalationResult;
  loading: boolean;
  error?: Error;
} {
  const api = useApi(mlObservabilityApiRef);
  const query = resource.trim();
  const { value, loading, error } = useAsync(
    async () => (query ? api.lookupEscalation(query) : undefined),
    [api, query],
  );
  return {
    result: query ? value : undefined,
    loading: Boolean(query) && loading,
    error,
  };
}
