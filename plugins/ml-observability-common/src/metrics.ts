/**
 * What we know about model metrics by name: canonical names, direction, scale
 * and how to show them.
 *
 * Metric names arrive in many spellings: Model Monitor publishes `f1` and
 * `weighted_f1`, custom CloudWatch sources use `Accuracy` or `F1Score`,
 * runbooks say `f1_score` or "Weighted F1". Everything is compared through
 * {@link canonicalMetricName}.
 */

/**
 * Which way is good for a metric.
 * @public
 */
export type MetricDirection = 'higher-is-better' | 'lower-is-better';

/**
 * The unit a number was written or published in. `percent` means 0–100,
 * `fraction` means 0–1, `number` means "as published, no conversion".
 * @public
 */
export type MetricUnit = 'percent' | 'fraction' | 'number';

/**
 * How a metric value is best shown to a person.
 * @public
 */
export type MetricDisplay = 'percent' | 'number';

/**
 * Knowledge about one metric.
 * @public
 */
export interface MetricInfo {
  /** Canonical name, e.g. `f1` for `F1Score`. */
  name: string;
  /** Human label, e.g. `Weighted F1`. */
  label: string;
  direction: MetricDirection;
  /**
   * True for scores bounded above by 1 (accuracy, precision, r2, ...), whose
   * thresholds may be written as percents (92.0) or fractions (0.92).
   */
  score: boolean;
  display: MetricDisplay;
  /** False when we guessed: the name is not one we know. */
  known: boolean;
}

/** The canonical name under which drift scores are observed. @public */
export const DRIFT_SCORE_METRIC = 'drift_score';

const CLASSIFICATION_SCORES = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f0_5',
  'f1',
  'f2',
  'auc',
  'au_prc',
  'true_positive_rate',
  'true_negative_rate',
  'specificity',
  'sensitivity',
  'click_through_rate',
];
const WEIGHTED_SCORES = ['precision', 'recall', 'f0_5', 'f1', 'f2'].map(
  m => `weighted_${m}`,
);
const MACRO_MICRO_SCORES = ['precision', 'recall', 'f1'].flatMap(m => [
  `macro_${m}`,
  `micro_${m}`,
]);
// Rates where a rise is bad; still bounded 0..1, so percents are allowed.
const ERROR_RATES = [
  'false_positive_rate',
  'false_negative_rate',
  'error_rate',
  'misclassification_rate',
];
// Unit-bearing errors: no percent conversion, lower is better.
const ERROR_METRICS = [
  'mae',
  'mse',
  'rmse',
  'msle',
  'rmsle',
  'mape',
  'smape',
  'wape',
  'log_loss',
  'brier_score',
  'latency',
];

const LABELS: Record<string, string> = {
  auc: 'AUC',
  au_prc: 'AU-PRC',
  f0_5: 'F0.5',
  f1: 'F1',
  f2: 'F2',
  r2: 'R2',
  mae: 'MAE',
  mse: 'MSE',
  rmse: 'RMSE',
  msle: 'MSLE',
  rmsle: 'RMSLE',
  mape: 'MAPE',
  smape: 'sMAPE',
  wape: 'WAPE',
};

const KNOWN = new Map<string, Omit<MetricInfo, 'name' | 'label' | 'known'>>();
for (const m of [...CLASSIFICATION_SCORES, ...WEIGHTED_SCORES]) {
  KNOWN.set(m, {
    direction: 'higher-is-better',
    score: true,
    display: 'percent',
  });
}
for (const m of MACRO_MICRO_SCORES) {
  KNOWN.set(m, {
    direction: 'higher-is-better',
    score: true,
    display: 'percent',
  });
}
for (const m of ERROR_RATES) {
  KNOWN.set(m, {
    direction: 'lower-is-better',
    score: true,
    display: 'percent',
  });
}
for (const m of ERROR_METRICS) {
  KNOWN.set(m, {
    direction: 'lower-is-better',
    score: false,
    display: 'number',
  });
}
// r2 is at most 1 but is conventionally read as 0.85, not 85 %.
KNOWN.set('r2', {
  direction: 'higher-is-better',
  score: true,
  display: 'number',
});
// Drift distances can exceed 1 (PSI), so they are never percent-converted.
KNOWN.set(DRIFT_SCORE_METRIC, {
  direction: 'lower-is-better',
  score: false,
  display: 'number',
});

const ALIASES: Record<string, string> = {
  roc_auc: 'auc',
  auc_roc: 'auc',
  auroc: 'auc',
  area_under_curve: 'auc',
  pr_auc: 'au_prc',
  auprc: 'au_prc',
  r_2: 'r2',
  r_squared: 'r2',
  rsquared: 'r2',
  f1score: 'f1',
  tpr: 'true_positive_rate',
  tnr: 'true_negative_rate',
  fpr: 'false_positive_rate',
  fnr: 'false_negative_rate',
  ctr: 'click_through_rate',
  clickthrough_rate: 'click_through_rate',
  logloss: 'log_loss',
  drift: DRIFT_SCORE_METRIC,
  feature_drift: DRIFT_SCORE_METRIC,
  feature_drift_score: DRIFT_SCORE_METRIC,
  data_drift: DRIFT_SCORE_METRIC,
  data_drift_score: DRIFT_SCORE_METRIC,
  feature_baseline_drift: DRIFT_SCORE_METRIC,
};

function resolveKnown(name: string): string | undefined {
  if (KNOWN.has(name)) return name;
  if (ALIASES[name]) return ALIASES[name];
  return undefined;
}

/**
 * The canonical spelling of a metric name: snake case, lower case, aliases
 * resolved, a redundant `_score` suffix and `model_` prefix dropped when what
 * remains is a known metric. `F1Score`, `f1_score` and `F1` all give `f1`;
 * `Model accuracy` gives `accuracy`; `ClickThroughRate` gives
 * `click_through_rate`.
 * @public
 */
export function canonicalMetricName(name: string): string {
  const snake = name
    .trim()
    .replace(/²/g, '2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const candidates = [snake];
  for (const prefix of ['model_', 'the_']) {
    if (snake.startsWith(prefix)) candidates.push(snake.slice(prefix.length));
  }
  for (const c of [...candidates]) {
    if (c.endsWith('_score')) candidates.push(c.slice(0, -'_score'.length));
  }
  for (const c of candidates) {
    const known = resolveKnown(c);
    if (known) return known;
  }
  return snake;
}

function defaultLabel(name: string): string {
  if (LABELS[name]) return LABELS[name];
  return name
    .split('_')
    .filter(Boolean)
    .map(w => LABELS[w] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * Knowledge about a metric. Unknown metrics are treated as higher-is-better
 * numbers shown as published: the runbook's model-performance thresholds are
 * minimums, so that is the safe reading of an unknown quality metric.
 * @public
 */
export function metricInfo(name: string): MetricInfo {
  const canonical = canonicalMetricName(name);
  const known = KNOWN.get(canonical);
  if (known) {
    return {
      name: canonical,
      label: defaultLabel(canonical),
      known: true,
      ...known,
    };
  }
  return {
    name: canonical,
    label: defaultLabel(canonical),
    direction: 'higher-is-better',
    score: false,
    display: 'number',
    known: false,
  };
}

/**
 * Which way is good for a metric: lower for error metrics (rmse, mae, mse,
 * log_loss, false_positive_rate, drift_score, ...), higher for scores
 * (accuracy, precision, recall, f1, auc, r2, ...) and for unknown names.
 * @public
 */
export function metricDirection(name: string): MetricDirection {
  return metricInfo(name).direction;
}

/**
 * Puts a metric value or threshold on the metric's canonical scale, so that a
 * runbook threshold and an observed value can be compared.
 *
 * The rule:
 * - an explicit unit wins: `percent` is divided by 100, `fraction` and
 *   `number` are taken as they are;
 * - without a unit, a value of a score metric (accuracy, precision, recall,
 *   f1, auc, r2, their weighted forms, error rates) above 1 can only be a
 *   percent, so it is divided by 100 (92.0 → 0.92); at or below 1 it is
 *   already a fraction (0.85 stays 0.85, and 1 means 100 %);
 * - every other metric (rmse, mae, drift scores, unknown custom metrics) is
 *   compared as published.
 * @public
 */
export function normalizeMetricValue(
  metric: string,
  value: number,
  unit?: MetricUnit,
): number {
  if (unit === 'percent') return value / 100;
  if (unit === 'fraction' || unit === 'number') return value;
  if (metricInfo(metric).score && Math.abs(value) > 1) return value / 100;
  return value;
}

/**
 * A normalized value as a person reads it: scores as percents with one
 * decimal ("84.0%"), other metrics with three significant digits.
 * @public
 */
export function formatMetricValue(metric: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (metricInfo(metric).display === 'percent') {
    return `${(value * 100).toFixed(1)}%`;
  }
  return formatNumber(value);
}

/**
 * A plain number for a sentence: three significant digits, whole above 1000.
 * @public
 */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}
