/**
 * Node.js helpers shared by the ML Observability backend plugin and its
 * catalog and scaffolder modules: the one runbook reader, the AWS settings
 * they all read from config, and the one factory of their AWS clients.
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
  AWS_SERVICES,
  DEFAULT_AWS_LIMITS,
  DEFAULT_AWS_REGION,
  findAwsEndpoint,
  readAwsDefaults,
  readAwsEndpointOverrides,
  readAwsLimits,
  readAwsSettings,
  readModelAnnotationDefaults,
} from './aws/config';
export type {
  AwsEndpointOverride,
  AwsLimits,
  AwsServiceName,
  AwsSettings,
  AwsTarget,
} from './aws/config';
export {
  AWS_USER_AGENT,
  AwsCredentialsError,
  awsServiceClients,
  DefaultAwsClientFactory,
} from './aws/clients';
export {
  addNonAwsAnswerGuard,
  NonAwsAnswerError,
  nonAwsAnswerOf,
} from './aws/nonAwsAnswers';
export type { NonAwsAnswer } from './aws/nonAwsAnswers';
export type {
  AwsClientFactory,
  AwsServiceClient,
  DefaultAwsClientFactoryOptions,
} from './aws/clients';
export {
  mlObservabilitySignalSourcesExtensionPoint,
  type MlObservabilitySignalSourcesExtensionPoint,
} from './extensions';
export type {
  CollectionEndpoint,
  CollectionTarget,
  CollectorState,
  MlObservabilitySignalSource,
  ObservedSeries,
  SignalCollectionRequest,
  SignalCollectionResult,
  SignalObservation,
  SignalSourceStats,
  StateKeys,
} from './signals/types';
