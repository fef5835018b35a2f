import type { FloorRound } from './floor';
import {
  FailureRound,
  hourOf,
  ScheduleFailureMeasurement,
  scheduleFailureTargets,
} from './scheduleFailure';

const floor = (total: number, listMetrics = 0): FloorRound => ({
  calls: {
    ListEndpoints: total,
    ListMonitoringSchedules: 0,
    ListMonitoringExecutions: 0,
    DescribeAlarms: 0,
    GetMetricData: 0,
    DescribeEndpoint: 0,
    DescribeMonitoringSchedule: 0,
  },
  total,
  metricQueries: 0,
  listMetrics,
});

function round(
  scheduleList: FailureRound['scheduleList'],
  attempts: Record<string, number>,
  failed = 0,
): FailureRound {
  return {
    scheduleList,
    discovery: false,
    counts: {
      attempts,
      answered: attempts,
      throttled: 0,
      failed,
      metricsRequested: 10 * (attempts.GetMetricData ?? 0),
    },
    floor: floor(Object.values(attempts).reduce((a, b) => a + b, 0)),
  };
}

const measurement = (failing: FailureRound[]): ScheduleFailureMeasurement => ({
  intervalSeconds: 300,
  rounds: [
    round('healthy', {
      ListMonitoringSchedules: 1,
      ListMonitoringExecutions: 1,
      GetMetricData: 2,
    }),
    round('healthy', {
      ListMonitoringSchedules: 1,
      ListMonitoringExecutions: 1,
    }),
    ...failing,
  ],
});

describe('steady hours with the schedule operations failing', () => {
  it('adds up each hour, failed requests included', () => {
    const m = measurement([
      round('failing', { ListMonitoringSchedules: 1, GetMetricData: 3 }, 1),
      round('failing', { ListMonitoringSchedules: 1 }, 1),
    ]);
    expect(hourOf(m, 'healthy')).toMatchObject({
      rounds: 2,
      attempts: 6,
      worstRound: 4,
      getMetricData: 2,
      metricsRequested: 20,
    });
    expect(hourOf(m, 'failing')).toMatchObject({
      rounds: 2,
      attempts: 5,
      worstRound: 4,
      failed: 2,
      listSchedulesPerRound: 1,
      floor: 5,
    });
    expect(
      scheduleFailureTargets([{ models: 10, scheduleFailure: m }])[0],
    ).toMatchObject({
      status: 'PASS',
      measured:
        '5 vs 6 calls in 2 rounds (worst round 4 vs 4; ListMonitoringSchedules 1 a round)',
    });
  });

  it('fails when the failing hour costs more, or the list is asked again within a round (a retry)', () => {
    const more = measurement([
      round('failing', { ListMonitoringSchedules: 1, GetMetricData: 6 }),
    ]);
    expect(
      scheduleFailureTargets([{ models: 10, scheduleFailure: more }])[0].status,
    ).toBe('FAIL');
    const retried = measurement([
      round('failing', { ListMonitoringSchedules: 3 }, 3),
    ]);
    expect(
      scheduleFailureTargets([{ models: 10, scheduleFailure: retried }])[0]
        .status,
    ).toBe('FAIL');
    expect(scheduleFailureTargets([{ models: 10 }])[0].status).toBe(
      'NOT MEASURED',
    );
  });
});
