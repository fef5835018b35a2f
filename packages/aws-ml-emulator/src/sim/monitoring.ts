import { hashString, uniform } from '../util/hash';
import { MINUTE, SECOND, compactStamp } from '../util/time';
import { Cadence, previousRun, runsBetween } from './cron';
import type { MonitoringType } from './model';

export type ExecutionStatus =
  | 'Pending'
  | 'InProgress'
  | 'Completed'
  | 'CompletedWithViolations'
  | 'Failed'
  | 'Stopping'
  | 'Stopped';

export interface ExecutionOutcome {
  status: 'Completed' | 'CompletedWithViolations' | 'Failed';
  failureReason?: string;
}

/** Everything needed to derive a schedule's executions as a pure function of time. */
export interface ScheduleRuntime {
  name: string;
  account: string;
  region: string;
  endpointName?: string;
  type: MonitoringType;
  jobDefinitionName?: string;
  cadence: Cadence;
  createdAt: number;
  /** No executions are scheduled after this instant (schedule stopped). */
  stoppedAt?: number;
  stream: number;
  outcome(scheduledAt: number): ExecutionOutcome;
}

export interface Execution {
  scheduleName: string;
  scheduledAt: number;
  createdAt: number;
  startedAt: number;
  endedAt: number;
  lastModifiedAt: number;
  status: ExecutionStatus;
  failureReason?: string;
  endpointName?: string;
  type: MonitoringType;
  jobDefinitionName?: string;
  account: string;
  region: string;
}

/**
 * When a run is created, starts and finishes. A monitoring processing job is created a
 * minute or so after its scheduled hour, waits a few minutes for capacity, then runs 6-16 minutes.
 */
export function executionTiming(runtime: ScheduleRuntime, scheduledAt: number) {
  const slot = scheduledAt / SECOND;
  const createdAt =
    scheduledAt +
    Math.round((20 + 60 * uniform(runtime.stream, slot)) * SECOND);
  const startedAt =
    createdAt +
    Math.round((90 + 150 * uniform(runtime.stream + 1, slot)) * SECOND);
  const endedAt =
    startedAt +
    Math.round((6 + 10 * uniform(runtime.stream + 2, slot)) * MINUTE);
  return { createdAt, startedAt, endedAt };
}

export function executionAt(
  runtime: ScheduleRuntime,
  scheduledAt: number,
  now: number,
): Execution | undefined {
  if (!scheduledWithin(runtime, scheduledAt)) return undefined;
  const { createdAt, startedAt, endedAt } = executionTiming(
    runtime,
    scheduledAt,
  );
  if (now < createdAt) return undefined;
  let status: ExecutionStatus;
  let lastModifiedAt: number;
  let failureReason: string | undefined;
  if (now < startedAt) {
    status = 'Pending';
    lastModifiedAt = createdAt;
  } else if (now < endedAt) {
    status = 'InProgress';
    lastModifiedAt = startedAt;
  } else {
    const outcome = outcomeOf(runtime, scheduledAt);
    status = outcome.status;
    failureReason = outcome.failureReason;
    lastModifiedAt = endedAt;
  }
  return {
    scheduleName: runtime.name,
    scheduledAt,
    createdAt,
    startedAt,
    endedAt,
    lastModifiedAt,
    status,
    failureReason,
    endpointName: runtime.endpointName,
    type: runtime.type,
    jobDefinitionName: runtime.jobDefinitionName,
    account: runtime.account,
    region: runtime.region,
  };
}

function scheduledWithin(
  runtime: ScheduleRuntime,
  scheduledAt: number,
): boolean {
  return (
    scheduledAt >= runtime.createdAt &&
    (runtime.stoppedAt === undefined || scheduledAt <= runtime.stoppedAt)
  );
}

const OUTCOME_CACHE_LIMIT = 4096;
const outcomeCaches = new WeakMap<
  ScheduleRuntime,
  Map<number, ExecutionOutcome>
>();

/** Outcomes are pure but not cheap (a DataQuality run checks every feature), so they are memoised. */
function outcomeOf(
  runtime: ScheduleRuntime,
  scheduledAt: number,
): ExecutionOutcome {
  let cache = outcomeCaches.get(runtime);
  if (!cache) outcomeCaches.set(runtime, (cache = new Map()));
  let outcome = cache.get(scheduledAt);
  if (!outcome) {
    if (cache.size >= OUTCOME_CACHE_LIMIT) cache.clear();
    outcome = runtime.outcome(scheduledAt);
    cache.set(scheduledAt, outcome);
  }
  return outcome;
}

/** Runs scheduled in [from, to) that had finished by `asOf`, without building summaries. */
export function* finishedRuns(
  runtime: ScheduleRuntime,
  from: number,
  to: number,
  asOf: number,
  descending = false,
): Generator<{ scheduledAt: number; outcome: ExecutionOutcome }> {
  const lower = Math.max(from, runtime.createdAt);
  const upper = Math.min(to, asOf + 1, (runtime.stoppedAt ?? Infinity) + 1);
  if (lower >= upper) return;
  for (const at of runsBetween(runtime.cadence, lower, upper, descending)) {
    if (executionTiming(runtime, at).endedAt > asOf) continue;
    yield { scheduledAt: at, outcome: outcomeOf(runtime, at) };
  }
}

/** Only runs that started have a processing job. */
export function processingJobArnOf(execution: Execution): string | undefined {
  if (execution.status === 'Pending') return undefined;
  const suffix = [0, 1, 2]
    .map(i =>
      hashString(`${execution.scheduleName}:${execution.scheduledAt}:${i}`)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  const name = `model-monitoring-${compactStamp(
    execution.scheduledAt,
  )}-${suffix}`;
  return `arn:aws:sagemaker:${execution.region}:${execution.account}:processing-job/${name}`;
}

/** The most recent execution that exists at `now`, whatever its status. */
export function latestExecution(
  runtime: ScheduleRuntime,
  now: number,
): Execution | undefined {
  let at = previousRun(
    runtime.cadence,
    Math.min(now, runtime.stoppedAt ?? now),
  );
  for (let guard = 0; at !== undefined && guard < 3; guard++) {
    const execution = executionAt(runtime, at, now);
    if (execution) return execution;
    at = previousRun(runtime.cadence, at - 1);
  }
  return undefined;
}

/** Scheduled instant of the last execution that had finished by `t`. */
export function lastFinishedBefore(
  runtime: ScheduleRuntime,
  t: number,
): number | undefined {
  let at = previousRun(runtime.cadence, t);
  for (let guard = 0; at !== undefined && guard < 4; guard++) {
    if (
      scheduledWithin(runtime, at) &&
      executionTiming(runtime, at).endedAt <= t
    )
      return at;
    at = previousRun(runtime.cadence, at - 1);
  }
  return undefined;
}

/** Executions whose scheduled time lies in [from, to), as they look at `now`. */
export function* executionsBetween(
  runtime: ScheduleRuntime,
  from: number,
  to: number,
  now: number,
  descending: boolean,
): Generator<Execution> {
  const lower = Math.max(from, runtime.createdAt);
  const upper = Math.min(to, now + 1, (runtime.stoppedAt ?? Infinity) + 1);
  if (lower >= upper) return;
  for (const at of runsBetween(runtime.cadence, lower, upper, descending)) {
    const execution = executionAt(runtime, at, now);
    if (execution) yield execution;
  }
}
