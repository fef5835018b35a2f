import {
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeMonitoringScheduleCommand,
  ListMonitoringSchedulesCommand,
} from '@aws-sdk/client-sagemaker';
import {
  canonicalMetricName,
  MetricDimension,
  metricInfo,
  scheduleIntervalSeconds,
  uniqueListedMetrics,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { SendingClient } from '../aws/clients';
import type { MonitoringScheduleRef } from './plan';

export const MODEL_METRICS_NAMESPACE = 'aws/sagemaker/Endpoints/model-metrics';
export const DATA_METRICS_NAMESPACE = 'aws/sagemaker/Endpoints/data-metrics';
export const DRIFT_METRIC_PREFIX = 'feature_baseline_drift_';

/** The monitoring schedules of an endpoint, with their intervals. */
export async function endpointSchedules(
  sagemaker: SendingClient,
  endpointName: string,
): Promise<MonitoringScheduleRef[]> {
  const schedules: MonitoringScheduleRef[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sagemaker.send(
      new ListMonitoringSchedulesCommand({
        EndpointName: endpointName,
        MaxResults: 100,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const summary of page.MonitoringScheduleSummaries ?? []) {
      if (!summary.MonitoringScheduleName) continue;
      // The summary has no schedule expression; the interval decides the alarm period.
      const detail = await sagemaker.send(
        new DescribeMonitoringScheduleCommand({
          MonitoringScheduleName: summary.MonitoringScheduleName,
        }),
      );
      const expression =
        detail.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression;
      const interval = expression
        ? scheduleIntervalSeconds(expression)
        : undefined;
      schedules.push({
        name: summary.MonitoringScheduleName,
        endpointName,
        type: summary.MonitoringType ?? detail.MonitoringType ?? 'DataQuality',
        ...(interval ? { intervalSeconds: interval } : {}),
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return schedules.sort((a, b) => a.name.localeCompare(b.name));
}

/** Names of the metrics published with exactly these dimensions (ListMetrics also returns supersets). */
export async function publishedMetricNames(
  cloudwatch: SendingClient,
  namespace: string,
  dimensions: MetricDimension[],
): Promise<string[]> {
  const names = new Set<string>();
  const wanted = new Map(dimensions.map(d => [d.name, d.value]));
  let nextToken: string | undefined;
  do {
    const page = await cloudwatch.send(
      new ListMetricsCommand({
        Namespace: namespace,
        Dimensions: dimensions.map(d => ({ Name: d.name, Value: d.value })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const metric of uniqueListedMetrics(page.Metrics ?? [])) {
      const dims = metric.Dimensions ?? [];
      if (
        metric.MetricName &&
        dims.length === wanted.size &&
        dims.every(
          (d: { Name?: string; Value?: string }) =>
            wanted.get(d.Name ?? '') === d.Value,
        )
      ) {
        names.add(metric.MetricName);
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return [...names].sort();
}

/**
 * Which published metric answers each runbook metric: same canonical name,
 * else its weighted form (multiclass Model Monitor publishes weighted_f1).
 */
export function matchMetricNames(
  canonicalNames: string[],
  published: string[],
): Map<string, string> {
  const byCanonical = new Map<string, string>();
  for (const name of published) {
    if (!byCanonical.has(canonicalMetricName(name)))
      byCanonical.set(canonicalMetricName(name), name);
  }
  const matches = new Map<string, string>();
  for (const canonical of canonicalNames) {
    const name =
      byCanonical.get(canonical) ?? byCanonical.get(`weighted_${canonical}`);
    if (name) matches.set(canonical, name);
  }
  return matches;
}

/**
 * Whether score metrics of a custom source are published in percent, from the
 * last two weeks of data: a score above 1 can only be a percent. Undefined
 * when there is no data.
 */
export async function detectPercentScores(
  cloudwatch: SendingClient,
  namespace: string,
  dimensions: MetricDimension[],
  metricNames: string[],
  now: Date,
): Promise<boolean | undefined> {
  const scores = metricNames
    .filter(name => metricInfo(name).score)
    .slice(0, 100);
  if (scores.length === 0) return undefined;
  const response = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(now.getTime() - 14 * 86400_000),
      EndTime: now,
      MetricDataQueries: scores.map((name, i) => ({
        Id: `s${i}`,
        MetricStat: {
          Metric: {
            Namespace: namespace,
            MetricName: name,
            Dimensions: dimensions.map(d => ({ Name: d.name, Value: d.value })),
          },
          Period: 86400,
          Stat: 'Maximum',
        },
      })),
    }),
  );
  const values = (response.MetricDataResults ?? []).flatMap(
    (r: { Values?: number[] }) => r.Values ?? [],
  );
  if (values.length === 0) return undefined;
  return values.some((v: number) => v > 1);
}

/**
 * Whether the CloudWatch endpoint evaluates DAY() in metric math. CloudWatch
 * does; an endpoint that rejects the function by name (the local emulator)
 * does not. Any other failure is left for the alarm calls to report.
 */
export async function evaluatesDayFunction(
  cloudwatch: SendingClient,
  metric: {
    namespace: string;
    metricName: string;
    dimensions: MetricDimension[];
  },
  now: Date,
): Promise<boolean> {
  try {
    await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 3600_000),
        EndTime: now,
        MetricDataQueries: [
          {
            Id: 'm1',
            MetricStat: {
              Metric: {
                Namespace: metric.namespace,
                MetricName: metric.metricName,
                Dimensions: metric.dimensions.map(d => ({
                  Name: d.name,
                  Value: d.value,
                })),
              },
              Period: 3600,
              Stat: 'Average',
            },
            ReturnData: false,
          },
          { Id: 'weekday', Expression: 'DAY(m1)', ReturnData: true },
        ],
      }),
    );
    return true;
  } catch (error) {
    return !(
      error instanceof Error &&
      /\bDAY\b/.test(error.message) &&
      /not supported|unknown|invalid/i.test(error.message)
    );
  }
}
