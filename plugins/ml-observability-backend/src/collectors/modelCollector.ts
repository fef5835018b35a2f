/**
 * One model's refresh, addressed to its own resources only: DescribeEndpoint
 * of its endpoints, the schedules listed by endpoint (Describe only where
 * LastModifiedTime moved), the newest executions of each, its known alarms
 * by name, and GetMetricData for its series. No region-wide walk, so its
 * cost does not grow with the fleet. It answers with the same reading as a
 * region round, so the model's observation is made the same way.
 */
import type {
  EndpointSummary,
  MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import { describeAlarmsNamed } from './alarms';
import { Attempt, attempt } from './context';
import { fillCaptureSampling } from './dataCapture';
import type { SourceFailure } from './errors';
import { spellAsListed } from './placements';
import {
  RegionReading,
  RegionRequest,
  claimSchedules,
  countUndiscovered,
  driftCapOf,
  planAndFetch,
} from './regionCollector';
import {
  describeEndpoint,
  endpointInfoOf,
  executionInfoOf,
  iso,
  listRecentExecutions,
  listSchedulesOfEndpoint,
  mergeExecutions,
} from './sagemaker';
import { describeSchedules, endpointFailureOf } from './sagemakerRound';

export interface ModelRequest extends RegionRequest {
  /** Alarm names the model was last known to own (from the fleet round's walk). */
  knownAlarmNames: string[];
}

/**
 * Each endpoint described: a found one stands in for its list entry, a
 * missing one is left out (and reported as not found), any other failure is
 * kept per endpoint.
 */
async function describeModelEndpoints(
  req: ModelRequest,
  names: string[],
): Promise<{
  listed: Map<string, EndpointSummary>;
  failures: Map<string, SourceFailure>;
}> {
  const { ctx, state } = req;
  const listed = new Map<string, EndpointSummary>();
  const failures = new Map<string, SourceFailure>();
  await Promise.all(
    names.map(async name => {
      try {
        const d = await describeEndpoint(ctx, name);
        // An ARN's lower-case name is answered with the endpoint's own spelling.
        const spelt = d.EndpointName || name;
        state.endpoints[spelt] = {
          ...state.endpoints[spelt],
          modified: iso(d.LastModifiedTime) ?? '',
          info: endpointInfoOf(d, ctx.accountId, ctx.region),
        };
        listed.set(spelt, {
          EndpointName: spelt,
          EndpointArn: d.EndpointArn,
          EndpointStatus: d.EndpointStatus,
          CreationTime: d.CreationTime,
          LastModifiedTime: d.LastModifiedTime,
        });
      } catch (error) {
        const failure = endpointFailureOf(ctx, name, error);
        if (failure.outcome === 'not-found') {
          delete state.endpoints[name];
          return;
        }
        listed.set(name, { EndpointName: name } as EndpointSummary);
        failures.set(name, failure);
      }
    }),
  );
  await fillCaptureSampling(ctx, state, listed.keys(), req.now);
  return { listed, failures };
}

async function readRecentExecutions(
  req: ModelRequest,
  schedules: MonitoringScheduleSummary[],
): Promise<void> {
  const { ctx, state } = req;
  await Promise.all(
    schedules.map(async s => {
      const name = s.MonitoringScheduleName!;
      const fresh = (await listRecentExecutions(ctx, name))
        .map(executionInfoOf)
        .filter(e => e !== undefined);
      state.executions[name] = mergeExecutions(state.executions[name], fresh);
    }),
  );
}

export async function readModel(request: ModelRequest): Promise<RegionReading> {
  const { ctx } = request;
  const written = [...new Set(request.targets.flatMap(t => t.endpointNames))];
  const hasEndpoints = written.length > 0;
  const [described, alarms] = await Promise.all([
    hasEndpoints ? describeModelEndpoints(request, written) : undefined,
    attempt(ctx, 'alarms', () =>
      describeAlarmsNamed(ctx, request.knownAlarmNames),
    ),
  ]);
  // The rest of the refresh uses the names as AWS spells them (an ARN writes them in lower case).
  const targets = described
    ? spellAsListed(request.targets, described.listed.keys())
    : request.targets;
  const req = { ...request, targets };
  const { state } = req;
  const endpointNames = [...new Set(targets.flatMap(t => t.endpointNames))];
  const [schedules] = await Promise.all([
    hasEndpoints
      ? attempt(ctx, 'monitoring schedules', async () =>
          (
            await Promise.all(
              endpointNames.map(e => listSchedulesOfEndpoint(ctx, e)),
            )
          ).flat(),
        )
      : undefined,
  ]);
  const { claimed, interest } = schedules?.ok
    ? claimSchedules(state, schedules.value, new Set(endpointNames))
    : { claimed: [], interest: new Set<string>() };
  let executions: Attempt<void> | undefined =
    schedules && !schedules.ok ? schedules : undefined;
  if (schedules?.ok) {
    executions = await attempt(ctx, 'monitoring executions', () =>
      readRecentExecutions(req, claimed),
    );
  }
  // A refresh forces metrics, not Describe calls: a schedule is described only when it changed.
  const scheduleFailures = await describeSchedules(
    { ...req, forced: new Set() },
    claimed,
  );
  const { planned, fetch } = await planAndFetch(req, claimed, {
    scheduleList: schedules?.ok !== false,
    executions: executions?.ok !== false,
  });
  return {
    ...(targets !== request.targets ? { targets } : {}),
    ...(described
      ? { endpoints: { ok: true, value: described.listed } as const }
      : {}),
    schedules,
    executions,
    alarms,
    endpointFailures: described?.failures ?? new Map(),
    scheduleFailures,
    customDiscovery: new Map(),
    planned,
    fetch,
    undiscovered: countUndiscovered(req, interest),
    maxDriftFeatures: driftCapOf(req),
  };
}
