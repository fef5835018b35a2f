/**
 * Shared types, annotation names, permissions and pure helpers of the ML
 * Observability plugins. No I/O: usable in the browser and in Node.
 *
 * @packageDocumentation
 */

export {
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_REGION,
  ANNOTATION_ML_METRICS,
  ANNOTATION_ML_RUNBOOK,
  ANNOTATION_ML_TIME_ZONE,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  ANNOTATION_OPSGENIE_TEAM,
  ML_MODEL_ENTITY_TYPE,
  isMlModelEntity,
} from './annotations';
export type {
  AnnotationError,
  ModelAnnotationDefaults,
  ModelTarget,
  OnCallRef,
} from './annotations';
export { parseModelAnnotations } from './modelTarget';
export * from './runbookLocation';
export {
  parseMetricsAnnotation,
  formatMetricsAnnotation,
  DEFAULT_CUSTOM_METRIC_PERIOD_SECONDS,
} from './metricsAnnotation';
export type {
  CustomMetricSource,
  MetricDimension,
  MetricsAnnotationProblem,
} from './metricsAnnotation';
export {
  ENDPOINT_NAME_PATTERN,
  ACCOUNT_ID_PATTERN,
  REGION_PATTERN,
  ENDPOINT_NAME_RULE,
  ACCOUNT_ID_RULE,
  REGION_RULE,
  TIME_ZONE_RULE,
  NAMESPACE_RULE,
  checkEndpointName,
  checkAccountId,
  checkRegion,
  checkNamespace,
  canonicalTimeZone,
} from './validators';
export * from './metrics';
export * from './runbook';
export * from './severity';
export * from './schedule';
export * from './thresholds';
export * from './quality';
export * from './types';
export type {
  paths as MlObservabilityApiPaths,
  components as MlObservabilityApiComponents,
  operations as MlObservabilityApiOperations,
} from './generated/openapi';
export * from './health';
export * from './fleet';
export * from './permissions';
export * from './console';
export * from './oncall';
export { formatDuration, formatInstant } from './format';
