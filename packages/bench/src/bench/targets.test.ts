import type { CallCounts } from '../lib/emulatorStats';
import type { FloorRound } from './floor';
import { bills, rateLimitedSecondsFromFull } from './report';
import type { AlertsResult } from './alerts';
import { burstFloor } from './alertsBurst';
import {
  alertTargets,
  callAndLatencyTargets,
  evaluateTargets,
  fleetPageTargets,
  refreshTargets,
  roundTargets,
} from './targets';
import type { MeasuredRound, SizeResult } from './types';

const latency = (p95: number) => ({
  count: 10,
  p50: p95 / 2,
  p95,
  max: p95,
  mean: p95 / 2,
});
const floorOf = (total: number): FloorRound => ({
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
  listMetrics: 0,
});
const counts = (
  answered: Record<string, number>,
  metricsRequested = 0,
): CallCounts => ({
  attempts: answered,
  answered,
  throttled: 0,
  failed: 0,
  metricsRequested,
});
function round(
  source: MeasuredRound['source'],
  kind: MeasuredRound['kind'],
  ours: number,
  floor: number,
  extra: Record<string, number> = {},
  metrics = 0,
): MeasuredRound {
  return {
    source,
    kind,
    at: '2026-01-01T00:00:00.000Z',
    conditions: { latencyMs: 0, jitterMs: 0, limits: false },
    wallMs: 1,
    counts: counts({ ListEndpoints: ours, ...extra }, metrics),
    floor: floorOf(floor),
    floorOperationCalls: ours,
    discovery: false,
    degradedSources: 0,
  };
}
function size(
  models: number,
  rounds: MeasuredRound[],
  reportP95 = 10,
  catalogP95 = 6,
): SizeResult {
  return {
    models,
    catalogIngestMs: 1,
    rounds,
    serving: {
      report: latency(reportP95),
      fleet: latency(20),
      catalog: latency(catalogP95),
      errors: [],
      wallMs: 1,
    },
    memory: { rssMb: 1, heapUsedMb: 1, samples: 1 },
    wallMs: 1,
  };
}
const baseline = (
  answered: Record<string, number>,
  metricsRequested: number,
) => ({
  models: 1000,
  conditions: { latencyMs: 40, jitterMs: 20, limits: true },
  wallMs: 1,
  cpuMs: 1,
  failedModels: 0,
  counts: counts(answered, metricsRequested),
  metricsPerModel: 14,
});

describe('evaluateTargets', () => {
  it('checks the worst round against the floor, the steady ratio at N=1,000 and the report p95', () => {
    const at1000 = {
      ...size(1000, [
        round('plugin', 'cold', 3100, 3050),
        round('plugin', 'steady', 60, 51),
        // The simulated schedule is the steady state the baseline is compared with.
        round('simulated', 'steady', 50, 51),
        round('simulated', 'steady', 70, 60),
      ]),
      baseline: baseline(
        {
          DescribeEndpoint: 1000,
          DescribeAlarms: 1000,
          GetMetricData: 1000,
          ListMonitoringSchedules: 1000,
          DescribeMonitoringSchedule: 2000,
        },
        14_000,
      ),
    };
    const checks = callAndLatencyTargets([
      size(10, [round('plugin', 'cold', 40, 30)], 25, 10),
      at1000,
    ]);
    expect(checks.map(c => [c.target, c.status])).toEqual([
      ['ours/floor ≤ 1.2 at N=10 (every round)', 'FAIL'],
      ['ours/floor ≤ 1.2 at N=1000 (every round)', 'PASS'],
      ['baseline/ours ≥ 20 in steady state at N=1000', 'PASS'],
      ['report p95 ≤ 2 × catalog lookup p95 at N=10', 'FAIL'],
      ['report p95 ≤ 2 × catalog lookup p95 at N=1000', 'PASS'],
    ]);
    expect(checks[0].measured).toContain('1.33');
    // 6,000 baseline calls against an average of 60 in the simulated steady rounds.
    expect(checks[2].measured).toMatch(/^100\.0 /);
  });

  it('does not pass or fail a target it could not measure', () => {
    const checks = evaluateTargets([
      size(100, [round('plugin', 'cold', 5, 5)]),
    ]);
    expect(checks.find(c => c.target.startsWith('baseline/ours'))?.status).toBe(
      'NOT MEASURED',
    );
  });
});

const refreshOf = (calls: number[], status = 200): SizeResult['refresh'] => ({
  conditions: { latencyMs: 40, jitterMs: 20, limits: true },
  samples: calls.map((n, i) => ({
    model: `scale-model-0000${i + 1}`,
    status,
    wallMs: 300,
    counts: counts({ DescribeEndpoint: n }),
    calls: n,
    schedules: 2,
  })),
});

describe('refreshTargets', () => {
  it('passes a refresh of at most 12 calls that does not grow with N', () => {
    const checks = refreshTargets([
      { ...size(10, []), refresh: refreshOf([8, 8, 8]) },
      { ...size(5000, []), refresh: refreshOf([8, 8, 8]) },
    ]);
    expect(checks.map(c => c.status)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(checks[2].measured).toBe('N=10: 8/8/8; N=5000: 8/8/8');
  });

  it('fails a refresh whose calls grow with the fleet, and one over 12 calls', () => {
    const checks = refreshTargets([
      { ...size(10, []), refresh: refreshOf([8, 8, 8]) },
      { ...size(5000, []), refresh: refreshOf([8, 260, 8]) },
    ]);
    expect(checks.map(c => [c.target, c.status])).toEqual([
      [
        'refresh of one model (one endpoint, 2 schedules) ≤ 12 AWS calls at N=10',
        'PASS',
      ],
      [
        'refresh of one model (one endpoint, 2 schedules) ≤ 12 AWS calls at N=5000',
        'FAIL',
      ],
      ['refresh of one model: the same AWS calls at every N', 'FAIL'],
    ]);
  });

  it('fails a refresh that is not answered with a report', () => {
    const [check] = refreshTargets([
      { ...size(10, []), refresh: refreshOf([0], 429) },
    ]);
    expect(check.status).toBe('FAIL');
    expect(check.measured).toContain('HTTP 429');
  });

  it('does not judge flatness from one size', () => {
    const checks = refreshTargets([
      { ...size(10, []), refresh: refreshOf([8]) },
    ]);
    expect(checks[1].status).toBe('NOT MEASURED');
  });
});

describe('roundTargets', () => {
  const steady = (wallMs: number, aloneMs: number, statements: number) => ({
    ...round('plugin', 'steady', 301, 301),
    wallMs,
    awsAlone: {
      wallMs: aloneMs,
      replayed: { ListEndpoints: 301 },
      skipped: {},
      failed: 0,
    },
    statements: { total: statements, byCommand: {}, complete: true },
  });
  const cold = (wallMs: number) => ({
    ...round('plugin', 'cold', 15000, 15000),
    wallMs,
  });
  const at5000 = (
    rounds: MeasuredRound[],
    timeoutMs = 240_000,
  ): SizeResult => ({
    ...size(5000, rounds),
    taskTimeout: { ms: timeoutMs, source: 'test' },
  });

  it('passes a steady round within 2 × its AWS calls alone, a cold round with 30% margin and N/50 statements', () => {
    const checks = roundTargets([
      at5000([cold(160_000), steady(60_000, 40_000, 100)]),
    ]);
    expect(checks.map(c => c.status)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(checks[0].measured).toMatch(/^1\.50 × \(60\.0 s vs 40\.0 s/);
    expect(checks[1].measured).toContain('margin 33%');
    expect(checks[2].measured).toBe('100 statements (limit 100)');
  });

  it('fails them as today: 112 s for AWS calls of 40 s, 309 s of 240 s, thousands of statements', () => {
    const checks = roundTargets([
      at5000([cold(309_000), steady(112_000, 40_000, 25_000)]),
    ]);
    expect(checks.map(c => c.status)).toEqual(['FAIL', 'FAIL', 'FAIL']);
  });

  it('does not measure what the run could not: no N = 5,000, a partial replay, evicted statements', () => {
    const small = roundTargets([
      { ...size(100, [cold(1000), steady(700, 100, 800)]) },
    ]);
    expect(small.map(c => c.status)).toEqual([
      'NOT MEASURED',
      'NOT MEASURED',
      'NOT MEASURED',
    ]);
    expect(small[2].measured).toContain('at N=100: 800 statements');

    const partial = steady(60_000, 40_000, 100);
    partial.awsAlone.skipped = { ListTags: 3 };
    partial.statements.complete = false;
    const checks = roundTargets([at5000([cold(100_000), partial])]);
    expect(checks[0].status).toBe('NOT MEASURED');
    expect(checks[0].measured).toContain('ListTags');
    expect(checks[2].status).toBe('NOT MEASURED');
  });

  it('says why statements were not counted', () => {
    const checks = roundTargets([
      {
        ...at5000([cold(100_000), steady(60_000, 40_000, 1)]),
        statementsNotCounted: 'the run uses SQLite',
      },
    ]);
    expect(checks[2]).toMatchObject({
      status: 'NOT MEASURED',
      measured: 'not counted: the run uses SQLite',
    });
  });
});

describe('fleetPageTargets', () => {
  it('compares the fleet page with the catalog page of the same 50 entities at every N', () => {
    const withPage = (models: number, fleet: number, page: number) => {
      const s = size(models, []);
      return {
        ...s,
        serving: {
          ...s.serving,
          fleet: latency(fleet),
          catalogPage: latency(page),
        },
      };
    };
    const checks = fleetPageTargets([
      withPage(10, 15, 10),
      withPage(5000, 16, 10),
      size(100, []),
    ]);
    expect(checks.map(c => c.status)).toEqual(['PASS', 'FAIL', 'NOT MEASURED']);
    expect(checks[1].measured).toBe('1.60 × (16.0 vs 10.0 ms)');
  });
});

describe('evaluateTargets, issue 11', () => {
  it('keeps every earlier target and adds the issue 11 and 12 ones', () => {
    const targets = evaluateTargets([
      size(10, [round('plugin', 'cold', 4, 4)]),
    ]).map(c => c.target);
    expect(targets).toEqual([
      'ours/floor ≤ 1.2 at N=10 (every round)',
      'baseline/ours ≥ 20 in steady state at N=1000',
      'report p95 ≤ 2 × catalog lookup p95 at N=10',
      'refresh of one model: the same AWS calls at every N',
      'steady round ≤ 2 × its AWS calls alone at N=5000',
      'cold round inside the task timeout with ≥ 30% margin at N=5000',
      'database statements per steady round ≤ N/50 at N=5000',
      'fleet page p95 ≤ 1.5 × catalog page of 50 p95 at N=10',
      "steady hour with the schedule operations failing ≤ healthy hour's AWS calls at N=10",
    ]);
  });
});

describe('bills', () => {
  it('scales the simulated window for ours and one refresh for the baseline', () => {
    const result: SizeResult = {
      ...size(1000, [
        round(
          'simulated',
          'cold',
          3000,
          3000,
          { DescribeAlarms: 20, ListMetrics: 60 },
          13_000,
        ),
        round('simulated', 'steady', 50, 50, { DescribeAlarms: 20 }, 100),
        round(
          'simulated',
          'steady',
          50,
          50,
          { DescribeAlarms: 20, ListMetrics: 60 },
          1100,
        ),
      ]),
      simulation: { intervalSeconds: 300, windowSeconds: 600 },
      baseline: baseline(
        { DescribeAlarms: 1000, DescribeEndpoint: 1000 },
        14_000,
      ),
    };
    const b = bills([result])!;
    // Steady rounds only: 100 CloudWatch requests and 1,200 metrics in 10 minutes, × 4,320.
    expect(b.ours.cloudWatchRequests).toBeCloseTo(100 * 4320);
    expect(b.ours.metricsRequested).toBeCloseTo(1200 * 4320);
    // The baseline's SageMaker calls are free: 1,000 DescribeAlarms per refresh, × 8,640.
    expect(b.baseline.cloudWatchRequests).toBeCloseTo(8_640_000);
    expect(b.baseline.metricsUsd).toBeCloseTo(1209.6);
  });
});

describe('rateLimitedSecondsFromFull', () => {
  it('lets the first calls of each operation through a full bucket, the slowest operation deciding', () => {
    // ListMonitoringSchedules 2/s: 100 pages, 2 free, 98 at 2/s; DescribeAlarms 9/s: 100 pages, 91 at 9/s.
    expect(
      rateLimitedSecondsFromFull({
        ListMonitoringSchedules: 100,
        DescribeAlarms: 100,
      }),
    ).toBeCloseTo(49);
    expect(rateLimitedSecondsFromFull({ ListEndpoints: 2 })).toBe(0);
    expect(rateLimitedSecondsFromFull({ SomethingUnlimited: 1000 })).toBe(0);
  });
});

describe('alertTargets', () => {
  function alerts(
    receives: number,
    deletes: number,
    sent: number,
    idleStarts: number[],
  ): AlertsResult {
    const burst = {
      messages: 1000,
      receives,
      deleteBatches: deletes,
      total: receives + deletes,
      emptyQueueMs: 600,
      waitTimeSeconds: 20,
      maxMessages: 10,
    };
    const span = idleStarts.length > 1 ? idleStarts.at(-1)! - idleStarts[0] : 0;
    return {
      models: 500,
      alarms: 1000,
      transitions: 1000,
      messages: 1000,
      eventsBeforeBurst: 0,
      byState: { ALARM: 500, OK: 300, INSUFFICIENT_DATA: 200 },
      waitTimeSeconds: 20,
      pollFrequencySeconds: 5,
      maxMessages: 10,
      database: 'x',
      catalogMs: 1,
      roundMs: 1,
      enqueueMs: 1,
      burst: {
        counts: counts({}),
        consumerCalls: {
          ReceiveMessage: receives,
          DeleteMessageBatch: deletes,
        },
        receives,
        deleteBatches: deletes,
        total: burst.total,
        windowMs: 500_000,
        emptyQueueMs: burst.emptyQueueMs,
        floor: burstFloor(burst),
      },
      notifications: {
        owed: 700,
        owedByState: { ALARM: 500, OK: 200, INSUFFICIENT_DATA: 0 },
        sent,
        sentAfterIdle: sent,
        bySweep: 0,
        mismatchedAlarms: [],
      },
      idle: {
        polls: idleStarts.length,
        windowMs: 120_000,
        ...(span ? { perHour: ((idleStarts.length - 1) / span) * 3.6e6 } : {}),
        floorPerHour: 180,
        calls: { ReceiveMessage: idleStarts.length },
      },
      wallMs: 1,
    };
  }
  const statuses = (a: AlertsResult) => alertTargets(a).map(c => c.status);

  it('passes a burst at the floor with every notification owed, and a long-polling idle queue', () => {
    expect(statuses(alerts(101, 101, 700, [0, 25_000, 50_000]))).toEqual([
      'PASS',
      'PASS',
      'PASS',
    ]);
  });

  it('fails calls above 1.1 × the floor, a notification too many, and polling faster than long polls', () => {
    expect(statuses(alerts(130, 101, 701, [0, 5_000, 10_000]))).toEqual([
      'FAIL',
      'FAIL',
      'FAIL',
    ]);
  });

  it('does not take an idle rate from one poll', () => {
    expect(statuses(alerts(101, 101, 700, [0]))[2]).toBe('NOT MEASURED');
  });
});
