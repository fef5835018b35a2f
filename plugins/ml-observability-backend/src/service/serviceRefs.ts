import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { RunbookReader } from '../collection/RunbookReader';
import { FleetCollection } from '../collection/FleetCollection';
import { AwsClientFactory, DefaultFleetCollector } from '../collectors';
import type { FleetCollector } from '../collectors/types';
import { readMlObservabilityConfig } from '../config';
import { createStores } from '../store';
import {
  DefaultMlObservabilityService,
  MlObservabilityService,
} from './MlObservabilityService';

/**
 * The AWS side. The default reads SageMaker and CloudWatch with the
 * credentials of `aws.accounts`; replace it to read from elsewhere.
 * @public
 */
export const fleetCollectorServiceRef = createServiceRef<FleetCollector>({
  id: 'ml-observability.fleet-collector',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      factory: ({ config, logger, lifecycle }) => {
        const clientFactory = AwsClientFactory.fromConfig(config);
        lifecycle.addShutdownHook(() => clientFactory.destroy());
        return new DefaultFleetCollector({ clientFactory, logger });
      },
    }),
});

/**
 * Everything the REST API, the actions and the scheduled collection ask of
 * the plugin. Replace it to change how reports are built or stored.
 * @public
 */
export const mlObservabilityServiceRef =
  createServiceRef<MlObservabilityService>({
    id: 'ml-observability.service',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          database: coreServices.database,
          auth: coreServices.auth,
          permissions: coreServices.permissions,
          urlReader: coreServices.urlReader,
          catalog: catalogServiceRef,
          collector: fleetCollectorServiceRef,
        },
        async factory({
          config,
          logger,
          database,
          auth,
          permissions,
          urlReader,
          catalog,
          collector,
        }) {
          const settings = readMlObservabilityConfig(config);
          const stores = await createStores(database);
          const collection = new FleetCollection({
            catalog,
            auth,
            stores,
            collector,
            runbooks: new RunbookReader(urlReader, logger),
            config: settings,
            logger,
          });
          return new DefaultMlObservabilityService({
            catalog,
            permissions,
            stores,
            collection,
            config: settings,
            logger,
          });
        },
      }),
  });
