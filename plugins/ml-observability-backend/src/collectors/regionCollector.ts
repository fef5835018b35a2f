/**
 * One round in one account and region: whole-region list walks, Describe only
 * where LastModifiedTime moved, one alarm walk, optional discovery, then the
 * metric series that are due. Every step's failure is kept as a value; the
 * state is updated only with what was read.
 */
import type {
  EndpointSummary,
  MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import type { MonitoringType } from '@mlobs/backstage-plugin-ml-observability-common';
import { CollectedAlarm, describeAllAlarms } from './alarms';
import { Attempt, RegionContext, attempt } from './context';
import {
  customSourceKey,
  discoverCustomMetricNames,
  discoverMonitorMetrics,
  mergeMonitorMetrics,
} from './discovery';
import type { SourceFailure } from './errors';
import { MetricFetch, fetchMetricData } from './metricData';
import {
  MonitorSchedule,
  PlannedSeries,
  applyFetch,
  planCustomSeries,
  planMonitorSeries,
} from './metricPlan';
import { listAllEndpoints, listAllSchedules } from './sagemaker';
import {
  describeEndpoints,
  describeSchedules,
  dropSchedule,
  readExecutions,
} from './sagemakerRound';
import { RegionCollectorState, pruneSeriesCursors } from './state';
import type { CollectionTarget } from './types';

export interface RegionRequest {
  ctx: RegionContext;
  targets: CollectionTarget[];
  state: RegionCollectorState;
  now: Date;
  lookbackMs: number;
  forced: Set<string>;
  discoverMetrics: boolean;
}

export interface RegionReading {
  /** Absent when no target of the region names an endpoint. */
  endpoints?: Attempt<Map<string, EndpointSummary>>;
  schedules?: Attempt<MonitoringScheduleSummary[]>;
  executions?: Attempt<void>;
  alarms: Attempt<CollectedAlarm[]>;
  endpointFailures: Map<string, SourceFailure>;
  scheduleFailures: Map<string, SourceFailure>;
  monitorDiscovery?: SourceFailure;
  /** By custom source key. */
  customDiscovery: Map<string, SourceFailure>;
  planned: PlannedSeries[];
  fetch: MetricFetch;
  /** Schedules and name-less custom sources no discovery has looked at yet. */
  undiscovered: number;
}

async function discoverCustom(
  req: RegionRequest,
): Promise<Map<string, SourceFailure>> {
  const { ctx, state, now } = req;
  const failures = new Map<string, SourceFailure>();
  const sources = new Map(
    req.targets
      .flatMap(t => t.metricSources)
      .filter(s => !s.metricNames)
      .map(s => [customSourceKey(s), s] as const),
  );
  if (!req.discoverMetrics) return failures;
  for (const [key, source] of sources) {
    try {
      const names = await discoverCustomMetricNames(ctx, source);
      const kept = state.customNames[key]?.names ?? [];
      state.customNames[key] = {
        discoveredAt: now.toISOString(),
        names: [...new Set([...kept, ...names])].sort(),
      };
    } catch (error) {
      failures.set(key, ctx.failureOf(error, `metrics of ${source.namespace}`));
    }
  }
  return failures;
}

export async function readRegion(req: RegionRequest): Promise<RegionReading> {
  const { ctx, state, now } = req;
  const claimedEndpoints = new Set(req.targets.flatMap(t => t.endpointNames));
  const needSageMaker = claimedEndpoints.size > 0;

  const [endpoints, schedules, alarms] = await Promise.all([
    needSageMaker
      ? attempt(
          ctx,
          'endpoints',
          async () =>
            new Map(
              (
                await listAllEndpoints(ctx)
              ).map(e => [e.EndpointName ?? '', e] as const),
            ),
        )
      : undefined,
    needSageMaker
      ? attempt(ctx, 'monitoring schedules', () => listAllSchedules(ctx))
      : undefined,
    attempt(ctx, 'alarms', () => describeAllAlarms(ctx)),
  ]);

  let claimedSchedules: MonitoringScheduleSummary[] = [];
  const interest = new Set<string>();
  if (schedules?.ok) {
    const listedNames = new Set(
      schedules.value.map(s => s.MonitoringScheduleName ?? ''),
    );
    for (const name of Object.keys(state.schedules)) {
      if (!listedNames.has(name)) dropSchedule(state, name);
    }
    claimedSchedules = schedules.value.filter(
      s =>
        s.MonitoringScheduleName &&
        s.EndpointName &&
        claimedEndpoints.has(s.EndpointName),
    );
    // Schedules of models outside this call (a single model's refresh) keep their history.
    for (const s of claimedSchedules) interest.add(s.MonitoringScheduleName!);
    for (const name of Object.keys(state.schedules)) interest.add(name);
  }

  let executions: Attempt<void> | undefined;
  if (schedules && !schedules.ok) {
    executions = schedules;
  } else if (schedules?.ok && interest.size > 0) {
    executions = await attempt(ctx, 'monitoring executions', () =>
      readExecutions(req, interest),
    );
  } else if (schedules?.ok) {
    executions = { ok: true, value: undefined };
  }

  const [endpointFailures, scheduleFailures] = await Promise.all([
    endpoints?.ok
      ? describeEndpoints(req, endpoints.value, claimedEndpoints)
      : new Map<string, SourceFailure>(),
    describeSchedules(req, claimedSchedules),
  ]);

  let monitorDiscovery: SourceFailure | undefined;
  if (req.discoverMetrics && interest.size > 0) {
    const found = await attempt(ctx, 'Model Monitor metrics', () =>
      discoverMonitorMetrics(ctx, interest, now),
    );
    if (found.ok) {
      const endpointOf = new Map(
        claimedSchedules.map(s => [s.MonitoringScheduleName!, s.EndpointName]),
      );
      for (const name of interest) {
        const endpoint =
          endpointOf.get(name) ?? state.monitorMetrics[name]?.endpoint ?? '';
        state.monitorMetrics[name] = mergeMonitorMetrics(
          state.monitorMetrics[name],
          found.value.get(name) ?? {
            endpoint,
            checkedAt: now.toISOString(),
            publishes: false,
            metrics: [],
          },
        );
      }
    } else {
      monitorDiscovery = found.failure;
    }
  }
  const customDiscovery = await discoverCustom(req);

  const owners = new Map<string, string[]>();
  for (const t of req.targets) {
    for (const e of t.endpointNames)
      owners.set(e, [...(owners.get(e) ?? []), t.entityRef]);
  }
  const monitorSchedules: MonitorSchedule[] = claimedSchedules.map(s => {
    const scheduleOwners = owners.get(s.EndpointName!) ?? [];
    return {
      name: s.MonitoringScheduleName!,
      endpointName: s.EndpointName!,
      type: s.MonitoringType as MonitoringType | undefined,
      owners: scheduleOwners,
      forced: scheduleOwners.some(o => req.forced.has(o)),
    };
  });
  const planned = [
    ...planMonitorSeries(state, monitorSchedules, now, req.lookbackMs),
    ...planCustomSeries(state, req.targets, req.forced, now, req.lookbackMs),
  ];
  const fetch = await fetchMetricData(
    ctx,
    planned.map(p => p.query),
    now,
  );
  applyFetch(state, planned, fetch, now);
  pruneSeriesCursors(state, now);

  const undiscoveredSources = new Set(
    req.targets
      .flatMap(t => t.metricSources)
      .filter(s => !s.metricNames && !state.customNames[customSourceKey(s)])
      .map(customSourceKey),
  );
  const undiscovered =
    [...interest].filter(name => !state.monitorMetrics[name]).length +
    undiscoveredSources.size;

  return {
    endpoints,
    schedules,
    executions,
    alarms,
    endpointFailures,
    scheduleFailures,
    monitorDiscovery,
    customDiscovery,
    planned,
    fetch,
    undiscovered,
  };
}
