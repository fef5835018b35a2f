import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { isMlModelEntity } from '@mlobs/backstage-plugin-ml-observability-common';
import { MlObservabilityClient, mlObservabilityApiRef } from './api';
import { escalationRouteRef, fleetRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system.
 * @public
 */
export const mlObservabilityPlugin = createPlugin({
  id: 'ml-observability',
  apis: [
    createApiFactory({
      api: mlObservabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlObservabilityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { fleet: fleetRouteRef, escalation: escalationRouteRef },
});

/**
 * Whether an entity is a model the tab applies to (for `EntityLayout.Route if`).
 * @public
 */
export function isMlObservabilityAvailable(entity: Entity): boolean {
  return isMlModelEntity(entity);
}

/**
 * The ML Observability tab of a model entity.
 * @public
 */
export const EntityMlObservabilityContent = mlObservabilityPlugin.provide(
  createComponentExtension({
    name: 'EntityMlObservabilityContent',
    component: {
      lazy: () =>
        import(
          './components/EntityMlObservabilityContent/EntityMlObservabilityContent'
        ).then(m => m.EntityMlObservabilityContent),
    },
  }),
);

/**
 * Every model, worst first, with filters (mount at `/ml-observability`).
 * @public
 */
export const MlObservabilityFleetPage = mlObservabilityPlugin.provide(
  createRoutableExtension({
    name: 'MlObservabilityFleetPage',
    component: () => import('./components/pages').then(m => m.FleetPage),
    mountPoint: fleetRouteRef,
  }),
);

/**
 * From an alarm, endpoint or schedule name to its model's owner and runbook
 * (mount at `/ml-observability/escalation`).
 * @public
 */
export const MlObservabilityEscalationPage = mlObservabilityPlugin.provide(
  createRoutableExtension({
    name: 'MlObservabilityEscalationPage',
    component: () =>
      import('./components/pages').then(m => m.EscalationLookupPage),
    mountPoint: escalationRouteRef,
  }),
);
