import type { EmulatorStats, OperationStats } from '@mlobs/aws-ml-emulator';

/** The calls one measured step made, from two snapshots of the emulator's statistics. */
export interface CallCounts {
  /** Every request the emulator received, by operation, throttled and failed attempts included. */
  attempts: Record<string, number>;
  /** Requests answered without a throttling error, by operation. */
  answered: Record<string, number>;
  throttled: number;
  /** Answers with an error other than throttling (injected 5xx, denial, validation). */
  failed: number;
  metricsRequested: number;
}

const OUTCOMES: Array<keyof OperationStats> = [
  'calls',
  'throttled',
  'failed',
  'denied',
  'hung',
  'errors',
];

function minus(after?: OperationStats, before?: OperationStats) {
  const out = {} as OperationStats;
  for (const key of OUTCOMES)
    out[key] = (after?.[key] ?? 0) - (before?.[key] ?? 0);
  return out;
}

export function callsBetween(
  before: EmulatorStats,
  after: EmulatorStats,
): CallCounts {
  const attempts: Record<string, number> = {};
  const answered: Record<string, number> = {};
  let throttled = 0;
  let failed = 0;
  for (const op of Object.keys(after.operations)) {
    const d = minus(after.operations[op], before.operations[op]);
    if (d.calls === 0) continue;
    attempts[op] = d.calls;
    answered[op] = d.calls - d.throttled - d.hung;
    throttled += d.throttled;
    failed += d.errors - d.throttled;
  }
  return {
    attempts,
    answered,
    throttled,
    failed,
    metricsRequested:
      after.getMetricData.metricsRequested -
      before.getMetricData.metricsRequested,
  };
}

export function sum(
  counts: Record<string, number>,
  operations?: readonly string[],
): number {
  return Object.entries(counts)
    .filter(([op]) => !operations || operations.includes(op))
    .reduce((total, [, n]) => total + n, 0);
}

/** The CloudWatch operations billed per request (GetMetricData is billed per metric instead). */
export const CLOUDWATCH_REQUEST_BILLED = [
  'DescribeAlarms',
  'ListMetrics',
  'DescribeAlarmsForMetric',
  'DescribeAlarmHistory',
];
