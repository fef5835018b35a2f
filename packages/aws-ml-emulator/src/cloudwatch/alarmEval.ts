import { isoNoMillis, reasonStamp } from '../util/time';
import type { RegionState } from '../world';
import type { AlarmState } from './alarmRule';
import { MetricQuery, runQueries } from './query';
import {
  AnomalyBand,
  BAND_TRAINING_MS,
  BandComparison,
  bandAt,
  outsideBand,
} from './anomalyBand';

export type Comparison =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export const COMPARISONS: Comparison[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

export type TreatMissingData =
  | 'missing'
  | 'notBreaching'
  | 'breaching'
  | 'ignore';

export interface MetricAlarmConfig {
  /** The query whose result is compared with the threshold, plus any it references. */
  queries: MetricQuery[];
  resultId: string;
  statisticLabel: string;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: Comparison | BandComparison;
  treatMissingData: TreatMissingData;
  /** Set for an anomaly-detection alarm (ThresholdMetricId): the band replaces the threshold. */
  band?: AnomalyBand;
}

export interface Evaluation {
  state: AlarmState;
  /** Builds StateReason / StateReasonData; only needed when the state changes. */
  explain(): { reason: string; reasonData: string };
}

const PHRASES: Record<Comparison | BandComparison, [string, string]> = {
  LessThanLowerOrGreaterThanUpperThreshold: [
    'outside the band of',
    'inside the band of',
  ],
  LessThanLowerThreshold: ['below the band of', 'not below the band of'],
  GreaterThanUpperThreshold: ['above the band of', 'not above the band of'],
  GreaterThanOrEqualToThreshold: [
    'greater than or equal to',
    'not greater than or equal to',
  ],
  GreaterThanThreshold: ['greater than', 'not greater than'],
  LessThanThreshold: ['less than', 'not less than'],
  LessThanOrEqualToThreshold: [
    'less than or equal to',
    'not less than or equal to',
  ],
};

function breaches(
  value: number,
  config: Pick<MetricAlarmConfig, 'comparison' | 'threshold'>,
): boolean {
  switch (config.comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= config.threshold;
    case 'GreaterThanThreshold':
      return value > config.threshold;
    case 'LessThanThreshold':
      return value < config.threshold;
    default:
      return value <= config.threshold;
  }
}

const fmt = (n: number) =>
  Number.isInteger(n) ? n.toFixed(1) : String(Math.round(n * 1e6) / 1e6);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Evaluates a metric alarm at instant `at`, as CloudWatch would: over the last
 * EvaluationPeriods periods (aligned to the period), ending with the current period when it
 * already has data and with the last complete one otherwise, so sparse metrics (hourly
 * Model Monitor runs) do not flap while the next datapoint is still being computed.
 */
export function evaluateMetricAlarm(
  state: RegionState,
  config: MetricAlarmConfig,
  at: number,
  previous: AlarmState,
): Evaluation {
  const period = config.period * 1000;
  const n = config.evaluationPeriods;
  const current = Math.floor(at / period) * period;
  const start = current - n * period;
  const results = runQueries(
    state,
    config.queries,
    config.band ? start - BAND_TRAINING_MS : start,
    current + period,
    at,
  );
  const series =
    results.find(r => r.id === config.resultId)?.series ??
    new Map<number, number>();
  const band = config.band;
  const isBreach = (p: { t: number; v: number }): boolean => {
    if (!band) return breaches(p.v, config);
    const range = bandAt(series, p.t, band.width);
    return (
      range !== undefined &&
      outsideBand(p.v, range, config.comparison as BandComparison)
    );
  };
  const end = series.has(current) ? current + period : current;
  const periods: number[] = [];
  for (let t = end - n * period; t < end; t += period) periods.push(t);
  const present = periods
    .filter(t => series.has(t))
    .map(t => ({ t, v: series.get(t)! }));
  const missing = n - present.length;
  let breaching = present.filter(isBreach).length;
  if (config.treatMissingData === 'breaching') breaching += missing;
  const m = config.datapointsToAlarm;
  let next: AlarmState;
  if (breaching >= m) next = 'ALARM';
  else if (present.length === 0 && config.treatMissingData === 'missing')
    next = 'INSUFFICIENT_DATA';
  else if (present.length === 0 && config.treatMissingData === 'ignore')
    next = previous;
  else next = 'OK';

  const explain = () => {
    const limit = band
      ? `anomaly band (${band.width} standard deviations)`
      : `threshold (${fmt(config.threshold)})`;
    const recent = [...present].reverse();
    const listed = recent
      .map(p => `${fmt(p.v)} (${reasonStamp(p.t)})`)
      .join(', ');
    const [yes, no] = PHRASES[config.comparison];
    let reason: string;
    if (next === 'INSUFFICIENT_DATA') {
      reason = `Insufficient Data: ${plural(n, 'datapoint')} ${
        n === 1 ? 'was' : 'were'
      } unknown.`;
    } else if (present.length === 0) {
      reason = `Threshold Crossed: no datapoints were received for ${plural(
        n,
        'period',
      )} and ${plural(missing, 'missing datapoint')} ${
        missing === 1 ? 'was' : 'were'
      } treated as [${
        config.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching'
      }].`;
    } else if (next === 'ALARM') {
      reason = `Threshold Crossed: ${breaching} out of the last ${n} datapoints [${listed}] ${
        present.length === 1 ? 'was' : 'were'
      } ${yes} the ${limit} (minimum ${plural(
        m,
        'datapoint',
      )} for OK -> ALARM transition).`;
    } else {
      reason = `Threshold Crossed: ${plural(
        present.length,
        'datapoint',
      )} [${listed}] ${
        present.length === 1 ? 'was' : 'were'
      } ${no} the ${limit} (minimum ${plural(
        m,
        'datapoint',
      )} for ALARM -> OK transition).`;
    }
    const reasonData = JSON.stringify({
      version: '1.0',
      queryDate: isoNoMillis(at),
      startDate: isoNoMillis(end - n * period),
      statistic: config.statisticLabel,
      period: config.period,
      recentDatapoints: recent.map(p => p.v),
      threshold: config.threshold,
      evaluatedDatapoints: recent.map(p => ({
        timestamp: isoNoMillis(p.t),
        value: p.v,
      })),
    });
    return { reason, reasonData };
  };
  return { state: next, explain };
}
