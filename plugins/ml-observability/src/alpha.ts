/**
 * The new frontend system's entry point; `app.packages: all` loads this
 * default export (and the same one from the package root).
 *
 * @packageDocumentation
 */
export { mlObservabilityFrontendPlugin as default } from './alpha/plugin';
export {
  mlObservabilityApi,
  mlObservabilityEntityContent,
  mlObservabilityPage,
  mlObservabilityFleetSubPage,
  mlObservabilityEscalationSubPage,
} from './alpha/extensions';
