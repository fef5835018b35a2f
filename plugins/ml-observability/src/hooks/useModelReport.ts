import { useCallback, useEffect, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ModelReport,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mlObservabilityApiRef } from '../api';

/** The range the backend uses when none is asked for, and for refreshes. */
export const DEFAULT_RANGE: TimeRange = '24h';

export interface ModelReportState {
  report?: ModelReport;
  loading: boolean;
  error?: Error;
  /** Loads the report again from the backend's snapshot. */
  reload: () => void;
  /** Asks the backend to collect now; rejects like the API does. */
  refresh: () => Promise<ModelReport>;
  refreshing: boolean;
}

/**
 * The report of one model for a time range. A refresh replaces the shown
 * report with the one the backend just collected.
 */
export function useModelReport(
  entityRef: string,
  range: TimeRange,
): ModelReportState {
  const api = useApi(mlObservabilityApiRef);
  const [refreshed, setRefreshed] = useState<{
    key: string;
    report: ModelReport;
  }>();
  const key = `${entityRef}|${range}`;

  const [loadState, load] = useAsyncFn(
    async () => {
      // A reload supersedes what an earlier refresh returned.
      setRefreshed(undefined);
      return api.getModelReport(entityRef, { range });
    },
    [api, entityRef, range],
    { loading: true },
  );
  useEffect(() => {
    load();
  }, [load]);

  // Not useAsyncFn: it resolves with the error instead of rejecting.
  const [refreshing, setRefreshing] = useState(false);
  const refresh = useCallback(async () => {
    setRefreshing(true);
    try {
      const report = await api.refreshModelReport(entityRef);
      // The refresh answers with the default range's series; others are read again.
      if (range === DEFAULT_RANGE) setRefreshed({ key, report });
      else await load();
      return report;
    } finally {
      setRefreshing(false);
    }
  }, [api, entityRef, range, key, load]);

  const report =
    refreshed?.key === key ? refreshed.report : loadState.value ?? undefined;
  return {
    report,
    loading: loadState.loading,
    error: loadState.error,
    reload: load,
    refresh,
    refreshing,
  };
}
