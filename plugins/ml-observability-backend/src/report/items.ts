/**
 * Turns stored series into the drift, quality and custom parts of a report,
 * with the thresholds in force at a given time.
 */
import {
  canonicalMetricName,
  cloudWatchMetricUrl,
  CustomMetricSeries,
  DRIFT_SCORE_METRIC,
  DriftItem,
  driftThresholdOf,
  isThresholdBreached,
  metricInfo,
  MetricSourceKind,
  normalizeMetricValue,
  QualityItem,
  qualityThresholdInForce,
  Runbook,
  SeriesPoint,
  ThresholdContext,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { ModelSeries } from '../domain/types';

/** A report item and the stored series it came from, so callers can load its points later. */
export interface Sourced<T> {
  item: T;
  seriesKey: string;
}

const FEATURE_DIMENSIONS = ['feature', 'featurename', 'feature_name'];

/** Model Monitor's namespaces (`aws/sagemaker/Endpoints/data-metrics`, ...); any other is a drift job's own. */
const MODEL_MONITOR_NAMESPACE_PREFIX = 'aws/sagemaker/Endpoints/';

function driftSourceOf(series: ModelSeries): MetricSourceKind {
  return series.kind === 'drift' &&
    series.meta.namespace.startsWith(MODEL_MONITOR_NAMESPACE_PREFIX)
    ? 'model-monitor'
    : 'custom';
}

function isCustomDrift(series: ModelSeries): boolean {
  return (
    series.kind === 'custom' &&
    canonicalMetricName(series.name) === DRIFT_SCORE_METRIC
  );
}

function isCustomQuality(series: ModelSeries): boolean {
  if (series.kind !== 'custom') return false;
  const info = metricInfo(series.name);
  return info.known && info.name !== DRIFT_SCORE_METRIC;
}

/** Since when the newest points have been on the wrong side, when the series is loaded. */
function breachedSince(
  points: SeriesPoint[],
  breached: (value: number) => boolean,
): string | undefined {
  let since: string | undefined;
  for (let i = points.length - 1; i >= 0 && breached(points[i].v); i--) {
    since = points[i].t;
  }
  return since;
}

export function driftItems(
  series: ModelSeries[],
  runbook: Runbook | undefined,
  defaultThreshold: number,
): Array<Sourced<DriftItem>> {
  const threshold = driftThresholdOf(runbook, defaultThreshold);
  const over = (v: number) =>
    isThresholdBreached(v, threshold, 'lower-is-better');
  // A drift series without a datapoint yet (a custom drift job's feature) is "no data", not zero.
  const items = series
    .filter(s => s.kind === 'drift' || (s.latest && isCustomDrift(s)))
    .map(s => {
      const feature =
        s.kind === 'drift'
          ? s.name
          : s.meta.dimensions.find(d =>
              FEATURE_DIMENSIONS.includes(d.name.toLowerCase()),
            )?.value ?? s.name;
      const breached = s.latest ? over(s.latest.v) : false;
      const since = breached ? breachedSince(s.points, over) : undefined;
      const source = driftSourceOf(s);
      const item: DriftItem = {
        feature,
        ...(s.latest ? { latest: s.latest.v, latestAt: s.latest.t } : {}),
        threshold,
        breached,
        ...(since ? { since } : {}),
        source,
        ...(s.meta.scheduleName ? { scheduleName: s.meta.scheduleName } : {}),
        ...(s.meta.endpointName ? { endpointName: s.meta.endpointName } : {}),
        ...(source === 'custom' ? { namespace: s.meta.namespace } : {}),
        ...(s.meta.accountId ? { accountId: s.meta.accountId } : {}),
        ...(s.meta.region ? { region: s.meta.region } : {}),
        series: s.points,
      };
      return { item, seriesKey: s.key };
    });
  // Worst drift first, features without data last, then by feature so the order is stable.
  return items.sort(
    (a, b) =>
      Number(b.item.breached) - Number(a.item.breached) ||
      (b.item.latest ?? -Infinity) - (a.item.latest ?? -Infinity) ||
      a.item.feature.localeCompare(b.item.feature),
  );
}

const sourceRank = (source: MetricSourceKind) =>
  source === 'model-monitor' ? 0 : 1;

export function qualityItems(
  series: ModelSeries[],
  runbook: Runbook | undefined,
  context: ThresholdContext,
  now: Date,
): Array<Sourced<QualityItem>> {
  const listed = (
    runbook?.monitoring_config.model_performance?.metrics ?? []
  ).map(m => canonicalMetricName(m));
  const rank = (metric: string) => {
    const index = listed.indexOf(metric);
    return index === -1 ? listed.length : index;
  };
  const items = series
    .filter(s => s.latest && (s.kind === 'quality' || isCustomQuality(s)))
    .map(s => {
      const info = metricInfo(s.name);
      const metric = info.name;
      const normalize = (v: number) => normalizeMetricValue(metric, v);
      const latest = normalize(s.latest!.v);
      const threshold = qualityThresholdInForce(runbook, context, now, metric);
      const item: QualityItem = {
        metric,
        label: info.label,
        latest,
        latestAt: s.latest!.t,
        ...(threshold
          ? {
              threshold: {
                value: threshold.value,
                kind: threshold.kind,
                timeZone: threshold.timeZone,
              },
              otherThreshold: threshold.other,
            }
          : {}),
        direction: info.direction,
        display: info.display,
        breached: threshold
          ? isThresholdBreached(latest, threshold.value, info.direction)
          : false,
        source: s.kind === 'quality' ? 'model-monitor' : 'custom',
        ...(s.meta.scheduleName ? { scheduleName: s.meta.scheduleName } : {}),
        ...(s.meta.endpointName ? { endpointName: s.meta.endpointName } : {}),
        ...(s.meta.accountId ? { accountId: s.meta.accountId } : {}),
        ...(s.meta.region ? { region: s.meta.region } : {}),
        series: s.points.map(p => ({ t: p.t, v: normalize(p.v) })),
      };
      return { item, seriesKey: s.key };
    });
  // The runbook's metrics in its order first (the first is the fleet's sparkline), Model Monitor before custom.
  return items.sort(
    (a, b) =>
      rank(a.item.metric) - rank(b.item.metric) ||
      a.item.metric.localeCompare(b.item.metric) ||
      sourceRank(a.item.source) - sourceRank(b.item.source) ||
      (a.item.endpointName ?? '').localeCompare(b.item.endpointName ?? ''),
  );
}

export function customItems(
  series: ModelSeries[],
  region: string | undefined,
): Array<Sourced<CustomMetricSeries>> {
  return (
    series
      // A custom drift_score is drift: shown on the drift card, not twice.
      .filter(s => s.kind === 'custom' && !isCustomDrift(s))
      .map(s => {
        const item: CustomMetricSeries = {
          namespace: s.meta.namespace,
          metricName: s.name,
          dimensions: s.meta.dimensions,
          periodSeconds: s.meta.periodSeconds,
          stat: s.meta.stat,
          ...(s.latest ? { latest: s.latest.v, latestAt: s.latest.t } : {}),
          series: s.points,
          ...(region
            ? {
                consoleUrl: cloudWatchMetricUrl(region, {
                  namespace: s.meta.namespace,
                  name: s.name,
                  dimensions: s.meta.dimensions,
                  stat: s.meta.stat,
                  periodSeconds: s.meta.periodSeconds,
                }),
              }
            : {}),
        };
        return { item, seriesKey: s.key };
      })
      .sort((a, b) => a.item.metricName.localeCompare(b.item.metricName))
  );
}
