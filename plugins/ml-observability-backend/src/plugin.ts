import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mlObservabilityPermissions } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  MlObservabilitySignalSource,
  mlObservabilitySignalSourcesExtensionPoint,
} from '@mlobs/backstage-plugin-ml-observability-node';
import { registerActions } from './actions';
import { readMlObservabilityConfig } from './config';
import { createRouter } from './service/router';
import { scheduleAlertConsumers } from './alerts/consumerTasks';
import { AwsClientFactory } from './collectors/clients';
import { pruneAlertHistory } from './alerts/retention';
import {
  alertsServiceRef,
  mlObservabilityServiceRef,
  runbookActionsServiceRef,
  signalSourcesServiceRef,
  storesServiceRef,
} from './service/serviceRefs';

/**
 * How long a received change is left to the batch handling it (on any replica) before the retry
 * sweep may send it; in this process the pipeline knows what is being sent.
 */
const SWEEP_GRACE_MS = 15_000;

/**
 * The ML observability backend: collects the fleet on a schedule, serves
 * reports under /api/ml-observability and registers actions for assistants.
 * @public
 */
export const mlObservabilityPlugin = createBackendPlugin({
  pluginId: 'ml-observability',
  register(env) {
    const added: MlObservabilitySignalSource[] = [];
    let started = false;
    env.registerExtensionPoint(mlObservabilitySignalSourcesExtensionPoint, {
      addSource(source) {
        if (started) {
          throw new Error(
            `ML observability signal source ${source.id} was added after the plugin started; add it in a module's init`,
          );
        }
        added.push(source);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissionsRegistry: coreServices.permissionsRegistry,
        actionsRegistry: actionsRegistryServiceRef,
        service: mlObservabilityServiceRef,
        runbookActions: runbookActionsServiceRef,
        signalSources: signalSourcesServiceRef,
        alerts: alertsServiceRef,
        stores: storesServiceRef,
      },
      async init({
        config,
        logger,
        lifecycle,
        scheduler,
        httpRouter,
        httpAuth,
        permissionsRegistry,
        actionsRegistry,
        service,
        runbookActions,
        signalSources,
        alerts,
        stores,
      }) {
        // Modules have run their init by now; the sources' order is the order they were added.
        started = true;
        added.forEach(source => signalSources.add(source));
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
        // One task per alarm queue: a long poll per run, one replica at a time (the scheduler's lock).
        if (alerts.settings.queues.length > 0) {
          const clientFactory = AwsClientFactory.fromConfig(config);
          lifecycle.addShutdownHook(() => clientFactory.destroy());
          const { consumers } = await scheduleAlertConsumers({
            scheduler,
            alerts: alerts.settings,
            clientFactory,
            sink: alerts.pipeline,
            logger,
          });
          alerts.consumers.push(...consumers);
        }
        // Notifications that failed (the notifications backend was down) are sent again; old history is pruned.
        await scheduler.scheduleTask({
          id: 'ml-observability-alerts-sweep',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const now = new Date();
            try {
              await alerts.pipeline.retryPending({
                since: new Date(now.getTime() - 24 * 3_600_000),
                // A batch being handled now is its handler's to notify (the bench caught the sweep
                // sending changes of a burst a second time).
                receivedBefore: new Date(now.getTime() - SWEEP_GRACE_MS),
              });
            } catch (error) {
              logger.warn(
                `ML observability: pending alarm notifications not sent yet: ${String(
                  error,
                )}`,
              );
            }
            await pruneAlertHistory(stores, alerts.settings, now);
          },
        });
        // Runs a stopped replica left running (a restart while an endpoint is Updating) are taken over.
        await scheduler.scheduleTask({
          id: 'ml-observability-action-runs',
          frequency: { seconds: 30 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 15 },
          fn: async () => {
            await runbookActions.recover();
          },
        });
        permissionsRegistry.addPermissions(mlObservabilityPermissions);
        registerActions(actionsRegistry, service, runbookActions);
        httpRouter.use(
          createRouter({ service, runbookActions, httpAuth, logger }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
