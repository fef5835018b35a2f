import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type {
  FleetPage,
  FleetQuery,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mlObservabilityApiRef } from '../api';

export const FLEET_PAGE_SIZE = 25;

export type FleetFilters = Omit<FleetQuery, 'cursor' | 'limit'>;

export interface FleetState {
  page?: FleetPage;
  loading: boolean;
  error?: Error;
  /** How many models come before this page. */
  offset: number;
  next?: () => void;
  previous?: () => void;
}

/** A visited page: its cursor (none for the first) and how many models precede it. */
type Visited = { cursor?: string; offset: number };

const FIRST: Visited[] = [{ offset: 0 }];

/**
 * One page of the fleet for the given filters, with cursor paging. New
 * filters start again from the first page. Nothing is fetched while
 * `filters` is undefined (the default owner filter is still being resolved).
 */
export function useFleet(filters: FleetFilters | undefined): FleetState {
  const api = useApi(mlObservabilityApiRef);
  const filterKey = JSON.stringify(filters ?? null);
  const [paging, setPaging] = useState<{ key: string; visited: Visited[] }>({
    key: filterKey,
    visited: FIRST,
  });
  const visited = paging.key === filterKey ? paging.visited : FIRST;
  const current = visited[visited.length - 1];

  const { value, loading, error } = useAsync(async () => {
    if (!filters) return undefined;
    return api.getFleet({
      ...filters,
      cursor: current.cursor,
      limit: FLEET_PAGE_SIZE,
    });
    // filterKey stands for filters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, filterKey, current.cursor]);

  const nextCursor = value?.nextCursor;
  const shown = value?.items.length ?? 0;
  const next = useCallback(() => {
    if (!nextCursor) return;
    setPaging({
      key: filterKey,
      visited: [
        ...visited,
        { cursor: nextCursor, offset: current.offset + shown },
      ],
    });
  }, [filterKey, visited, current.offset, shown, nextCursor]);
  const previous = useCallback(() => {
    setPaging({ key: filterKey, visited: visited.slice(0, -1) });
  }, [filterKey, visited]);

  return {
    page: value,
    loading: loading || !filters,
    error,
    offset: current.offset,
    next: nextCursor && !loading ? next : undefined,
    previous: visited.length > 1 && !loading ? previous : undefined,
  };
}
