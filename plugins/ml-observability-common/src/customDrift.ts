/**
 * Drift scores published by a drift job of one's own (Evidently and the
 * like) to CloudWatch, declared on a source of the `ml-observability/metrics`
 * annotation with the reserved keys `drift`, `driftMetric` and `maxFeatures`.
 */
import { checkDimensionName, checkMetricName, quote } from './validators';

/**
 * How a custom source tells features apart.
 * - `dimension`: one metric (`metricName`, default `drift_score`) carrying the
 *   source's dimensions plus `featureDimension=<feature>`;
 * - `pattern`: one metric per feature, named `<prefix><feature>`, carrying
 *   exactly the source's dimensions (Model Monitor's `feature_baseline_drift_`
 *   names in a custom namespace are this shape).
 * @public
 */
export type CustomDriftSpec =
  | {
      shape: 'dimension';
      featureDimension: string;
      metricName: string;
      /** At most this many features are read; absent: the backend's `customDrift.maxFeatures`. */
      maxFeatures?: number;
    }
  | {
      shape: 'pattern';
      prefix: string;
      maxFeatures?: number;
    };

/** The metric of the dimension shape when `driftMetric` is not given. @public */
export const DEFAULT_CUSTOM_DRIFT_METRIC = 'drift_score';

/** The backend's cap on features per source when neither config nor annotation sets one. @public */
export const DEFAULT_CUSTOM_DRIFT_MAX_FEATURES = 100;

/** The largest `maxFeatures` accepted (each feature is one GetMetricData metric). @public */
export const MAX_CUSTOM_DRIFT_FEATURES = 10000;

/** The accepted forms, for error messages. */
export const DRIFT_RULE =
  'drift=dimension:<feature dimension name> (one metric, driftMetric=<name> or drift_score, with that dimension per feature) or drift=pattern:<metric name prefix> (one metric per feature, e.g. pattern:feature_drift_ or pattern:feature_baseline_drift_)';
export const DRIFT_METRIC_RULE =
  'driftMetric=<metric name>, only with drift=dimension:<name>';
export const MAX_FEATURES_RULE = `maxFeatures=<whole number from 1 to ${MAX_CUSTOM_DRIFT_FEATURES}>, only with drift=`;

/** The raw drift keys of one source, as written. */
export interface DriftKeys {
  drift?: string;
  driftMetric?: string;
  maxFeatures?: string;
}

export interface DriftProblem {
  value: string;
  message: string;
  allowed: string;
}

/**
 * The drift spec of a source from its raw keys, or the problems found;
 * `dimensionNames` are the source's own dimensions (the feature dimension
 * cannot be one of them).
 */
export function parseDriftKeys(
  keys: DriftKeys,
  dimensionNames: string[],
): { spec?: CustomDriftSpec; problems: DriftProblem[] } {
  const problems: DriftProblem[] = [];
  let maxFeatures: number | undefined;
  if (keys.maxFeatures !== undefined) {
    const text = keys.maxFeatures;
    const n = Number(text);
    if (
      !/^\d+$/.test(text) ||
      !Number.isSafeInteger(n) ||
      n < 1 ||
      n > MAX_CUSTOM_DRIFT_FEATURES
    ) {
      problems.push({
        value: text,
        message: `maxFeatures ${quote(text)} is not valid`,
        allowed: MAX_FEATURES_RULE,
      });
    } else maxFeatures = n;
    if (keys.drift === undefined) {
      problems.push({
        value: `maxFeatures=${text}`,
        message: 'maxFeatures is given without drift=',
        allowed: MAX_FEATURES_RULE,
      });
    }
  }
  if (keys.drift === undefined) {
    if (keys.driftMetric !== undefined) {
      problems.push({
        value: `driftMetric=${keys.driftMetric}`,
        message: 'driftMetric is given without drift=dimension:<name>',
        allowed: DRIFT_METRIC_RULE,
      });
    }
    return { problems };
  }
  const text = keys.drift;
  const colon = text.indexOf(':');
  const shape = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? '' : text.slice(colon + 1).trim();
  const cap = maxFeatures !== undefined ? { maxFeatures } : {};
  if (shape === 'dimension') {
    if (checkDimensionName(arg)) {
      problems.push({
        value: text,
        message: arg
          ? `drift ${quote(text)}: feature dimension ${quote(
              arg,
            )} is not a valid dimension name`
          : `drift ${quote(text)} names no feature dimension`,
        allowed: DRIFT_RULE,
      });
    } else if (dimensionNames.includes(arg)) {
      problems.push({
        value: text,
        message: `drift ${quote(
          text,
        )}: ${arg} is also given as a dimension of the source, with a value; the feature dimension takes one value per feature`,
        allowed: DRIFT_RULE,
      });
    }
    const metricName = keys.driftMetric ?? DEFAULT_CUSTOM_DRIFT_METRIC;
    if (checkMetricName(metricName)) {
      problems.push({
        value: metricName,
        message: `driftMetric ${quote(metricName)} is not a valid metric name`,
        allowed: `${DRIFT_METRIC_RULE}; ${checkMetricName(metricName)}`,
      });
    }
    return problems.length > 0
      ? { problems }
      : {
          spec: { shape, featureDimension: arg, metricName, ...cap },
          problems,
        };
  }
  if (shape === 'pattern') {
    if (keys.driftMetric !== undefined) {
      problems.push({
        value: `driftMetric=${keys.driftMetric}`,
        message:
          'driftMetric applies to drift=dimension: only; with drift=pattern: the metric names are <prefix><feature>',
        allowed: DRIFT_METRIC_RULE,
      });
    }
    // The prefix is the start of a metric name, so one feature character must still fit.
    if (!arg || arg.length > 254 || checkMetricName(arg)) {
      problems.push({
        value: text,
        message: arg
          ? `drift ${quote(text)}: prefix ${quote(
              arg,
            )} cannot start a metric name`
          : `drift ${quote(text)} names no metric name prefix`,
        allowed: DRIFT_RULE,
      });
    }
    return problems.length > 0
      ? { problems }
      : { spec: { shape, prefix: arg, ...cap }, problems };
  }
  problems.push({
    value: text,
    message: `drift ${quote(
      text,
    )} is neither dimension:<name> nor pattern:<prefix>`,
    allowed: DRIFT_RULE,
  });
  return { problems };
}

/** The annotation keys of a drift spec, in the order they are written. */
export function formatDriftKeys(spec: CustomDriftSpec): string[] {
  const parts =
    spec.shape === 'dimension'
      ? [
          `drift=dimension:${spec.featureDimension}`,
          ...(spec.metricName !== DEFAULT_CUSTOM_DRIFT_METRIC
            ? [`driftMetric=${spec.metricName}`]
            : []),
        ]
      : [`drift=pattern:${spec.prefix}`];
  if (spec.maxFeatures !== undefined)
    parts.push(`maxFeatures=${spec.maxFeatures}`);
  return parts;
}

/**
 * The feature a listed metric is the drift score of, under a spec: for the
 * dimension shape a metric named `metricName` with exactly the source's
 * dimensions plus the feature dimension, for the pattern shape a metric named
 * `<prefix><feature>` with exactly the source's dimensions; else undefined.
 * @public
 */
export function driftFeatureOf(
  spec: CustomDriftSpec,
  sourceDimensions: Array<{ name: string; value: string }>,
  metric: {
    name: string;
    dimensions: Array<{ name: string; value: string }>;
  },
): string | undefined {
  const own = (d: { name: string }) =>
    spec.shape === 'dimension' && d.name === spec.featureDimension;
  const rest = metric.dimensions.filter(d => !own(d));
  if (
    rest.length !== sourceDimensions.length ||
    !sourceDimensions.every(s =>
      rest.some(d => d.name === s.name && d.value === s.value),
    )
  )
    return undefined;
  if (spec.shape === 'dimension') {
    if (metric.name !== spec.metricName) return undefined;
    const features = metric.dimensions.filter(own);
    return features.length === 1 && features[0].value
      ? features[0].value
      : undefined;
  }
  if (
    rest.length !== metric.dimensions.length ||
    !metric.name.startsWith(spec.prefix)
  )
    return undefined;
  const feature = metric.name.slice(spec.prefix.length);
  return feature || undefined;
}

/**
 * Whether a metric carrying exactly the source's own dimensions is one of its
 * per-feature drift scores, so it is not also read as a plain custom metric.
 * Only the pattern shape has such names: the dimension shape's scores carry
 * the feature dimension too (a `drift_score` without it is dataset-level).
 * @public
 */
export function isDriftMetricName(
  spec: CustomDriftSpec,
  name: string,
): boolean {
  return (
    spec.shape === 'pattern' &&
    name.startsWith(spec.prefix) &&
    name.length > spec.prefix.length
  );
}
