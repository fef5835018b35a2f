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
import { customSourceKey } from './discovery';
import type { SourceFailure } from './errors';
import type { RegionReading } from './regionCollector';
import {
  isCompleted,
  lastFinishedExecution,
  withListedStatus,
} from './sagemaker';
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
  const type = summary.MonitoringType ?? '';
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
  const mine = reading.schedules.value.filter(
    s =>
      s.MonitoringScheduleName &&
      s.EndpointName &&
      target.endpointNames.includes(s.EndpointName),
  );
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
  source: 'metrics' | 'custom-metrics',
): { series: ObservedSeries[]; failures: SourceFailure[] } {
  const series: ObservedSeries[] = [];
  const failures: SourceFailure[] = [];
  for (const p of reading.planned) {
    if (p.source !== source || !p.owners.includes(target.entityRef)) continue;
    const failure = reading.fetch.failures.get(p.query.seriesId);
    if (failure) {
      failures.push(failure);
      continue;
    }
    const points = reading.fetch.points.get(p.query.seriesId) ?? [];
    if (points.length > 0) series.push({ ...p.series, points });
  }
  return { series, failures };
}

/** The model's schedule names: from this round's list, else as last known. */
function schedulesOfModel(
  target: CollectionTarget,
  reading: RegionReading,
  state: RegionCollectorState,
): string[] {
  if (reading.schedules?.ok) {
    return reading.schedules.value
      .filter(
        s => s.EndpointName && target.endpointNames.includes(s.EndpointName),
      )
      .map(s => s.MonitoringScheduleName!);
  }
  return Object.entries(state.monitorMetrics)
    .filter(([, m]) => target.endpointNames.includes(m.endpoint))
    .map(([name]) => name);
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

    const monitor = readSeries(target, reading, 'metrics');
    observation.series.push(...monitor.series);
    results.metrics = combineFailures([
      ...(reading.monitorDiscovery ? [reading.monitorDiscovery] : []),
      ...monitor.failures,
    ]);

    const checked = Object.entries(state.monitorMetrics).filter(([, m]) =>
      target.endpointNames.includes(m.endpoint),
    );
    if (checked.length > 0) {
      observation.publishingSchedules = checked
        .filter(([, m]) => m.publishes)
        .map(([name]) => name)
        .sort();
    }
  }

  if (target.metricSources.length > 0) {
    const custom = readSeries(target, reading, 'custom-metrics');
    observation.series.push(...custom.series);
    const discovery = target.metricSources
      .map(s => reading.customDiscovery.get(customSourceKey(s)))
      .filter((f): f is SourceFailure => f !== undefined);
    results['custom-metrics'] = combineFailures([
      ...discovery,
      ...custom.failures,
    ]);
  }

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
