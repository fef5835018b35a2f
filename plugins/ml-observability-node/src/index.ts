/**
 * Node.js helpers shared by the ML Observability backend plugin and its
 * catalog and scaffolder modules: the one runbook reader, and the AWS
 * endpoint and default settings they all read from config.
 *
 * @packageDocumentation
 */

export {
  readRunbook,
  describeRunbookProblem,
  formatRunbookProblem,
} from './runbook/readRunbook';
export { resolveRunbookSource } from './runbook/resolveRunbookSource';
export type { ResolveRunbookSourceResult } from './runbook/resolveRunbookSource';
export type {
  ReadRunbookOptions,
  ReadRunbookResult,
  RunbookReadError,
  RunbookReadErrorCode,
  RunbookSource,
} from './runbook/types';
export {
  DEFAULT_AWS_REGION,
  findAwsEndpoint,
  readAwsEndpointOverrides,
  readModelAnnotationDefaults,
} from './aws/config';
export type { AwsEndpointOverride } from './aws/config';
export {
  mlObservabilitySignalSourcesExtensionPoint,
  type MlObservabilitySignalSourcesExtensionPoint,
} from './extensions';
export type {
  CollectionTarget,
  CollectorState,
  MlObservabilitySignalSource,
  ObservedSeries,
  SignalCollectionRequest,
  SignalCollectionResult,
  SignalObservation,
  SignalSourceStats,
} from './signals/types';
