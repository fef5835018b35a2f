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
export {
  ENDPOINT_REF_FORMS,
  endpointPlacementKey,
  parseEndpointRef,
} from './endpointRef';
export type { EndpointRefResult, ModelEndpoint } from './endpointRef';
export * from './runbookLocation';
export {
  parseMetricsAnnotation,
  formatMetricsAnnotation,
} from './metricsAnnotation';
export type {
  CustomMetricSource,
  MetricDimension,
  MetricsAnnotationProblem,
} from './metricsAnnotation';
export {
  DEFAULT_CUSTOM_DRIFT_METRIC,
  DEFAULT_CUSTOM_DRIFT_MAX_FEATURES,
  MAX_CUSTOM_DRIFT_FEATURES,
  driftFeatureOf,
  isDriftMetricName,
} from './customDrift';
export type { CustomDriftSpec } from './customDrift';
export {
  ENDPOINT_NAME_PATTERN,
  ACCOUNT_ID_PATTERN,
  REGION_PATTERN,
  ENDPOINT_NAME_RULE,
  ACCOUNT_ID_RULE,
  REGION_RULE,
  checkAccountId,
  checkRegion,
  canonicalTimeZone,
} from './validators';
export {
  canonicalMetricName,
  metricInfo,
  normalizeMetricValue,
  DRIFT_SCORE_METRIC,
} from './metrics';
export type {
  MetricDirection,
  MetricUnit,
  MetricDisplay,
  MetricInfo,
} from './metrics';
export * from './runbook';
export {
  RUNBOOK_ACTION_TYPES,
  parseActionDuration,
  severityActionOf,
} from './runbookActions';
export type {
  RunbookAction,
  RunbookActionType,
  SeverityAction,
} from './runbookActions';
export { parseSeverityCondition, matchSeverityRule } from './severity';
export type {
  ComparisonOperator,
  ParsedCondition,
  MetricObservation,
  SeverityRuleCheck,
  SeverityMatch,
  SeverityRuleEvaluation,
} from './severity';
export { scheduleIntervalSeconds } from './schedule';
export * from './thresholds';
export * from './fairness';
export * from './listedMetrics';
export type { QualityVerdict } from './quality';
export * from './types';
export * from './alerts';
export * from './actionRuns';
export type {
  paths as MlObservabilityApiPaths,
  components as MlObservabilityApiComponents,
  operations as MlObservabilityApiOperations,
} from './generated/openapi';
export { computeStaleness, computeHealth, compareHealth } from './health';
export type { HealthInputs, HealthOptions } from './health';
export * from './fleet';
export {
  failedSourcesOf,
  isExtensionSource,
  sourceName,
  sourceNames,
} from './sources';
export * from './permissions';
export {
  cloudWatchAlarmUrl,
  cloudWatchMetricUrl,
  sageMakerEndpointUrl,
  sageMakerMonitoringScheduleUrl,
} from './console';
export { onCallLinks } from './oncall';
export type { OnCallUrlTemplates } from './oncall';
export { formatDuration, formatInstant } from './format';
