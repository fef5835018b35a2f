import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EscalationResult,
  FleetPage,
  FleetQuery,
  ModelAlertHistory,
  ModelReport,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';

/**
 * Options of a model report request.
 * @public
 */
export interface ModelReportOptions {
  /** Window the report's series cover; the backend's default (24 h) when absent. */
  range?: TimeRange;
}

/**
 * The ML Observability backend as the frontend sees it. Failed requests reject
 * with a `ResponseError` from `@backstage/errors`, so callers can tell 403,
 * 404 and 429 apart by `statusCode`.
 * @public
 */
export interface MlObservabilityApi {
  /** The observability report of one model entity. */
  getModelReport(
    entityRef: CompoundEntityRef | string,
    options?: ModelReportOptions,
  ): Promise<ModelReport>;
  /**
   * Collects one model's data now and returns the new report, with series
   * over the default range (24 h). Rejects with 403 without the refresh
   * permission and 429 when the model was refreshed too recently.
   */
  refreshModelReport(
    entityRef: CompoundEntityRef | string,
  ): Promise<ModelReport>;
  /**
   * The stored alarm state changes of one model and what they say about its
   * alarms (fired in 7 and 30 days, time in ALARM, recovery, noisy ones).
   */
  getAlertHistory(
    entityRef: CompoundEntityRef | string,
  ): Promise<ModelAlertHistory>;
  /** One page of the fleet, worst first, or most fired first with `sort: 'firedIn7d'`. */
  getFleet(query?: FleetQuery): Promise<FleetPage>;
  /** Models tied to an alarm name or ARN, endpoint name or schedule name. */
  lookupEscalation(resource: string): Promise<EscalationResult>;
}

/**
 * Works in apps on both frontend systems.
 * @public
 */
export const mlObservabilityApiRef = createApiRef<MlObservabilityApi>().with({
  id: 'plugin.ml-observability.api',
  pluginId: 'ml-observability',
});
