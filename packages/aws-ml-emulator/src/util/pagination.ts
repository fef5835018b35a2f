import {
  cloudwatchErrors,
  sagemakerErrors,
  ServiceName,
} from '../server/errors';

/**
 * Opaque, stable NextTokens. A token carries the sort key of the last item served,
 * not an offset, so pages stay duplicate-free when resources are created between calls.
 */
export function encodeToken(operation: string, cursor: unknown): string {
  return Buffer.from(
    JSON.stringify({ o: operation, c: cursor }),
    'utf8',
  ).toString('base64url');
}

export function decodeToken<T>(
  service: ServiceName,
  operation: string,
  token: unknown,
): T | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  const invalid = () =>
    service === 'cloudwatch'
      ? cloudwatchErrors.invalidNextToken(
          'The service cannot interpret the NextToken.',
        )
      : sagemakerErrors.validation('Invalid pagination token given.');
  if (typeof token !== 'string') throw invalid();
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed?.o !== operation || parsed.c === undefined) throw invalid();
    return parsed.c as T;
  } catch {
    throw invalid();
  }
}

/** Resolves and validates MaxResults-style bounds (AWS: 1..max, else ValidationException). */
export function pageSize(
  value: unknown,
  options: {
    max: number;
    fallback: number;
    name: string;
    service: ServiceName;
  },
): number {
  if (value === undefined || value === null) return options.fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > options.max) {
    const message = `1 validation error detected: Value '${value}' at '${options.name}' failed to satisfy constraint: Member must have value between 1 and ${options.max}`;
    throw options.service === 'cloudwatch'
      ? cloudwatchErrors.validation(message)
      : sagemakerErrors.validation(message);
  }
  return n;
}

/**
 * Pages through items already sorted by `compare`. The cursor is the key tuple of
 * the last item of the previous page; the next page starts after it.
 */
export function pageSorted<T, K extends Array<string | number>>(
  items: readonly T[],
  keyOf: (item: T) => K,
  compare: (a: K, b: K) => number,
  after: K | undefined,
  limit: number,
): { page: T[]; next?: K } {
  let start = 0;
  if (after) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(keyOf(items[mid]), after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = items.slice(start, start + limit);
  const next =
    start + limit < items.length && page.length > 0
      ? keyOf(page[page.length - 1])
      : undefined;
  return { page, next };
}

/** Code-point order, the order AWS list APIs use for names. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function compareTuples(
  a: Array<string | number>,
  b: Array<string | number>,
  descending: boolean[] = [],
): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const order = x < y ? -1 : 1;
    return descending[i] ? -order : order;
  }
  return 0;
}

/** What SageMaker's List* operations sort by (`SortBy` Name | CreationTime | Status). */
export interface SageMakerListed {
  name: string;
  status: string;
  createdAt: number;
}

/**
 * Sorts and pages a SageMaker list the way its List* operations do: by the
 * requested key, ties broken by name, both in the requested order.
 */
export function pageSageMakerList<T extends SageMakerListed>(
  rows: T[],
  order: { sortBy: 'Name' | 'CreationTime' | 'Status'; descending: boolean },
  after: Array<string | number> | undefined,
  limit: number,
): { page: T[]; next?: Array<string | number> } {
  const sortKey = {
    Name: (r: T) => r.name,
    Status: (r: T) => r.status,
    CreationTime: (r: T) => r.createdAt,
  }[order.sortBy];
  const keyOf = (r: T): Array<string | number> => [sortKey(r), r.name];
  const compare = (a: Array<string | number>, b: Array<string | number>) =>
    compareTuples(a, b, [order.descending, order.descending]);
  const sorted = [...rows].sort((a, b) => compare(keyOf(a), keyOf(b)));
  return pageSorted(sorted, keyOf, compare, after, limit);
}
