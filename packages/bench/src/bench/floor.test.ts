import { FloorTracker, Inventory } from './floor';

const MIN = 60_000;

function fleet(models: number, modified = (_: string) => 0): Inventory {
  const endpoints = new Map<string, number>();
  const schedules = new Map<string, { endpoint: string; modified: number }>();
  for (let i = 1; i <= models; i++) {
    const endpoint = `m${i}-endpoint`;
    endpoints.set(endpoint, 0);
    for (const type of ['dq', 'mq']) {
      const name = `m${i}-${type}`;
      schedules.set(name, { endpoint, modified: modified(name) });
    }
  }
  return { endpoints, schedules, alarms: 2 * models };
}

function tracker(models: number, claimed = models) {
  const metrics = new Map<string, number>();
  for (let i = 1; i <= models; i++) {
    metrics.set(`m${i}-dq`, 8);
    metrics.set(`m${i}-mq`, 5);
  }
  const custom = Array.from({ length: models }, (_, i) => ({
    key: `m${i + 1}:Accuracy`,
    periodMs: 15 * MIN,
  }));
  const endpoints = new Set(
    Array.from({ length: claimed }, (_, i) => `m${i + 1}-endpoint`),
  );
  return new FloorTracker(metrics, custom, endpoints);
}

describe('FloorTracker', () => {
  it('prices a cold round: list pages, one Describe each, every series', () => {
    const round = tracker(250).cold(fleet(250), 1234, 0);
    expect(round.calls).toEqual({
      ListEndpoints: 3,
      ListMonitoringSchedules: 5,
      ListMonitoringExecutions: 13,
      DescribeAlarms: 5,
      // 250 × (8 + 5) Model Monitor metrics + 250 custom = 3,500 queries.
      GetMetricData: 7,
      DescribeEndpoint: 250,
      DescribeMonitoringSchedule: 500,
    });
    expect(round.metricQueries).toBe(3500);
    expect(round.total).toBe(3 + 5 + 13 + 5 + 7 + 250 + 500);
  });

  it('describes only claimed endpoints and their schedules', () => {
    const round = tracker(10, 4).cold(fleet(10), 0, 0);
    expect(round.calls.DescribeEndpoint).toBe(4);
    expect(round.calls.DescribeMonitoringSchedule).toBe(8);
    expect(round.metricQueries).toBe(4 * 13 + 10);
  });

  it('prices a steady round by what changed since the previous one', () => {
    const floor = tracker(200);
    floor.cold(fleet(200), 500, 0);
    // Five minutes later three DataQuality runs completed (one twice listed), one failed.
    const at = 5 * MIN;
    const moved = new Set(['m1-dq', 'm2-dq', 'm3-dq', 'm4-dq']);
    const executions = [
      { schedule: 'm1-dq', status: 'Completed', modified: 2 * MIN },
      {
        schedule: 'm2-dq',
        status: 'CompletedWithViolations',
        modified: 3 * MIN,
      },
      { schedule: 'm3-dq', status: 'Completed', modified: 4 * MIN },
      { schedule: 'm3-dq', status: 'InProgress', modified: 4 * MIN },
      { schedule: 'm4-dq', status: 'Failed', modified: 4 * MIN },
      // Modified before the previous round: outside the window.
      { schedule: 'm5-dq', status: 'Completed', modified: 0 },
    ];
    const round = floor.steady(
      fleet(200, name => (moved.has(name) ? 4 * MIN : 0)),
      executions,
      at,
    );
    expect(round.calls).toEqual({
      ListEndpoints: 2,
      ListMonitoringSchedules: 4,
      ListMonitoringExecutions: 1,
      DescribeAlarms: 4,
      GetMetricData: 1,
      DescribeEndpoint: 0,
      DescribeMonitoringSchedule: 4,
    });
    // Custom series are not due yet (15-minute period): only 3 × 8 drift metrics.
    expect(round.metricQueries).toBe(24);
  });

  it('reads custom series again once their period has passed', () => {
    const floor = tracker(600);
    floor.cold(fleet(600), 0, 0);
    expect(floor.steady(fleet(600), [], 10 * MIN).metricQueries).toBe(0);
    const due = floor.steady(fleet(600), [], 15 * MIN);
    expect(due.metricQueries).toBe(600);
    expect(due.calls.GetMetricData).toBe(2);
    // Read at 15 min, so not due again at 20 min.
    expect(floor.steady(fleet(600), [], 20 * MIN).metricQueries).toBe(0);
  });

  it('prices a round whose schedule list fails: one list call, no executions walk or Describe, the discovery walk', () => {
    // 200 models; Model Monitor namespaces of 1,300 and 1,000 metrics, and two empty ones.
    const floor = new FloorTracker(
      new Map(
        Array.from({ length: 200 }, (_, i) => [
          [`m${i + 1}-dq`, 8],
          [`m${i + 1}-mq`, 5],
        ]).flat() as Array<[string, number]>,
      ),
      [],
      new Set(Array.from({ length: 200 }, (_, i) => `m${i + 1}-endpoint`)),
      [1300, 1000, 0, 0],
    );
    expect(floor.discoveryPages()).toBe(3 + 2 + 1 + 1);
    expect(floor.cold(fleet(200), 0, 0).listMetrics).toBe(7);
    const moved = new Set(['m1-dq']);
    const failing = floor.withoutScheduleList(
      fleet(200, name => (moved.has(name) ? 4 * MIN : 0)),
      [{ schedule: 'm1-dq', status: 'Completed', modified: 4 * MIN }],
      5 * MIN,
    );
    expect(failing.calls).toEqual({
      ListEndpoints: 2,
      ListMonitoringSchedules: 1,
      ListMonitoringExecutions: 0,
      DescribeAlarms: 4,
      // What changed is still the least a round reads: m1's 8 drift metrics.
      GetMetricData: 1,
      DescribeEndpoint: 0,
      DescribeMonitoringSchedule: 0,
    });
    expect(failing.metricQueries).toBe(8);
    expect(failing.total).toBe(8);
    expect(failing.listMetrics).toBe(0);
    expect(
      floor.withoutScheduleList(fleet(200), [], 60 * MIN, true).listMetrics,
    ).toBe(7);
  });

  it('needs a cold round first', () => {
    expect(() => tracker(1).steady(fleet(1), [], 0)).toThrow(/cold round/);
  });
});
