import { useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import type { ModelAlertHistory } from '@mlobs/backstage-plugin-ml-observability-common';
import { mlObservabilityApiRef } from '../api';

export interface AlertHistoryState {
  history?: ModelAlertHistory;
  loading: boolean;
  error?: Error;
  /** Loads the history again; the shown one stays until the new one is in. */
  reload: () => void;
}

/** The stored alarm transitions of one model and their figures. */
export function useAlertHistory(entityRef: string): AlertHistoryState {
  const api = useApi(mlObservabilityApiRef);
  const [state, load] = useAsyncFn(
    () => api.getAlertHistory(entityRef),
    [api, entityRef],
    { loading: true },
  );
  useEffect(() => {
    load();
  }, [load]);
  return {
    // useAsyncFn keeps the previous value while loading, so the card does not jump.
    history: state.value,
    loading: state.loading,
    error: state.error,
    reload: load,
  };
}
