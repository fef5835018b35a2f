/**
 * The SageMaker part of a region's round: the execution window and the
 * Describe calls made only for resources whose LastModifiedTime moved (or
 * that a person asked to refresh). The details they return are kept in state.
 */
import type {
  EndpointSummary,
  MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import { AwsCallError, RegionContext } from './context';
import { fillCaptureSampling } from './dataCapture';
import type { SourceFailure } from './errors';
import {
  describeEndpoint,
  describeSchedule,
  endpointInfoOf,
  executionInfoOf,
  iso,
  listExecutionsModifiedAfter,
  mergeExecutions,
  scheduleDetailsOf,
} from './sagemaker';
import type { RegionCollectorState } from './state';
import type { CollectionTarget } from './types';

/** Re-read this much before the previous round, so an execution modified during it is not missed. */
export const EXECUTION_WINDOW_OVERLAP_MS = 2 * 60 * 1000;

export interface SageMakerRound {
  ctx: RegionContext;
  targets: CollectionTarget[];
  state: RegionCollectorState;
  now: Date;
  lookbackMs: number;
  forced: Set<string>;
}

function forcedEndpoints(req: SageMakerRound): Set<string> {
  return new Set(
    req.targets
      .filter(t => req.forced.has(t.entityRef))
      .flatMap(t => t.endpointNames),
  );
}

export function dropSchedule(state: RegionCollectorState, name: string): void {
  delete state.schedules[name];
  delete state.executions[name];
  delete state.monitorMetrics[name];
  delete state.scheduleFetch[name];
  delete state.scheduleEndpoints[name];
  const prefix = `mm|${name}|`;
  for (const id of Object.keys(state.series)) {
    if (id.startsWith(prefix)) delete state.series[id];
  }
}

/** SageMaker answers a missing endpoint with a ValidationException, not a not-found code. */
export function endpointFailureOf(
  ctx: RegionContext,
  name: string,
  error: unknown,
): SourceFailure {
  const gone =
    error instanceof AwsCallError &&
    error.code === 'ValidationException' &&
    /could not find/i.test(String((error.cause as Error)?.message));
  return gone
    ? {
        outcome: 'not-found',
        message: `endpoint ${name} not found in ${ctx.where}`,
      }
    : ctx.failureOf(error, `endpoint ${name}`);
}

export async function describeEndpoints(
  req: SageMakerRound,
  listed: Map<string, EndpointSummary>,
  claimed: Set<string>,
): Promise<Map<string, SourceFailure>> {
  const { ctx, state } = req;
  const failures = new Map<string, SourceFailure>();
  const forced = forcedEndpoints(req);
  for (const name of Object.keys(state.endpoints)) {
    if (!listed.has(name)) delete state.endpoints[name];
  }
  const due = [...claimed].filter(name => {
    const summary = listed.get(name);
    if (!summary) return false;
    const cached = state.endpoints[name];
    return (
      forced.has(name) ||
      !cached ||
      cached.modified !== iso(summary.LastModifiedTime)
    );
  });
  await Promise.all(
    due.map(async name => {
      try {
        const described = await describeEndpoint(ctx, name);
        state.endpoints[name] = {
          ...state.endpoints[name],
          modified: iso(listed.get(name)!.LastModifiedTime) ?? '',
          info: endpointInfoOf(described, ctx.accountId, ctx.region),
        };
      } catch (error) {
        failures.set(name, endpointFailureOf(ctx, name, error));
      }
    }),
  );
  // Every claimed endpoint, not only those described: a failed config lookup is retried in time.
  await fillCaptureSampling(
    ctx,
    state,
    [...claimed].filter(name => listed.has(name)),
    req.now,
  );
  return failures;
}

export async function readExecutions(
  req: SageMakerRound,
  interest: Set<string>,
): Promise<void> {
  const { ctx, state, now } = req;
  const listedAt = state.executionsListedAt
    ? Date.parse(state.executionsListedAt)
    : NaN;
  const since = Math.max(
    now.getTime() - req.lookbackMs,
    Number.isNaN(listedAt) ? -Infinity : listedAt - EXECUTION_WINDOW_OVERLAP_MS,
  );
  const summaries = await listExecutionsModifiedAfter(ctx, new Date(since));
  const bySchedule = new Map<string, ReturnType<typeof executionInfoOf>[]>();
  for (const s of summaries) {
    const name = s.MonitoringScheduleName;
    if (!name || !interest.has(name)) continue;
    const list = bySchedule.get(name) ?? [];
    list.push(executionInfoOf(s));
    bySchedule.set(name, list);
  }
  for (const [name, list] of bySchedule) {
    state.executions[name] = mergeExecutions(
      state.executions[name],
      list.filter(e => e !== undefined),
    );
  }
  state.executionsListedAt = now.toISOString();
}

/**
 * A schedule's LastModifiedTime also moves whenever one of its executions
 * changes; when it equals such an execution's, the schedule itself did not
 * change and needs no Describe.
 */
function movedByExecution(
  state: RegionCollectorState,
  name: string,
  modified: string,
): boolean {
  return (state.executions[name] ?? []).some(
    e => e.lastModifiedTime === modified,
  );
}

export async function describeSchedules(
  req: SageMakerRound,
  claimed: MonitoringScheduleSummary[],
): Promise<Map<string, SourceFailure>> {
  const { ctx, state } = req;
  const failures = new Map<string, SourceFailure>();
  const forced = forcedEndpoints(req);
  const due: MonitoringScheduleSummary[] = [];
  for (const s of claimed) {
    const name = s.MonitoringScheduleName!;
    const modified = iso(s.LastModifiedTime) ?? '';
    const cached = state.schedules[name];
    if (!cached || forced.has(s.EndpointName ?? '')) due.push(s);
    else if (cached.modified !== modified) {
      if (movedByExecution(state, name, modified)) cached.modified = modified;
      else due.push(s);
    }
  }
  await Promise.all(
    due.map(async s => {
      const name = s.MonitoringScheduleName!;
      try {
        const described = await describeSchedule(ctx, name);
        state.schedules[name] = {
          modified: iso(s.LastModifiedTime) ?? '',
          details: scheduleDetailsOf(described),
        };
        const last = described.LastMonitoringExecutionSummary
          ? executionInfoOf(described.LastMonitoringExecutionSummary)
          : undefined;
        if (last)
          state.executions[name] = mergeExecutions(state.executions[name], [
            last,
          ]);
      } catch (error) {
        failures.set(
          name,
          error instanceof AwsCallError && error.failure.outcome === 'not-found'
            ? {
                outcome: 'not-found',
                message: `monitoring schedule ${name} not found in ${ctx.where}`,
              }
            : ctx.failureOf(error, `monitoring schedule ${name}`),
        );
      }
    }),
  );
  return failures;
}
