import type { Profile } from './profile';

export type ProblemType = 'binary' | 'multiclass' | 'regression';
export type MonitoringType =
  | 'DataQuality'
  | 'ModelQuality'
  | 'ModelBias'
  | 'ModelExplainability';

/** The model-metrics Model Monitor publishes for each problem type, in publication order. */
export const QUALITY_METRICS: Record<ProblemType, string[]> = {
  binary: ['accuracy', 'precision', 'recall', 'f1', 'auc'],
  multiclass: [
    'accuracy',
    'weighted_f1',
    'weighted_precision',
    'weighted_recall',
  ],
  regression: ['mae', 'mse', 'rmse', 'r2'],
};

export const FEATURE_STATISTICS = [
  'baseline_drift',
  'non_null',
  'integral',
] as const;
export type FeatureStatistic = (typeof FEATURE_STATISTICS)[number];

export interface FeatureSpec {
  name: string;
  drift: Profile;
  nonNull: Profile;
  integral: Profile;
}

export interface CustomMetricSpec {
  name: string;
  unit: string;
  intervalSeconds: number;
  profile: Profile;
}

/**
 * A drift job of the model owner's own (Evidently and the like) publishing per-feature drift
 * scores of the model's `features` to the `ML/Drift` namespace with `ModelName=<model>`: one
 * metric with a feature dimension, or one metric per feature named `<prefix><feature>`; plus the
 * dataset-level share of drifted features when `shareMetric` is set.
 */
export interface DriftJobSpec {
  shape: 'dimension' | 'pattern';
  /** Dimension shape: the metric name, e.g. drift_score. */
  metricName: string;
  /** Dimension shape: the feature dimension, e.g. Feature. */
  featureDimension: string;
  /** Pattern shape: the metric name prefix, e.g. feature_drift_. */
  prefix: string;
  intervalSeconds: number;
  /** A score above this counts as drifted in `shareMetric`. */
  threshold: number;
  /** e.g. share_of_drifted_columns; absent: not published. */
  shareMetric?: string;
  /** Features the job stopped publishing at an instant (listed for two weeks, then gone). */
  stoppedAt?: Record<string, number>;
}

export interface VariantSpec {
  name: string;
  modelName: string;
  instanceType: string;
  instanceCount: number;
  weight: number;
  image: string;
  /** Serverless variants have no instances. */
  serverless?: { MemorySizeInMB: number; MaxConcurrency: number };
  /**
   * Mean invocations per minute with all of the endpoint's traffic, before the daily cycle; a
   * production variant serves its current share (weight / sum of weights), a shadow variant all.
   */
  invocationsPerMinute: number;
  latencyMicros: number;
  /**
   * Recurring latency incidents: from `firstAt` (epoch ms), every `everyMs`, the mean latency is
   * `factor` times higher for `durationMs`. The demo's live alarm changes come from these.
   */
  latencySpikes?: {
    firstAt: number;
    everyMs: number;
    durationMs: number;
    factor: number;
  };
}

export interface DataCaptureSpec {
  enabled: boolean;
  /** CaptureStatus reported by DescribeEndpoint; AWS stops capture e.g. when S3 writes fail. */
  status: 'Started' | 'Stopped';
  samplingPercentage: number;
  destination: string;
}

export interface EndpointSpec {
  name: string;
  configName: string;
  status: 'InService' | 'Failed' | 'OutOfService' | 'Creating' | 'Updating';
  createdAt: number;
  lastModifiedAt: number;
  failureReason?: string;
  variants: VariantSpec[];
  shadowVariants?: VariantSpec[];
  dataCapture?: DataCaptureSpec;
}

/** The production variant weights of an endpoint from instant `at` on (until the next change). */
export interface WeightChange {
  at: number;
  weights: Record<string, number>;
}

/**
 * What serving traffic from a fallback variant does to a model's metrics: while `variant` gets a
 * share of the endpoint's traffic, the `features`' drift and the `custom` metrics move back from
 * their shifted (degraded) level toward the level before the shift, in proportion to that share.
 * The relief follows the share with an exponential lag (`timeConstantMs`), so a traffic shift
 * shows over the next simulated hours, and shifting back brings the degradation back alike.
 */
export interface FallbackReliefSpec {
  variant: string;
  timeConstantMs: number;
  features: string[];
  custom: string[];
}

export interface FailureSpec {
  /** Executions scheduled at or after this instant fail. */
  since?: number;
  /** Alternatively: fail from the last execution that had finished by this instant. */
  sinceLastFinishedBefore?: number;
  reason: (scheduledAt: number) => string;
}

export interface ScheduleSpec {
  name: string;
  type: MonitoringType;
  expression: string;
  createdAt: number;
  /** The analyzer's `publish_cloudwatch_metrics` environment setting. */
  publishMetrics: boolean;
  jobDefinitionName?: string;
  status?: 'Scheduled' | 'Stopped';
  failure?: FailureSpec;
}

/** One facet (sensitive group) a ModelBias schedule measures, with its bias metrics by short name (DPPL, DI...). */
export interface BiasFacetSpec {
  facet: string;
  value: string;
  metrics: Record<string, Profile>;
}

/** What a ModelBias schedule publishes to aws/sagemaker/Endpoints/bias-metrics. */
export interface BiasSpec {
  label: string;
  labelValue: string;
  /** `Pre-training` or `Post-training`. */
  stage: string;
  /** An execution in which a metric's absolute value is above this completes with violations. */
  violationAbove?: number;
  facets: BiasFacetSpec[];
}

/** What a ModelExplainability schedule publishes: the global SHAP value of each feature for a label. */
export interface AttributionSpec {
  label: string;
  features: Record<string, Profile>;
}

export interface QualityRule {
  metric: string;
  threshold: number;
  /** 'below' when lower is worse (accuracy), 'above' when higher is worse (rmse). */
  violatesWhen: 'below' | 'above';
}

export interface ModelSpec {
  /** Catalog model name, also the ML/ModelPerformance ModelName dimension. */
  name: string;
  account: string;
  region: string;
  problemType: ProblemType;
  createdAt: number;
  endpoint?: EndpointSpec;
  features: FeatureSpec[];
  /** Drift distance above which a DataQuality execution reports violations. */
  driftThreshold: number;
  quality: Record<string, Profile>;
  qualityRule?: QualityRule;
  custom: CustomMetricSpec[];
  /** Published by the model's ModelBias schedules that publish metrics. */
  bias?: BiasSpec;
  /** Published by the model's ModelExplainability schedules that publish metrics. */
  attribution?: AttributionSpec;
  /** Drift scores from a drift job of the owner's own, in `ML/Drift`. */
  driftJob?: DriftJobSpec;
  /** Metrics that recover while the endpoint serves traffic from a fallback variant. */
  fallbackRelief?: FallbackReliefSpec;
  schedules: ScheduleSpec[];
  tags: Record<string, string>;
}

/** PutMetricAlarm / PutCompositeAlarm input (wire shape) plus where and when it was created. */
export interface AlarmSeed {
  account: string;
  region: string;
  createdAt: number;
  composite?: false;
  input: Record<string, unknown>;
}

export interface CompositeAlarmSeed {
  account: string;
  region: string;
  createdAt: number;
  composite: true;
  input: Record<string, unknown>;
}

export interface Scenario {
  /** The instant the scenario's relative events ("10 days ago") are measured from. */
  anchor: number;
  models: ModelSpec[];
  alarms: Array<AlarmSeed | CompositeAlarmSeed>;
  /** SageMaker Pipelines the scenario declares (StartPipelineExecution needs an existing pipeline). */
  pipelines?: PipelineSpec[];
}

/**
 * A SageMaker pipeline of a scenario. A run takes `runSeconds` of simulated time, give or take 20%
 * (picked from the seed and the run's ordinal), and succeeds; a run started with the parameter
 * `FailFast=true` fails in its first step after a tenth of that time.
 */
export interface PipelineSpec {
  account: string;
  region: string;
  name: string;
  displayName?: string;
  description?: string;
  createdAt: number;
  /** The pipeline's parameters and their default values (all of type String). */
  parameters: Record<string, string>;
  steps: Array<{ name: string; type: string }>;
  runSeconds: number;
  /** Runs before the scenario's start, oldest first (they have all finished). */
  history?: Array<{
    startedAt: number;
    parameters?: Record<string, string>;
    displayName?: string;
    description?: string;
  }>;
}
