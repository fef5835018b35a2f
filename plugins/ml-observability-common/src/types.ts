/**
 * Types of the ML Observability REST API: the backend serves them, the
 * frontend renders them. Everything here is plain JSON: times are ISO 8601
 * strings, absent values are omitted (or null where "never" must be said).
 */

import type { AlertQueueStatus, AlertTransition } from './alerts';
import type { MetricDisplay } from './metrics';
import type { SeverityAction } from './runbookActions';
import type {
  AlarmInfo,
  CustomMetricSeries,
  DriftCoverage,
  DriftItem,
  EndpointInfo,
  FairnessReport,
  MonitoringScheduleInfo,
  QualityItem,
  SeriesPoint,
} from './resourceTypes';

export * from './resourceTypes';

/** @public */
export type HealthStatus = 'healthy' | 'warning' | 'critical' | 'unknown';

/** How bad one reason is; `info` never changes the verdict. @public */
export type HealthReasonSeverity = 'critical' | 'warning' | 'unknown' | 'info';

/** What a health reason is about. @public */
export type HealthReasonSource =
  | 'alarm'
  | 'endpoint'
  | 'data-capture'
  | 'monitoring-schedule'
  | 'monitoring-execution'
  | 'quality'
  | 'drift'
  | 'bias'
  | 'staleness'
  | 'source';

/** @public */
export interface HealthReason {
  severity: HealthReasonSeverity;
  source: HealthReasonSource;
  /** A sentence a person can read, e.g. "Feature season drift 0.52 is above its threshold 0.25". */
  message: string;
  /** The thing concerned: alarm, endpoint, schedule, feature or metric name. */
  subject?: string;
  /** Since when, when known (ISO). */
  since?: string;
}

/**
 * A source the verdict could not take into account: its last attempt failed
 * (throttled, denied, error, unsupported) and none of its good data is
 * recent enough to judge by. @public
 */
export interface FailedSource {
  /** A key of `SourceStatuses`: a `SourceId` or an `ExtensionSourceId`. */
  source: string;
  outcome: SourceOutcome;
  /** What went wrong, for a person. */
  message?: string;
  /** When it last gave good data (ISO); absent when never. */
  lastSuccessAt?: string;
}

/** @public */
export interface ModelHealth {
  status: HealthStatus;
  /** Worst first. */
  reasons: HealthReason[];
  /**
   * True when the verdict is the worst of what is known while some sources
   * could not be read (`failedSources`); absent when every source was read,
   * and when nothing was (the verdict is then `unknown`).
   */
  partial?: boolean;
  /** The sources the verdict could not see, in a fixed order; absent when none. */
  failedSources?: FailedSource[];
}

/** Where part of a report comes from: the sources the plugin itself reads. @public */
export type SourceId =
  | 'endpoints'
  | 'schedules'
  | 'executions'
  | 'alarms'
  | 'metrics'
  | 'custom-metrics'
  | 'runbook'
  | 'catalog';

/**
 * A signal source an adopter added through the backend's signal sources
 * extension point, keyed by the id it registered (`ext:prometheus`). @public
 */
export type ExtensionSourceId = `ext:${string}`;

/** @public */
export type SourceOutcome =
  | 'ok'
  | 'throttled'
  | 'denied'
  | 'not-found'
  | 'unsupported'
  | 'error'
  | 'pending';

/** @public */
export interface SourceStatus {
  outcome: SourceOutcome;
  /** What went wrong, for a person. */
  message?: string;
  /** When this source last gave good data (ISO); absent when never. */
  lastSuccessAt?: string;
  /** When this source was last tried (ISO). */
  checkedAt?: string;
  /** While the source fails: the first round of this failure (ISO); absent when it is ok or pending. */
  failingSince?: string;
}

/** @public */
export type SourceStatuses = Partial<Record<SourceId, SourceStatus>> & {
  [id: ExtensionSourceId]: SourceStatus;
};

/** @public */
export interface OnCallLink {
  provider: 'pagerduty' | 'opsgenie';
  id: string;
  /** Absent when no URL can be built for the provider. */
  url?: string;
}

/** @public */
export interface OwnershipMember {
  entityRef: string;
  displayName?: string;
  email?: string;
}

/** @public */
export interface Ownership {
  owner?: { entityRef: string; title?: string };
  members: OwnershipMember[];
  onCall: OnCallLink[];
}

/** A runbook severity rule, most severe has level 1. @public */
export interface SeverityRule {
  level: number;
  condition: string;
  immediateAction: string;
  notification: string;
  timeline: string;
  /** The first action as the portal can run it; absent when the runbook gives only text. */
  action?: SeverityAction;
}

/** @public */
export interface Escalation {
  /** From first responder to last. */
  path: string[];
  /** Sorted by level, most severe first. */
  severityRules: SeverityRule[];
  /** Level of the rule whose condition holds now, when one does. */
  activeSeverity?: number;
  runbookUrl?: string;
}

/** @public */
export interface Staleness {
  isStale: boolean;
  /**
   * Age in seconds of the oldest data shown: since the collection, or since
   * the last success of a source that has failed since; null when never
   * collected.
   */
  ageSeconds: number | null;
  /**
   * When a source failed in the last collection and its earlier data is
   * shown instead: the instant of the oldest such data (ISO).
   */
  dataAsOf?: string;
}

/** The whole observability report of one model. @public */
export interface ModelReport {
  entityRef: string;
  title?: string;
  accountId?: string;
  region?: string;
  timeZone?: string;
  health: ModelHealth;
  endpoints: EndpointInfo[];
  monitoringSchedules: MonitoringScheduleInfo[];
  drift: DriftItem[];
  /** One entry per custom drift source of the model; absent when it has none. */
  driftCoverage?: DriftCoverage[];
  quality: QualityItem[];
  alarms: AlarmInfo[];
  custom: CustomMetricSeries[];
  /** Bias and feature attribution; absent when the model has no such series (or from an older backend). */
  fairness?: FairnessReport;
  ownership: Ownership;
  escalation: Escalation;
  sources: SourceStatuses;
  /** ISO; null when nothing was collected yet. */
  collectedAt: string | null;
  stale: Staleness;
  /** Present when the last round could not read the model's monitoring schedule list. */
  scheduleListUnread?: ScheduleListUnread;
}

/**
 * The monitoring schedule list (ListMonitoringSchedules) of the model's account/region could not be
 * read in the last round (denied, throttled, unsupported, failed): Model Monitor drift and quality
 * were found by the endpoints' metrics (their `Endpoint` dimension), each item naming the schedule
 * its metric's `MonitoringSchedule` dimension gives. @public
 */
export interface ScheduleListUnread {
  /** Why the list could not be read: the `schedules` source's message. */
  message: string;
  /** The schedules the report's Model Monitor drift and quality items came from, sorted. */
  schedules: string[];
}

/** Time windows the report's series can cover. @public */
export type TimeRange = '24h' | '7d' | '30d';

/** @public */
export const TIME_RANGES: readonly TimeRange[] = ['24h', '7d', '30d'];

/** One model in the fleet view. @public */
export interface FleetRow {
  entityRef: string;
  title?: string;
  /** Owner entity ref. */
  owner?: string;
  lifecycle?: string;
  accountId?: string;
  region?: string;
  status: HealthStatus;
  /** As in the model's health: the verdict leaves out `failedSources`. */
  partial?: boolean;
  failedSources?: FailedSource[];
  reasonCount: number;
  topReason?: string;
  /** Primary quality metric over time, for a sparkline. */
  sparkline?: { metric: string; display: MetricDisplay; points: SeriesPoint[] };
  collectedAt: string | null;
  /** Transitions into ALARM of the model's alarms in the last 7 days, from the alert history. */
  firedIn7d?: number;
}

/** @public */
export interface FleetPage {
  items: FleetRow[];
  /** Absent on the last page. */
  nextCursor?: string;
  totalCount: number;
}

/** Filters of `GET /v1/models`. @public */
export interface FleetQuery {
  owner?: string[];
  status?: HealthStatus[];
  lifecycle?: string[];
  accountId?: string[];
  region?: string[];
  /**
   * `firedIn7d`: most fired first (transitions into ALARM in 7 days), ties in the
   * default order. Absent: the default order.
   */
  sort?: FleetSort;
  cursor?: string;
  limit?: number;
}

/** Orders of `GET /v1/models?sort=`. @public */
export type FleetSort = 'firedIn7d';

/** How a resource was tied to a model. @public */
export type EscalationMatchKind = 'endpoint' | 'alarm' | 'schedule' | 'arn';

/** @public */
export interface EscalationMatch {
  entityRef: string;
  title?: string;
  matchedBy: EscalationMatchKind;
  /** The resource that matched, as named in AWS. */
  resource?: string;
  owner?: { entityRef: string; title?: string };
  /** The first name in the escalation path. */
  nextInPath?: string;
  path: string[];
  /** The rule that applies now, or else the most severe rule. */
  severityRule?: SeverityRule;
  runbookUrl?: string;
  onCall?: OnCallLink[];
  health?: HealthStatus;
  /** The matched alarm's latest stored transitions, newest first (alarm matches only). */
  recentTransitions?: AlertTransition[];
}

/** Answer of `GET /v1/escalation?resource=`. @public */
export interface EscalationResult {
  query: string;
  matches: EscalationMatch[];
}

/** How a collection round ended. @public */
export type CollectionRoundOutcome = 'ok' | 'failed' | 'aborted';

/** The last fleet collection round that finished, from the plugin's record of rounds. @public */
export interface CollectionRoundSummary {
  id: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: CollectionRoundOutcome;
  /** Models in the round. */
  models: number;
  /** Why the round failed or was aborted, for a person. */
  error?: string;
}

/**
 * One source failing in one account and region, over the models whose last
 * snapshot says so (only models the caller may read). @public
 */
export interface DegradedSource {
  /** A built-in source id or `ext:<id>`. */
  source: SourceId | ExtensionSourceId;
  /** Absent for models without an AWS account or region (annotation errors). */
  accountId?: string;
  region?: string;
  outcome: SourceOutcome;
  /** The message of the first affected model (by entity ref). */
  message?: string;
  /** The earliest `failingSince` of the affected models (ISO); absent when unknown. */
  since?: string;
  models: number;
  /** The first affected models, by entity ref (at most 10). */
  entityRefs: string[];
}

/**
 * The collector's state as a whole: `not-run` before the first fleet round, `failed` when the last one did
 * not end ok, `stale` when it finished longer ago than staleness allows, `degraded` when a source fails,
 * else `ok`. @public
 */
export type CollectorStatusValue =
  | 'ok'
  | 'degraded'
  | 'failed'
  | 'stale'
  | 'not-run';

/** Answer of `GET /v1/status`. @public */
export interface CollectorStatus {
  status: CollectorStatusValue;
  /** The last fleet round that finished; null before the first. */
  lastRound: CollectionRoundSummary | null;
  /** When the last fleet round that ended ok finished (ISO); absent when none did. */
  lastSuccessAt?: string;
  /** Failing sources, most affected models first. */
  degradedSources: DegradedSource[];
  /**
   * The alarm queues as this replica's consumers see them; absent when none is configured. A denied,
   * missing or failing queue makes `status` degraded.
   */
  alertQueues?: AlertQueueStatus[];
}
