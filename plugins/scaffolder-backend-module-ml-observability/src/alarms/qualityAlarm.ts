import {
  metricInfo,
  qualityThresholdInForce,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { businessHoursIndicator } from './businessHours';
import {
  AlarmPlanInput,
  alarmName,
  dims,
  formatThreshold,
  metricStat,
  MODEL_MONITOR_PERIOD,
  PlannedAlarm,
  SkippedAlarm,
  truncate,
} from './types';

/** The alarm on one quality metric, or why there is none. */
export function qualityAlarm(
  plan: AlarmPlanInput,
  canonical: string,
  published: string,
): PlannedAlarm | SkippedAlarm {
  const source = plan.quality!.source;
  const name = alarmName(
    plan.alarmNamePrefix,
    `${canonical.replace(/_/g, '-')}-below-threshold`,
  );
  const threshold = qualityThresholdInForce(
    plan.runbook,
    { timeZone: plan.window.timeZone, businessHours: plan.window },
    plan.now,
    canonical,
  );
  if (!threshold) {
    return {
      alarm: name,
      reason: `the runbook has no threshold for ${canonical}: the shared business/off-hours thresholds apply to higher-is-better scores only; add monitoring_config.model_performance.metric_thresholds.${canonical}`,
    };
  }
  const business =
    threshold.kind === 'business-hours'
      ? threshold.value
      : threshold.other.value;
  const off =
    threshold.kind === 'off-hours' ? threshold.value : threshold.other.value;
  const info = metricInfo(canonical);
  const higherIsBetter = info.direction === 'higher-is-better';
  // Published scores in percent are put on the 0-1 scale the thresholds are normalized to.
  const scale =
    source.kind === 'custom' && source.unit === 'percent' && info.score
      ? 100
      : 1;
  const period =
    source.kind === 'custom'
      ? source.source.periodSeconds
      : MODEL_MONITOR_PERIOD;
  const evaluationPeriods =
    plan.evaluation?.evaluationPeriods ?? (source.kind === 'custom' ? 3 : 1);
  const datapointsToAlarm = Math.min(
    plan.evaluation?.datapointsToAlarm ?? (source.kind === 'custom' ? 2 : 1),
    evaluationPeriods,
  );
  // Model Monitor publishes one datapoint per execution: between executions there is
  // nothing to evaluate, so keep the state. A custom publisher going quiet is news.
  const treatMissingData = source.kind === 'custom' ? 'missing' : 'ignore';
  const side = higherIsBetter ? 'below' : 'above';
  const common = {
    AlarmName: name,
    ActionsEnabled: true,
    AlarmActions: [plan.snsTopicArn],
    OKActions: [plan.snsTopicArn],
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: datapointsToAlarm,
    TreatMissingData: treatMissingData,
  };

  if (business === off) {
    return {
      kind: 'quality',
      input: {
        ...common,
        AlarmDescription: truncate(
          `${info.label} of ${plan.modelName} ${side} ${formatThreshold(
            canonical,
            business,
          )} (runbook threshold, the same in and out of business hours). Managed by mlobs:cloudwatch:create-alarms.`,
          1024,
        ),
        Namespace:
          source.kind === 'custom' ? source.source.namespace : source.namespace,
        MetricName: published,
        Dimensions: dims(
          source.kind === 'custom'
            ? source.source.dimensions
            : source.dimensions,
        ),
        Statistic: 'Average',
        Period: period,
        Threshold: Number((business * scale).toPrecision(12)),
        ComparisonOperator: higherIsBetter
          ? 'LessThanThreshold'
          : 'GreaterThanThreshold',
      },
    };
  }

  const indicator = businessHoursIndicator(plan.window, plan.now, {
    metricId: 'm1',
    weekdays: plan.weekdays,
  });
  const value = scale === 1 ? 'm1' : `m1/${scale}`;
  const inForce =
    indicator.constant !== undefined
      ? String(indicator.constant === 1 ? business : off)
      : `(${off}+${Number((business - off).toPrecision(12))}*in_hours)`;
  const margin = higherIsBetter ? `${value}-${inForce}` : `${inForce}-${value}`;
  const days = plan.weekdays
    ? ''
    : ' (every day: this CloudWatch endpoint does not evaluate DAY())';
  return {
    kind: 'quality',
    input: {
      ...common,
      AlarmDescription: truncate(
        `${info.label} of ${
          plan.modelName
        } ${side} its runbook threshold: ${formatThreshold(
          canonical,
          business,
        )} in business hours (${plan.window.start ?? '09:00'}-${
          plan.window.end ?? '18:00'
        } ${plan.window.timeZone}, ${
          indicator.utcWindow
        }${days}), ${formatThreshold(
          canonical,
          off,
        )} off hours. The alarm watches the margin to the threshold in force and fires below 0. Managed by mlobs:cloudwatch:create-alarms.`,
        1024,
      ),
      Metrics: [
        {
          Id: 'm1',
          MetricStat: metricStat(source, published, period, 'Average'),
          ReturnData: false,
          Label: published,
        },
        ...indicator.steps.map(s => ({
          Id: s.id,
          Expression: s.expression,
          Label: s.label,
          ReturnData: false,
        })),
        {
          Id: 'margin',
          Expression: margin,
          Label: `${info.label} ${
            higherIsBetter ? 'minus' : 'under'
          } the threshold in force`,
          ReturnData: true,
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'LessThanThreshold',
    },
  };
}
