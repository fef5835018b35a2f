/** The paging and order parameters SageMaker's List* operations share. */
import type { Input } from '../util/input';
import { pageSize } from '../util/pagination';

const SORT_ORDERS = ['Ascending', 'Descending'] as const;

/** MaxResults, 1 to 100, as SageMaker validates it; `fallback` when absent. */
export function sageMakerPageSize(value: unknown, fallback = 10): number {
  return pageSize(value, {
    max: 100,
    fallback,
    name: 'maxResults',
    service: 'sagemaker',
  });
}

/** SortBy among `keys` (default `fallback`) and SortOrder (default Descending). */
export function sageMakerSort<K extends string>(
  input: Input,
  keys: readonly K[],
  fallback: K,
): { sortBy: K; descending: boolean } {
  return {
    sortBy: input.oneOf('SortBy', keys) ?? fallback,
    descending:
      (input.oneOf('SortOrder', SORT_ORDERS) ?? 'Descending') === 'Descending',
  };
}
