/**
 * Which series to read this round, and what reading them changes in state.
 * Cost follows requests: a Model Monitor series is read only after a new
 * execution of its schedule completed (its metrics change only then; when no
 * execution can be read, when its next value is due: dueWithoutExecutions), a
 * custom series only once its period has passed; a cold series, or a model
 * a person asked to refresh, is read regardless.
 */
import {
  CustomMetricSource,
  isDriftMetricName,
  MetricDimension,
  MonitoringExecutionInfo,
  MonitoringType,
  scheduleIntervalSeconds,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { classifyMonitorMetric, customSourceKey } from './discovery';
import { identitySuffix } from './fairness';
import type { MetricFetch, MetricQuery } from './metricData';
import { isCompleted } from './sagemaker';
import type { RegionCollectorState } from './state';
import type { CollectionTarget, ObservedSeries } from './types';

/** Model Monitor publishes one value per execution; executions run at most hourly. */
export const MONITOR_PERIOD_SECONDS = 3600;
export const MONITOR_STAT = 'Average';
export const CUSTOM_STAT = 'Average';
/** CloudWatch can take minutes to show a new datapoint; a missing one is looked for this long. */
export const PUBLICATION_GRACE_MS = 15 * 60 * 1000;
/** Rounds drift by a few seconds; a period "elapsed" a little early still counts. */
const PERIOD_SLACK_MS = 5_000;

export interface PlannedSeries {
  query: MetricQuery;
  /** The series as reported, without points. */
  series: Omit<ObservedSeries, 'points'>;
  source: 'metrics' | 'custom-metrics';
  /** Entity refs the series belongs to. */
  owners: string[];
  schedule?: string;
  /** Reported before its first datapoint, as "no data" (custom drift scores). */
  reportEmpty?: boolean;
}

export interface MonitorSchedule {
  name: string;
  endpointName: string;
  type?: MonitoringType;
  owners: string[];
  forced: boolean;
  /**
   * No execution prices the reads: the schedule is known only from its metrics' `MonitoringSchedule`
   * dimension (the schedule list could not be read), or the executions walk failed. See
   * {@link dueWithoutExecutions}.
   */
  withoutExecutions?: boolean;
}

function monitorSeriesId(
  schedule: string,
  namespace: string,
  name: string,
): string {
  return `mm|${schedule}|${namespace}|${name}`;
}

function newestCompleted(
  executions: MonitoringExecutionInfo[] | undefined,
): MonitoringExecutionInfo | undefined {
  return executions?.find(isCompleted);
}

function completedAt(e: MonitoringExecutionInfo): number {
  return Date.parse(e.lastModifiedTime ?? e.scheduledTime);
}

/** How long after its scheduled time a value may still come: an execution's run (up to an hour) and its publication. */
export const LATE_VALUE_MS =
  MONITOR_PERIOD_SECONDS * 1000 + PUBLICATION_GRACE_MS;

/**
 * A schedule whose executions cannot be read (its list or the executions walk failed) is read when its
 * next value is due, and at most once per MONITOR_PERIOD_SECONDS (Model Monitor publishes at most one
 * value an hour). Its interval is that of the cron expression described while the list still answered,
 * else an hour; its next value is expected an interval after its newest point (or after the last read,
 * without one). A value still missing well after it was expected (an execution's run and its
 * publication, see LATE_VALUE_MS) is next looked for an interval later, not every hour.
 */
export function dueWithoutExecutions(
  state: RegionCollectorState,
  schedule: string,
  ids: string[],
  now: Date,
): boolean {
  const fetchedAt = Date.parse(state.scheduleFetch[schedule]?.fetchedAt ?? '');
  if (Number.isNaN(fetchedAt)) return true;
  const at = now.getTime() + PERIOD_SLACK_MS;
  if (at - fetchedAt < MONITOR_PERIOD_SECONDS * 1000) return false;
  const cron = state.schedules[schedule]?.details.cron;
  const interval =
    Math.max(
      MONITOR_PERIOD_SECONDS,
      (cron && scheduleIntervalSeconds(cron)) || 0,
    ) * 1000;
  const newest = Math.max(
    0,
    ...ids.map(id => Date.parse(state.series[id]?.lastPointAt ?? '') || 0),
  );
  let next = newest > 0 ? newest + interval : fetchedAt + interval;
  if (fetchedAt >= next + LATE_VALUE_MS) next = fetchedAt + interval;
  return at >= next;
}

function monitorDue(
  state: RegionCollectorState,
  schedule: MonitorSchedule,
  ids: string[],
  now: Date,
): boolean {
  if (schedule.forced) return true;
  if (ids.some(id => !state.series[id])) return true;
  if (schedule.withoutExecutions)
    return dueWithoutExecutions(state, schedule.name, ids, now);
  const newest = newestCompleted(state.executions[schedule.name]);
  if (!newest) return false;
  const fetch = state.scheduleFetch[schedule.name] ?? {};
  if (
    fetch.seenThrough &&
    Date.parse(newest.scheduledTime) <= Date.parse(fetch.seenThrough)
  ) {
    return false;
  }
  if (!fetch.fetchedAt || Date.parse(fetch.fetchedAt) < completedAt(newest))
    return true;
  return now.getTime() - completedAt(newest) < PUBLICATION_GRACE_MS;
}

export function planMonitorSeries(
  state: RegionCollectorState,
  schedules: MonitorSchedule[],
  now: Date,
  lookbackMs: number,
): PlannedSeries[] {
  const out: PlannedSeries[] = [];
  for (const schedule of schedules) {
    const metrics = (
      state.monitorMetrics[schedule.name]?.metrics ?? []
    ).flatMap(m => {
      const kind = classifyMonitorMetric(m.namespace, m.name);
      return kind
        ? [
            {
              ...m,
              kind,
              id:
                monitorSeriesId(schedule.name, m.namespace, m.name) +
                identitySuffix(m.dimensions),
            },
          ]
        : [];
    });
    if (metrics.length === 0) continue;
    if (
      !monitorDue(
        state,
        schedule,
        metrics.map(m => m.id),
        now,
      )
    )
      continue;
    const dimensions: MetricDimension[] = [
      { name: 'Endpoint', value: schedule.endpointName },
      { name: 'MonitoringSchedule', value: schedule.name },
    ];
    for (const { id, kind, namespace, name, ...m } of metrics) {
      const cursor = state.series[id];
      const last = cursor?.lastPointAt
        ? Date.parse(cursor.lastPointAt)
        : undefined;
      const seriesName =
        kind.kind === 'drift' || kind.kind === 'attribution'
          ? kind.feature
          : kind.metric;
      // A bias or attribution metric is one series per facet, label...: its own dimensions too.
      const seriesDimensions = m.dimensions
        ? [...dimensions, ...m.dimensions]
        : dimensions;
      out.push({
        query: {
          seriesId: id,
          namespace,
          name,
          dimensions: seriesDimensions,
          stat: MONITOR_STAT,
          periodSeconds: MONITOR_PERIOD_SECONDS,
          startMs: last ?? now.getTime() - lookbackMs,
          ...(last !== undefined ? { afterMs: last } : {}),
          completeBucketsOnly: false,
        },
        series: {
          kind: kind.kind,
          key: `${kind.kind}:${
            schedule.endpointName
          }:${seriesName}${identitySuffix(m.dimensions)}`,
          name: seriesName,
          namespace,
          dimensions: seriesDimensions,
          stat: MONITOR_STAT,
          periodSeconds: MONITOR_PERIOD_SECONDS,
          endpointName: schedule.endpointName,
          scheduleName: schedule.name,
          ...(schedule.type ? { monitoringType: schedule.type } : {}),
        },
        source: 'metrics',
        owners: schedule.owners,
        schedule: schedule.name,
      });
    }
  }
  return out;
}

/** Metric names of a custom source: from the annotation, else as discovered; its drift scores are read as drift. */
export function customNamesOf(
  state: RegionCollectorState,
  source: CustomMetricSource,
): string[] {
  const names =
    source.metricNames ??
    state.customNames[customSourceKey(source)]?.names ??
    [];
  const drift = source.drift;
  return drift ? names.filter(n => !isDriftMetricName(drift, n)) : names;
}

/** A custom series is read once its period has passed (or when cold, or forced). */
export function customDue(
  cursor: RegionCollectorState['series'][string] | undefined,
  source: Pick<CustomMetricSource, 'periodSeconds'>,
  forced: boolean,
  now: Date,
): boolean {
  return (
    forced ||
    !cursor ||
    now.getTime() - Date.parse(cursor.fetchedAt) + PERIOD_SLACK_MS >=
      source.periodSeconds * 1000
  );
}

/**
 * The GetMetricData query of one custom series (plain or drift): from its read position, else
 * from the lookback start; whole periods only.
 */
export function customQuery(
  seriesId: string,
  source: Pick<CustomMetricSource, 'namespace' | 'periodSeconds'>,
  metric: { name: string; dimensions: MetricDimension[] },
  cursor: RegionCollectorState['series'][string] | undefined,
  lookbackStartMs: number,
): MetricQuery {
  const last = cursor?.lastPointAt ? Date.parse(cursor.lastPointAt) : undefined;
  return {
    seriesId,
    namespace: source.namespace,
    name: metric.name,
    dimensions: metric.dimensions,
    stat: CUSTOM_STAT,
    periodSeconds: source.periodSeconds,
    startMs: last ?? lookbackStartMs,
    ...(last !== undefined ? { afterMs: last } : {}),
    completeBucketsOnly: true,
  };
}

export function planCustomSeries(
  state: RegionCollectorState,
  targets: CollectionTarget[],
  forced: Set<string>,
  now: Date,
  lookbackMs: number,
): PlannedSeries[] {
  const byId = new Map<string, PlannedSeries>();
  for (const target of targets) {
    for (const source of target.metricSources) {
      const sourceKey = customSourceKey(source);
      for (const name of customNamesOf(state, source)) {
        const id = `c|${sourceKey}|${name}|${source.periodSeconds}`;
        const planned = byId.get(id);
        if (planned) {
          // Two models reading one metric share the query.
          if (!planned.owners.includes(target.entityRef))
            planned.owners.push(target.entityRef);
          continue;
        }
        const cursor = state.series[id];
        if (!customDue(cursor, source, forced.has(target.entityRef), now))
          continue;
        byId.set(id, {
          query: customQuery(
            id,
            source,
            { name, dimensions: source.dimensions },
            cursor,
            now.getTime() - lookbackMs,
          ),
          series: {
            kind: 'custom',
            key: `custom:${sourceKey}:${name}`,
            name,
            namespace: source.namespace,
            dimensions: source.dimensions,
            stat: CUSTOM_STAT,
            periodSeconds: source.periodSeconds,
          },
          source: 'custom-metrics',
          owners: [target.entityRef],
        });
      }
    }
  }
  return [...byId.values()];
}

/** Moves read positions forward for the series read without error. */
export function applyFetch(
  state: RegionCollectorState,
  planned: PlannedSeries[],
  fetch: MetricFetch,
  now: Date,
): void {
  const nowIso = now.toISOString();
  const failedSchedules = new Set<string>();
  const touchedSchedules = new Set<string>();
  for (const p of planned) {
    const id = p.query.seriesId;
    if (fetch.failures.has(id) || !fetch.points.has(id)) {
      if (p.schedule) failedSchedules.add(p.schedule);
      continue;
    }
    const points = fetch.points.get(id)!;
    const previous = state.series[id];
    const last =
      points.length > 0 ? points[points.length - 1].t : previous?.lastPointAt;
    state.series[id] = {
      fetchedAt: nowIso,
      ...(last ? { lastPointAt: last } : {}),
    };
    if (p.schedule) touchedSchedules.add(p.schedule);
  }
  // The newest point of each schedule's series, in one pass (not one per schedule).
  const newestPointOf = new Map<string, number>();
  for (const p of planned) {
    if (!p.schedule || !touchedSchedules.has(p.schedule)) continue;
    const t =
      Date.parse(state.series[p.query.seriesId]?.lastPointAt ?? '') || 0;
    newestPointOf.set(
      p.schedule,
      Math.max(newestPointOf.get(p.schedule) ?? 0, t),
    );
  }
  for (const schedule of touchedSchedules) {
    if (failedSchedules.has(schedule)) continue;
    const fetchState = (state.scheduleFetch[schedule] ??= {});
    fetchState.fetchedAt = nowIso;
    const newest = newestCompleted(state.executions[schedule]);
    if (!newest) continue;
    const newestPoint = newestPointOf.get(schedule) ?? 0;
    if (
      newestPoint >= Date.parse(newest.scheduledTime) ||
      now.getTime() - completedAt(newest) >= PUBLICATION_GRACE_MS
    ) {
      fetchState.seenThrough = newest.scheduledTime;
    }
  }
}
