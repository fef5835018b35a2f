/**
 * What per-entity Backstage AWS plugins do, written as a collector so its
 * calls can be counted next to ours: for each model, DescribeEndpoint,
 * ListMonitoringSchedules for its endpoint and DescribeMonitoringSchedule for
 * each, one DescribeAlarms by name prefix, and one GetMetricData with all of
 * its metrics. No state is kept between refreshes, so every refresh repeats
 * every call. It gets the same SDK retry policy and concurrency as ours, so
 * the comparison is about batching, not retries.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeMonitoringScheduleCommand,
  ListMonitoringSchedulesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { DefaultAwsClientFactory } from '@mlobs/backstage-plugin-ml-observability-node';
import { emulatorClients, NO_TIMEOUT_MS } from '../lib/emulatorClients';
import type { MetricRef } from './inventory';

export interface BaselineModel {
  name: string;
  endpointName: string;
  /** Every metric the model's page charts: its Model Monitor metrics and its custom metrics. */
  metrics: MetricRef[];
}

export interface BaselineOptions {
  url: string;
  accountId: string;
  region: string;
  /** Models refreshed at once. */
  concurrency: number;
  maxAttempts: number;
  /** Time range of the charts. */
  rangeSeconds: number;
}

export interface BaselineResult {
  models: number;
  /** Models for which at least one call failed after its retries. */
  failedModels: number;
  firstFailure?: string;
  wallMs: number;
}

export class PerEntityBaseline {
  private readonly clients: DefaultAwsClientFactory;
  private readonly sagemaker: SageMakerClient;
  private readonly cloudwatch: CloudWatchClient;

  constructor(private readonly options: BaselineOptions) {
    const target = { accountId: options.accountId, region: options.region };
    // The plugin's own client factory: the same retries (adaptive) and user agent.
    this.clients = emulatorClients(
      { ...target, url: options.url },
      { maxAttempts: options.maxAttempts, requestTimeoutMs: NO_TIMEOUT_MS },
    );
    this.sagemaker = this.clients.client('sagemaker', target);
    this.cloudwatch = this.clients.client('cloudwatch', target);
  }

  close(): void {
    this.clients.destroy();
  }

  /** One refresh of every model, as if each model's page had been opened. */
  async refresh(models: BaselineModel[], now: Date): Promise<BaselineResult> {
    const started = performance.now();
    let next = 0;
    let failedModels = 0;
    let firstFailure: string | undefined;
    const worker = async () => {
      while (next < models.length) {
        const model = models[next++];
        try {
          await this.refreshModel(model, now);
        } catch (error) {
          failedModels++;
          firstFailure ??= `${model.name}: ${(error as Error).name}: ${
            (error as Error).message
          }`;
        }
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.options.concurrency, models.length) },
        worker,
      ),
    );
    return {
      models: models.length,
      failedModels,
      ...(firstFailure ? { firstFailure } : {}),
      wallMs: performance.now() - started,
    };
  }

  private async refreshModel(model: BaselineModel, now: Date): Promise<void> {
    await this.sagemaker.send(
      new DescribeEndpointCommand({ EndpointName: model.endpointName }),
    );
    let NextToken: string | undefined;
    const schedules: string[] = [];
    do {
      const page = await this.sagemaker.send(
        new ListMonitoringSchedulesCommand({
          EndpointName: model.endpointName,
          MaxResults: 100,
          NextToken,
        }),
      );
      for (const s of page.MonitoringScheduleSummaries ?? [])
        schedules.push(s.MonitoringScheduleName!);
      NextToken = page.NextToken;
    } while (NextToken);
    for (const name of schedules) {
      await this.sagemaker.send(
        new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }),
      );
    }
    await this.cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: model.name,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
      }),
    );
    if (model.metrics.length === 0) return;
    await this.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - this.options.rangeSeconds * 1000),
        EndTime: now,
        MetricDataQueries: model.metrics.map((m, i) => ({
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
        })),
      }),
    );
  }
}
