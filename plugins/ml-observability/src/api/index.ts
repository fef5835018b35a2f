export { mlObservabilityApiRef } from './MlObservabilityApi';
export type {
  MlObservabilityApi,
  ModelReportOptions,
  PlanActionOptions,
  RunActionOptions,
} from './MlObservabilityApi';
export { MlObservabilityClient } from './MlObservabilityClient';
