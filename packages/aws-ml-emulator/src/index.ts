/**
 * A local SageMaker + CloudWatch API emulator with a simulated ML model fleet.
 *
 * @packageDocumentation
 */
export { startEmulator } from './emulator';
export type { Emulator, EmulatorOptions } from './emulator';
export type { FaultConfig, FaultRule } from './server/faults';
export { MODEL_MONITOR_CREATE_OPERATIONS } from './server/faults';
export { AWS_RATE_LIMITS } from './server/faults';
export type { EmulatorStats, OperationStats } from './server/stats';
export type { ScenarioName } from './scenarios';
export { DEMO_ACCOUNTS, DEMO_ENDPOINTS } from './scenarios/demo';
export { DEFAULT_ACCOUNT, DEFAULT_REGION } from './world';
export {
  emulatorAccessKeyId,
  emulatorAppConfig,
  emulatorClientConfig,
  emulatorCredentials,
} from './clientConfig';
export type {
  EmulatorAppConfigOptions,
  EmulatorClientOptions,
  EmulatorCredentialOptions,
} from './clientConfig';
