import { useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import type { ActionRunList } from '@mlobs/backstage-plugin-ml-observability-common';
import { mlObservabilityApiRef } from '../api';

export interface ActionRunsState {
  runs?: ActionRunList;
  loading: boolean;
  error?: Error;
  /** Loads the runs again; the shown ones stay until the new ones are in. */
  reload: () => void;
}

/**
 * The model's runbook action runs, newest first. Loads nothing while
 * `enabled` is false (a model whose runbook has no structured action).
 */
export function useActionRuns(
  entityRef: string,
  enabled = true,
): ActionRunsState {
  const api = useApi(mlObservabilityApiRef);
  const [state, load] = useAsyncFn(
    () => api.listActionRuns(entityRef),
    [api, entityRef],
    { loading: enabled },
  );
  useEffect(() => {
    if (enabled) load();
  }, [load, enabled]);
  return {
    runs: state.value,
    loading: state.loading,
    error: state.error,
    reload: () => {
      if (enabled) load();
    },
  };
}
