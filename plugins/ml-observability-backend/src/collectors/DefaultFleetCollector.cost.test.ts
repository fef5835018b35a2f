/**
 * The cost contract of the issue, proven with exact call counts from the
 * emulator's stats route at N=200: a round costs at most 1.2 × the batching
 * floor, computed from the emulator's own resource counts.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  ListEndpointsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  MonitoringExecutionSummary,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { emulatorClientConfig } from '@mlobs/aws-ml-emulator';
import {
  PRIMARY,
  PRIMARY_REGION,
  Fixture,
  startFixture,
  target,
} from './__testUtils__/emulatorFixture';
import type { CollectionResult, CollectionTarget } from './types';

const MODELS = 200;
const OVERLAP_MS = 2 * 60 * 1000;

interface EmulatorStats {
  operations: Record<string, { calls: number }>;
  getMetricData: { calls: number; metricsRequested: number };
}

async function statsRoute(f: Fixture): Promise<EmulatorStats> {
  const response = await fetch(`${f.emulator.url}/__emulator/stats`);
  return (await response.json()) as EmulatorStats;
}

function calls(stats: EmulatorStats, operation: string): number {
  return stats.operations[operation]?.calls ?? 0;
}

/** Reads the emulator's resources directly (before its stats are reset), to compute the floor. */
class Inventory {
  private readonly sagemaker: SageMakerClient;
  private readonly cloudwatch: CloudWatchClient;

  constructor(url: string) {
    const common = emulatorClientConfig({
      url,
      accountId: PRIMARY,
      region: PRIMARY_REGION,
      // The SDK's default, so the inventory rides out the emulator's faults.
      maxAttempts: 3,
    });
    this.sagemaker = new SageMakerClient(common);
    this.cloudwatch = new CloudWatchClient(common);
  }

  close() {
    this.sagemaker.destroy();
    this.cloudwatch.destroy();
  }

  async endpoints(): Promise<number> {
    let n = 0;
    let NextToken: string | undefined;
    do {
      const page = await this.sagemaker.send(
        new ListEndpointsCommand({ MaxResults: 100, NextToken }),
      );
      n += page.Endpoints?.length ?? 0;
      NextToken = page.NextToken;
    } while (NextToken);
    return n;
  }

  async schedules(): Promise<Map<string, Date>> {
    const out = new Map<string, Date>();
    let NextToken: string | undefined;
    do {
      const page = await this.sagemaker.send(
        new ListMonitoringSchedulesCommand({ MaxResults: 100, NextToken }),
      );
      for (const s of page.MonitoringScheduleSummaries ?? [])
        out.set(s.MonitoringScheduleName!, s.LastModifiedTime!);
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async executionsModifiedAfter(
    since: Date,
  ): Promise<MonitoringExecutionSummary[]> {
    const out: MonitoringExecutionSummary[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.sagemaker.send(
        new ListMonitoringExecutionsCommand({
          MaxResults: 100,
          LastModifiedTimeAfter: since,
          CreationTimeAfter: new Date(since.getTime() - 2 * 86400_000),
          NextToken,
        }),
      );
      out.push(...(page.MonitoringExecutionSummaries ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async alarms(): Promise<number> {
    let n = 0;
    let NextToken: string | undefined;
    do {
      const page = await this.cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 100,
          NextToken,
        }),
      );
      n +=
        (page.MetricAlarms?.length ?? 0) + (page.CompositeAlarms?.length ?? 0);
      NextToken = page.NextToken;
    } while (NextToken);
    return n;
  }

  /** Drift and quality metrics Model Monitor published, by schedule. */
  async monitorMetricsBySchedule(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const [namespace, wanted] of [
      [
        'aws/sagemaker/Endpoints/data-metrics',
        (n: string) => n.startsWith('feature_baseline_drift_'),
      ],
      ['aws/sagemaker/Endpoints/model-metrics', () => true],
    ] as const) {
      let NextToken: string | undefined;
      do {
        const page = await this.cloudwatch.send(
          new ListMetricsCommand({ Namespace: namespace, NextToken }),
        );
        for (const m of page.Metrics ?? []) {
          const schedule = m.Dimensions?.find(
            d => d.Name === 'MonitoringSchedule',
          )?.Value;
          if (schedule && wanted(m.MetricName ?? ''))
            out.set(schedule, (out.get(schedule) ?? 0) + 1);
        }
        NextToken = page.NextToken;
      } while (NextToken);
    }
    return out;
  }
}

const pages = (n: number, size: number) => Math.ceil(n / size);
const isCompleted = (e: MonitoringExecutionSummary) =>
  e.MonitoringExecutionStatus === 'Completed' ||
  e.MonitoringExecutionStatus === 'CompletedWithViolations';

/** The AWS calls our round made, in the floor's terms. */
function floorCalls(stats: EmulatorStats): number {
  return [
    'ListEndpoints',
    'ListMonitoringSchedules',
    'ListMonitoringExecutions',
    'DescribeAlarms',
    'GetMetricData',
    'DescribeEndpoint',
    'DescribeMonitoringSchedule',
  ].reduce((sum, op) => sum + calls(stats, op), 0);
}

describe('DefaultFleetCollector cost at N=200 (emulator, real SDK)', () => {
  let f: Fixture;
  let inventory: Inventory;
  const targets: CollectionTarget[] = Array.from({ length: MODELS }, (_, i) => {
    const name = `scale-model-${String(i + 1).padStart(5, '0')}`;
    return target(name, [`${name}-endpoint`], {
      metricSources: [
        {
          namespace: 'ML/ModelPerformance',
          dimensions: [{ name: 'ModelName', value: name }],
          metricNames: ['Accuracy'],
          periodSeconds: 900,
        },
      ],
    });
  });

  beforeAll(async () => {
    f = await startFixture({ scenario: 'scale', models: MODELS });
    inventory = new Inventory(f.emulator.url);
  });
  afterAll(async () => {
    inventory.close();
    await f.close();
  });

  it('costs at most 1.2 x the floor cold, steady, and after executions completed', async () => {
    // Six hours keep the cold walk short; the emulator derives every execution from its cron.
    const lookbackDays = 0.25;
    const customQueries = MODELS;

    // Cold round: every list walked, each claimed endpoint and schedule described once.
    const cold = f.emulator.now();
    const endpoints = await inventory.endpoints();
    const schedules = await inventory.schedules();
    const alarms = await inventory.alarms();
    const monitorMetrics = await inventory.monitorMetricsBySchedule();
    const coldExecutions = await inventory.executionsModifiedAfter(
      new Date(cold.getTime() - lookbackDays * 86400_000),
    );
    const coldQueries =
      [...monitorMetrics.values()].reduce((a, b) => a + b, 0) + customQueries;
    const listFloor =
      pages(endpoints, 100) + pages(schedules.size, 100) + pages(alarms, 100);
    const coldFloor =
      listFloor +
      pages(coldExecutions.length, 100) +
      pages(coldQueries, 500) +
      endpoints +
      schedules.size;
    expect(endpoints).toBe(MODELS);
    expect(schedules.size).toBe(2 * MODELS);

    f.emulator.resetStats();
    const first = await f.collector.collect(
      targets,
      {},
      { now: cold, lookbackDays, discoverMetrics: true },
    );
    const coldStats = await statsRoute(f);
    expect(first.stats.failedSources).toBe(0);
    expect(calls(coldStats, 'DescribeEndpoint')).toBe(endpoints);
    expect(calls(coldStats, 'DescribeMonitoringSchedule')).toBe(schedules.size);
    expect(coldStats.getMetricData.metricsRequested).toBe(coldQueries);
    expect(first.stats.metricsRequested).toBe(coldQueries);
    expect(floorCalls(coldStats)).toBeLessThanOrEqual(1.2 * coldFloor);
    // Our own counters agree with the emulator's.
    expect(first.stats.calls['SageMaker.ListMonitoringExecutions']).toBe(
      calls(coldStats, 'ListMonitoringExecutions'),
    );

    // Steady round, nothing changed: list pages only.
    const steadyExecutions = await inventory.executionsModifiedAfter(
      new Date(cold.getTime() - OVERLAP_MS),
    );
    const steadyFloor = listFloor + pages(steadyExecutions.length, 100);
    f.emulator.resetStats();
    const second = await f.collector.collect(targets, first.state, {
      now: cold,
      lookbackDays,
    });
    const steadyStats = await statsRoute(f);
    expect(calls(steadyStats, 'DescribeEndpoint')).toBe(0);
    expect(calls(steadyStats, 'DescribeMonitoringSchedule')).toBe(0);
    expect(calls(steadyStats, 'GetMetricData')).toBe(0);
    expect(calls(steadyStats, 'ListMetrics')).toBe(0);
    expect(second.observations.every(o => o.series.length === 0)).toBe(true);
    expect(floorCalls(steadyStats)).toBeLessThanOrEqual(
      1.2 * Math.max(steadyFloor, 1) + 1,
    );
    expect(floorCalls(steadyStats)).toBe(
      listFloor + Math.max(1, pages(steadyExecutions.length, 100)),
    );

    // An hour later: hourly schedules ran; only their metrics (and the due custom ones) are read.
    f.emulator.advanceClock(65 * 60);
    const later = f.emulator.now();
    const windowExecutions = await inventory.executionsModifiedAfter(
      new Date(cold.getTime() - OVERLAP_MS),
    );
    const completed = new Set(
      windowExecutions
        .filter(
          e => isCompleted(e) && e.LastModifiedTime!.getTime() > cold.getTime(),
        )
        .map(e => e.MonitoringScheduleName!),
    );
    const movedSchedules = [...(await inventory.schedules()).entries()].filter(
      ([name, modified]) =>
        modified.getTime() !== schedules.get(name)!.getTime(),
    ).length;
    const laterQueries =
      [...completed].reduce((sum, s) => sum + (monitorMetrics.get(s) ?? 0), 0) +
      customQueries;
    const laterFloor =
      listFloor +
      pages(windowExecutions.length, 100) +
      pages(laterQueries, 500) +
      movedSchedules;
    expect(completed.size).toBeGreaterThan(0);
    expect(completed.size).toBeLessThan(schedules.size);

    f.emulator.resetStats();
    const third: CollectionResult = await f.collector.collect(
      targets,
      second.state,
      { now: later, lookbackDays },
    );
    const laterStats = await statsRoute(f);
    expect(calls(laterStats, 'DescribeEndpoint')).toBe(0);
    expect(calls(laterStats, 'DescribeMonitoringSchedule')).toBe(0);
    expect(laterStats.getMetricData.metricsRequested).toBe(laterQueries);
    expect(calls(laterStats, 'GetMetricData')).toBe(pages(laterQueries, 500));
    expect(floorCalls(laterStats)).toBeLessThanOrEqual(1.2 * laterFloor);
    const read = new Set(
      third.observations.flatMap(o =>
        o.series.filter(s => s.scheduleName).map(s => s.scheduleName!),
      ),
    );
    const publishing = [...completed].filter(schedule =>
      monitorMetrics.has(schedule),
    );
    expect([...read].sort()).toEqual(publishing.sort());
  }, 60_000);
});
