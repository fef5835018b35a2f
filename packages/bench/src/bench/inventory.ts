/**
 * Reads the emulator's resources through the SDK, for the floor. The caller
 * turns the emulator's faults off around these calls and keeps them out of
 * the measured call counts.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  ListMetricsCommand,
  Metric,
} from '@aws-sdk/client-cloudwatch';
import {
  ListEndpointsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { uniqueListedMetrics } from '@mlobs/backstage-plugin-ml-observability-common';
import type { DefaultAwsClientFactory } from '@mlobs/backstage-plugin-ml-observability-node';
import { emulatorClients, NO_TIMEOUT_MS } from '../lib/emulatorClients';
import type { ExecutionSummary, Inventory } from './floor';

/** One CloudWatch metric with every dimension it carries. */
export interface MetricRef {
  namespace: string;
  name: string;
  dimensions: Array<{ Name: string; Value: string }>;
}

const DRIFT_PREFIX = 'feature_baseline_drift_';
const MODEL_MONITOR_NAMESPACES = [
  'aws/sagemaker/Endpoints/data-metrics',
  'aws/sagemaker/Endpoints/model-metrics',
  'aws/sagemaker/Endpoints/bias-metrics',
  'aws/sagemaker/Endpoints/explainability-metrics',
];

export interface AwsTarget {
  url: string;
  accountId: string;
  region: string;
}

export class EmulatorInventory {
  private readonly clients: DefaultAwsClientFactory;
  private readonly sagemaker: SageMakerClient;
  private readonly cloudwatch: CloudWatchClient;

  constructor(target: AwsTarget) {
    this.clients = emulatorClients(target, {
      maxAttempts: 1,
      // The floor's reads are not measured: no timeout, as with a plain client.
      requestTimeoutMs: NO_TIMEOUT_MS,
    });
    this.sagemaker = this.clients.client('sagemaker', target);
    this.cloudwatch = this.clients.client('cloudwatch', target);
  }

  close(): void {
    this.clients.destroy();
  }

  async read(): Promise<Inventory> {
    const [endpoints, schedules, alarms] = await Promise.all([
      this.endpoints(),
      this.schedules(),
      this.alarms(),
    ]);
    return { endpoints, schedules, alarms };
  }

  private async endpoints(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    let NextToken: string | undefined;
    do {
      const page = await this.sagemaker.send(
        new ListEndpointsCommand({ MaxResults: 100, NextToken }),
      );
      for (const e of page.Endpoints ?? [])
        out.set(e.EndpointName!, e.LastModifiedTime?.getTime() ?? 0);
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  private async schedules(): Promise<Inventory['schedules']> {
    const out: Inventory['schedules'] = new Map();
    let NextToken: string | undefined;
    do {
      const page = await this.sagemaker.send(
        new ListMonitoringSchedulesCommand({ MaxResults: 100, NextToken }),
      );
      for (const s of page.MonitoringScheduleSummaries ?? []) {
        out.set(s.MonitoringScheduleName!, {
          endpoint: s.EndpointName ?? '',
          modified: s.LastModifiedTime?.getTime() ?? 0,
        });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  private async alarms(): Promise<number> {
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

  /** Executions whose LastModifiedTime is after `since`, across all schedules. */
  async executionsModifiedAfter(since: Date): Promise<ExecutionSummary[]> {
    const out: ExecutionSummary[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.sagemaker.send(
        new ListMonitoringExecutionsCommand({
          MaxResults: 100,
          LastModifiedTimeAfter: since,
          // Executions are created shortly after their scheduled time and finish within minutes.
          CreationTimeAfter: new Date(since.getTime() - 2 * 86_400_000),
          NextToken,
        }),
      );
      for (const e of page.MonitoringExecutionSummaries ?? []) {
        out.push({
          schedule: e.MonitoringScheduleName ?? '',
          status: e.MonitoringExecutionStatus ?? '',
          modified: e.LastModifiedTime?.getTime() ?? 0,
        });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  /** Metrics listed in each of the four Model Monitor namespaces (each once), for the discovery walk's floor. */
  async monitorNamespaceSizes(): Promise<number[]> {
    const sizes: number[] = [];
    for (const Namespace of MODEL_MONITOR_NAMESPACES) {
      const listed: Metric[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.cloudwatch.send(
          new ListMetricsCommand({ Namespace, NextToken }),
        );
        listed.push(...(page.Metrics ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      sizes.push(uniqueListedMetrics(listed).length);
    }
    return sizes;
  }

  /**
   * The drift and quality metrics Model Monitor publishes, by schedule: what
   * the collector reads for a schedule and what the baseline asks for.
   */
  async monitorMetrics(): Promise<Map<string, MetricRef[]>> {
    const out = new Map<string, MetricRef[]>();
    const namespaces: Array<[string, (name: string) => boolean]> = [
      ['aws/sagemaker/Endpoints/data-metrics', n => n.startsWith(DRIFT_PREFIX)],
      ['aws/sagemaker/Endpoints/model-metrics', () => true],
    ];
    for (const [Namespace, wanted] of namespaces) {
      const listed: Metric[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.cloudwatch.send(
          new ListMetricsCommand({ Namespace, NextToken }),
        );
        listed.push(...(page.Metrics ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      // Some endpoints list a metric twice: it is counted once, as the collector reads it once.
      for (const m of uniqueListedMetrics(listed)) {
        const schedule = m.Dimensions?.find(
          d => d.Name === 'MonitoringSchedule',
        )?.Value;
        if (!schedule || !m.MetricName || !wanted(m.MetricName)) continue;
        const refs = out.get(schedule) ?? [];
        refs.push({
          namespace: Namespace,
          name: m.MetricName,
          dimensions: (m.Dimensions ?? []).map(d => ({
            Name: d.Name ?? '',
            Value: d.Value ?? '',
          })),
        });
        out.set(schedule, refs);
      }
    }
    return out;
  }
}
