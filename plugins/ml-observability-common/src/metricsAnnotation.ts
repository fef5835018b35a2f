import {
  checkDimensionName,
  checkDimensionValue,
  checkMetricName,
  checkNamespace,
  checkPeriod,
  quote,
} from './validators';
import {
  CustomDriftSpec,
  DriftKeys,
  formatDriftKeys,
  parseDriftKeys,
} from './customDrift';

/**
 * A CloudWatch dimension.
 * @public
 */
export interface MetricDimension {
  name: string;
  value: string;
}

/**
 * One custom CloudWatch source of a model, from the `ml-observability/metrics`
 * annotation.
 * @public
 */
export interface CustomMetricSource {
  namespace: string;
  /** Every dimension the metrics carry, in the order written. */
  dimensions: MetricDimension[];
  /** Metric names to read; undefined means every metric with these dimensions. */
  metricNames?: string[];
  /** Period in seconds at which the metrics are read. */
  periodSeconds: number;
  /** Per-feature drift scores of the source (`drift=`, `driftMetric=`, `maxFeatures=`). */
  drift?: CustomDriftSpec;
}

/**
 * The period used when a source does not say `period=`.
 * @public
 */
export const DEFAULT_CUSTOM_METRIC_PERIOD_SECONDS = 300;

/** At most this many dimensions per metric (CloudWatch limit). */
const MAX_DIMENSIONS = 30;

/** A problem in the metrics annotation, without the annotation name. */
export interface MetricsAnnotationProblem {
  value: string;
  message: string;
  allowed: string;
}

const SYNTAX_RULE =
  'sources separated by ";", each a comma separated list of key=value: namespace=<CloudWatch namespace> (required), dimensions as Name=Value, optional metrics=A|B, period=<seconds>, and for drift scores drift=dimension:<Name> (with driftMetric=<name>) or drift=pattern:<prefix>, with maxFeatures=<n>';

const DRIFT_KEYS: ReadonlyArray<keyof DriftKeys> = [
  'drift',
  'driftMetric',
  'maxFeatures',
];

function parseSource(
  text: string,
  problems: MetricsAnnotationProblem[],
): CustomMetricSource | undefined {
  let namespace: string | undefined;
  let metricNames: string[] | undefined;
  let periodSeconds = DEFAULT_CUSTOM_METRIC_PERIOD_SECONDS;
  const dimensions: MetricDimension[] = [];
  const driftKeys: DriftKeys = {};
  const before = problems.length;

  for (const rawPair of text.split(',')) {
    const pair = rawPair.trim();
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      problems.push({
        value: pair,
        message: pair
          ? `"${pair}" is not a key=value pair`
          : 'an empty entry (two commas in a row, or a trailing comma)',
        allowed: SYNTAX_RULE,
      });
      continue;
    }
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (key === 'namespace') {
      if (namespace !== undefined) {
        problems.push({
          value: pair,
          message: 'namespace is given twice',
          allowed: SYNTAX_RULE,
        });
      }
      const rule = checkNamespace(value);
      if (rule) {
        problems.push({
          value,
          message: `namespace ${quote(value)} is not valid`,
          allowed: rule,
        });
      }
      namespace = value;
    } else if (key === 'metrics') {
      const names = value.split('|').map(n => n.trim());
      const bad = names.filter(n => checkMetricName(n));
      if (bad.length > 0 || names.length === 0) {
        problems.push({
          value,
          message: `metrics ${quote(
            value,
          )} contains an empty or invalid metric name`,
          allowed: `metric names separated by "|", ${checkMetricName('')}`,
        });
      }
      metricNames = [...new Set(names)];
    } else if (key === 'period') {
      const rule = checkPeriod(value);
      if (rule) {
        problems.push({
          value,
          message: `period ${quote(value)} is not valid`,
          allowed: rule,
        });
      }
      periodSeconds = Number(value);
    } else if ((DRIFT_KEYS as string[]).includes(key)) {
      const driftKey = key as keyof DriftKeys;
      if (driftKeys[driftKey] !== undefined) {
        problems.push({
          value: pair,
          message: `${key} is given twice`,
          allowed: SYNTAX_RULE,
        });
      }
      driftKeys[driftKey] = value;
    } else {
      const nameRule = checkDimensionName(key);
      const valueRule = checkDimensionValue(value);
      if (nameRule) {
        problems.push({
          value: key,
          message: `dimension name ${quote(key)} is not valid`,
          allowed: nameRule,
        });
      }
      if (valueRule) {
        problems.push({
          value,
          message: `dimension ${key} has an invalid value ${quote(value)}`,
          allowed: valueRule,
        });
      }
      if (dimensions.some(d => d.name === key)) {
        problems.push({
          value: key,
          message: `dimension ${key} is given twice`,
          allowed: 'each dimension name once',
        });
      }
      dimensions.push({ name: key, value });
    }
  }

  if (namespace === undefined) {
    problems.push({
      value: text,
      message: `source ${quote(text)} has no namespace`,
      allowed: SYNTAX_RULE,
    });
  }
  if (dimensions.length > MAX_DIMENSIONS) {
    problems.push({
      value: text,
      message: `source has ${dimensions.length} dimensions`,
      allowed: `at most ${MAX_DIMENSIONS} dimensions (CloudWatch limit)`,
    });
  }
  const drift = parseDriftKeys(
    driftKeys,
    dimensions.map(d => d.name),
  );
  problems.push(...drift.problems);
  if (problems.length > before || namespace === undefined) return undefined;
  return {
    namespace,
    dimensions,
    ...(metricNames ? { metricNames } : {}),
    periodSeconds,
    ...(drift.spec ? { drift: drift.spec } : {}),
  };
}

/**
 * Parses `ml-observability/metrics`, e.g.
 * `namespace=ML/ModelPerformance,ModelName=fraud-detection-v2;namespace=ML/Business,ModelName=fraud,metrics=FraudRate,period=3600`.
 *
 * Keys `namespace`, `metrics`, `period`, `drift`, `driftMetric` and
 * `maxFeatures` are reserved; every other key is a dimension. A source with
 * `drift=dimension:Feature` (metric `driftMetric`, default `drift_score`, with
 * the source's dimensions plus `Feature=<feature>`) or `drift=pattern:<prefix>`
 * (metrics `<prefix><feature>` with the source's dimensions) also gives
 * per-feature drift scores, at most `maxFeatures` of them. Values cannot
 * contain `,` or `;`. Never throws.
 * @public
 */
export function parseMetricsAnnotation(
  text: string,
):
  | { ok: true; sources: CustomMetricSource[] }
  | { ok: false; problems: MetricsAnnotationProblem[] } {
  const problems: MetricsAnnotationProblem[] = [];
  const sources: CustomMetricSource[] = [];
  const parts = text.split(';').map(p => p.trim());
  // A trailing ";" is harmless; an empty source in the middle is a typo.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  for (const part of parts) {
    if (part === '') {
      problems.push({
        value: text,
        message: 'an empty source',
        allowed: SYNTAX_RULE,
      });
      continue;
    }
    const source = parseSource(part, problems);
    if (source) sources.push(source);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, sources };
}

/**
 * Writes sources back in annotation syntax (used by the scaffolder and in
 * "add this YAML" hints). Inverse of {@link parseMetricsAnnotation}.
 * @public
 */
export function formatMetricsAnnotation(sources: CustomMetricSource[]): string {
  return sources
    .map(s => {
      const parts = [`namespace=${s.namespace}`];
      for (const d of s.dimensions) parts.push(`${d.name}=${d.value}`);
      if (s.metricNames?.length)
        parts.push(`metrics=${s.metricNames.join('|')}`);
      if (s.periodSeconds !== DEFAULT_CUSTOM_METRIC_PERIOD_SECONDS) {
        parts.push(`period=${s.periodSeconds}`);
      }
      if (s.drift) parts.push(...formatDriftKeys(s.drift));
      return parts.join(',');
    })
    .join(';');
}
