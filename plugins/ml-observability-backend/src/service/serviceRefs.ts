import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { RunbookReader } from '../collection/RunbookReader';
import { FleetCollection } from '../collection/FleetCollection';
import { SignalSources } from '../collection/sources';
import { DefaultFleetCollector } from '../collectors';
import { AwsClientFactory } from '../collectors/clients';
import type { FleetCollector } from '../collectors/types';
import {
  readCustomDriftMaxFeatures,
  readMlObservabilityConfig,
} from '../config';
import { createStores } from '../store';
import {
  DefaultMlObservabilityService,
  MlObservabilityService,
} from './MlObservabilityService';

/**
 * The AWS side: the signal source with id `aws`. The default reads SageMaker
 * and CloudWatch with the credentials of `aws.accounts`; replace it to read
 * AWS differently. To add signals from elsewhere, add a source through
 * `mlObservabilitySignalSourcesExtensionPoint` (ml-observability-node)
 * instead: it runs next to this one.
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
        return new DefaultFleetCollector({
          clientFactory,
          logger,
          maxDriftFeatures: readCustomDriftMaxFeatures(config),
        });
      },
    }),
});

/**
 * The signal sources adopters added through the extension point; the plugin
 * fills it while it starts, and every round reads it. Not exported: modules
 * reach it through `mlObservabilitySignalSourcesExtensionPoint`.
 */
export const signalSourcesServiceRef = createServiceRef<SignalSources>({
  // Not the extension point's id: the backend resolves extension points and services by id alike.
  id: 'ml-observability.signal-source-registry',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new SignalSources(),
    }),
});

/**
 * Everything the REST API, the actions and the scheduled collection ask of
 * the plugin. Replace it to change how reports are built or stored; a
 * replacement collects the extension point's sources only if it reads them
 * itself, so prefer the extension point to add signals.
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
          sources: signalSourcesServiceRef,
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
          sources,
        }) {
          const settings = readMlObservabilityConfig(config);
          const stores = await createStores(database);
          const collection = new FleetCollection({
            catalog,
            auth,
            stores,
            collector,
            extraSources: () => sources.list(),
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
