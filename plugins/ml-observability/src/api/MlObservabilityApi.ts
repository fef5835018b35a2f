import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ActionPlan,
  ActionRun,
  ActionRunList,
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
 * Options of planning a runbook action.
 * @public
 */
export interface PlanActionOptions {
  /** The alarm the action responds to; the backend defaults to the model's alarms in ALARM. */
  alarmArn?: string;
}

/**
 * Options of applying a runbook action (or undoing a run).
 * @public
 */
export interface RunActionOptions {
  /**
   * Sent again with the same value, the request answers the run the first
   * one started instead of starting another (8 to 128 characters of
   * `A-Za-z0-9._:-`; a UUID fits).
   */
  idempotencyKey: string;
  /** The alarm the action responds to; its notification then names the run. */
  alarmArn?: string;
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
  /** The model's runbook action runs (applies and undos), newest first. */
  listActionRuns(entityRef: CompoundEntityRef | string): Promise<ActionRunList>;
  /**
   * What applying the severity rule's action `actionId` (`severity-N`) would
   * change now, or why it cannot run (`ok: false` and `refusals`). Changes
   * nothing. Rejects with 403 without the act permission.
   */
  planAction(
    entityRef: CompoundEntityRef | string,
    actionId: string,
    options?: PlanActionOptions,
  ): Promise<ActionPlan>;
  /**
   * Applies the action and answers the run it started (still `running`;
   * follow it with {@link MlObservabilityApi.getActionRun}). Rejects with 409
   * when another action runs on the endpoint (the message names who) or the
   * plan refuses, 403 without the act permission, 429 when the model's
   * actions are rate limited.
   */
  runAction(
    entityRef: CompoundEntityRef | string,
    actionId: string,
    options: RunActionOptions,
  ): Promise<ActionRun>;
  /** One run, with its progress so far. */
  getActionRun(
    entityRef: CompoundEntityRef | string,
    runId: string,
  ): Promise<ActionRun>;
  /** What undoing the run would change now, or why it cannot. Changes nothing. */
  planUndo(
    entityRef: CompoundEntityRef | string,
    runId: string,
  ): Promise<ActionPlan>;
  /** Starts the undo of a run and answers the undo run; same errors as {@link MlObservabilityApi.runAction}. */
  undoRun(
    entityRef: CompoundEntityRef | string,
    runId: string,
    options: Omit<RunActionOptions, 'alarmArn'>,
  ): Promise<ActionRun>;
}

/**
 * Works in apps on both frontend systems.
 * @public
 */
export const mlObservabilityApiRef = createApiRef<MlObservabilityApi>().with({
  id: 'plugin.ml-observability.api',
  pluginId: 'ml-observability',
});
