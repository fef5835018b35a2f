import * as api from './index';

describe('package exports', () => {
  it.each([
    'ANNOTATION_SAGEMAKER_ENDPOINT_NAME',
    'isMlModelEntity',
    'parseModelAnnotations',
    'parseMetricsAnnotation',
    'parseRunbook',
    'parseSeverityCondition',
    'matchSeverityRule',
    'normalizeMetricValue',
    'isBusinessHours',
    'qualityThresholdInForce',
    'computeHealth',
    'compareHealth',
    'failedSourcesOf',
    'sourceName',
    'sourceNames',
    'mlObservabilityReadPermission',
    'mlObservabilityRefreshPermission',
    'mlObservabilityPermissions',
    'cloudWatchAlarmUrl',
    'cloudWatchMetricUrl',
    'sageMakerEndpointUrl',
    'sageMakerMonitoringScheduleUrl',
  ])('exports %s', name => {
    expect((api as Record<string, unknown>)[name]).toBeDefined();
  });
});
