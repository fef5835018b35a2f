/**
 * What the collector remembers between rounds. The store keeps it as rows,
 * one per account/region (scope) and entry key, so a round reads and writes
 * only what it needs: the fleet round every entry, one model's refresh the
 * entries of its endpoints and custom sources. Anything unreadable means a
 * cold start for that entry, never a crash.
 *
 * Entries of a scope:
 * - `region`: the fleet round's execution window;
 * - `endpoint:<name>`: the endpoint's Describe cache and everything about
 *   the monitoring schedules on it (Describe cache, recent executions,
 *   discovered metrics, read positions of their series);
 * - `custom:<source key>`: discovered names (and drift features, by drift
 *   spec) and read positions of a custom metric source;
 * - `part:<entity ref>`: for a model served in several accounts/regions, what
 *   was last read of it in this one (placements.ts).
 */
import type {
  AlarmInfo,
  EndpointInfo,
  MetricDimension,
  MonitoringExecutionInfo,
  MonitoringScheduleInfo,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { CustomDriftDiscovery } from './customDrift';
import { customSourceKey } from './discovery';
import type { CollectionTarget, CollectorState } from './types';

/** Stored in every entry; an entry of another version is read as absent. */
export const STATE_VERSION = 2;

/** DescribeEndpoint details, valid while the list's LastModifiedTime stays `modified`. */
export interface EndpointCacheEntry {
  modified: string;
  info: EndpointInfo;
  /** The endpoint config's sampling, read when DescribeEndpoint left CurrentSamplingPercentage out. */
  config?: EndpointConfigSampling;
}

/** DescribeEndpointConfig's capture sampling, valid for as long as the endpoint runs that config. */
export interface EndpointConfigSampling {
  name: string;
  /** InitialSamplingPercentage; absent when the config has none or could not be read. */
  samplingPercentage?: number;
  checkedAt: string;
  /** The Describe failed: it is tried again after a while, not every round. */
  failed?: boolean;
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
/** A discovered Model Monitor metric. */
export interface MonitorMetricRef {
  namespace: string;
  name: string;
  /**
   * Bias and explainability metrics only: the dimensions besides Endpoint and
   * MonitoringSchedule (facet, label, ...), part of the series' identity.
   */
  dimensions?: MetricDimension[];
}

export interface MonitorMetricNames {
  endpoint: string;
  /** When a discovery last looked for the schedule's metrics. */
  checkedAt: string;
  /** The schedule published at least one metric (any Model Monitor namespace). */
  publishes: boolean;
  /** Metrics read as drift, quality, bias or attribution series. */
  metrics: MonitorMetricRef[];
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

/**
 * What was last read of one part of a model served in several places: the other parts' fresh
 * readings replace the model's stored lists, so a part that fails a round shows these instead.
 */
export interface PartCache {
  endpoints?: EndpointInfo[];
  schedules?: MonitoringScheduleInfo[];
  alarms?: AlarmInfo[];
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
  /** Features of custom drift sources, by source key, then drift spec key. */
  customDrift: Record<string, Record<string, CustomDriftDiscovery>>;
  series: Record<string, SeriesCursor>;
  /** The endpoint each known schedule monitors: where its state is stored. */
  scheduleEndpoints: Record<string, string>;
  /** By entity ref: parts of models served in several accounts/regions. */
  parts: Record<string, PartCache>;
}

export interface FleetCollectorState {
  /** By `accountId/region`. */
  regions: Record<string, RegionCollectorState>;
}

export function emptyRegionState(): RegionCollectorState {
  return {
    endpoints: {},
    schedules: {},
    executions: {},
    monitorMetrics: {},
    scheduleFetch: {},
    customNames: {},
    customDrift: {},
    series: {},
    scheduleEndpoints: {},
    parts: {},
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const REGION_ENTRY = 'region';
export const endpointEntryKey = (name: string) => `endpoint:${name}`;
export const customEntryKey = (sourceKey: string) => `custom:${sourceKey}`;
export const partEntryKey = (entityRef: string) => `part:${entityRef}`;

interface ScheduleEntry {
  cache?: ScheduleCacheEntry;
  executions?: MonitoringExecutionInfo[];
  monitorMetrics?: MonitorMetricNames;
  fetch?: ScheduleFetchState;
  series: Record<string, SeriesCursor>;
}

interface EndpointEntry {
  v: typeof STATE_VERSION;
  endpoint?: EndpointCacheEntry;
  schedules: Record<string, ScheduleEntry>;
}

interface CustomEntry {
  v: typeof STATE_VERSION;
  names?: { discoveredAt: string; names: string[] };
  drift?: Record<string, CustomDriftDiscovery>;
  series: Record<string, SeriesCursor>;
}

interface PartEntry {
  v: typeof STATE_VERSION;
  cache: PartCache;
}

interface RegionEntry {
  v: typeof STATE_VERSION;
  executionsListedAt?: string;
}

/** The schedule a Model Monitor series id (`mm|<schedule>|…`) belongs to. */
function scheduleOfSeries(id: string): string | undefined {
  return id.startsWith('mm|') ? id.split('|')[1] : undefined;
}

/** The source key of a custom series id (`c|<source key>|<name>|<period>`). */
function sourceOfSeries(id: string): string | undefined {
  if (!id.startsWith('c|')) return undefined;
  const parts = id.split('|');
  return parts.length >= 4 ? parts.slice(1, -2).join('|') : undefined;
}

const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function isEntry(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value.v === STATE_VERSION;
}

function addEndpointEntry(
  region: RegionCollectorState,
  name: string,
  entry: EndpointEntry,
): void {
  if (!isRecord(entry.schedules)) return;
  if (entry.endpoint) region.endpoints[name] = entry.endpoint;
  for (const [schedule, s] of Object.entries(entry.schedules)) {
    region.scheduleEndpoints[schedule] = name;
    if (s.cache) region.schedules[schedule] = s.cache;
    if (s.executions) region.executions[schedule] = s.executions;
    if (s.monitorMetrics) region.monitorMetrics[schedule] = s.monitorMetrics;
    if (s.fetch) region.scheduleFetch[schedule] = s.fetch;
    Object.assign(region.series, s.series ?? {});
  }
}

/**
 * The working state of one account/region from its stored entries (all of
 * them, or only those of one model). The entries are copied, never shared.
 */
export function assembleRegionState(
  entries: Record<string, unknown> | undefined,
): RegionCollectorState {
  const region = emptyRegionState();
  for (const [key, raw] of Object.entries(entries ?? {})) {
    if (!isEntry(raw)) continue;
    const value = fresh(raw);
    if (key === REGION_ENTRY) {
      const r = value as unknown as RegionEntry;
      if (r.executionsListedAt)
        region.executionsListedAt = r.executionsListedAt;
    } else if (key.startsWith('endpoint:')) {
      addEndpointEntry(
        region,
        key.slice('endpoint:'.length),
        value as unknown as EndpointEntry,
      );
    } else if (key.startsWith('part:') && isRecord(value.cache)) {
      region.parts[key.slice('part:'.length)] = (
        value as unknown as PartEntry
      ).cache;
    } else if (key.startsWith('custom:') && isRecord(value.series)) {
      const c = value as unknown as CustomEntry;
      if (c.names) region.customNames[key.slice('custom:'.length)] = c.names;
      if (isRecord(c.drift))
        region.customDrift[key.slice('custom:'.length)] = c.drift;
      Object.assign(region.series, c.series);
    }
  }
  return region;
}

function scheduleEntry(
  endpoints: Map<string, EndpointEntry>,
  region: RegionCollectorState,
  schedule: string,
): ScheduleEntry | undefined {
  const endpoint =
    region.scheduleEndpoints[schedule] ??
    region.monitorMetrics[schedule]?.endpoint;
  if (!endpoint) return undefined;
  let entry = endpoints.get(endpoint);
  if (!entry) {
    entry = { v: STATE_VERSION, schedules: {} };
    endpoints.set(endpoint, entry);
  }
  return (entry.schedules[schedule] ??= { series: {} });
}

/**
 * The stored entries of one account/region's working state. What belongs to
 * no endpoint or source (a schedule whose endpoint is unknown) is dropped:
 * it is read again, cold, when it matters.
 */
export function splitRegionState(
  region: RegionCollectorState,
): Record<string, unknown> {
  const endpoints = new Map<string, EndpointEntry>();
  for (const [name, endpoint] of Object.entries(region.endpoints)) {
    endpoints.set(name, { v: STATE_VERSION, endpoint, schedules: {} });
  }
  const perSchedule = [
    ['cache', region.schedules],
    ['executions', region.executions],
    ['monitorMetrics', region.monitorMetrics],
    ['fetch', region.scheduleFetch],
  ] as const;
  for (const [field, map] of perSchedule) {
    for (const [schedule, value] of Object.entries(map)) {
      const entry = scheduleEntry(endpoints, region, schedule);
      if (entry) (entry as unknown as Record<string, unknown>)[field] = value;
    }
  }
  const customs = new Map<string, CustomEntry>();
  const custom = (key: string) => {
    let entry = customs.get(key);
    if (!entry) {
      entry = { v: STATE_VERSION, series: {} };
      customs.set(key, entry);
    }
    return entry;
  };
  for (const [key, names] of Object.entries(region.customNames)) {
    custom(key).names = names;
  }
  for (const [key, drift] of Object.entries(region.customDrift)) {
    custom(key).drift = drift;
  }
  for (const [id, cursor] of Object.entries(region.series)) {
    const schedule = scheduleOfSeries(id);
    if (schedule !== undefined) {
      const entry = scheduleEntry(endpoints, region, schedule);
      if (entry) entry.series[id] = cursor;
      continue;
    }
    const source = sourceOfSeries(id);
    if (source !== undefined) custom(source).series[id] = cursor;
  }
  const out: Record<string, unknown> = {};
  if (region.executionsListedAt) {
    out[REGION_ENTRY] = {
      v: STATE_VERSION,
      executionsListedAt: region.executionsListedAt,
    } satisfies RegionEntry;
  }
  for (const [name, entry] of endpoints) out[endpointEntryKey(name)] = entry;
  for (const [key, entry] of customs) out[customEntryKey(key)] = entry;
  for (const [ref, cache] of Object.entries(region.parts)) {
    out[partEntryKey(ref)] = { v: STATE_VERSION, cache } satisfies PartEntry;
  }
  return out;
}

/** The entries a targeted collection of one model reads and writes. */
export function modelEntryKeys(target: CollectionTarget): string[] {
  return [
    ...target.endpointNames.map(endpointEntryKey),
    ...target.metricSources.map(s => customEntryKey(customSourceKey(s))),
  ];
}

/** A private working copy of persisted state, by account/region. */
export function loadState(
  raw: CollectorState | undefined,
): FleetCollectorState {
  const regions: Record<string, RegionCollectorState> = {};
  if (isRecord(raw)) {
    for (const [scope, entries] of Object.entries(raw)) {
      if (isRecord(entries)) regions[scope] = assembleRegionState(entries);
    }
  }
  return { regions };
}

/** The state to persist: every region's entries. */
export function saveState(state: FleetCollectorState): CollectorState {
  const out: CollectorState = {};
  for (const [scope, region] of Object.entries(state.regions)) {
    out[scope] = splitRegionState(region);
  }
  return out;
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
