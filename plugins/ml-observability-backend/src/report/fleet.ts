/** Which fleet rows a filter keeps. */
import type {
  FleetRow,
  HealthStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';

export interface FleetFilter {
  owner?: string[];
  status?: HealthStatus[];
  lifecycle?: string[];
  account?: string[];
  region?: string[];
}

function oneOf(
  allowed: string[] | undefined,
  value: string | undefined,
): boolean {
  if (!allowed || allowed.length === 0) return true;
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  return allowed.some(a => a.toLowerCase() === lower);
}

export function matchesFilter(row: FleetRow, filter: FleetFilter): boolean {
  return (
    oneOf(filter.owner, row.owner) &&
    oneOf(filter.status, row.status) &&
    oneOf(filter.lifecycle, row.lifecycle) &&
    oneOf(filter.account, row.accountId) &&
    oneOf(filter.region, row.region)
  );
}
