import type {
  AlarmInfo,
  AnnotationError,
  CustomMetricSource,
  EndpointInfo,
  MonitoringScheduleInfo,
  MonitoringType,
  OnCallRef,
  Runbook,
  RunbookLocation,
  SeriesPoint,
  SourceId,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';

/** What a model's annotations resolved to when it was last collected. */
export interface StoredTarget {
  accountId?: string;
  region?: string;
  endpointNames: string[];
  metricSources: CustomMetricSource[];
  timeZone?: string;
  onCall: OnCallRef[];
  runbook?: RunbookLocation;
  /** Annotation problems; when present the model was not sent to AWS. */
  errors?: AnnotationError[];
}

/** The last good runbook of a model, kept so a broken edit does not erase it. */
export interface StoredRunbook {
  runbook: Runbook;
  /** A link a person can open, when the runbook lives at a URL. */
  url?: string;
  /** For conditional reads through the UrlReader. */
  etag?: string;
  /** ISO time it was read. */
  readAt: string;
}

/** One row of `model_snapshots`, decoded. */
export interface ModelSnapshot {
  entityRef: string;
  title?: string;
  owner?: string;
  lifecycle?: string;
  accountId?: string;
  region?: string;
  timeZone?: string;
  target?: StoredTarget;
  /** Undefined until the source was read once. */
  endpoints?: EndpointInfo[];
  monitoringSchedules?: MonitoringScheduleInfo[];
  alarms?: AlarmInfo[];
  publishingSchedules?: string[];
  sources: SourceStatuses;
  runbook?: StoredRunbook;
  /** ISO; the last round that brought good AWS data. */
  collectedAt?: string;
  /** ISO; the last round that looked at the model. */
  checkedAt: string;
}

/** Kinds of AWS resource indexed for escalation lookups. */
export type ResourceKind = 'endpoint' | 'schedule' | 'alarm' | 'alarm-arn';

export interface ResourceKey {
  kind: ResourceKind;
  key: string;
}

/**
 * What one round learned about a model. Catalog fields replace the stored
 * ones; AWS parts left undefined keep their stored value; sources are merged
 * per source.
 */
export interface ModelUpdate {
  entityRef: string;
  title?: string;
  owner?: string;
  lifecycle?: string;
  accountId?: string;
  region?: string;
  timeZone?: string;
  target: StoredTarget;
  endpoints?: EndpointInfo[];
  monitoringSchedules?: MonitoringScheduleInfo[];
  alarms?: AlarmInfo[];
  publishingSchedules?: string[];
  sources: SourceStatuses;
  /** Sources that no longer apply to the model (its runbook annotation was removed). */
  dropSources?: SourceId[];
  /** Undefined keeps the stored runbook, null forgets it (the annotation is gone). */
  runbook?: StoredRunbook | null;
}

export type SeriesKind = 'drift' | 'quality' | 'custom';

/** Descriptive fields of a series, as the collector reported them. */
export interface SeriesMeta {
  namespace: string;
  dimensions: Array<{ name: string; value: string }>;
  stat: string;
  periodSeconds: number;
  endpointName?: string;
  scheduleName?: string;
  monitoringType?: MonitoringType;
}

export interface StoredSeries {
  entityRef: string;
  key: string;
  kind: SeriesKind;
  name: string;
  meta: SeriesMeta;
  latest?: SeriesPoint;
  /** Ascending; only filled when points were asked for. */
  points: SeriesPoint[];
}
