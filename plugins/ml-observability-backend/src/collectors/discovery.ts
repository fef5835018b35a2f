/**
 * Metric name discovery with ListMetrics. It runs on its own slower schedule
 * (or once for a custom source never seen), and what it finds is kept: a
 * metric leaves ListMetrics after two weeks without data, yet its history is
 * still worth reading.
 */
import { ListMetricsCommand, Metric } from '@aws-sdk/client-cloudwatch';
import {
  CustomMetricSource,
  DRIFT_SCORE_METRIC,
  MetricDimension,
  metricInfo,
  uniqueListedMetrics,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { RegionContext } from './context';
import {
  classifyClarifyMetric,
  ClarifySeriesKind,
  clarifyDimensionsOf,
  clarifyMetricKey,
} from './fairness';
import type { MonitorMetricNames } from './state';

export const MODEL_MONITOR_NAMESPACES = {
  data: 'aws/sagemaker/Endpoints/data-metrics',
  model: 'aws/sagemaker/Endpoints/model-metrics',
  bias: 'aws/sagemaker/Endpoints/bias-metrics',
  explainability: 'aws/sagemaker/Endpoints/explainability-metrics',
} as const;

const DRIFT_PREFIX = 'feature_baseline_drift_';

export type MonitorSeriesKind =
  | { kind: 'drift'; feature: string }
  | { kind: 'quality'; metric: string }
  | ClarifySeriesKind;

/**
 * What a Model Monitor metric is read as: drift of a feature, a quality
 * metric, a bias metric or a feature attribution (collectors/fairness.ts), or
 * nothing (non-null ratios and the like are not part of the report, and are
 * not paid for).
 */
export function classifyMonitorMetric(
  namespace: string,
  name: string,
): MonitorSeriesKind | undefined {
  if (
    namespace === MODEL_MONITOR_NAMESPACES.data &&
    name.startsWith(DRIFT_PREFIX)
  ) {
    const feature = name.slice(DRIFT_PREFIX.length);
    return feature ? { kind: 'drift', feature } : undefined;
  }
  if (namespace === MODEL_MONITOR_NAMESPACES.model) {
    const info = metricInfo(name);
    if (info.known && info.name !== DRIFT_SCORE_METRIC)
      return { kind: 'quality', metric: name };
  }
  return classifyClarifyMetric(namespace, name);
}

/** Every metric of a namespace (with at least these dimensions), each once. */
export async function listAllMetrics(
  ctx: RegionContext,
  namespace: string,
  dimensions?: MetricDimension[],
): Promise<Metric[]> {
  const pages = await ctx.pages('CloudWatch', 'ListMetrics', token =>
    ctx.clients.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: namespace,
        ...(dimensions
          ? {
              Dimensions: dimensions.map(d => ({
                Name: d.name,
                Value: d.value,
              })),
            }
          : {}),
        NextToken: token,
      }),
      ctx.http,
    ),
  );
  return uniqueListedMetrics(
    pages.flatMap(p =>
      (p.Metrics ?? []).map(m => ({ Namespace: namespace, ...m })),
    ),
  );
}

/**
 * Model Monitor metrics of the region by schedule, for the schedules in
 * `schedules` only, and, when the schedule list could not be read, for every
 * schedule (its `MonitoringSchedule` dimension) on the endpoints in
 * `endpoints`. One walk per namespace for the whole region.
 */
export async function discoverMonitorMetrics(
  ctx: RegionContext,
  schedules: Set<string>,
  now: Date,
  endpoints?: Set<string>,
): Promise<Map<string, MonitorMetricNames>> {
  const found = new Map<string, MonitorMetricNames>();
  for (const namespace of Object.values(MODEL_MONITOR_NAMESPACES)) {
    for (const metric of await listAllMetrics(ctx, namespace)) {
      const dims = metric.Dimensions ?? [];
      const schedule = dims.find(d => d.Name === 'MonitoringSchedule')?.Value;
      const endpoint = dims.find(d => d.Name === 'Endpoint')?.Value;
      if (
        !schedule ||
        !endpoint ||
        !(schedules.has(schedule) || endpoints?.has(endpoint)) ||
        !metric.MetricName
      )
        continue;
      let entry = found.get(schedule);
      if (!entry) {
        entry = {
          endpoint,
          checkedAt: now.toISOString(),
          publishes: true,
          metrics: [],
        };
        found.set(schedule, entry);
      }
      const kind = classifyMonitorMetric(namespace, metric.MetricName);
      if (kind) {
        // Bias and attribution series are told apart by their facet, label... dimensions.
        const extra = clarifyDimensionsOf(kind, dims);
        entry.metrics.push({
          namespace,
          name: metric.MetricName,
          ...(extra.length > 0 ? { dimensions: extra } : {}),
        });
      }
    }
  }
  return found;
}

/**
 * Keeps every name ever discovered for a schedule: a new walk only adds, and
 * a schedule that published once is still known to publish.
 */
export function mergeMonitorMetrics(
  kept: MonitorMetricNames | undefined,
  fresh: MonitorMetricNames,
): MonitorMetricNames {
  if (!kept) return fresh;
  const seen = new Set(kept.metrics.map(clarifyMetricKey));
  const metrics = [...kept.metrics];
  for (const m of fresh.metrics) {
    if (!seen.has(clarifyMetricKey(m))) metrics.push(m);
  }
  return {
    endpoint: fresh.endpoint,
    checkedAt: fresh.checkedAt,
    publishes: kept.publishes || fresh.publishes,
    metrics,
  };
}

function dimensionKey(dimensions: MetricDimension[]): string {
  return [...dimensions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(d => `${d.name}=${d.value}`)
    .join(',');
}

/** Identity of a custom source's metric set: namespace and dimension set. */
export function customSourceKey(source: {
  namespace: string;
  dimensions: MetricDimension[];
}): string {
  return `${source.namespace}|${dimensionKey(source.dimensions)}`;
}

/**
 * The metric names of a custom source that names none: metrics of the
 * namespace carrying exactly the source's dimensions (the annotation lists
 * every dimension the metrics carry).
 */
export async function discoverCustomMetricNames(
  ctx: RegionContext,
  source: CustomMetricSource,
): Promise<string[]> {
  const wanted = dimensionKey(source.dimensions);
  const names = new Set<string>();
  for (const metric of await listAllMetrics(
    ctx,
    source.namespace,
    source.dimensions,
  )) {
    const dims = (metric.Dimensions ?? []).map(d => ({
      name: d.Name ?? '',
      value: d.Value ?? '',
    }));
    if (metric.MetricName && dimensionKey(dims) === wanted)
      names.add(metric.MetricName);
  }
  return [...names].sort();
}
