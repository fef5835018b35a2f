import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mlObservabilityPermissions } from '@mlobs/backstage-plugin-ml-observability-common';
import { registerActions } from './actions';
import { readMlObservabilityConfig } from './config';
import { createRouter } from './service/router';
import { mlObservabilityServiceRef } from './service/serviceRefs';

/**
 * The ML observability backend: collects the fleet on a schedule, serves
 * reports under /api/ml-observability and registers actions for assistants.
 * @public
 */
export const mlObservabilityPlugin = createBackendPlugin({
  pluginId: 'ml-observability',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissionsRegistry: coreServices.permissionsRegistry,
        actionsRegistry: actionsRegistryServiceRef,
        service: mlObservabilityServiceRef,
      },
      async init({
        config,
        logger,
        scheduler,
        httpRouter,
        httpAuth,
        permissionsRegistry,
        actionsRegistry,
        service,
      }) {
        const { schedule } = readMlObservabilityConfig(config);
        // Every replica schedules the task; the scheduler's lock lets one run each interval.
        await scheduler.scheduleTask({
          id: 'ml-observability-collect',
          ...schedule,
          // The signal fires at the task's timeout or on shutdown; the round stops and keeps its state.
          fn: async signal => {
            await service.collectFleet({ signal });
          },
        });
        permissionsRegistry.addPermissions(mlObservabilityPermissions);
        registerActions(actionsRegistry, service);
        httpRouter.use(createRouter({ service, httpAuth, logger }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
