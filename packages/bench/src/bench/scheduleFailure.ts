/**
 * Steady rounds with the schedule operations failing against the same rounds
 * with them healthy: the collector alone (its own state, no added latency or
 * rate limits, so only the counts matter) on the simulated five-minute
 * schedule, an hour healthy, then an hour with ListMonitoringSchedules,
 * DescribeMonitoringSchedule and ListMonitoringExecutions answering an HTML
 * 500 page, discovery at the end of each hour as the plugin does. Every
 * request the emulator receives counts, failed ones included: a retry storm
 * would show. Each round is priced by the floor of its moment, the failing
 * ones by {@link FloorTracker.withoutScheduleList}.
 */
import type { Emulator, FaultConfig } from '@mlobs/aws-ml-emulator';
import { CallCounts, callsBetween, sum } from '../lib/emulatorStats';
import { FloorRound, FloorTracker } from './floor';
import type { EmulatorInventory } from './inventory';

export const SCHEDULE_OPERATIONS = [
  'ListMonitoringSchedules',
  'DescribeMonitoringSchedule',
  'ListMonitoringExecutions',
];

/** The schedule operations answered with an HTML 500 page, as an AWS-compatible endpoint without them. */
export const SCHEDULE_OPERATIONS_FAIL: FaultConfig = {
  operations: Object.fromEntries(
    SCHEDULE_OPERATIONS.map(op => [op, { nonAwsErrorRate: 1 }]),
  ),
};

export interface FailureRound {
  scheduleList: 'healthy' | 'failing';
  discovery: boolean;
  counts: CallCounts;
  floor: FloorRound;
}

export interface ScheduleFailureMeasurement {
  intervalSeconds: number;
  /** An hour of steady rounds with the list healthy, then an hour with it failing. */
  rounds: FailureRound[];
}

export interface ScheduleFailureRun {
  emulator: Emulator;
  inventory: EmulatorInventory;
  floor: FloorTracker;
  /** The emulator's simulated clock (ms), which the run moves forward. */
  clock: { now(): number; advance(ms: number): void };
  lookbackDays: number;
  intervalSeconds: number;
  /** One collector round with its own state (`cold` starts it afresh). */
  collect(round: {
    now: Date;
    cold: boolean;
    discoverMetrics: boolean;
  }): Promise<void>;
}

const HOUR_SECONDS = 3600;

export async function measureScheduleFailure(
  run: ScheduleFailureRun,
): Promise<ScheduleFailureMeasurement> {
  const { emulator, inventory, floor, clock } = run;
  emulator.clearFaults();
  let previousAt = clock.now();
  floor.cold(
    await inventory.read(),
    (
      await inventory.executionsModifiedAfter(
        new Date(previousAt - run.lookbackDays * 86_400_000),
      )
    ).length,
    previousAt,
  );
  await run.collect({
    now: new Date(previousAt),
    cold: true,
    discoverMetrics: true,
  });

  const perHour = Math.max(1, Math.round(HOUR_SECONDS / run.intervalSeconds));
  const rounds: FailureRound[] = [];
  for (const scheduleList of ['healthy', 'failing'] as const) {
    for (let r = 1; r <= perHour; r++) {
      clock.advance(run.intervalSeconds * 1000);
      const at = clock.now();
      const discovery = r === perHour;
      // The floor of the moment, read with the faults off.
      emulator.clearFaults();
      const now = await inventory.read();
      const executions = await inventory.executionsModifiedAfter(
        new Date(previousAt),
      );
      const priced =
        scheduleList === 'healthy'
          ? floor.steady(now, executions, at, discovery)
          : floor.withoutScheduleList(now, executions, at, discovery);
      if (scheduleList === 'failing')
        emulator.setFaults(SCHEDULE_OPERATIONS_FAIL);
      const before = emulator.stats();
      try {
        await run.collect({
          now: new Date(at),
          cold: false,
          discoverMetrics: discovery,
        });
      } finally {
        emulator.clearFaults();
      }
      rounds.push({
        scheduleList,
        discovery,
        counts: callsBetween(before, emulator.stats()),
        floor: priced,
      });
      previousAt = at;
    }
  }
  return { intervalSeconds: run.intervalSeconds, rounds };
}

/** Every request of a round, failed and throttled attempts included. */
export const attemptsOf = (r: FailureRound) => sum(r.counts.attempts);

/** Totals of one hour (healthy or failing). */
export function hourOf(
  m: ScheduleFailureMeasurement,
  scheduleList: FailureRound['scheduleList'],
) {
  const rounds = m.rounds.filter(r => r.scheduleList === scheduleList);
  const total = (f: (r: FailureRound) => number) =>
    rounds.reduce((n, r) => n + f(r), 0);
  return {
    rounds: rounds.length,
    attempts: total(attemptsOf),
    worstRound: Math.max(0, ...rounds.map(attemptsOf)),
    failed: total(r => r.counts.failed),
    listSchedulesPerRound: Math.max(
      0,
      ...rounds.map(r => r.counts.attempts.ListMonitoringSchedules ?? 0),
    ),
    getMetricData: total(r => r.counts.attempts.GetMetricData ?? 0),
    metricsRequested: total(r => r.counts.metricsRequested),
    listMetrics: total(r => r.counts.attempts.ListMetrics ?? 0),
    floor: total(r => r.floor.total + r.floor.listMetrics),
  };
}

/** At every size: a steady hour with the schedule operations failing costs no more AWS calls than a healthy one. */
export function scheduleFailureTargets(
  results: Array<{
    models: number;
    scheduleFailure?: ScheduleFailureMeasurement;
  }>,
): Array<{
  target: string;
  measured: string;
  status: 'PASS' | 'FAIL' | 'NOT MEASURED';
}> {
  return results.map(result => {
    const target = `steady hour with the schedule operations failing ≤ healthy hour's AWS calls at N=${result.models}`;
    const m = result.scheduleFailure;
    if (!m) return { target, measured: 'not measured', status: 'NOT MEASURED' };
    const healthy = hourOf(m, 'healthy');
    const failing = hourOf(m, 'failing');
    return {
      target,
      measured: `${failing.attempts} vs ${healthy.attempts} calls in ${failing.rounds} rounds (worst round ${failing.worstRound} vs ${healthy.worstRound}; ListMonitoringSchedules ${failing.listSchedulesPerRound} a round)`,
      status:
        failing.attempts <= healthy.attempts &&
        failing.listSchedulesPerRound <= 1
          ? 'PASS'
          : 'FAIL',
    };
  });
}
