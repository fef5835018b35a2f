import type { Entity } from '@backstage/catalog-model';
import type { ModelEndpoint } from './endpointRef';
import type { CustomMetricSource } from './metricsAnnotation';
import type { RunbookLocation } from './runbookLocation';

/**
 * One or more SageMaker endpoints, comma separated: names (served in the model's account and region) or
 * endpoint ARNs `arn:aws:sagemaker:<region>:<account>:endpoint/<name>` (any of them in their own).
 * @public
 */
export const ANNOTATION_SAGEMAKER_ENDPOINT_NAME =
  'aws.amazon.com/sagemaker-endpoint-name';
/** The 12-digit AWS account of the model's resources. @public */
export const ANNOTATION_AWS_ACCOUNT_ID = 'aws.amazon.com/account-id';
/** The AWS region of the model's resources. @public */
export const ANNOTATION_AWS_REGION = 'aws.amazon.com/region';
/** Custom CloudWatch metric sources of the model. @public */
export const ANNOTATION_ML_METRICS = 'ml-observability/metrics';
/** Where the model's runbook lives: `url:https://...` or `./relative.yaml`. @public */
export const ANNOTATION_ML_RUNBOOK = 'ml-observability/runbook';
/** IANA time zone deciding business hours for the model. @public */
export const ANNOTATION_ML_TIME_ZONE = 'ml-observability/time-zone';
/** PagerDuty service id (PagerDuty plugin's annotation). @public */
export const ANNOTATION_PAGERDUTY_SERVICE_ID = 'pagerduty.com/service-id';
/** Opsgenie team name (Opsgenie plugin's annotation). @public */
export const ANNOTATION_OPSGENIE_TEAM = 'opsgenie.com/team';
/** The recommended `spec.type` of a model entity. @public */
export const ML_MODEL_ENTITY_TYPE = 'ml-model';

/**
 * An on-call reference taken from the entity's annotations.
 * @public
 */
export interface OnCallRef {
  provider: 'pagerduty' | 'opsgenie';
  id: string;
}

/**
 * What to observe for a model, resolved from its annotations and defaults.
 * @public
 */
export interface ModelTarget {
  /** SageMaker endpoint names, in the order written, without duplicates. May be empty. */
  endpointNames: string[];
  /** Each endpoint with where it is served: an ARN's account and region, else the model's own. */
  endpoints: ModelEndpoint[];
  /** The model's home account; undefined means the backend's default AWS account. */
  accountId?: string;
  region: string;
  /** Custom CloudWatch sources. May be empty. */
  metricSources: CustomMetricSource[];
  runbook?: RunbookLocation;
  /** Canonical IANA zone; undefined means the configured default. */
  timeZone?: string;
  onCall: OnCallRef[];
}

/**
 * A problem with one annotation. `missing` errors are about something that
 * must be added (no data source, no region anywhere); `invalid` ones about a
 * value that is wrong.
 * @public
 */
export interface AnnotationError {
  /** The annotation (or config default) at fault. */
  annotation: string;
  code: 'invalid' | 'missing';
  /** The offending value, when there is one. */
  value?: string;
  /** A full sentence naming the annotation, the value and the problem. */
  message: string;
  /** What is allowed. */
  allowed: string;
}

/**
 * Defaults applied when an annotation is absent (from app config).
 * @public
 */
export interface ModelAnnotationDefaults {
  accountId?: string;
  region?: string;
  timeZone?: string;
}

/** @internal */
export type Annotations = Record<string, string | undefined>;

/** The annotations of anything entity-shaped, or none. @internal */
export function annotationsOf(entity: unknown): Annotations {
  const metadata = (entity as { metadata?: { annotations?: unknown } } | null)
    ?.metadata;
  const annotations = metadata?.annotations;
  return annotations && typeof annotations === 'object'
    ? (annotations as Annotations)
    : {};
}

function present(annotations: Annotations, name: string): string | undefined {
  const value = annotations[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * True for entities the ML Observability plugins handle: those naming an
 * endpoint or a custom metrics source, or of `spec.type: ml-model`.
 * @public
 */
const NOT_MODEL_KINDS: ReadonlySet<string> = new Set([
  'template',
  'location',
  'user',
  'group',
  'domain',
  'system',
]);

export function isMlModelEntity(entity: Entity): boolean {
  // A template or location can carry `spec.type: ml-model` (the onboarding template does) without
  // being a model; organisational kinds never are.
  const kind = (entity as { kind?: unknown } | null)?.kind;
  if (
    typeof kind === 'string' &&
    NOT_MODEL_KINDS.has(kind.toLocaleLowerCase('en-US'))
  ) {
    return false;
  }
  const annotations = annotationsOf(entity);
  if (present(annotations, ANNOTATION_SAGEMAKER_ENDPOINT_NAME)) return true;
  if (present(annotations, ANNOTATION_ML_METRICS)) return true;
  const spec = (entity as { spec?: { type?: unknown } } | null)?.spec;
  return spec?.type === ML_MODEL_ENTITY_TYPE;
}
