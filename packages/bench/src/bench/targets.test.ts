import type { CallCounts } from '../lib/emulatorStats';
import type { FloorRound } from './floor';
import { bills } from './report';
import { evaluateTargets } from './targets';
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
    const checks = evaluateTargets([
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
