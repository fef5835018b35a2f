import {
  canonicalMetricName,
  MetricUnit,
  normalizeMetricValue,
} from './metrics';
import type { Runbook } from './runbook';
import { severityRulesOf } from './runbook';
import type { SeverityRule } from './types';

/** @public */
export type ComparisonOperator = '<' | '<=' | '>' | '>=';

/**
 * A runbook condition read by machine, e.g. "Model accuracy < 85%" →
 * `{ metric: 'accuracy', operator: '<', value: 85, unit: 'percent' }`.
 * @public
 */
export interface ParsedCondition {
  /** Canonical metric name (see canonicalMetricName). */
  metric: string;
  operator: ComparisonOperator;
  /** As written: 85 for "85%", 0.7 for "0.7". */
  value: number;
  /** `percent` when written with %, otherwise `number` (as published). */
  unit: 'percent' | 'number';
  /** Words after the number ("for two consecutive runs"), not evaluated. */
  qualifier?: string;
}

// Longest phrases first so "less than or equal to" wins over "less than".
const OPERATOR_WORDS: Array<[string, ComparisonOperator]> = [
  ['less than or equal to', '<='],
  ['greater than or equal to', '>='],
  ['is at most', '<='],
  ['is at least', '>='],
  ['at most', '<='],
  ['at least', '>='],
  ['drops below', '<'],
  ['falls below', '<'],
  ['is below', '<'],
  ['is under', '<'],
  ['less than', '<'],
  ['lower than', '<'],
  ['fewer than', '<'],
  ['below', '<'],
  ['under', '<'],
  ['rises above', '>'],
  ['is above', '>'],
  ['is over', '>'],
  ['greater than', '>'],
  ['higher than', '>'],
  ['more than', '>'],
  ['exceeds', '>'],
  ['above', '>'],
  ['over', '>'],
  ['<=', '<='],
  ['=<', '<='],
  ['≤', '<='],
  ['>=', '>='],
  ['=>', '>='],
  ['≥', '>='],
  ['<', '<'],
  ['>', '>'],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Words must stand alone ("over" is not in "turnover"); symbols need no space.
const OPERATOR_PATTERN = OPERATOR_WORDS.map(([w]) =>
  /^[a-z ]+$/.test(w) ? `(?<![a-z])${escape(w)}(?![a-z])` : escape(w),
).join('|');
const CONDITION = new RegExp(
  `^\\s*(.+?)\\s*(${OPERATOR_PATTERN})\\s*(-?\\d+(?:\\.\\d+)?)\\s*(%|percent\\b)?(.*)$`,
  'i',
);

/**
 * Reads a runbook condition like "Model accuracy < 85%", "R2 < 0.7 for two
 * consecutive runs" or "Drift score above 0.3 on any feature". Returns
 * undefined when the text is not a metric, a comparison and a number.
 * @public
 */
export function parseSeverityCondition(
  condition: string,
): ParsedCondition | undefined {
  if (typeof condition !== 'string' || condition.length > 500) return undefined;
  const match = CONDITION.exec(condition);
  if (!match) return undefined;
  const [, subject, operatorText, valueText, unitText, rest] = match;
  const metric = canonicalMetricName(subject);
  if (!metric) return undefined;
  const operator = OPERATOR_WORDS.find(
    ([w]) => w === operatorText.toLowerCase(),
  )![1];
  const qualifier = rest.replace(/^[\s,;:.-]+|[\s.]+$/g, '');
  return {
    metric,
    operator,
    value: Number(valueText),
    unit: unitText ? 'percent' : 'number',
    ...(qualifier ? { qualifier } : {}),
  };
}

/**
 * A latest metric value, as the backend knows it. Drift scores use metric
 * `drift_score` and name their feature.
 * @public
 */
export interface MetricObservation {
  metric: string;
  value: number;
  /** CloudWatch's unit when it is `Percent`, else leave out. */
  unit?: MetricUnit;
  feature?: string;
  /** Variant, endpoint or other origin, for the sentence. */
  subject?: string;
  at?: string;
}

/**
 * A severity rule checked against observations.
 * @public
 */
export interface SeverityRuleCheck {
  rule: SeverityRule;
  condition: ParsedCondition;
  /** The observation furthest on the wrong side (or closest, when not matched). */
  observation: MetricObservation;
  /** True when a qualifier ("for 1 hour") could not be checked. */
  qualifierIgnored: boolean;
}

/** A rule whose condition holds now. @public */
export type SeverityMatch = SeverityRuleCheck & { status: 'matched' };

/** @public */
export type SeverityRuleEvaluation =
  | { rule: SeverityRule; status: 'not-machine-readable' }
  | { rule: SeverityRule; status: 'no-data'; condition: ParsedCondition }
  | SeverityMatch
  | (SeverityRuleCheck & { status: 'not-matched' });

// Thresholds like 85 / 100 are not exact in binary; equal must stay equal.
const EPSILON = 1e-9;

function compare(a: number, op: ComparisonOperator, b: number): boolean {
  switch (op) {
    case '<':
      return a < b - EPSILON;
    case '<=':
      return a <= b + EPSILON;
    case '>':
      return a > b + EPSILON;
    default:
      return a >= b - EPSILON;
  }
}

/** "on any feature" is what the any-observation rule already does. */
const EVALUATED_QUALIFIER =
  /^(on|for|in|across) (any|at least one|one or more) (feature|features|variant|variants)$/i;

/**
 * Checks every severity rule of a runbook against the latest observations.
 * A rule holds when any observation of its metric satisfies it (so "drift
 * score above 0.3" holds when one feature drifts). Values and thresholds are
 * compared after normalizeMetricValue, so an accuracy of 0.6 is below "85%".
 * @public
 */
export function evaluateSeverityRules(
  runbook: Runbook,
  observations: MetricObservation[],
): SeverityRuleEvaluation[] {
  return severityRulesOf(runbook).map(rule => {
    const condition = parseSeverityCondition(rule.condition);
    if (!condition) return { rule, status: 'not-machine-readable' as const };
    const relevant = observations.filter(
      o =>
        Number.isFinite(o.value) &&
        canonicalMetricName(o.metric) === condition.metric,
    );
    if (relevant.length === 0)
      return { rule, status: 'no-data' as const, condition };
    const threshold = normalizeMetricValue(
      condition.metric,
      condition.value,
      condition.unit === 'percent' ? 'percent' : undefined,
    );
    const normalized = relevant.map(o => ({
      o,
      v: normalizeMetricValue(condition.metric, o.value, o.unit),
    }));
    const lowIsBad = condition.operator === '<' || condition.operator === '<=';
    // The most extreme observation in the direction the rule fears.
    const worst = normalized.reduce((a, b) =>
      (lowIsBad ? b.v < a.v : b.v > a.v) ? b : a,
    );
    return {
      rule,
      status: compare(worst.v, condition.operator, threshold)
        ? ('matched' as const)
        : ('not-matched' as const),
      condition,
      observation: worst.o,
      qualifierIgnored:
        condition.qualifier !== undefined &&
        !EVALUATED_QUALIFIER.test(condition.qualifier),
    };
  });
}

/**
 * The most severe runbook rule whose condition holds now, or undefined.
 * @public
 */
export function matchSeverityRule(
  runbook: Runbook,
  observations: MetricObservation[],
): SeverityMatch | undefined {
  return evaluateSeverityRules(runbook, observations).find(
    (e): e is SeverityMatch => e.status === 'matched',
  );
}
