import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  DefaultAwsClientFactory,
  readModelAnnotationDefaults,
} from '@mlobs/backstage-plugin-ml-observability-node';
import {
  LOCAL_PUBLISH_LOCATION_TYPE,
  LocalPublishLocationProcessor,
  readLocalPublishRoot,
} from './localPublish/LocalPublishLocationProcessor';
import { MlModelProcessor } from './processor/MlModelProcessor';
import { readEndpointDiscoveryTargets } from './provider/config';
import { SageMakerEndpointProvider } from './provider/SageMakerEndpointProvider';

/**
 * Catalog module of ML Observability: validates model annotations and
 * runbooks, optionally discovers SageMaker endpoints, and reads catalog files
 * published by the scaffolder's `mlobs:publish:local` action.
 * @public
 */
export const catalogModuleMlObservability = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ml-observability',
  register(env) {
    env.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        processing,
        locations,
        config,
        logger,
        urlReader,
        scheduler,
        auth,
        catalog,
        lifecycle,
      }) {
        const defaults = readModelAnnotationDefaults(config);
        processing.addProcessor(
          new MlModelProcessor({ urlReader, logger, defaults }),
        );

        const localRoot = readLocalPublishRoot(config);
        if (localRoot) {
          processing.addProcessor(new LocalPublishLocationProcessor(localRoot));
          // Replaces the default list (url only); file stays disallowed on purpose.
          locations.setAllowedLocationTypes([
            'url',
            LOCAL_PUBLISH_LOCATION_TYPE,
          ]);
          logger.info(
            `Catalog files published with mlobs:publish:local can be registered as ${LOCAL_PUBLISH_LOCATION_TYPE}:<path> under ${localRoot}`,
          );
        }

        const targets = readEndpointDiscoveryTargets(config);
        if (targets.length > 0) {
          const clients = DefaultAwsClientFactory.fromConfig(config, {
            userAgent: 'catalog-module',
          });
          lifecycle.addShutdownHook(() => clients.destroy());
          for (const target of targets) {
            processing.addEntityProvider(
              new SageMakerEndpointProvider(target, {
                clients,
                catalog,
                auth,
                logger,
                defaults,
                taskRunner: scheduler.createScheduledTaskRunner(
                  target.schedule,
                ),
              }),
            );
          }
        }
      },
    });
  },
});
