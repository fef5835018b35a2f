import { metricInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AlarmPlanInput,
  alarmName,
  metricStat,
  MODEL_MONITOR_PERIOD,
  PlannedAlarm,
  truncate,
} from './types';

/**
 * A CloudWatch anomaly-detection alarm on one quality metric: fires when the metric leaves
 * the band CloudWatch's model expects (ANOMALY_DETECTION_BAND, trained on the metric's own
 * history). One band, one width, day and night: ThresholdMetricId must name the band
 * expression itself, whose width is a constant, so no metric math can switch it with the
 * business hours; the model learns the hour-of-day and weekday pattern instead. The
 * business/off-hours thresholds of the runbook stay with the threshold alarm next to it.
 */
export function anomalyAlarm(
  plan: AlarmPlanInput,
  canonical: string,
  published: string,
): PlannedAlarm {
  const source = plan.quality!.source;
  const width = plan.anomalyDetection!.bandWidth;
  const info = metricInfo(canonical);
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
  return {
    kind: 'anomaly',
    input: {
      AlarmName: alarmName(
        plan.alarmNamePrefix,
        `${canonical.replace(/_/g, '-')}-anomaly`,
      ),
      AlarmDescription: truncate(
        `${info.label} of ${
          plan.modelName
        } outside the range CloudWatch anomaly detection expects (band of ${width} standard deviations, the same in and out of business hours; the runbook thresholds are the ${canonical.replace(
          /_/g,
          '-',
        )}-below-threshold alarm). Managed by mlobs:cloudwatch:create-alarms.`,
        1024,
      ),
      ActionsEnabled: true,
      AlarmActions: [plan.snsTopicArn],
      OKActions: [plan.snsTopicArn],
      EvaluationPeriods: evaluationPeriods,
      DatapointsToAlarm: datapointsToAlarm,
      TreatMissingData: source.kind === 'custom' ? 'missing' : 'ignore',
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      ThresholdMetricId: 'band',
      Metrics: [
        {
          Id: 'm1',
          MetricStat: metricStat(source, published, period, 'Average'),
          ReturnData: true,
          Label: published,
        },
        {
          Id: 'band',
          Expression: `ANOMALY_DETECTION_BAND(m1, ${width})`,
          Label: `${info.label} (expected range)`,
          ReturnData: true,
        },
      ],
    },
  };
}
