/*
 * The contract between the AWS side (collectors/) and the rest of the backend (store/, service/).
 * Collectors talk to AWS and return observations; they never touch the database or build reports.
 * The scheduler task hands them the targets and their persisted state, and stores what they return.
 */
import type {
  AlarmInfo,
  CustomMetricSource,
  EndpointInfo,
  MonitoringScheduleInfo,
  MonitoringType,
  SourceId,
  SourceStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';

/** One model to collect, resolved from its catalog entity and the config defaults. */
export interface CollectionTarget {
  entityRef: string;
  /** Resolved: annotation, else `mlObservability.defaults.accountId`, else the AWS integration's main account. */
  accountId: string;
  region: string;
  endpointNames: string[];
  metricSources: CustomMetricSource[];
}

/** One series of datapoints the collector read this round (only new points, not the whole history). */
export interface ObservedSeries {
  kind: 'drift' | 'quality' | 'custom';
  /** Stable key of the series within the model, e.g. `drift:search-ranking-prod:season`. */
  key: string;
  /** For drift: the feature; for quality: the Model Monitor metric name (accuracy, rmse, weighted_f1, ...);
   * for custom: the CloudWatch metric name. */
  name: string;
  namespace: string;
  dimensions: Array<{ name: string; value: string }>;
  stat: string;
  periodSeconds: number;
  endpointName?: string;
  scheduleName?: string;
  monitoringType?: MonitoringType;
  /** Ascending by time; ISO timestamps. */
  points: Array<{ t: string; v: number }>;
}

/** What the collector learned about one model in one round. */
export interface ModelObservation {
  entityRef: string;
  /** Absent when the source was not read this round (the store keeps the previous value). */
  endpoints?: EndpointInfo[];
  monitoringSchedules?: MonitoringScheduleInfo[];
  alarms?: AlarmInfo[];
  /** New datapoints only; an empty array means "read, nothing new". */
  series: ObservedSeries[];
  /** Model Monitor metric names known for the model's schedules (from ListMetrics, kept across rounds),
   * so a schedule that publishes nothing can be told apart from one not yet seen. */
  publishingSchedules?: string[];
  /** Outcome of each source this round; a failed one has no `lastSuccessAt`: the store keeps the last good time. */
  sources: Partial<Record<SourceId, SourceStatus>>;
}

/** Counters of one round, for logs, tests and benchmarks. */
export interface CollectionStats {
  startedAt: string;
  durationMs: number;
  /** AWS API calls made, by operation (e.g. `SageMaker.ListEndpoints`, `CloudWatch.GetMetricData`). */
  calls: Record<string, number>;
  /** Metrics requested in GetMetricData (billed per metric). */
  metricsRequested: number;
  models: number;
  /** Sources of models (model × source) whose outcome is not ok. */
  failedSources: number;
  /** Monitoring schedules and name-less custom sources no metric discovery has looked at yet;
   * when above 0, the next round should pass `discoverMetrics`. */
  undiscovered?: number;
}

/**
 * JSON-serialisable state the collector keeps between rounds (describe caches keyed by LastModifiedTime,
 * known metric names, read positions), as entries by scope (e.g. `accountId/region`) and entry key. The
 * store keeps each entry as its own row, so every replica and a restarted backend continue from it, and a
 * collection that needs a few entries reads and writes only those.
 */
export type CollectorState = Record<string, Record<string, unknown>>;

/** Entries of the collector state, by scope. */
export type StateKeys = Record<string, string[]>;

export interface CollectOptions {
  now: Date;
  /** Collect these models' metrics even when nothing new completed (a user's refresh). */
  forceEntityRefs?: string[];
  /** Also run the slower ListMetrics discovery this round. */
  discoverMetrics?: boolean;
  /** How far back to read executions and metrics on a cold start. */
  lookbackDays: number;
  /** The scheduler's abort signal: no AWS call is made once it fired, and collect() rejects. */
  signal?: AbortSignal;
}

export interface CollectModelOptions extends CollectOptions {
  /** Alarm names last known to belong to the model; a targeted refresh describes only these. */
  knownAlarmNames?: string[];
}

export interface CollectionResult {
  observations: ModelObservation[];
  /**
   * After a fleet round: every entry the collector keeps (entries it dropped are forgotten). After
   * collectModel: the entries of `modelStateKeys` only; the rest of the stored state is untouched.
   */
  state: CollectorState;
  stats: CollectionStats;
}

/** Collects the whole fleet in batched calls per account and region, or one model on its own. */
export interface FleetCollector {
  /** The whole fleet, given the whole stored state. */
  collect(
    targets: CollectionTarget[],
    state: CollectorState,
    options: CollectOptions,
  ): Promise<CollectionResult>;
  /** The state entries collectModel reads and returns for the target. */
  modelStateKeys(target: CollectionTarget): StateKeys;
  /**
   * One model, with calls addressed to its own resources only (no region-wide walk), so its cost does
   * not grow with the fleet; `state` holds the entries of modelStateKeys that exist.
   */
  collectModel(
    target: CollectionTarget,
    state: CollectorState,
    options: CollectModelOptions,
  ): Promise<CollectionResult>;
}
