import { cloudwatchErrors } from '../server/errors';
import type { Series } from './math';
import type { MetricQuery } from './query';

export type BandComparison =
  | 'LessThanLowerOrGreaterThanUpperThreshold'
  | 'LessThanLowerThreshold'
  | 'GreaterThanUpperThreshold';

export const BAND_COMPARISONS: BandComparison[] = [
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
];

/** An anomaly-detection alarm: its band query and the metric the band is trained on. */
export interface AnomalyBand {
  thresholdMetricId: string;
  metricId: string;
  /** Standard deviations either side of the expected value (CloudWatch's default 2). */
  width: number;
}

/**
 * How much history the emulator's band is "trained" on. CloudWatch trains a model on up to
 * two weeks and learns hourly, daily and weekly patterns; the emulator takes the mean and
 * standard deviation of the preceding day, enough to tell a jump from the usual noise.
 */
export const BAND_TRAINING_MS = 24 * 3600_000;
const MIN_TRAINING_POINTS = 3;

const BAND =
  /^\s*ANOMALY_DETECTION_BAND\s*\(\s*([a-z][a-zA-Z0-9_]*)\s*(?:,\s*([0-9]+(?:\.[0-9]+)?)\s*)?\)\s*$/i;

/**
 * Validates ThresholdMetricId the way CloudWatch does: it names an expression of the Metrics
 * list that is ANOMALY_DETECTION_BAND(<id of the ReturnData metric>[, width]), and the alarm
 * compares with the band (no Threshold).
 */
export function parseAnomalyBand(
  input: Record<string, any>,
  queries: MetricQuery[],
): AnomalyBand {
  const id = input.ThresholdMetricId;
  const band = queries.find(q => q.id === id);
  const match = band?.expression ? BAND.exec(band.expression) : null;
  if (!band || !match) {
    throw cloudwatchErrors.validation(
      `ThresholdMetricId ${id} must be the id of an ANOMALY_DETECTION_BAND expression in Metrics.`,
    );
  }
  const returned = queries.filter(q => q.returnData && q.id !== id);
  if (returned.length !== 1 || returned[0].id !== match[1]) {
    throw cloudwatchErrors.validation(
      `The ANOMALY_DETECTION_BAND of ${id} must be of the one metric with ReturnData true.`,
    );
  }
  if (input.Threshold !== undefined) {
    throw cloudwatchErrors.invalidCombination(
      'Threshold cannot be combined with ThresholdMetricId.',
    );
  }
  if (!BAND_COMPARISONS.includes(input.ComparisonOperator)) {
    throw cloudwatchErrors.validation(
      `ComparisonOperator ${
        input.ComparisonOperator
      } is not valid for an anomaly detection alarm; use one of ${BAND_COMPARISONS.join(
        ', ',
      )}.`,
    );
  }
  return {
    thresholdMetricId: id,
    metricId: match[1],
    width: match[2] === undefined ? 2 : Number(match[2]),
  };
}

/** The band at `t`: mean ± width·σ of the datapoints of the day before; none without history. */
export function bandAt(
  series: Series,
  t: number,
  width: number,
): { lower: number; upper: number } | undefined {
  const history: number[] = [];
  for (const [time, value] of series) {
    if (time >= t - BAND_TRAINING_MS && time < t) history.push(value);
  }
  if (history.length < MIN_TRAINING_POINTS) return undefined;
  const mean = history.reduce((a, b) => a + b, 0) / history.length;
  const sd = Math.sqrt(
    history.reduce((a, v) => a + (v - mean) ** 2, 0) / history.length,
  );
  return { lower: mean - width * sd, upper: mean + width * sd };
}

export function outsideBand(
  value: number,
  band: { lower: number; upper: number },
  comparison: BandComparison,
): boolean {
  if (comparison === 'LessThanLowerThreshold') return value < band.lower;
  if (comparison === 'GreaterThanUpperThreshold') return value > band.upper;
  return value < band.lower || value > band.upper;
}
