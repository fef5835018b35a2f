/**
 * One round in one account and region, in steps: whole-region list walks,
 * the execution window, Describe only where LastModifiedTime moved, optional
 * discovery, then the metric series that are due. Every step's failure is kept as a value; the
 * state is updated only with what was read.
 */
import type {
  EndpointSummary,
  MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import {
  DEFAULT_CUSTOM_DRIFT_MAX_FEATURES,
  MonitoringType,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { CollectedAlarm, describeAllAlarms } from './alarms';
import { Attempt, RegionContext, attempt } from './context';
import {
  discoverCustomDrift,
  planCustomDriftSeries,
  undiscoveredDriftSources,
} from './customDrift';
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
import {
  completeSummaries,
  discoverMonitorByEndpoint,
  unlistedSchedules,
} from './monitorWithoutList';
import { listedEndpointNames, spellAsListed } from './placements';
import {
  describeSchedule,
  iso,
  listAllEndpoints,
  listAllSchedules,
  scheduleDetailsOf,
} from './sagemaker';
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
  /** Features read per custom drift source that sets no maxFeatures. Default: 100. */
  maxDriftFeatures?: number;
}

export const driftCapOf = (req: RegionRequest) =>
  req.maxDriftFeatures ?? DEFAULT_CUSTOM_DRIFT_MAX_FEATURES;

export interface RegionReading {
  /** The request's targets with endpoint names spelt as AWS lists them, when any was respelt. */
  targets?: CollectionTarget[];
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
  /** The cap of custom drift sources that set no maxFeatures. */
  maxDriftFeatures?: number;
}

async function discoverCustom(
  req: RegionRequest,
): Promise<Map<string, SourceFailure>> {
  const { ctx, state, now } = req;
  const failures = new Map<string, SourceFailure>();
  const sources = new Map(
    req.targets
      .flatMap(t => t.metricSources)
      // Drift sources: one walk gives their names and features (below).
      .filter(s => !s.metricNames && !s.drift)
      .map(s => [customSourceKey(s), s] as const),
  );
  if (!req.discoverMetrics) return failures;
  const drift = await discoverCustomDrift(
    ctx,
    state,
    req.targets,
    driftCapOf(req),
    now,
  );
  for (const [key, failure] of drift) failures.set(key, failure);
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

/** Step 1: the region-wide list walks, side by side. */
async function listRegion(
  req: RegionRequest,
  needSageMaker: boolean,
): Promise<Pick<RegionReading, 'endpoints' | 'schedules' | 'alarms'>> {
  const { ctx } = req;
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
  return { endpoints, schedules, alarms };
}

/**
 * Step 2: the listed schedules on the claimed endpoints, and every schedule
 * whose executions matter. Schedules gone from the list are forgotten.
 */
export function claimSchedules(
  state: RegionCollectorState,
  listed: MonitoringScheduleSummary[],
  claimedEndpoints: Set<string>,
): { claimed: MonitoringScheduleSummary[]; interest: Set<string> } {
  const listedNames = new Set(listed.map(s => s.MonitoringScheduleName ?? ''));
  // Schedules known from their metrics alone (the list failed earlier) go too, once the list says they are gone.
  for (const name of [
    ...Object.keys(state.schedules),
    ...Object.keys(state.monitorMetrics),
  ]) {
    if (!listedNames.has(name)) dropSchedule(state, name);
  }
  const claimed = listed.filter(
    s =>
      s.MonitoringScheduleName &&
      s.EndpointName &&
      claimedEndpoints.has(s.EndpointName),
  );
  for (const s of claimed)
    state.scheduleEndpoints[s.MonitoringScheduleName!] = s.EndpointName!;
  const interest = new Set<string>([
    ...claimed.map(s => s.MonitoringScheduleName!),
    ...Object.keys(state.schedules),
  ]);
  return { claimed, interest };
}

/** Step 3: one execution walk for the region, unless the schedules could not be listed. */
async function executionsOf(
  req: RegionRequest,
  schedules: RegionReading['schedules'],
  interest: Set<string>,
): Promise<Attempt<void> | undefined> {
  if (!schedules) return undefined;
  if (!schedules.ok) return schedules;
  if (interest.size === 0) return { ok: true, value: undefined };
  return attempt(req.ctx, 'monitoring executions', () =>
    readExecutions(req, interest),
  );
}

/** Step 5: Model Monitor metric names of the schedules, kept in state; the failure, if any. */
export async function discoverMonitor(
  req: RegionRequest,
  interest: Set<string>,
  claimed: MonitoringScheduleSummary[],
): Promise<SourceFailure | undefined> {
  const { ctx, state, now } = req;
  if (!req.discoverMetrics || interest.size === 0) return undefined;
  const found = await attempt(ctx, 'Model Monitor metrics', () =>
    discoverMonitorMetrics(ctx, interest, now),
  );
  if (!found.ok) return found.failure;
  const endpointOf = new Map(
    claimed.map(s => [s.MonitoringScheduleName!, s.EndpointName]),
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
  return undefined;
}

/**
 * Step 6: the series that are due, read in packed GetMetricData calls; state moves forward. When the
 * schedule list could not be read, the schedules known from their metrics stand in for it.
 */
export async function planAndFetch(
  req: RegionRequest,
  claimed: MonitoringScheduleSummary[],
  read: { scheduleList: boolean; executions: boolean } = {
    scheduleList: true,
    executions: true,
  },
): Promise<{ planned: PlannedSeries[]; fetch: MetricFetch }> {
  const { ctx, state, now } = req;
  const owners = new Map<string, string[]>();
  for (const t of req.targets) {
    for (const e of t.endpointNames)
      owners.set(e, [...(owners.get(e) ?? []), t.entityRef]);
  }
  const monitorSchedules: MonitorSchedule[] = claimed.map(s => {
    const scheduleOwners = owners.get(s.EndpointName!) ?? [];
    return {
      name: s.MonitoringScheduleName!,
      endpointName: s.EndpointName!,
      type: s.MonitoringType as MonitoringType | undefined,
      owners: scheduleOwners,
      forced: scheduleOwners.some(o => req.forced.has(o)),
      ...(read.executions ? {} : { withoutExecutions: true }),
    };
  });
  if (!read.scheduleList)
    monitorSchedules.push(...unlistedSchedules(state, owners, req.forced));
  const planned = [
    ...planMonitorSeries(state, monitorSchedules, now, req.lookbackMs),
    ...planCustomSeries(state, req.targets, req.forced, now, req.lookbackMs),
    ...planCustomDriftSeries(
      state,
      req.targets,
      req.forced,
      now,
      req.lookbackMs,
      driftCapOf(req),
    ),
  ];
  const fetch = await fetchMetricData(
    ctx,
    planned.map(p => p.query),
    now,
  );
  applyFetch(state, planned, fetch, now);
  pruneSeriesCursors(state, now);
  return { planned, fetch };
}

/** Schedules and name-less custom sources no discovery has looked at yet. */
export function countUndiscovered(
  req: RegionRequest,
  interest: Set<string>,
): number {
  const { state } = req;
  const undiscoveredSources = new Set(
    req.targets
      .flatMap(t => t.metricSources)
      .filter(
        s =>
          !s.metricNames && !s.drift && !state.customNames[customSourceKey(s)],
      )
      .map(customSourceKey),
  );
  for (const id of undiscoveredDriftSources(state, req.targets))
    undiscoveredSources.add(id);
  return (
    [...interest].filter(name => !state.monitorMetrics[name]).length +
    undiscoveredSources.size
  );
}

/**
 * The listed schedules with the endpoint and type each monitors, also when
 * the list omitted them (both optional in AWS's answer): from state, else on
 * a discovery round from the `Endpoint` dimension of their metrics (the walk
 * the round makes when the list cannot be read at all), else by describing
 * the schedules still unattributed (a schedule that publishes nothing yet).
 * Unclaimed schedules are not remembered, so that describe repeats on
 * discovery rounds only while the list omits their endpoint.
 */
async function attributeSchedules(
  req: RegionRequest,
  listed: MonitoringScheduleSummary[],
  claimedEndpoints: Set<string>,
): Promise<MonitoringScheduleSummary[]> {
  const { ctx, state } = req;
  let known = completeSummaries(state, listed);
  if (known.every(s => s.EndpointName) || !req.discoverMetrics) return known;
  await discoverMonitorByEndpoint(req, claimedEndpoints);
  known = completeSummaries(state, known);
  return Promise.all(
    known.map(async s => {
      if (s.EndpointName || !s.MonitoringScheduleName) return s;
      try {
        const described = await describeSchedule(ctx, s.MonitoringScheduleName);
        const endpoint = described.EndpointName;
        if (!endpoint) return s;
        if (claimedEndpoints.has(endpoint)) {
          // Claimed: keep what the describe said, so the round does not describe it again.
          state.scheduleEndpoints[s.MonitoringScheduleName] = endpoint;
          state.schedules[s.MonitoringScheduleName] = {
            modified: iso(s.LastModifiedTime) ?? '',
            details: scheduleDetailsOf(described),
          };
        }
        const type = s.MonitoringType ?? described.MonitoringType;
        return {
          ...s,
          EndpointName: endpoint,
          ...(type ? { MonitoringType: type } : {}),
        };
      } catch {
        // Unattributed this round, as before the describe; the schedule source reports nothing for it.
        return s;
      }
    }),
  );
}

export async function readRegion(
  request: RegionRequest,
): Promise<RegionReading> {
  const lists = await listRegion(
    request,
    request.targets.some(t => t.endpointNames.length > 0),
  );
  // Endpoint names from ARNs are lower case; the rest of the round uses AWS's spelling.
  const targets = lists.endpoints?.ok
    ? spellAsListed(request.targets, listedEndpointNames(lists.endpoints.value))
    : request.targets;
  const req = { ...request, targets };
  const { state } = req;
  const claimedEndpoints = new Set(req.targets.flatMap(t => t.endpointNames));
  if (lists.schedules?.ok) {
    lists.schedules = {
      ok: true,
      value: await attributeSchedules(
        req,
        lists.schedules.value,
        claimedEndpoints,
      ),
    };
  }
  const { claimed, interest } = lists.schedules?.ok
    ? claimSchedules(state, lists.schedules.value, claimedEndpoints)
    : { claimed: [], interest: new Set<string>() };
  const executions = await executionsOf(req, lists.schedules, interest);
  const [endpointFailures, scheduleFailures] = await Promise.all([
    lists.endpoints?.ok
      ? describeEndpoints(req, lists.endpoints.value, claimedEndpoints)
      : new Map<string, SourceFailure>(),
    describeSchedules(req, claimed),
  ]);
  const scheduleListRead = lists.schedules?.ok !== false;
  const monitorDiscovery = scheduleListRead
    ? await discoverMonitor(req, interest, claimed)
    : await discoverMonitorByEndpoint(req, claimedEndpoints);
  const customDiscovery = await discoverCustom(req);
  const { planned, fetch } = await planAndFetch(req, claimed, {
    scheduleList: scheduleListRead,
    executions: executions?.ok !== false,
  });
  return {
    ...(targets !== request.targets ? { targets } : {}),
    ...lists,
    executions,
    endpointFailures,
    scheduleFailures,
    monitorDiscovery,
    customDiscovery,
    planned,
    fetch,
    undiscovered: countUndiscovered(req, interest),
    maxDriftFeatures: driftCapOf(req),
  };
}
