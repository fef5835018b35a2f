import { canonicalMetricName } from '@mlobs/backstage-plugin-ml-observability-common';
import { anomalyAlarm } from './anomalyAlarm';
import { qualityAlarm } from './qualityAlarm';
import {
  AlarmInput,
  AlarmPlanInput,
  alarmName,
  dims,
  DriftSeries,
  MODEL_MONITOR_PERIOD,
  PlannedAlarm,
  SkippedAlarm,
  truncate,
} from './types';

export type {
  AlarmInput,
  AlarmPlanInput,
  MetricSource,
  MonitoringScheduleRef,
  PlannedAlarm,
  SkippedAlarm,
} from './types';

const DAY_SECONDS = 86400;

/** The drift metrics of the plan, one per feature, with their own dimensions. */
function driftSeries(
  drift: NonNullable<AlarmPlanInput['drift']>,
): DriftSeries[] {
  if (drift.series) return drift.series;
  const { source } = drift;
  const namespace =
    source.kind === 'custom' ? source.source.namespace : source.namespace;
  const dimensions =
    source.kind === 'custom' ? source.source.dimensions : source.dimensions;
  return drift.metricNames.map(metricName => ({
    feature: metricName,
    namespace,
    metricName,
    dimensions,
  }));
}

function driftStat(series: DriftSeries, period: number) {
  return {
    Metric: {
      Namespace: series.namespace,
      MetricName: series.metricName,
      Dimensions: dims(series.dimensions),
    },
    Period: period,
    Stat: 'Maximum',
  };
}

function driftAlarms(plan: AlarmPlanInput): Array<PlannedAlarm | SkippedAlarm> {
  const threshold = plan.runbook.monitoring_config.data_quality.alert_threshold;
  const base = alarmName(plan.alarmNamePrefix, 'drift-above-threshold');
  const all = plan.drift ? driftSeries(plan.drift) : [];
  if (!plan.drift || all.length === 0) {
    return [
      {
        alarm: base,
        reason:
          'no drift metric found: Model Monitor publishes feature_baseline_drift_<feature> after its first data-quality execution (or give driftFeatures), a drift job of your own publishes its drift scores (customDrift) once it ran; run this action again then',
      },
    ];
  }
  const { source } = plan.drift;
  const period =
    source.kind === 'custom'
      ? source.source.periodSeconds
      : MODEL_MONITOR_PERIOD;
  const treatMissingData = source.kind === 'custom' ? 'missing' : 'ignore';
  // An alarm may read at most 10 metrics.
  const chunks: DriftSeries[][] = [];
  for (let i = 0; i < all.length; i += 10) chunks.push(all.slice(i, i + 10));
  return chunks.map((chunk, index): PlannedAlarm => {
    const name = chunks.length === 1 ? base : `${base}-${index + 1}`;
    const common: AlarmInput = {
      AlarmName: name,
      AlarmDescription: truncate(
        `Drift of ${
          plan.modelName
        } above the runbook's alert_threshold ${threshold} on any of: ${chunk
          .map(c => c.feature)
          .join(', ')}. Managed by mlobs:cloudwatch:create-alarms.`,
        1024,
      ),
      ActionsEnabled: true,
      AlarmActions: [plan.snsTopicArn],
      OKActions: [plan.snsTopicArn],
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: treatMissingData,
    };
    if (chunk.length === 1) {
      const stat = driftStat(chunk[0], period);
      return {
        kind: 'drift',
        input: {
          ...common,
          Namespace: stat.Metric.Namespace,
          MetricName: stat.Metric.MetricName,
          Dimensions: stat.Metric.Dimensions,
          Statistic: 'Maximum',
          Period: period,
        },
      };
    }
    return {
      kind: 'drift' as const,
      input: {
        ...common,
        Metrics: [
          ...chunk.map((series, i) => ({
            Id: `m${i + 1}`,
            MetricStat: driftStat(series, period),
            ReturnData: false,
            Label: series.feature,
          })),
          {
            Id: 'worst',
            Expression: `MAX([${chunk.map((_, i) => `m${i + 1}`).join(',')}])`,
            Label: 'Largest drift score',
            ReturnData: true,
          },
        ],
      },
    };
  });
}

function failureAlarms(plan: AlarmPlanInput): PlannedAlarm[] {
  return plan.schedules.map(schedule => {
    const type = schedule.type
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase();
    // One period per execution keeps a failed run in ALARM until the next run reports.
    const period = Math.min(
      DAY_SECONDS,
      Math.max(
        MODEL_MONITOR_PERIOD,
        schedule.intervalSeconds ?? MODEL_MONITOR_PERIOD,
      ),
    );
    return {
      kind: 'monitoring-failures',
      input: {
        AlarmName: alarmName(plan.alarmNamePrefix, `${type}-monitoring-failed`),
        AlarmDescription: truncate(
          `A Model Monitor execution of ${schedule.name} (${schedule.type}, endpoint ${schedule.endpointName}) failed: ${plan.failureMetric.namespace} ${plan.failureMetric.metricName} is 1 per failed execution. Managed by mlobs:cloudwatch:create-alarms.`,
          1024,
        ),
        ActionsEnabled: true,
        AlarmActions: [plan.snsTopicArn],
        OKActions: [plan.snsTopicArn],
        Namespace: plan.failureMetric.namespace,
        MetricName: plan.failureMetric.metricName,
        Dimensions: [
          { Name: 'Endpoint', Value: schedule.endpointName },
          { Name: 'MonitoringSchedule', Value: schedule.name },
        ],
        Statistic: 'Maximum',
        Period: period,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        // The metric is only published when an execution finishes: silence is not a failure.
        TreatMissingData: 'notBreaching',
      },
    };
  });
}

/** The alarms a runbook asks for, and the ones that cannot be made yet (with why). */
export function planAlarms(plan: AlarmPlanInput): {
  alarms: PlannedAlarm[];
  skipped: SkippedAlarm[];
} {
  const alarms: PlannedAlarm[] = [];
  const skipped: SkippedAlarm[] = [];
  const add = (result: PlannedAlarm | SkippedAlarm) => {
    if ('input' in result) alarms.push(result);
    else skipped.push(result);
  };

  const performance = plan.runbook.monitoring_config.model_performance;
  if (performance) {
    const metrics = [
      ...new Set(
        [
          ...performance.metrics,
          ...Object.keys(performance.metric_thresholds ?? {}),
        ].map(canonicalMetricName),
      ),
    ];
    for (const canonical of metrics) {
      const published = plan.quality?.metricNames.get(canonical);
      if (!plan.quality) {
        skipped.push({
          alarm: alarmName(
            plan.alarmNamePrefix,
            `${canonical.replace(/_/g, '-')}-below-threshold`,
          ),
          reason:
            'no quality metric source: give endpointName (with a ModelQuality schedule) or metrics',
        });
      } else if (!published) {
        skipped.push({
          alarm: alarmName(
            plan.alarmNamePrefix,
            `${canonical.replace(/_/g, '-')}-below-threshold`,
          ),
          reason: `no published metric matches ${canonical} in the quality source`,
        });
      } else {
        add(qualityAlarm(plan, canonical, published));
        if (plan.anomalyDetection) {
          alarms.push(anomalyAlarm(plan, canonical, published));
        }
      }
    }
  }
  driftAlarms(plan).forEach(add);
  failureAlarms(plan).forEach(add);
  return { alarms, skipped };
}
