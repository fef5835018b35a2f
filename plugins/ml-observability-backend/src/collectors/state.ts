/**
 * What the collector remembers between rounds. The store persists it as
 * opaque JSON, so every replica and a restarted backend continue where the
 * last round stopped; anything unreadable means a cold start, never a crash.
 */
import type {
  EndpointInfo,
  MonitoringExecutionInfo,
  SourceId,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { CollectorState } from './types';

export const STATE_VERSION = 1;

/** DescribeEndpoint details, valid while the list's LastModifiedTime stays `modified`. */
export interface EndpointCacheEntry {
  modified: string;
  info: EndpointInfo;
}

export interface ScheduleDetails {
  cron?: string;
  failureReason?: string;
  /** The inline job definition's `publish_cloudwatch_metrics`, when the schedule has one. */
  publishSetting?: boolean;
}

/** DescribeMonitoringSchedule details, valid while the list's LastModifiedTime stays `modified`. */
export interface ScheduleCacheEntry {
  modified: string;
  details: ScheduleDetails;
}

/** Model Monitor metrics found by ListMetrics for one schedule; kept after they leave ListMetrics. */
export interface MonitorMetricNames {
  endpoint: string;
  /** When a discovery last looked for the schedule's metrics. */
  checkedAt: string;
  /** The schedule published at least one metric (any Model Monitor namespace). */
  publishes: boolean;
  /** Metrics read as drift or quality series. */
  metrics: Array<{ namespace: string; name: string }>;
}

export interface ScheduleFetchState {
  /** When the schedule's metrics were last read. */
  fetchedAt?: string;
  /** Scheduled time of the newest completed execution whose metrics were read (or given up on). */
  seenThrough?: string;
}

/** Read position of one metric series. */
export interface SeriesCursor {
  fetchedAt: string;
  lastPointAt?: string;
}

export interface RegionCollectorState {
  endpoints: Record<string, EndpointCacheEntry>;
  schedules: Record<string, ScheduleCacheEntry>;
  /** Newest first by scheduled time, a few per schedule. */
  executions: Record<string, MonitoringExecutionInfo[]>;
  /** `now` of the last round whose ListMonitoringExecutions walk completed. */
  executionsListedAt?: string;
  monitorMetrics: Record<string, MonitorMetricNames>;
  scheduleFetch: Record<string, ScheduleFetchState>;
  /** Metric names of custom sources that name none, by source key. */
  customNames: Record<string, { discoveredAt: string; names: string[] }>;
  series: Record<string, SeriesCursor>;
}

export interface FleetCollectorState {
  version: typeof STATE_VERSION;
  /** By `accountId/region`. */
  regions: Record<string, RegionCollectorState>;
  /** When each source of each model last succeeded, by entity ref. */
  lastSuccess: Record<string, Partial<Record<SourceId, string>>>;
}

export function emptyRegionState(): RegionCollectorState {
  return {
    endpoints: {},
    schedules: {},
    executions: {},
    monitorMetrics: {},
    scheduleFetch: {},
    customNames: {},
    series: {},
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REGION_MAPS = [
  'endpoints',
  'schedules',
  'executions',
  'monitorMetrics',
  'scheduleFetch',
  'customNames',
  'series',
] as const;

function readRegion(raw: unknown): RegionCollectorState | undefined {
  if (!isRecord(raw)) return undefined;
  if (!REGION_MAPS.every(key => isRecord(raw[key]))) return undefined;
  return raw as unknown as RegionCollectorState;
}

/**
 * A private copy of persisted state; a missing, foreign or older state gives
 * an empty one (a cold start).
 */
export function loadState(
  raw: CollectorState | undefined,
): FleetCollectorState {
  const empty: FleetCollectorState = {
    version: STATE_VERSION,
    regions: {},
    lastSuccess: {},
  };
  if (!isRecord(raw) || raw.version !== STATE_VERSION) return empty;
  const copy = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  const regions: Record<string, RegionCollectorState> = {};
  if (isRecord(copy.regions)) {
    for (const [key, value] of Object.entries(copy.regions)) {
      const region = readRegion(value);
      if (region) regions[key] = region;
    }
  }
  return {
    version: STATE_VERSION,
    regions,
    lastSuccess: isRecord(copy.lastSuccess)
      ? (copy.lastSuccess as FleetCollectorState['lastSuccess'])
      : {},
  };
}

export function saveState(state: FleetCollectorState): CollectorState {
  return state as unknown as CollectorState;
}

/** Drops read positions of series not read for this long (their model left the fleet). */
export const SERIES_CURSOR_TTL_MS = 30 * 24 * 3600 * 1000;

export function pruneSeriesCursors(
  region: RegionCollectorState,
  now: Date,
): void {
  for (const [id, cursor] of Object.entries(region.series)) {
    if (now.getTime() - Date.parse(cursor.fetchedAt) > SERIES_CURSOR_TTL_MS) {
      delete region.series[id];
    }
  }
}
