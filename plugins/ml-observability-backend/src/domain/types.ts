/*
 * The plugin's domain records: what the store returns and what report/ and service/ work with.
 * The store maps these to and from its rows; nothing outside store/ sees a row.
 */
import type {
  AnnotationError,
  CustomMetricSource,
  FleetRow,
  ModelEndpoint,
  OnCallRef,
  Runbook,
  RunbookLocation,
  SeriesPoint,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  ObservedSeries,
  SignalObservation,
} from '@mlobs/backstage-plugin-ml-observability-node';

/** What a model's annotations resolved to when it was last collected. */
export interface StoredTarget {
  accountId?: string;
  region?: string;
  endpointNames: string[];
  /** Where each endpoint is served (absent in snapshots written before endpoint ARNs were accepted). */
  endpoints?: ModelEndpoint[];
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

/** Catalog facts of a model as of a round, named as on its fleet row. */
export type ModelFacts = Pick<
  FleetRow,
  'entityRef' | 'title' | 'owner' | 'lifecycle' | 'accountId' | 'region'
> & { timeZone?: string };

/** The AWS resources a round read for a model; undefined until the source was read once. */
export type ModelResources = Pick<
  SignalObservation,
  | 'endpoints'
  | 'monitoringSchedules'
  | 'alarms'
  | 'publishingSchedules'
  | 'driftCoverage'
> & { sources: SourceStatuses };

/**
 * A model as last collected: catalog facts as of that round, the AWS resources
 * read, each source's outcome and the runbook. A report is assembled from it
 * at request time; no verdict is part of the record.
 */
export interface ModelRecord extends ModelFacts, ModelResources {
  target?: StoredTarget;
  runbook?: StoredRunbook;
  /** ISO; the last round that brought good AWS data. */
  collectedAt?: string;
  /** ISO; the last round that looked at the model. */
  checkedAt: string;
}

export type SeriesKind =
  | 'drift'
  | 'quality'
  | 'custom'
  | 'bias'
  | 'attribution';

/** Descriptive fields of a series, as the collector reported them. */
export type SeriesMeta = Pick<
  ObservedSeries,
  | 'namespace'
  | 'dimensions'
  | 'stat'
  | 'periodSeconds'
  | 'endpointName'
  | 'accountId'
  | 'region'
  | 'scheduleName'
  | 'monitoringType'
>;

/** One series of a model, with its latest point and, when asked for, its points in a range. */
export interface ModelSeries {
  entityRef: string;
  key: string;
  kind: SeriesKind;
  name: string;
  meta: SeriesMeta;
  latest?: SeriesPoint;
  /** Ascending; only filled when points were asked for. */
  points: SeriesPoint[];
}

/** Kinds of AWS resource indexed for escalation lookups. */
export type ResourceKind = 'endpoint' | 'schedule' | 'alarm' | 'alarm-arn';

export interface ResourceKey {
  kind: ResourceKind;
  key: string;
}
