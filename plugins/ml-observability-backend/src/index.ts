/**
 * The ML Observability backend plugin: SageMaker and CloudWatch data for the
 * ML models of the catalog, collected on a schedule and served as reports.
 *
 * @packageDocumentation
 */
export { mlObservabilityPlugin as default } from './plugin';
export {
  fleetCollectorServiceRef,
  mlObservabilityServiceRef,
} from './service/serviceRefs';
export type { MlObservabilityService } from './service/MlObservabilityService';
export type { CollectionSummary } from './collection/FleetCollection';
export type {
  CollectionTarget,
  CollectOptions,
  CollectionResult,
  CollectionStats,
  CollectorState,
  FleetCollector,
  ModelObservation,
  ObservedSeries,
} from './collectors/types';
