import { cloudwatchErrors } from '../server/errors';
import {
  COMPARISONS,
  Comparison,
  MetricAlarmConfig,
  TreatMissingData,
} from './alarmEval';
import { parseQueries, validPeriod, validateDimensions } from './query';
import { parseStat } from './stats';
import { AnomalyBand, parseAnomalyBand } from './anomalyBand';
import { seriesKey } from '../sim/series';

const TREATMENTS: TreatMissingData[] = [
  'missing',
  'notBreaching',
  'breaching',
  'ignore',
];
const SIMPLE_STATISTICS = [
  'SampleCount',
  'Average',
  'Sum',
  'Minimum',
  'Maximum',
];

/** Validates a PutMetricAlarm request the way CloudWatch does and derives what evaluation needs. */
export function parseMetricAlarm(
  input: Record<string, any>,
): MetricAlarmConfig {
  const hasSingle =
    input.MetricName !== undefined || input.Namespace !== undefined;
  const hasMetrics = Array.isArray(input.Metrics) && input.Metrics.length > 0;
  if (hasSingle && hasMetrics) {
    throw cloudwatchErrors.invalidCombination(
      'Metrics list cannot be combined with MetricName, Namespace, Dimensions, Statistic, ExtendedStatistic or Period.',
    );
  }
  if (!hasSingle && !hasMetrics) {
    throw cloudwatchErrors.missingParameter(
      'Either MetricName/Namespace or Metrics must be specified.',
    );
  }
  const banded = input.ThresholdMetricId !== undefined;
  if (banded && !hasMetrics) {
    throw cloudwatchErrors.invalidCombination(
      'ThresholdMetricId needs the Metrics list (an ANOMALY_DETECTION_BAND expression).',
    );
  }
  const comparison = input.ComparisonOperator as Comparison;
  if (comparison === undefined)
    throw cloudwatchErrors.missingParameter(
      'The parameter ComparisonOperator is required.',
    );
  if (!banded && !COMPARISONS.includes(comparison)) {
    throw cloudwatchErrors.invalidParameter(
      `Invalid ComparisonOperator ${comparison} for a static-threshold alarm.`,
    );
  }
  if (
    !banded &&
    (typeof input.Threshold !== 'number' || !Number.isFinite(input.Threshold))
  ) {
    throw cloudwatchErrors.missingParameter(
      'The parameter Threshold is required.',
    );
  }
  const evaluationPeriods = input.EvaluationPeriods;
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
    throw cloudwatchErrors.missingParameter(
      'The parameter EvaluationPeriods is required and must be at least 1.',
    );
  }
  const datapointsToAlarm = input.DatapointsToAlarm ?? evaluationPeriods;
  if (
    !Number.isInteger(datapointsToAlarm) ||
    datapointsToAlarm < 1 ||
    datapointsToAlarm > evaluationPeriods
  ) {
    throw cloudwatchErrors.validation(
      'DatapointsToAlarm must be between 1 and EvaluationPeriods.',
    );
  }
  const treatMissingData = (input.TreatMissingData ??
    'missing') as TreatMissingData;
  if (!TREATMENTS.includes(treatMissingData)) {
    throw cloudwatchErrors.invalidParameter(
      `Invalid TreatMissingData ${treatMissingData}.`,
    );
  }
  const common = {
    evaluationPeriods,
    datapointsToAlarm,
    threshold: banded ? 0 : input.Threshold,
    comparison,
    treatMissingData,
  };
  let config: MetricAlarmConfig;
  if (hasSingle) {
    if (
      typeof input.MetricName !== 'string' ||
      typeof input.Namespace !== 'string'
    ) {
      throw cloudwatchErrors.missingParameter(
        'Both MetricName and Namespace are required.',
      );
    }
    const statistic = input.Statistic ?? input.ExtendedStatistic;
    if (
      (input.Statistic === undefined) ===
      (input.ExtendedStatistic === undefined)
    ) {
      throw cloudwatchErrors.invalidCombination(
        'Exactly one of Statistic and ExtendedStatistic must be set.',
      );
    }
    if (
      input.Statistic !== undefined &&
      !SIMPLE_STATISTICS.includes(input.Statistic)
    ) {
      throw cloudwatchErrors.invalidParameter(
        `Invalid Statistic ${input.Statistic}.`,
      );
    }
    const stat =
      typeof statistic === 'string' ? parseStat(statistic) : undefined;
    if (!stat)
      throw cloudwatchErrors.invalidParameter(
        `The statistic ${statistic} is not supported.`,
      );
    if (!validPeriod(input.Period) || input.Period < 10) {
      throw cloudwatchErrors.invalidParameter(
        'Period must be 10, 20, 30 or a multiple of 60.',
      );
    }
    const dimensions = validateDimensions(input.Dimensions, 'Alarm');
    config = {
      ...common,
      period: input.Period,
      resultId: 'm1',
      statisticLabel: statistic,
      queries: [
        {
          id: 'm1',
          returnData: true,
          metricStat: {
            namespace: input.Namespace,
            metricName: input.MetricName,
            dimensions,
            key: seriesKey(input.Namespace, input.MetricName, dimensions),
            period: input.Period,
            stat,
            statName: statistic,
            unit: typeof input.Unit === 'string' ? input.Unit : undefined,
          },
        },
      ],
    };
  } else {
    const parsed = parseQueries(input.Metrics, 'Metrics');
    const band: AnomalyBand | undefined = banded
      ? parseAnomalyBand(input, parsed)
      : undefined;
    // The band is computed by the evaluation, not by metric math.
    const queries = band
      ? parsed.filter(q => q.id !== band.thresholdMetricId)
      : parsed;
    const returned = queries.filter(q => q.returnData);
    if (returned.length !== 1) {
      throw cloudwatchErrors.validation(
        'Exactly one element of the Metrics list must have ReturnData set to true.',
      );
    }
    const result = returned[0];
    const period =
      result.metricStat?.period ??
      result.period ??
      queries.find(q => q.metricStat)?.metricStat?.period;
    if (!period || period < 10) {
      throw cloudwatchErrors.validation(
        'The Metrics list needs a Period of at least 10 seconds.',
      );
    }
    config = {
      ...common,
      period,
      resultId: result.id,
      statisticLabel: result.metricStat?.statName ?? 'Metric math',
      queries,
      ...(band ? { band } : {}),
    };
  }
  if (config.period * config.evaluationPeriods > 7 * 86400) {
    throw cloudwatchErrors.validation(
      'The evaluation period (Period * EvaluationPeriods) must not exceed 7 days.',
    );
  }
  return config;
}
