import type { AlarmTransition } from '../alerts/types';
import type { AlarmRef } from './alarmHistory';
/*
 * The contract between the AWS side (collectors/) and the rest of the backend (store/, service/).
 * Collectors talk to AWS and return observations; they never touch the database or build reports.
 * The scheduler task hands them the targets and their persisted state, and stores what they return.
 */
import type { SourceStatuses } from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  CollectionTarget,
  CollectorState,
  SignalObservation,
  StateKeys,
} from '@mlobs/backstage-plugin-ml-observability-node';

// The observation types are the signal source contract, declared in -node so modules can implement it.
export type {
  CollectionTarget,
  CollectorState,
  ObservedSeries,
  StateKeys,
} from '@mlobs/backstage-plugin-ml-observability-node';

/**
 * What the collector learned about one model in one round: a signal source's
 * observation whose outcomes are the built-in sources' (`endpoints`, `alarms`, ...).
 * A failed source has no `lastSuccessAt`: the store keeps the last good time.
 */
export interface ModelObservation
  extends Omit<SignalObservation, 'outcome' | 'sources'> {
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
  /**
   * Past state changes of alarms seen for the first time (the alert
   * history's backfill); optional: a collector without it backfills nothing.
   */
  alarmHistory?(
    alarms: AlarmRef[],
    options: AlarmHistoryOptions,
  ): Promise<AlarmHistoryResult>;
}

export interface AlarmHistoryOptions {
  since: Date;
  now: Date;
  signal?: AbortSignal;
}

export interface AlarmHistoryResult {
  transitions: AlarmTransition[];
  /** ARNs whose history was read (possibly empty); the others failed and may be asked again. */
  read: string[];
  /** AWS calls by `Service.Operation`. */
  calls: Record<string, number>;
}
