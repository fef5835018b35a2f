/**
 * Bias thresholds of a runbook (`monitoring_config.bias`) and when a bias
 * value breaches them.
 */
import type { Runbook } from './runbook';
import type { MetricDimension } from './metricsAnnotation';
import type { BiasThreshold } from './types';

/** The prefix AWS documents for bias metric names (`bias_metric_DPPL`); runbooks may use either form. */
const BIAS_PREFIX = 'bias_metric_';

function bareName(metric: string): string {
  const lower = metric.trim().toLowerCase();
  return lower.startsWith(BIAS_PREFIX)
    ? lower.slice(BIAS_PREFIX.length)
    : lower;
}

/**
 * The runbook's bounds for a bias metric, by its short name (case does not
 * matter, `bias_metric_` prefix optional on both sides); undefined when the
 * runbook declares none.
 * @public
 */
export function biasThresholdOf(
  runbook: Runbook | undefined,
  metric: string,
): BiasThreshold | undefined {
  const declared = runbook?.monitoring_config.bias?.metrics;
  if (!declared) return undefined;
  const wanted = bareName(metric);
  const entry = Object.entries(declared).find(
    ([name]) => bareName(name) === wanted,
  )?.[1];
  if (!entry) return undefined;
  const out: BiasThreshold = {};
  if (typeof entry.min === 'number') out.min = entry.min;
  if (typeof entry.max === 'number') out.max = entry.max;
  if (typeof entry.abs_max === 'number') out.absMax = entry.abs_max;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * True when a bias value is outside its bounds: above `max`, below `min`, or
 * further from 0 than `absMax`. On a bound is not a breach.
 * @public
 */
export function isBiasBreached(
  value: number,
  threshold: BiasThreshold,
): boolean {
  const epsilon = 1e-9;
  return (
    (threshold.max !== undefined && value > threshold.max + epsilon) ||
    (threshold.min !== undefined && value < threshold.min - epsilon) ||
    (threshold.absMax !== undefined &&
      Math.abs(value) > threshold.absMax + epsilon)
  );
}

/**
 * What Clarify publishes for an infinite bias value (a facet with no positive
 * outcome, say): AWS documents `±2.348543e108`; anything this large is read as
 * infinite.
 * @public
 */
export const CLARIFY_INFINITY = 2.348543e108;

/**
 * A bias or attribution value as text: three significant digits, and `+∞` /
 * `−∞` for what Clarify publishes as infinity.
 * @public
 */
export function formatClarifyValue(value: number): string {
  if (value >= CLARIFY_INFINITY / 10 || value === Infinity) return '+∞';
  if (value <= -CLARIFY_INFINITY / 10 || value === -Infinity) return '−∞';
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

/**
 * A bias threshold as text: `≤ 0.1`, `≥ 0.8`, `0.8 to 1.25`, `|x| ≤ 0.1`.
 * @public
 */
export function formatBiasThreshold(threshold: BiasThreshold): string {
  const parts: string[] = [];
  if (threshold.min !== undefined && threshold.max !== undefined)
    parts.push(`${threshold.min} to ${threshold.max}`);
  else if (threshold.max !== undefined) parts.push(`≤ ${threshold.max}`);
  else if (threshold.min !== undefined) parts.push(`≥ ${threshold.min}`);
  if (threshold.absMax !== undefined) parts.push(`|x| ≤ ${threshold.absMax}`);
  return parts.join(', ');
}

/**
 * The dimensions of a bias or attribution series as text, e.g.
 * `Facet=gender, FacetValue=female`; '' when none.
 * @public
 */
export function formatDimensions(dimensions: MetricDimension[]): string {
  return dimensions.map(d => `${d.name}=${d.value}`).join(', ');
}
