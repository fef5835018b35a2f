/**
 * The fleet page's request: its filters read from the query, its page size
 * bounded, and its cursor, which is opaque to clients: an offset bound to the
 * filters it was issued for. Every refusal is a 400 with a sentence to act on.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type {
  FleetQuery,
  FleetSort,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { FleetFilter } from '../report/fleet';

export const DEFAULT_FLEET_LIMIT = 50;
export const MAX_FLEET_LIMIT = 100;

/** Owner filters as full, lower-case entity refs: `team-a` means `group:default/team-a`. */
export function normalizeOwners(owners: string[]): string[] {
  return owners.map(owner => {
    try {
      return stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ).toLowerCase();
    } catch {
      throw new InputError(
        `owner ${JSON.stringify(
          owner,
        )} is not an entity ref; use e.g. group:default/ml-platform-team or ml-platform-team`,
      );
    }
  });
}

/** A stable fingerprint of the filters and order, so a cursor cannot be replayed against others. */
function fingerprint(filter: FleetFilter, sort?: FleetSort): string {
  const parts = (
    ['owner', 'status', 'lifecycle', 'account', 'region'] as const
  ).map(key =>
    [...(filter[key] ?? [])]
      .map(v => v.toLowerCase())
      .sort()
      .join(','),
  );
  let hash = 0;
  if (sort) parts.push(`sort=${sort}`);
  for (const char of parts.join('|'))
    hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(36);
}

export function encodeCursor(
  offset: number,
  filter: FleetFilter,
  sort?: FleetSort,
): string {
  return Buffer.from(
    JSON.stringify({ o: offset, f: fingerprint(filter, sort) }),
  ).toString('base64url');
}

/** The offset a cursor stands for; a cursor from other filters or a made-up one is a 400. */
export function decodeCursor(
  cursor: string,
  filter: FleetFilter,
  sort?: FleetSort,
): number {
  const invalid = () =>
    new InputError(
      'cursor is not valid for this query; start again without a cursor',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { o, f } = (parsed ?? {}) as { o?: unknown; f?: unknown };
  if (
    typeof o !== 'number' ||
    !Number.isInteger(o) ||
    o < 0 ||
    f !== fingerprint(filter, sort)
  ) {
    throw invalid();
  }
  return o;
}

export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_FLEET_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FLEET_LIMIT) {
    throw new InputError(
      `limit must be a whole number from 1 to ${MAX_FLEET_LIMIT}, got ${limit}`,
    );
  }
  return limit;
}

/** What one fleet request asks for: which models, and which slice of them. */
export interface FleetRequest {
  filter: FleetFilter;
  sort?: FleetSort;
  offset: number;
  limit: number;
}

const SORTS: readonly FleetSort[] = ['firedIn7d'];

export function readFleetQuery(query: FleetQuery): FleetRequest {
  const limit = checkLimit(query.limit);
  const filter: FleetFilter = {
    ...(query.owner?.length ? { owner: normalizeOwners(query.owner) } : {}),
    ...(query.status?.length ? { status: query.status } : {}),
    ...(query.lifecycle?.length ? { lifecycle: query.lifecycle } : {}),
    ...(query.accountId?.length ? { account: query.accountId } : {}),
    ...(query.region?.length ? { region: query.region } : {}),
  };
  const { sort } = query;
  if (sort !== undefined && !SORTS.includes(sort))
    throw new InputError(
      `sort ${JSON.stringify(
        sort,
      )} is not an order of the fleet; use ${SORTS.join(', ')} or leave it out`,
    );
  const offset = query.cursor ? decodeCursor(query.cursor, filter, sort) : 0;
  return { filter, ...(sort ? { sort } : {}), offset, limit };
}
