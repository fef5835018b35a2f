/**
 * Types of the AWS resources and metric series inside a model report
 * (endpoints, monitoring schedules, drift, quality, alarms, custom metrics).
 */

import type { MetricDimension } from './metricsAnnotation';
import type { MetricDirection, MetricDisplay } from './metrics';

/** A point of a time series. @public */
export interface SeriesPoint {
  /** ISO time. */
  t: string;
  v: number;
}

/** SageMaker endpoint status, or `unknown` when it could not be read. @public */
export type EndpointStatus =
  | 'OutOfService'
  | 'Creating'
  | 'Updating'
  | 'SystemUpdating'
  | 'RollingBack'
  | 'InService'
  | 'Deleting'
  | 'Failed'
  | 'UpdateRollbackFailed'
  | 'unknown';

/** @public */
export interface VariantInfo {
  name: string;
  modelName?: string;
  instanceType?: string;
  currentWeight?: number;
  desiredWeight?: number;
  currentInstanceCount?: number;
  desiredInstanceCount?: number;
  /** Share of live traffic in percent, computed from the weights. */
  trafficPercent?: number;
}

/** @public */
export interface DataCaptureInfo {
  enabled: boolean;
  /** Absent when the endpoint did not say (AWS-compatible endpoints may leave it out): unknown, not stopped. */
  status?: 'Started' | 'Stopped';
  samplingPercentage?: number;
  /** The sampling is the endpoint config's InitialSamplingPercentage: DescribeEndpoint gave no current one. */
  samplingFromConfig?: boolean;
  /** S3 URI where captured traffic goes. */
  destination?: string;
}

/** @public */
export interface EndpointInfo {
  name: string;
  accountId?: string;
  region: string;
  status: EndpointStatus;
  failureReason?: string;
  endpointConfigName?: string;
  createdAt?: string;
  lastModifiedAt?: string;
  variants: VariantInfo[];
  shadowVariants: VariantInfo[];
  dataCapture: DataCaptureInfo;
  consoleUrl?: string;
}

/** @public */
export type MonitoringType =
  | 'DataQuality'
  | 'ModelQuality'
  | 'ModelBias'
  | 'ModelExplainability';

/** @public */
export type MonitoringScheduleStatus =
  | 'Pending'
  | 'Failed'
  | 'Scheduled'
  | 'Stopped';

/** @public */
export type MonitoringExecutionStatus =
  | 'Pending'
  | 'Completed'
  | 'CompletedWithViolations'
  | 'InProgress'
  | 'Failed'
  | 'Stopping'
  | 'Stopped';

/** @public */
export interface MonitoringExecutionInfo {
  status: MonitoringExecutionStatus;
  scheduledTime: string;
  creationTime?: string;
  lastModifiedTime?: string;
  failureReason?: string;
  /** Constraint violations found, when known. */
  violations?: number;
  processingJobArn?: string;
}

/** @public */
export interface MonitoringScheduleInfo {
  name: string;
  arn?: string;
  type: MonitoringType;
  status: MonitoringScheduleStatus;
  failureReason?: string;
  /** Schedule expression, e.g. `cron(0 * ? * * *)`. */
  cron?: string;
  endpointName?: string;
  /** Whether the schedule publishes CloudWatch metrics; `unknown` until seen. */
  publishesMetrics: boolean | 'unknown';
  lastExecution?: MonitoringExecutionInfo;
  /** Newest first. */
  recentExecutions: MonitoringExecutionInfo[];
  consoleUrl?: string;
}

/** Where a metric series comes from. @public */
export type MetricSourceKind = 'model-monitor' | 'custom';

/** @public */
export interface DriftItem {
  feature: string;
  latest: number;
  latestAt?: string;
  threshold: number;
  breached: boolean;
  /** Since when the score has been above its threshold (ISO), when breached. */
  since?: string;
  source: MetricSourceKind;
  scheduleName?: string;
  endpointName?: string;
  /** Where the item's endpoint is served; set when the model's endpoints span several accounts or regions. */
  accountId?: string;
  region?: string;
  series: SeriesPoint[];
}

/** @public */
export type ThresholdKind = 'business-hours' | 'off-hours';

/** A quality threshold, on the metric's normalized scale. @public */
export interface ThresholdValue {
  value: number;
  kind: ThresholdKind;
}

/** @public */
export interface QualityItem {
  /** Canonical metric name, e.g. `f1`. */
  metric: string;
  /** Human label, e.g. `F1`. */
  label: string;
  /** Normalized: fractions for scores (0.91), as published for the rest. */
  latest: number;
  latestAt?: string;
  /** The threshold in force at collection time, when there is one. */
  threshold?: ThresholdValue & { timeZone: string };
  /** The other one (off hours when business hours are in force, and back). */
  otherThreshold?: ThresholdValue;
  direction: MetricDirection;
  display: MetricDisplay;
  breached: boolean;
  source: MetricSourceKind;
  scheduleName?: string;
  endpointName?: string;
  /** Where the item's endpoint is served; set when the model's endpoints span several accounts or regions. */
  accountId?: string;
  region?: string;
  series: SeriesPoint[];
}

/** @public */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** @public */
export interface AlarmMetric {
  namespace: string;
  name: string;
  dimensions: MetricDimension[];
  stat?: string;
  periodSeconds?: number;
}

/** @public */
export interface AlarmInfo {
  name: string;
  arn: string;
  type: 'metric' | 'composite';
  state: AlarmState;
  stateReason?: string;
  /** When the alarm entered its current state (ISO). */
  since?: string;
  /** The single metric watched; absent for composite and metric-math alarms. */
  metric?: AlarmMetric;
  threshold?: number;
  /** CloudWatch ComparisonOperator, e.g. `LessThanThreshold`. */
  comparison?: string;
  /** Rule of a composite alarm. */
  alarmRule?: string;
  actionsEnabled?: boolean;
  consoleUrl?: string;
}

/** @public */
export interface CustomMetricSeries {
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
  periodSeconds: number;
  stat: string;
  unit?: string;
  latest?: number;
  latestAt?: string;
  series: SeriesPoint[];
  consoleUrl?: string;
}
