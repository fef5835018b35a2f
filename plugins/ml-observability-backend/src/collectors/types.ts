/*
 * The contract between the AWS side (collectors/) and the rest of the backend (store/, service/).
 * Collectors talk to AWS and return observations; they never touch the database or build reports.
 * The scheduler task hands them the targets and their persisted state, and stores what they return.
 */
import type {
  AlarmInfo,
  EndpointInfo,
  MonitoringScheduleInfo,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  CollectionTarget,
  CollectorState,
  ObservedSeries,
} from '@mlobs/backstage-plugin-ml-observability-node';

// The observation types are the signal source contract, declared in -node so modules can implement it.
export type {
  CollectionTarget,
  CollectorState,
  ObservedSeries,
} from '@mlobs/backstage-plugin-ml-observability-node';

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
  /** Outcome of each source this round, with `lastSuccessAt` carried over from state when it failed. */
  sources: SourceStatuses;
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

export interface CollectOptions {
  now: Date;
  /** Collect these models' metrics even when nothing new completed (a user's refresh). */
  forceEntityRefs?: string[];
  /** Also run the slower ListMetrics discovery this round. */
  discoverMetrics?: boolean;
  /** How far back to read executions and metrics on a cold start. */
  lookbackDays: number;
}

export interface CollectionResult {
  observations: ModelObservation[];
  state: CollectorState;
  stats: CollectionStats;
}

/** Collects the whole fleet in batched calls per account and region. */
export interface FleetCollector {
  collect(
    targets: CollectionTarget[],
    state: CollectorState,
    options: CollectOptions,
  ): Promise<CollectionResult>;
}
