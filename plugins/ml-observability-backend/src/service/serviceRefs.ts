import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { AlarmNotifier, modelSignalChannel } from '../alerts/AlarmNotifier';
import { AlertPipeline } from '../alerts/pipeline';
import type { QueueConsumer } from '../alerts/QueueConsumer';
import { RoundAlerts } from '../alerts/roundAlerts';
import { RunbookReader } from '../collection/RunbookReader';
import { FleetCollection } from '../collection/FleetCollection';
import { SignalSources } from '../collection/sources';
import { DefaultFleetCollector } from '../collectors';
import { AwsClientFactory } from '../collectors/clients';
import type { FleetCollector } from '../collectors/types';
import {
  AlertsConfig,
  readActionsConfig,
  readAlertsConfig,
  readCustomDriftMaxFeatures,
  readMlObservabilityConfig,
} from '../config';
import { RunbookActionService } from '../runbookActions/RunbookActionService';
import { createStores, Stores } from '../store';
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

/** The plugin's database, opened (and migrated) once for every part of the plugin. */
export const storesServiceRef = createServiceRef<Stores>({
  id: 'ml-observability.stores',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { database: coreServices.database },
      factory: ({ database }) => createStores(database),
    }),
});

/** The response loop's parts: every alarm transition, whatever its origin, goes through `pipeline`. */
export interface AlertsRuntime {
  settings: AlertsConfig;
  pipeline: AlertPipeline;
  rounds: RoundAlerts;
  /** The queue consumers of this replica, filled when the plugin schedules them; read by `/v1/status`. */
  consumers: QueueConsumer[];
  /** Sends the notifications; runbook actions update the triggering alarm's through it. */
  notifier: AlarmNotifier;
}

export const alertsServiceRef = createServiceRef<AlertsRuntime>({
  id: 'ml-observability.alerts',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        stores: storesServiceRef,
        collector: fleetCollectorServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      factory: ({
        config,
        logger,
        stores,
        collector,
        notifications,
        signals,
      }) => {
        const settings = readAlertsConfig(config);
        const notifier = new AlarmNotifier({
          stores,
          notifications,
          signals,
          alerts: settings,
          config: readMlObservabilityConfig(config),
          logger,
        });
        const pipeline = new AlertPipeline({
          recorder: stores.events,
          notifier,
          logger,
        });
        const rounds = new RoundAlerts({
          sink: pipeline,
          knownAlarms: arns => stores.events.knownAlarms(arns),
          collector,
          backfillPerRound: settings.backfillAlarmsPerRound,
          logger,
        });
        return { settings, pipeline, rounds, consumers: [], notifier };
      },
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
          stores: storesServiceRef,
          alerts: alertsServiceRef,
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
          stores,
          alerts,
          auth,
          permissions,
          urlReader,
          catalog,
          collector,
          sources,
        }) {
          const settings = readMlObservabilityConfig(config);
          const collection = new FleetCollection({
            catalog,
            auth,
            stores,
            collector,
            extraSources: () => sources.list(),
            runbooks: new RunbookReader(urlReader, logger),
            config: settings,
            logger,
            roundAlerts: alerts.rounds,
          });
          return new DefaultMlObservabilityService({
            catalog,
            permissions,
            stores,
            collection,
            config: settings,
            alerts: alerts.settings,
            alertQueues: () => alerts.consumers.map(c => c.status()),
            logger,
          });
        },
      }),
  });

/**
 * Runbook actions: plans, runs (followed until AWS says how they ended),
 * undos, and the takeover of runs a stopped replica left running. Checks
 * the caller's permissions itself, for the REST API and the AI actions alike.
 */
export const runbookActionsServiceRef = createServiceRef<RunbookActionService>({
  id: 'ml-observability.runbook-actions',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        stores: storesServiceRef,
        alerts: alertsServiceRef,
        signals: signalsServiceRef,
        reader: mlObservabilityServiceRef,
      },
      factory: ({
        config,
        logger,
        lifecycle,
        permissions,
        auditor,
        stores,
        alerts,
        signals,
        reader,
      }) => {
        const clientFactory = AwsClientFactory.fromConfig(config);
        const actions = new RunbookActionService({
          reader,
          permissions,
          stores,
          clientsOf: (accountId, region) =>
            clientFactory.clients(accountId, region),
          logger,
          auditor,
          notifier: alerts.notifier,
          signals,
          channelOf: modelSignalChannel,
          settings: readActionsConfig(config),
        });
        lifecycle.addShutdownHook(async () => {
          await actions.stop();
          clientFactory.destroy();
        });
        return actions;
      },
    }),
});
