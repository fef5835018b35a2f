/**
 * The fairness part of a report: each bias metric per facet with the
 * runbook's bounds, and the features whose attribution moved most.
 *
 * Attribution rule: a feature's change is its newest value in the report's
 * window minus its oldest value in the window (`reference`); features are
 * ranked by the size of that change, largest first (features with a single
 * point have no change and come last, largest value first), and the top
 * `ATTRIBUTION_TOP_N` are kept.
 */
import {
  AttributionItem,
  BiasItem,
  biasThresholdOf,
  FairnessReport,
  isBiasBreached,
  MetricDimension,
  MetricSourceKind,
  Runbook,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { ModelSeries } from '../domain/types';

export const ATTRIBUTION_TOP_N = 5;

/** The dimensions every Model Monitor metric carries; the others tell facets and labels apart. */
const SCHEDULE_DIMENSIONS = new Set(['endpoint', 'monitoringschedule']);
/** Custom bias metrics: a source whose namespace ends so (e.g. `MyTeam/bias-metrics`). */
const CUSTOM_BIAS_NAMESPACE = /bias-metrics$/i;
const BIAS_PREFIX = 'bias_metric_';

function extraDimensions(series: ModelSeries): MetricDimension[] {
  return series.meta.dimensions
    .filter(d => !SCHEDULE_DIMENSIONS.has(d.name.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isBiasSeries(series: ModelSeries): boolean {
  return (
    series.kind === 'bias' ||
    (series.kind === 'custom' &&
      CUSTOM_BIAS_NAMESPACE.test(series.meta.namespace))
  );
}

function sourceOf(series: ModelSeries): MetricSourceKind {
  return series.kind === 'custom' ? 'custom' : 'model-monitor';
}

function located(series: ModelSeries) {
  return {
    source: sourceOf(series),
    ...(series.meta.scheduleName
      ? { scheduleName: series.meta.scheduleName }
      : {}),
    ...(series.meta.endpointName
      ? { endpointName: series.meta.endpointName }
      : {}),
  };
}

const dimensionsText = (dimensions: MetricDimension[]) =>
  dimensions.map(d => `${d.name}=${d.value}`).join(',');

export function biasItems(
  series: ModelSeries[],
  runbook: Runbook | undefined,
): BiasItem[] {
  return series
    .filter(s => s.latest && isBiasSeries(s))
    .map(s => {
      const metric =
        s.kind === 'custom' && s.name.startsWith(BIAS_PREFIX)
          ? s.name.slice(BIAS_PREFIX.length)
          : s.name;
      const threshold = biasThresholdOf(runbook, metric);
      const item: BiasItem = {
        metric,
        dimensions: extraDimensions(s),
        latest: s.latest!.v,
        latestAt: s.latest!.t,
        ...(threshold ? { threshold } : {}),
        breached: threshold ? isBiasBreached(s.latest!.v, threshold) : false,
        ...located(s),
        series: s.points,
      };
      return item;
    })
    .sort(
      (a, b) =>
        Number(b.breached) - Number(a.breached) ||
        a.metric.localeCompare(b.metric) ||
        dimensionsText(a.dimensions).localeCompare(
          dimensionsText(b.dimensions),
        ) ||
        (a.endpointName ?? '').localeCompare(b.endpointName ?? ''),
    );
}

export function attributionItems(series: ModelSeries[]): AttributionItem[] {
  return series
    .filter(s => s.latest && s.kind === 'attribution')
    .map(s => {
      const first = s.points[0];
      const moved = first && first.t !== s.latest!.t;
      const item: AttributionItem = {
        feature: s.name,
        dimensions: extraDimensions(s),
        latest: s.latest!.v,
        latestAt: s.latest!.t,
        ...(moved
          ? {
              reference: first.v,
              referenceAt: first.t,
              change: s.latest!.v - first.v,
            }
          : {}),
        ...located(s),
        series: s.points,
      };
      return item;
    })
    .sort(
      (a, b) =>
        Number(b.change !== undefined) - Number(a.change !== undefined) ||
        Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0) ||
        b.latest - a.latest ||
        a.feature.localeCompare(b.feature) ||
        dimensionsText(a.dimensions).localeCompare(
          dimensionsText(b.dimensions),
        ),
    );
}

/** The fairness part, or undefined when the model has no bias or attribution series. */
export function fairnessOf(
  series: ModelSeries[],
  runbook: Runbook | undefined,
  topN = ATTRIBUTION_TOP_N,
): FairnessReport | undefined {
  const bias = biasItems(series, runbook);
  const attribution = attributionItems(series);
  if (bias.length === 0 && attribution.length === 0) return undefined;
  return {
    bias,
    attribution: attribution.slice(0, topN),
    attributionCount: attribution.length,
  };
}
