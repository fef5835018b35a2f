/**
 * "The time a round's AWS calls alone take": the same operations, as many
 * answered calls of each and the same number of metrics requested, replayed
 * by a bare SDK client in the benchmark process against the same emulator
 * under the same latency and rate limits, with the collector's concurrency
 * (`mlObservability.aws.concurrency`) and SDK retry policy, and nothing else:
 * no catalog, no database, no computation between the calls.
 *
 * The replay is the fastest schedule those calls allow: the operations run
 * interleaved (each has its own rate-limit bucket), a list walk's pages one
 * after the other (each page needs the previous one's token), independent
 * calls side by side. The round itself has dependencies (a Describe follows
 * the list that found the change), so it can only be slower; the ratio
 * measures what the round adds to AWS, the target allows it as much again.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeMonitoringScheduleCommand,
  ListEndpointsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { AwsTarget } from './inventory';
import type { MetricRef } from './inventory';

/** The collector's AWS call settings, which the bench leaves at their documented defaults (`mlObservability.aws`). */
export const COLLECTOR_AWS = { concurrency: 4, maxAttempts: 4 };

export interface ReplayResources {
  endpoints: string[];
  schedules: string[];
  /** Metrics a GetMetricData may ask for (cycled). */
  metrics: MetricRef[];
  /** Instant of the round (the emulator's clock stands still at it). */
  at: Date;
  /** The round's "modified since" bound for ListMonitoringExecutions. */
  since: Date;
}

export interface ReplayOptions {
  target: AwsTarget;
  concurrency: number;
  maxAttempts: number;
}

export interface ReplayResult {
  wallMs: number;
  /** Calls replayed, by operation. */
  replayed: Record<string, number>;
  /** Operations of the round the replay does not know how to make (the figure is then short). */
  skipped: Record<string, number>;
  failed: number;
}

/** One call of the replay; `chain` names the walk it belongs to (its calls run one after the other). */
export interface ReplayCall {
  operation: string;
  chain?: string;
  index: number;
  /** For GetMetricData: queries in this call. */
  queries?: number;
}

const WALKED = new Set([
  'ListEndpoints',
  'ListMonitoringSchedules',
  'ListMonitoringExecutions',
  'DescribeAlarms',
  'ListMetrics',
]);
const INDEPENDENT = new Set([
  'DescribeEndpoint',
  'DescribeMonitoringSchedule',
  'GetMetricData',
]);
const GET_METRIC_DATA_MAX_QUERIES = 500;

/**
 * The calls to replay, operations interleaved: per operation its answered
 * count; GetMetricData's metrics spread evenly over its calls.
 */
export function planReplay(
  answered: Record<string, number>,
  metricsRequested: number,
): { calls: ReplayCall[]; skipped: Record<string, number> } {
  const perOperation: ReplayCall[][] = [];
  const skipped: Record<string, number> = {};
  for (const [operation, n] of Object.entries(answered).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (n <= 0) continue;
    if (!WALKED.has(operation) && !INDEPENDENT.has(operation)) {
      skipped[operation] = n;
      continue;
    }
    const calls: ReplayCall[] = [];
    for (let i = 0; i < n; i++) {
      const call: ReplayCall = { operation, index: i };
      if (WALKED.has(operation)) call.chain = operation;
      if (operation === 'GetMetricData') {
        const share =
          Math.floor(metricsRequested / n) + (i < metricsRequested % n ? 1 : 0);
        call.queries = Math.min(
          GET_METRIC_DATA_MAX_QUERIES,
          Math.max(1, share),
        );
      }
      calls.push(call);
    }
    perOperation.push(calls);
  }
  const calls: ReplayCall[] = [];
  const longest = Math.max(0, ...perOperation.map(c => c.length));
  for (let i = 0; i < longest; i++)
    for (const c of perOperation) if (i < c.length) calls.push(c[i]);
  return { calls, skipped };
}

/**
 * Runs `calls` with at most `concurrency` in flight: a worker takes the
 * first call whose walk has nothing in flight.
 */
export async function runReplay(
  calls: ReplayCall[],
  concurrency: number,
  send: (call: ReplayCall) => Promise<void>,
): Promise<{ failed: number }> {
  const pending = [...calls];
  const busyChains = new Set<string>();
  const waiters: Array<() => void> = [];
  let failed = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const at = pending.findIndex(c => !c.chain || !busyChains.has(c.chain));
      if (at < 0) {
        if (pending.length === 0) return;
        // Every pending call belongs to a walk in flight: wait for a call to end.
        await new Promise<void>(resolve => waiters.push(resolve));
        continue;
      }
      const [call] = pending.splice(at, 1);
      if (call.chain) busyChains.add(call.chain);
      try {
        await send(call);
      } catch {
        failed++;
      } finally {
        if (call.chain) busyChains.delete(call.chain);
        for (const wake of waiters.splice(0)) wake();
      }
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.max(1, Math.min(concurrency, calls.length)) },
      worker,
    ),
  );
  return { failed };
}

/** A bare SDK client making the planned calls against the emulator. */
export class AwsReplay {
  private readonly sagemaker: SageMakerClient;
  private readonly cloudwatch: CloudWatchClient;
  private readonly tokens = new Map<string, string | undefined>();

  constructor(private readonly options: ReplayOptions) {
    const common = {
      region: options.target.region,
      endpoint: options.target.url,
      credentials: {
        accessKeyId: `AKIA${options.target.accountId}REPLAY`,
        secretAccessKey: 'replay',
      },
      maxAttempts: options.maxAttempts,
      retryMode: 'adaptive',
    };
    this.sagemaker = new SageMakerClient(common);
    this.cloudwatch = new CloudWatchClient(common);
  }

  close(): void {
    this.sagemaker.destroy();
    this.cloudwatch.destroy();
  }

  async replay(
    answered: Record<string, number>,
    metricsRequested: number,
    resources: ReplayResources,
  ): Promise<ReplayResult> {
    const { calls, skipped } = planReplay(answered, metricsRequested);
    this.tokens.clear();
    const replayed: Record<string, number> = {};
    for (const c of calls)
      replayed[c.operation] = (replayed[c.operation] ?? 0) + 1;
    const started = performance.now();
    const { failed } = await runReplay(calls, this.options.concurrency, call =>
      this.send(call, resources),
    );
    return { wallMs: performance.now() - started, replayed, skipped, failed };
  }

  /** A list walk's next page; after its last page the walk starts over. */
  private async page<T extends { NextToken?: string }>(
    operation: string,
    fetch: (token: string | undefined) => Promise<T>,
  ): Promise<void> {
    const answer = await fetch(this.tokens.get(operation));
    this.tokens.set(operation, answer.NextToken);
  }

  private send(call: ReplayCall, r: ReplayResources): Promise<void> {
    const pick = <T>(items: T[]) => items[call.index % items.length];
    switch (call.operation) {
      case 'ListEndpoints':
        return this.page(call.operation, NextToken =>
          this.sagemaker.send(
            new ListEndpointsCommand({ MaxResults: 100, NextToken }),
          ),
        );
      case 'ListMonitoringSchedules':
        return this.page(call.operation, NextToken =>
          this.sagemaker.send(
            new ListMonitoringSchedulesCommand({ MaxResults: 100, NextToken }),
          ),
        );
      case 'ListMonitoringExecutions':
        return this.page(call.operation, NextToken =>
          this.sagemaker.send(
            new ListMonitoringExecutionsCommand({
              MaxResults: 100,
              LastModifiedTimeAfter: r.since,
              CreationTimeAfter: new Date(r.since.getTime() - 2 * 86_400_000),
              NextToken,
            }),
          ),
        );
      case 'DescribeAlarms':
        return this.page(call.operation, NextToken =>
          this.cloudwatch.send(
            new DescribeAlarmsCommand({
              AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
              MaxRecords: 100,
              NextToken,
            }),
          ),
        );
      case 'ListMetrics':
        return this.page(call.operation, NextToken =>
          this.cloudwatch.send(
            new ListMetricsCommand({
              Namespace: 'aws/sagemaker/Endpoints/data-metrics',
              NextToken,
            }),
          ),
        );
      case 'DescribeEndpoint':
        return this.sagemaker
          .send(
            new DescribeEndpointCommand({ EndpointName: pick(r.endpoints) }),
          )
          .then(() => undefined);
      case 'DescribeMonitoringSchedule':
        return this.sagemaker
          .send(
            new DescribeMonitoringScheduleCommand({
              MonitoringScheduleName: pick(r.schedules),
            }),
          )
          .then(() => undefined);
      case 'GetMetricData':
        return this.getMetricData(call, r);
      default:
        return Promise.reject(new Error(`cannot replay ${call.operation}`));
    }
  }

  private async getMetricData(call: ReplayCall, r: ReplayResources) {
    const n = call.queries ?? 1;
    const queries = Array.from({ length: n }, (_, i) => {
      const m = r.metrics[(call.index * n + i) % r.metrics.length];
      return {
        Id: `m${i}`,
        MetricStat: {
          Metric: {
            Namespace: m.namespace,
            MetricName: m.name,
            Dimensions: m.dimensions,
          },
          Period: 300,
          Stat: 'Average',
        },
      };
    });
    // One call, as counted: a second page would be a second call.
    await this.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(r.at.getTime() - 3600_000),
        EndTime: r.at,
        MetricDataQueries: queries,
      }),
    );
  }
}
