import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMlObservabilityActions } from './actions';
import { readActionSettings } from './actions/settings';
import { createAwsClientFactory } from './aws/clients';

/**
 * Scaffolder actions that onboard a monitored SageMaker model: alarms from
 * its runbook, data capture, Model Monitor schedules, and a local publish and
 * register pair for portals without a git host.
 * @public
 */
export const scaffolderModuleMlObservability = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ml-observability',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        lifecycle: coreServices.lifecycle,
      },
      async init({ scaffolder, config, catalog, lifecycle }) {
        const clients = createAwsClientFactory(config);
        lifecycle.addShutdownHook(() => clients.destroy());
        scaffolder.addActions(
          ...createMlObservabilityActions({
            clients,
            settings: readActionSettings(config),
            catalog,
          }),
        );
      },
    });
  },
});
