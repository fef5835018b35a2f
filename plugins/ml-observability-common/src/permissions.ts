import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type; both permissions are checked against the
 * model's catalog entity, so catalog permission rules (owner, kind, ...)
 * apply to them.
 */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Read a model's observability report (and see it in the fleet and in
 * escalation lookups).
 * @public
 */
export const mlObservabilityReadPermission = createPermission({
  name: 'ml-observability.model.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Ask the backend to collect a model's data now. An update, because it
 * spends AWS API calls (and money) on the caller's behalf.
 * @public
 */
export const mlObservabilityRefreshPermission = createPermission({
  name: 'ml-observability.model.refresh',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Run a model's runbook actions (shift traffic to a fallback variant, start a
 * retraining pipeline, mute its alarms), plan them and undo them. It changes
 * AWS resources, so a policy should grant it to the model's owners and
 * on-call only; conditional catalog rules (owner, kind, ...) apply.
 * @public
 */
export const mlObservabilityActPermission = createPermission({
  name: 'ml-observability.model.act',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Every permission of the ML Observability plugins.
 * @public
 */
export const mlObservabilityPermissions = [
  mlObservabilityReadPermission,
  mlObservabilityRefreshPermission,
  mlObservabilityActPermission,
];
