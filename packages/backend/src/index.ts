/*
 * The portal's backend: Backstage core plugins plus the ML Observability suite.
 * Plugins of this repository are added here as they gain behaviour.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for the local portal (see app-config.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// ML Observability: validates model annotations and runbooks, discovers SageMaker endpoints
backend.add(
  import('@mlobs/backstage-plugin-catalog-backend-module-ml-observability'),
);

// permissions: everything allowed but runbook actions, which only a model's owners may run
// (src/permissionPolicy.ts); adopters bring their own policy
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

// scaffolder (the onboarding template uses it)
backend.add(import('@backstage/plugin-scaffolder-backend'));
// ML Observability onboarding actions (alarms, data capture, Model Monitor, local publish)
backend.add(
  import('@mlobs/backstage-plugin-scaffolder-backend-module-ml-observability'),
);

// search, in-memory (Lunr) over the catalog
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));

// signals: pushes events to the browser over a websocket; the app's storage API and the
// notifications bell subscribe to it, so notifications arrive live.
backend.add(import('@backstage/plugin-signals-backend'));
// notifications: stores notifications per user and serves the /notifications page; plugins
// (ml-observability's alerts) send through its notification service.
backend.add(import('@backstage/plugin-notifications-backend'));

// ML Observability: collects SageMaker + CloudWatch for the catalog's models, serves reports
backend.add(import('@mlobs/backstage-plugin-ml-observability-backend'));

// actions registry exposed over MCP, for AI assistants
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
