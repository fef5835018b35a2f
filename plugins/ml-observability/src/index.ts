/**
 * ML Observability for Backstage: the model entity tab, the fleet page and
 * the escalation lookup.
 *
 * The default export is the plugin for the new frontend system (found by
 * `app.packages: all`); the named exports serve apps on the legacy system.
 *
 * @packageDocumentation
 */
export { mlObservabilityFrontendPlugin as default } from './alpha/plugin';
export {
  mlObservabilityPlugin,
  EntityMlObservabilityContent,
  MlObservabilityFleetPage,
  MlObservabilityEscalationPage,
  isMlObservabilityAvailable,
} from './plugin';
export { mlObservabilityApiRef, MlObservabilityClient } from './api';
export type {
  MlObservabilityApi,
  ModelReportOptions,
  PlanActionOptions,
  RunActionOptions,
} from './api';
