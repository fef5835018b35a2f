export * from './types';
export {
  AwsClientFactory,
  CallCounter,
  DEFAULT_AWS_LIMITS,
  readAwsLimits,
} from './clients';
export type {
  AwsClients,
  AwsClientFactoryOptions,
  AwsLimits,
  EndpointOverride,
} from './clients';
export { DefaultFleetCollector } from './DefaultFleetCollector';
export type { DefaultFleetCollectorOptions } from './DefaultFleetCollector';
