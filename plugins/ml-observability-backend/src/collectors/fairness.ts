/**
 * SageMaker Clarify metrics published by Model Monitor: bias (ModelBias
 * schedules) and feature attribution (ModelExplainability schedules).
 *
 * Names are not hard-coded: the documentation lists different bias metrics on
 * different pages, so every metric of `bias-metrics` is a bias metric (the
 * `bias_metric_` prefix AWS documents is dropped for display), and every
 * metric of `explainability-metrics` is the attribution of one feature (the
 * `feature_` prefix dropped). What tells their series apart are the dimensions
 * besides Endpoint and MonitoringSchedule (Facet, FacetValue, Label,
 * LabelValue, BiasStage, ExplainabilityMethod, ValueType...), whatever they
 * are: each becomes part of the series' identity and is shown.
 */
import { createHash } from 'node:crypto';
import type { MetricDimension } from '@mlobs/backstage-plugin-ml-observability-common';

export const BIAS_NAMESPACE = 'aws/sagemaker/Endpoints/bias-metrics';
export const EXPLAINABILITY_NAMESPACE =
  'aws/sagemaker/Endpoints/explainability-metrics';

const BIAS_PREFIX = 'bias_metric_';
const ATTRIBUTION_PREFIX = 'feature_';
/** The dimensions every Model Monitor metric carries; the rest identify a facet, label... */
const SCHEDULE_DIMENSIONS = new Set(['Endpoint', 'MonitoringSchedule']);

export type ClarifySeriesKind =
  | { kind: 'bias'; metric: string }
  | { kind: 'attribution'; feature: string };

function withoutPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) && name.length > prefix.length
    ? name.slice(prefix.length)
    : name;
}

/** A bias or attribution series, or undefined for any other namespace. */
export function classifyClarifyMetric(
  namespace: string,
  name: string,
): ClarifySeriesKind | undefined {
  if (!name) return undefined;
  if (namespace === BIAS_NAMESPACE)
    return { kind: 'bias', metric: withoutPrefix(name, BIAS_PREFIX) };
  if (namespace === EXPLAINABILITY_NAMESPACE)
    return {
      kind: 'attribution',
      feature: withoutPrefix(name, ATTRIBUTION_PREFIX),
    };
  return undefined;
}

/**
 * The dimensions that identify a bias or attribution series besides its
 * schedule, sorted by name; none for the other kinds (their series are one
 * per schedule and name).
 */
export function clarifyDimensionsOf(
  kind: { kind: string },
  dimensions: ReadonlyArray<{ Name?: string; Value?: string }>,
): MetricDimension[] {
  if (kind.kind !== 'bias' && kind.kind !== 'attribution') return [];
  return dimensions
    .filter(d => d.Name && !SCHEDULE_DIMENSIONS.has(d.Name))
    .map(d => ({ name: d.Name!, value: d.Value ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `Facet=gender,FacetValue=female`: the extra dimensions as one string, '' when none. */
export function dimensionsKey(dimensions: MetricDimension[] = []): string {
  return [...dimensions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(d => `${d.name}=${d.value}`)
    .join(',');
}

/** Identity of a discovered metric: namespace, name and its extra dimensions. */
export function clarifyMetricKey(m: {
  namespace: string;
  name: string;
  dimensions?: MetricDimension[];
}): string {
  return `${m.namespace}\u0000${m.name}\u0000${dimensionsKey(m.dimensions)}`;
}

/**
 * Longest dimension text kept as is in a series key: keys are stored in a
 * 600-character column, and CloudWatch allows 30 dimensions of 1024-character
 * values. Longer ones keep a prefix and a digest of the whole, still unique
 * and stable (the dimensions themselves are kept with the series).
 */
const MAX_SUFFIX = 240;

/** What series ids and keys get appended so per-facet series do not collide. */
export function identitySuffix(dimensions?: MetricDimension[]): string {
  const key = dimensionsKey(dimensions);
  if (!key) return '';
  if (key.length <= MAX_SUFFIX) return `|${key}`;
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `|${key.slice(0, MAX_SUFFIX - 18)}#${digest}`;
}
