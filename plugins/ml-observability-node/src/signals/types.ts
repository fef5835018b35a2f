/*
 * The contract between a signal source (something that reads observations of models: SageMaker and
 * CloudWatch in the backend itself, or an adopter's metrics system) and the backend that stores them.
 * A source talks to its system and returns observations; it never touches the database or builds reports.
 */
import type {
  AlarmInfo,
  CustomMetricSource,
  DriftCoverage,
  EndpointInfo,
  MonitoringScheduleInfo,
  MonitoringType,
  SourceStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';

/**
 * One model to collect, resolved from its catalog entity and the config defaults.
 * @public
 */
export interface CollectionTarget {
  entityRef: string;
  /** Resolved: annotation, else `mlObservability.defaults.accountId`, else the AWS integration's main account. */
  accountId: string;
  region: string;
  /** Every endpoint name of the model, wherever it is served. */
  endpointNames: string[];
  /**
   * Where each endpoint is served, when the model names endpoints by ARN in other accounts or regions;
   * absent means all of `endpointNames` are in `accountId`/`region`.
   */
  endpoints?: CollectionEndpoint[];
  /** Custom sources, read in the model's own `accountId`/`region`. */
  metricSources: CustomMetricSource[];
  /** The entity's annotations, for sources that read their own (e.g. a metrics query). */
  annotations?: Record<string, string>;
}

/**
 * One endpoint of a model and the account and region serving it.
 * @public
 */
export interface CollectionEndpoint {
  name: string;
  accountId: string;
  region: string;
}

/**
 * One series of datapoints read this round (only new points, not the whole history).
 * @public
 */
export interface ObservedSeries {
  /** `bias` and `attribution`: SageMaker Clarify metrics of ModelBias and ModelExplainability schedules. */
  kind: 'drift' | 'quality' | 'custom' | 'bias' | 'attribution';
  /** Stable key of the series within the model, e.g. `drift:search-ranking-prod:season`. */
  key: string;
  /** For drift and attribution: the feature; for quality: the Model Monitor metric name (accuracy, rmse,
   * weighted_f1, ...); for bias: the metric's short name (DPL, CI, ...); for custom: the metric name. */
  name: string;
  namespace: string;
  dimensions: Array<{ name: string; value: string }>;
  stat: string;
  periodSeconds: number;
  endpointName?: string;
  /** Where the series' endpoint is served, when not in the model's own account and region. */
  accountId?: string;
  region?: string;
  scheduleName?: string;
  monitoringType?: MonitoringType;
  /** Ascending by time; ISO timestamps. */
  points: Array<{ t: string; v: number }>;
}

/**
 * JSON-serialisable state a source keeps between rounds, as entries by scope (e.g. `accountId/region`) and
 * entry key. The backend stores each entry as its own row under the source's id, so every replica and a
 * restarted backend continue from it, and a targeted collection reads and writes only the entries it names.
 * A source with little state can keep it all in one entry, e.g. `{ default: { cursor } }`.
 * @public
 */
export type CollectorState = Record<string, Record<string, unknown>>;

/**
 * Entry keys of a collector state, by scope.
 * @public
 */
export type StateKeys = Record<string, string[]>;

/**
 * What one source learned about one model in one round.
 * @public
 */
export interface SignalObservation {
  entityRef: string;
  /** Absent when not read this round (the store keeps the previous value). */
  endpoints?: EndpointInfo[];
  monitoringSchedules?: MonitoringScheduleInfo[];
  /** Merged with the other sources' alarms of the model. */
  alarms?: AlarmInfo[];
  /** New datapoints only; an empty array means "read, nothing new". Concatenated with other sources' series:
   * keys must be unique within the model, so prefix them with the source id. */
  series: ObservedSeries[];
  /** Model Monitor metric names known for the model's schedules. */
  publishingSchedules?: string[];
  /** Custom drift sources of the model: features found and shown (absent: not read this round). */
  driftCoverage?: DriftCoverage[];
  /** This source's outcome for the model; shown in `report.sources` as `ext:<source id>` (absent: ok). */
  outcome?: SourceStatus;
  /** Outcomes by built-in source id; only the backend's own `aws` source reports these. */
  sources?: SourceStatuses;
}

/**
 * What a source is asked for in one round.
 * @public
 */
export interface SignalCollectionRequest {
  /** Every model of the round; a source returns observations only for those it applies to. */
  targets: CollectionTarget[];
  /** What this source returned as `state` last round (`{}` the first time); for `collectModel`, only the
   * entries its `modelStateKeys` named. */
  state: CollectorState;
  now: Date;
  /** How far back to read on a cold start. */
  lookbackDays: number;
  /** Models a user asked to refresh now: read them even when nothing new is expected. */
  forceEntityRefs?: string[];
  /** Also run slower discovery this round (e.g. listing metric names). */
  discoverMetrics?: boolean;
  /** Aborted when the round must stop (the scheduler's timeout, shutdown). */
  signal?: AbortSignal;
}

/**
 * Counters of one source's round, for logs and benchmarks.
 * @public
 */
export interface SignalSourceStats {
  /** API calls made, by operation (e.g. `Prometheus.query_range`). */
  calls?: Record<string, number>;
  metricsRequested?: number;
  /** Sources of models whose outcome is not ok. */
  failedSources?: number;
  /** Things no discovery has looked at yet; above 0 asks the next round to pass `discoverMetrics`. */
  undiscovered?: number;
}

/**
 * What a source returns for a round.
 * @public
 */
export interface SignalCollectionResult {
  observations: SignalObservation[];
  /** Kept for the next round under this source's id. After a fleet round it replaces the source's state
   * (entries left out are forgotten); after `collectModel` only the entries it holds are written. */
  state: CollectorState;
  stats?: SignalSourceStats;
}

/**
 * A source of observations of models. The backend's own SageMaker and CloudWatch collector is one, with id
 * `aws`; an adopter adds others through `mlObservabilitySignalSourcesExtensionPoint`.
 * @public
 */
export interface MlObservabilitySignalSource {
  /** Stable id: lower-case letters, digits and dashes. Keys the source's state and its outcome (`ext:<id>`). */
  readonly id: string;
  /** One round of the whole fleet. A thrown error marks the source's outcome as failed on the models it
   * reported before; it never fails the round (except for the backend's own `aws` source). */
  collect(request: SignalCollectionRequest): Promise<SignalCollectionResult>;
  /**
   * Optional, for a user's refresh of one model: the state entries `collectModel` needs for the target.
   * A source without it is asked through `collect` with that one target, and its returned state is not kept
   * (a one-model round must not replace the fleet's state).
   */
  modelStateKeys?(target: CollectionTarget): StateKeys;
  /** Optional: one model, with calls addressed to its own resources, so a refresh costs the same at any fleet size. */
  collectModel?(
    request: SignalCollectionRequest & {
      /** Alarm names last known to belong to the model. */
      knownAlarmNames?: string[];
    },
  ): Promise<SignalCollectionResult>;
}
