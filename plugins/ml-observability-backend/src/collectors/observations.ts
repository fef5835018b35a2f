/**
 * Turns one region's reading into each model's observation: its share of the
 * fleet-wide lists, and each source's outcome. A failed source leaves its
 * field out, so the store keeps the last good value.
 */
import type { MonitoringScheduleSummary } from '@aws-sdk/client-sagemaker';
import {
  EndpointInfo,
  MonitoringScheduleInfo,
  MonitoringScheduleStatus,
  MonitoringType,
  SourceId,
  sageMakerMonitoringScheduleUrl,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { alarmsOfModel } from './alarms';
import { driftCoverageOf } from './customDrift';
import { customSourceKey } from './discovery';
import type { SourceFailure } from './errors';
import type { PlannedSeries } from './metricPlan';
import type { RegionReading } from './regionCollector';
import {
  isCompleted,
  lastFinishedExecution,
  withListedStatus,
} from './sagemaker';
import { typeOfMonitorMetrics } from './monitorWithoutList';
import type { RegionCollectorState } from './state';
import type {
  CollectionTarget,
  ModelObservation,
  ObservedSeries,
} from './types';

/** `null` means the source was read without error. */
export type SourceResults = Partial<Record<SourceId, SourceFailure | null>>;

export interface ModelReading {
  observation: Omit<ModelObservation, 'sources'>;
  results: SourceResults;
}

const RANK: Record<SourceFailure['outcome'], number> = {
  denied: 5,
  'not-found': 4,
  throttled: 3,
  error: 2,
  unsupported: 1,
};

/** The worst outcome, with every distinct message. */
export function combineFailures(
  failures: SourceFailure[],
): SourceFailure | null {
  if (failures.length === 0) return null;
  const worst = failures.reduce((a, b) =>
    RANK[b.outcome] > RANK[a.outcome] ? b : a,
  );
  return {
    outcome: worst.outcome,
    message: [...new Set(failures.map(f => f.message))].join('; '),
  };
}

const SCHEDULE_STATUSES = new Set([
  'Pending',
  'Failed',
  'Scheduled',
  'Stopped',
]);
const MONITORING_TYPES = new Set([
  'DataQuality',
  'ModelQuality',
  'ModelBias',
  'ModelExplainability',
]);

function publishesMetrics(
  state: RegionCollectorState,
  name: string,
): boolean | 'unknown' {
  const known = state.monitorMetrics[name];
  if (known?.publishes) return true;
  if (state.schedules[name]?.details.publishSetting === false) return false;
  if (known) {
    // Only a run that had finished before discovery looked proves the schedule publishes nothing.
    const checked = Date.parse(known.checkedAt);
    const ranBefore = (state.executions[name] ?? []).some(
      e =>
        isCompleted(e) &&
        Date.parse(e.lastModifiedTime ?? e.scheduledTime) < checked,
    );
    if (ranBefore) return false;
  }
  return 'unknown';
}

export function scheduleInfoOf(
  summary: MonitoringScheduleSummary,
  state: RegionCollectorState,
  region: string,
): MonitoringScheduleInfo {
  const name = summary.MonitoringScheduleName!;
  const details = state.schedules[name]?.details ?? {};
  const executions = state.executions[name] ?? [];
  const last = lastFinishedExecution(executions);
  const status = summary.MonitoringScheduleStatus ?? '';
  const type =
    summary.MonitoringType ??
    typeOfMonitorMetrics(state.monitorMetrics[name]) ??
    '';
  return {
    name,
    ...(summary.MonitoringScheduleArn
      ? { arn: summary.MonitoringScheduleArn }
      : {}),
    type: MONITORING_TYPES.has(type) ? (type as MonitoringType) : 'DataQuality',
    status: SCHEDULE_STATUSES.has(status)
      ? (status as MonitoringScheduleStatus)
      : 'Pending',
    ...(details.failureReason ? { failureReason: details.failureReason } : {}),
    ...(details.cron ? { cron: details.cron } : {}),
    ...(summary.EndpointName ? { endpointName: summary.EndpointName } : {}),
    publishesMetrics: publishesMetrics(state, name),
    ...(last ? { lastExecution: last } : {}),
    recentExecutions: executions,
    consoleUrl: sageMakerMonitoringScheduleUrl(region, {
      name,
      endpointName: summary.EndpointName,
    }),
  };
}

function readEndpoints(
  target: CollectionTarget,
  reading: RegionReading,
  state: RegionCollectorState,
  where: string,
): { endpoints?: EndpointInfo[]; result: SourceFailure | null } {
  if (!reading.endpoints) return { result: null };
  if (!reading.endpoints.ok) return { result: reading.endpoints.failure };
  const listed = reading.endpoints.value;
  const failures: SourceFailure[] = [];
  const infos: EndpointInfo[] = [];
  let complete = true;
  for (const name of target.endpointNames) {
    const summary = listed.get(name);
    const failure = reading.endpointFailures.get(name);
    const cached = state.endpoints[name];
    if (!summary) {
      failures.push({
        outcome: 'not-found',
        message: `endpoint ${name} not found in ${where}`,
      });
    } else if (failure || !cached) {
      failures.push(
        failure ?? {
          outcome: 'error',
          message: `endpoint ${name} in ${where} was not described`,
        },
      );
      if (failure?.outcome !== 'not-found') complete = false;
    } else {
      infos.push(withListedStatus(cached.info, summary));
    }
  }
  return {
    ...(complete ? { endpoints: infos } : {}),
    result: combineFailures(failures),
  };
}

function readSchedules(
  target: CollectionTarget,
  reading: RegionReading,
  state: RegionCollectorState,
  region: string,
): { schedules?: MonitoringScheduleInfo[]; result: SourceFailure | null } {
  if (!reading.schedules) return { result: null };
  if (!reading.schedules.ok) return { result: reading.schedules.failure };
  const mine = indexOf(reading, state)
    .schedulesOf(target)
    .filter(s => s.MonitoringScheduleName);
  const failures = mine
    .map(s => reading.scheduleFailures.get(s.MonitoringScheduleName!))
    .filter((f): f is SourceFailure => f !== undefined);
  if (failures.length > 0) return { result: combineFailures(failures) };
  return {
    schedules: mine.map(s => scheduleInfoOf(s, state, region)),
    result: null,
  };
}

function readSeries(
  target: CollectionTarget,
  reading: RegionReading,
  state: RegionCollectorState,
  source: 'metrics' | 'custom-metrics',
): { series: ObservedSeries[]; failures: SourceFailure[] } {
  const series: ObservedSeries[] = [];
  const failures: SourceFailure[] = [];
  for (const p of indexOf(reading, state).plannedOf(target)) {
    if (p.source !== source) continue;
    const failure = reading.fetch.failures.get(p.query.seriesId);
    if (failure) {
      failures.push(failure);
      continue;
    }
    const points = reading.fetch.points.get(p.query.seriesId) ?? [];
    // A drift score without any datapoint yet is reported as such ("no data"), not left out.
    const empty =
      p.reportEmpty &&
      reading.fetch.points.has(p.query.seriesId) &&
      !state.series[p.query.seriesId]?.lastPointAt;
    if (points.length > 0 || empty) series.push({ ...p.series, points });
  }
  return { series, failures };
}

/** The model's schedule names: from this round's list, else as last known. */
function schedulesOfModel(
  target: CollectionTarget,
  reading: RegionReading,
  state: RegionCollectorState,
): string[] {
  const index = indexOf(reading, state);
  if (reading.schedules?.ok) {
    return index.schedulesOf(target).map(s => s.MonitoringScheduleName!);
  }
  return index.monitorMetricsOf(target).map(([name]) => name);
}

type MonitorMetricEntry = [
  string,
  RegionCollectorState['monitorMetrics'][string],
];

/** Items grouped by a key, each with its position in the source list. */
class Grouped<T> {
  private readonly groups = new Map<string, Array<{ at: number; item: T }>>();

  constructor(items: Iterable<T>, keysOf: (item: T) => Iterable<string>) {
    let at = 0;
    for (const item of items) {
      for (const key of new Set(keysOf(item))) {
        const group = this.groups.get(key);
        if (group) group.push({ at, item });
        else this.groups.set(key, [{ at, item }]);
      }
      at++;
    }
  }

  /** The items under any of `keys`, once each, in source order. */
  of(keys: string[]): T[] {
    if (keys.length === 1) {
      return (this.groups.get(keys[0]) ?? []).map(g => g.item);
    }
    const seen = new Map<number, T>();
    for (const key of new Set(keys)) {
      for (const g of this.groups.get(key) ?? []) seen.set(g.at, g.item);
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
  }
}

/**
 * A region reading looked up by model: one pass over its schedules, planned
 * series and known monitor metrics, instead of one pass per model (which
 * made a round quadratic in the fleet's size). Built on first use, for the
 * state as it is while the reading's models are observed.
 */
class ReadingIndex {
  readonly schedules: Grouped<MonitoringScheduleSummary>;
  readonly planned: Grouped<PlannedSeries>;
  readonly monitorMetrics: Grouped<MonitorMetricEntry>;

  constructor(reading: RegionReading, state: RegionCollectorState) {
    this.schedules = new Grouped(
      reading.schedules?.ok ? reading.schedules.value : [],
      s => (s.EndpointName ? [s.EndpointName] : []),
    );
    this.planned = new Grouped(reading.planned, p => p.owners);
    this.monitorMetrics = new Grouped(
      Object.entries(state.monitorMetrics),
      ([, m]) => [m.endpoint],
    );
  }

  /** The listed schedules on the model's endpoints, in list order. */
  schedulesOf(target: CollectionTarget): MonitoringScheduleSummary[] {
    return this.schedules.of(target.endpointNames);
  }

  /** The planned series the model owns, in plan order. */
  plannedOf(target: CollectionTarget): PlannedSeries[] {
    return this.planned.of([target.entityRef]);
  }

  /** Known monitor metrics of the schedules on the model's endpoints. */
  monitorMetricsOf(target: CollectionTarget): MonitorMetricEntry[] {
    return this.monitorMetrics.of(target.endpointNames);
  }
}

const indexes = new WeakMap<RegionReading, ReadingIndex>();

function indexOf(
  reading: RegionReading,
  state: RegionCollectorState,
): ReadingIndex {
  let index = indexes.get(reading);
  if (!index) {
    index = new ReadingIndex(reading, state);
    indexes.set(reading, index);
  }
  return index;
}

export function observeModel(
  target: CollectionTarget,
  reading: RegionReading,
  state: RegionCollectorState,
): ModelReading {
  const where = `${target.accountId}/${target.region}`;
  const results: SourceResults = {};
  const observation: Omit<ModelObservation, 'sources'> = {
    entityRef: target.entityRef,
    series: [],
  };

  if (target.endpointNames.length > 0) {
    const endpoints = readEndpoints(target, reading, state, where);
    results.endpoints = endpoints.result;
    if (endpoints.endpoints) observation.endpoints = endpoints.endpoints;

    const schedules = readSchedules(target, reading, state, target.region);
    results.schedules = schedules.result;
    if (schedules.schedules)
      observation.monitoringSchedules = schedules.schedules;
    results.executions =
      reading.executions && !reading.executions.ok
        ? reading.executions.failure
        : null;

    const monitor = readSeries(target, reading, state, 'metrics');
    observation.series.push(...monitor.series);
    results.metrics = combineFailures([
      ...(reading.monitorDiscovery ? [reading.monitorDiscovery] : []),
      ...monitor.failures,
    ]);

    const checked = indexOf(reading, state).monitorMetricsOf(target);
    if (checked.length > 0) {
      observation.publishingSchedules = checked
        .filter(([, m]) => m.publishes)
        .map(([name]) => name)
        .sort();
    }
  }

  if (target.metricSources.length > 0) {
    const custom = readSeries(target, reading, state, 'custom-metrics');
    observation.series.push(...custom.series);
    const discovery = target.metricSources
      .map(s => reading.customDiscovery.get(customSourceKey(s)))
      .filter((f): f is SourceFailure => f !== undefined);
    results['custom-metrics'] = combineFailures([
      ...discovery,
      ...custom.failures,
    ]);
  }

  // From state, so always known; empty when the model has no drift source (any stored one goes).
  observation.driftCoverage = driftCoverageOf(
    state,
    target,
    reading.maxDriftFeatures,
  );

  if (reading.alarms.ok) {
    observation.alarms = alarmsOfModel(reading.alarms.value, {
      ...target,
      scheduleNames: schedulesOfModel(target, reading, state),
    });
    results.alarms = null;
  } else {
    results.alarms = reading.alarms.failure;
  }
  return { observation, results };
}
