import { createRouteRef } from '@backstage/core-plugin-api';
import { createRouteRef as createNewRouteRef } from '@backstage/frontend-plugin-api';

/** Legacy frontend system: where the fleet page is mounted. */
export const fleetRouteRef = createRouteRef({ id: 'ml-observability:fleet' });

/** Legacy frontend system: where the escalation lookup is mounted. */
export const escalationRouteRef = createRouteRef({
  id: 'ml-observability:escalation',
});

/** New frontend system: the plugin's page, /ml-observability by default. */
export const rootRouteRef = createNewRouteRef();

/** New frontend system: the escalation lookup sub-page. */
export const escalationSubRouteRef = createNewRouteRef();

/** New frontend system: the fleet sub-page. */
export const fleetSubRouteRef = createNewRouteRef();
