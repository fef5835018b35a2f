/**
 * Model Monitor drift and quality when the schedule list of a region could not
 * be read (ListMonitoringSchedules denied, throttled, unsupported, answered
 * with an HTML page). The metrics of `aws/sagemaker/Endpoints/*-metrics` carry
 * the `Endpoint` and `MonitoringSchedule` dimensions, so the same region-wide
 * ListMetrics walk attributes them to the models of their endpoints, each
 * under the schedule its `MonitoringSchedule` dimension names. They are kept
 * in `state.monitorMetrics` like those found through the list: the series ids
 * (`mm|<schedule>|…`) are the same, and once the list answers again the reads
 * are priced by executions again, without a second copy of any series.
 *
 * Without executions to price the reads, such a schedule's series are read
 * when its next value is due (one schedule interval after its newest point:
 * the cron of an earlier Describe, else an hour) and at most once per
 * MONITOR_PERIOD_SECONDS (Model Monitor publishes at most hourly; see
 * `dueWithoutExecutions` in metricPlan.ts). A schedule is found on the
 * discovery rounds (hourly, and on the first round); those already known from
 * earlier rounds are read from the first round the list fails.
 */
import type { MonitoringScheduleSummary } from '@aws-sdk/client-sagemaker';
import type { MonitoringType } from '@mlobs/backstage-plugin-ml-observability-common';
import { RegionContext, attempt } from './context';
import {
  MODEL_MONITOR_NAMESPACES,
  discoverMonitorMetrics,
  mergeMonitorMetrics,
} from './discovery';
import type { SourceFailure } from './errors';
import type { MonitorSchedule } from './metricPlan';
import type { MonitorMetricNames, RegionCollectorState } from './state';

/** Each namespace is published by one monitoring type. */
const TYPE_OF_NAMESPACE: Record<string, MonitoringType> = {
  [MODEL_MONITOR_NAMESPACES.data]: 'DataQuality',
  [MODEL_MONITOR_NAMESPACES.model]: 'ModelQuality',
  [MODEL_MONITOR_NAMESPACES.bias]: 'ModelBias',
  [MODEL_MONITOR_NAMESPACES.explainability]: 'ModelExplainability',
};

/** The monitoring type of a schedule known from its metrics' namespace. */
export function typeOfMonitorMetrics(
  known: MonitorMetricNames | undefined,
): MonitoringType | undefined {
  return known?.metrics
    .map(m => TYPE_OF_NAMESPACE[m.namespace])
    .find(t => t !== undefined);
}

/**
 * The listed schedules with `EndpointName` and `MonitoringType` filled in
 * where the answer omitted them (AWS documents both as optional; stand-ins
 * and some roles' answers leave them out) from what earlier rounds learned:
 * the endpoint a schedule was claimed on, or the `Endpoint` dimension and
 * namespace of its metrics.
 */
export function completeSummaries(
  state: RegionCollectorState,
  listed: MonitoringScheduleSummary[],
): MonitoringScheduleSummary[] {
  return listed.map(s => {
    if (s.EndpointName && s.MonitoringType) return s;
    const name = s.MonitoringScheduleName ?? '';
    const known = state.monitorMetrics[name];
    const endpoint =
      s.EndpointName ?? state.scheduleEndpoints[name] ?? known?.endpoint;
    const type = s.MonitoringType ?? typeOfMonitorMetrics(known);
    return {
      ...s,
      ...(endpoint ? { EndpointName: endpoint } : {}),
      ...(type ? { MonitoringType: type } : {}),
    };
  });
}

/**
 * The Model Monitor metrics of the claimed endpoints by their `Endpoint`
 * dimension, merged into state (on a discovery round); the failure, if any.
 */
export async function discoverMonitorByEndpoint(
  req: {
    ctx: RegionContext;
    state: RegionCollectorState;
    now: Date;
    discoverMetrics: boolean;
  },
  endpoints: Set<string>,
): Promise<SourceFailure | undefined> {
  const { ctx, state, now } = req;
  if (!req.discoverMetrics || endpoints.size === 0) return undefined;
  const found = await attempt(ctx, 'Model Monitor metrics', () =>
    discoverMonitorMetrics(ctx, new Set(), now, endpoints),
  );
  if (!found.ok) return found.failure;
  for (const [name, fresh] of found.value) {
    state.monitorMetrics[name] = mergeMonitorMetrics(
      state.monitorMetrics[name],
      fresh,
    );
  }
  return undefined;
}

/**
 * The schedules known from their metrics on the claimed endpoints (`owners`:
 * the entity refs of each endpoint), read without executions (when due, at most hourly).
 */
export function unlistedSchedules(
  state: RegionCollectorState,
  owners: Map<string, string[]>,
  forced: Set<string>,
): MonitorSchedule[] {
  const out: MonitorSchedule[] = [];
  for (const [name, known] of Object.entries(state.monitorMetrics)) {
    const scheduleOwners = owners.get(known.endpoint);
    if (!scheduleOwners) continue;
    const type = typeOfMonitorMetrics(known);
    out.push({
      name,
      endpointName: known.endpoint,
      ...(type ? { type } : {}),
      owners: scheduleOwners,
      forced: scheduleOwners.some(o => forced.has(o)),
      withoutExecutions: true,
    });
  }
  return out;
}
