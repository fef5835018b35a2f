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
  /** Absent when the metric has no datapoints yet ("no data", never read as zero). */
  latest?: number;
  latestAt?: string;
  threshold: number;
  breached: boolean;
  /** Since when the score has been above its threshold (ISO), when breached. */
  since?: string;
  source: MetricSourceKind;
  scheduleName?: string;
  endpointName?: string;
  /** The CloudWatch namespace a custom drift score is read from. */
  namespace?: string;
  /** Where the item's endpoint is served; set when the model's endpoints span several accounts or regions. */
  accountId?: string;
  region?: string;
  series: SeriesPoint[];
}

/**
 * Features of one custom drift source (`drift=` in `ml-observability/metrics`):
 * how many discovery found and how many are read, at most `cap`
 * (`maxFeatures`, else the backend's `customDrift.maxFeatures`). @public
 */
export interface DriftCoverage {
  namespace: string;
  /** The source's own dimensions (without the feature dimension). */
  dimensions: Array<{ name: string; value: string }>;
  shape: 'dimension' | 'pattern';
  /** Dimension shape: the feature dimension. */
  featureDimension?: string;
  /** Dimension shape: the metric name. */
  metricName?: string;
  /** Pattern shape: the metric name prefix. */
  prefix?: string;
  /** Distinct features found (absent until a discovery has run). */
  found?: number;
  /** Features read and shown: the first `cap` of them, sorted by name. */
  shown: number;
  cap: number;
  /** When discovery last looked (ISO). */
  discoveredAt?: string;
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

/**
 * A runbook's bounds for one bias metric (`monitoring_config.bias.metrics`):
 * breached when the value is above `max`, below `min`, or further from 0 than
 * `absMax`. @public
 */
export interface BiasThreshold {
  min?: number;
  max?: number;
  absMax?: number;
}

/**
 * One bias metric of one facet: a SageMaker Clarify metric of a ModelBias
 * schedule (or a custom source in a `…bias-metrics` namespace). @public
 */
export interface BiasItem {
  /** Short name as published without the `bias_metric_` prefix, e.g. `DPPL`. */
  metric: string;
  /** The dimensions besides Endpoint and MonitoringSchedule (Facet, FacetValue, Label, BiasStage...), by name. */
  dimensions: MetricDimension[];
  latest: number;
  latestAt?: string;
  /** The runbook's bounds for the metric, when it declares them. */
  threshold?: BiasThreshold;
  breached: boolean;
  source: MetricSourceKind;
  scheduleName?: string;
  endpointName?: string;
  series: SeriesPoint[];
}

/** The attribution of one feature (global SHAP value) over the report's window. @public */
export interface AttributionItem {
  feature: string;
  /** The dimensions besides Endpoint and MonitoringSchedule (Label, ExplainabilityMethod, ValueType...). */
  dimensions: MetricDimension[];
  latest: number;
  latestAt?: string;
  /** The oldest value in the window, which the change is measured from; absent with one point. */
  reference?: number;
  referenceAt?: string;
  /** `latest - reference`; absent with one point. */
  change?: number;
  source: MetricSourceKind;
  scheduleName?: string;
  endpointName?: string;
  series: SeriesPoint[];
}

/** Bias and feature attribution of a model. @public */
export interface FairnessReport {
  /** Breached first, then by metric and dimensions. */
  bias: BiasItem[];
  /** The features whose attribution moved most in the window (largest |change| first), at most `attributionTopN`. */
  attribution: AttributionItem[];
  /** Attribution series of the model in all, of which `attribution` are the top. */
  attributionCount: number;
}
