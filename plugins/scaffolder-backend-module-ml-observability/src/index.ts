/**
 * Scaffolder actions of ML Observability: CloudWatch alarms from a runbook,
 * SageMaker data capture and Model Monitor schedules, local publishing.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMlObservability as default } from './module';
export { CREATE_ALARMS_ID } from './actions/createAlarms';
export { ENABLE_DATA_CAPTURE_ID } from './actions/enableDataCapture';
export { CREATE_MONITORING_SCHEDULE_ID } from './actions/createMonitoringSchedule';
export { PUBLISH_LOCAL_ID } from './actions/publishLocal';
export { REGISTER_LOCAL_ID } from './actions/registerLocal';
