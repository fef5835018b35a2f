export { mlObservabilityApiRef } from './MlObservabilityApi';
export type {
  MlObservabilityApi,
  ModelReportOptions,
} from './MlObservabilityApi';
export { MlObservabilityClient } from './MlObservabilityClient';
