import type {
  MetricDataQuery,
  PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  CustomMetricSource,
  MetricDimension,
  metricInfo,
  Runbook,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { BusinessHoursWindow } from './businessHours';

/** The alarm input this action manages (everything but Tags). */
export type AlarmInput = Omit<PutMetricAlarmCommandInput, 'Tags'> & {
  AlarmName: string;
};

export interface PlannedAlarm {
  kind: 'quality' | 'drift' | 'monitoring-failures' | 'anomaly';
  input: AlarmInput;
}

export interface SkippedAlarm {
  alarm: string;
  reason: string;
}

/** Where a quality or drift metric is published. */
export type MetricSource =
  | { kind: 'model-monitor'; namespace: string; dimensions: MetricDimension[] }
  | {
      kind: 'custom';
      source: CustomMetricSource;
      /** How scores are published: 0-100 or 0-1. */
      unit: 'percent' | 'fraction';
    };

export interface MonitoringScheduleRef {
  name: string;
  endpointName: string;
  type: string;
  /** Seconds between executions, when the expression says. */
  intervalSeconds?: number;
}

export interface AlarmPlanInput {
  modelName: string;
  alarmNamePrefix: string;
  runbook: Runbook;
  snsTopicArn: string;
  window: BusinessHoursWindow;
  /** Whether DAY() may be used (the CloudWatch endpoint evaluates it). */
  weekdays: boolean;
  now: Date;
  quality?: {
    source: MetricSource;
    /** Published metric name by canonical runbook metric name. */
    metricNames: Map<string, string>;
  };
  drift?: {
    source: MetricSource;
    metricNames: string[];
    /**
     * One drift metric per feature, each with its own dimensions (custom drift in the
     * dimension shape); when set it replaces metricNames.
     */
    series?: DriftSeries[];
  };
  schedules: MonitoringScheduleRef[];
  /** Anomaly-detection alarms on the quality metrics, band width in standard deviations. */
  anomalyDetection?: { bandWidth: number };
  failureMetric: { namespace: string; metricName: string };
  evaluation?: { evaluationPeriods?: number; datapointsToAlarm?: number };
}

/** One feature's drift metric. */
export interface DriftSeries {
  feature: string;
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
}

/**
 * Drift scores a drift job of the model's own publishes to CloudWatch (no Model Monitor):
 * one metric with a feature dimension, or one metric per feature named <prefix><feature>.
 */
export interface CustomDriftInput {
  namespace: string;
  /** The model's dimensions every drift metric carries, e.g. ModelName. */
  dimensions: MetricDimension[];
  /** Dimension shape: the metric (default drift_score) and the feature dimension's name. */
  featureDimension?: string;
  metricName?: string;
  /** Name-pattern shape: metrics named <metricPrefix><feature>. */
  metricPrefix?: string;
  /** Features to alarm on; default every one published. */
  features?: string[];
  /** At most this many features (default 100); the rest are reported as skipped. */
  maxFeatures: number;
  periodSeconds: number;
}

/** Model Monitor publishes one datapoint per execution, at most hourly. */
export const MODEL_MONITOR_PERIOD = 3600;

export function dims(list: MetricDimension[]) {
  return list.map(d => ({ Name: d.name, Value: d.value }));
}

function percent(value: number): string {
  return `${Number((value * 100).toFixed(4))}%`;
}

export function formatThreshold(metric: string, value: number): string {
  return metricInfo(metric).display === 'percent'
    ? percent(value)
    : String(Number(value.toPrecision(6)));
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function alarmName(prefix: string, suffix: string): string {
  // CloudWatch allows 255 characters; keep the suffix, which says what the alarm is.
  return `${prefix.slice(0, 255 - suffix.length - 1)}-${suffix}`;
}

export function metricStat(
  source: MetricSource,
  metricName: string,
  period: number,
  stat: string,
): MetricDataQuery['MetricStat'] {
  const namespace =
    source.kind === 'custom' ? source.source.namespace : source.namespace;
  const dimensions =
    source.kind === 'custom' ? source.source.dimensions : source.dimensions;
  return {
    Metric: {
      Namespace: namespace,
      MetricName: metricName,
      Dimensions: dims(dimensions),
    },
    Period: period,
    Stat: stat,
  };
}
