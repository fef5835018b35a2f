/**
 * The plugin as deployed (default service, default AWS collector through the
 * real SDK) in a test backend against a running emulator, with the demo
 * catalog (examples/entities.yaml) and its runbooks read from disk. The
 * collection task runs only when the test triggers it.
 */
import {
  createServiceFactory,
  LoggerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import type { Emulator } from '@mlobs/aws-ml-emulator';
import { formatMetricsAnnotation } from '@mlobs/backstage-plugin-ml-observability-common';
import { resolve } from 'node:path';
import {
  accountsConfig,
  demoTargets,
  EU,
  PRIMARY,
} from '../collectors/__testUtils__/emulatorFixture';
import { mlObservabilityPlugin } from '../plugin';
import { modelEntity, visibilityCatalog } from './fixtures';

const CATALOG_FILE = resolve(__dirname, '../../../../examples/entities.yaml');

/**
 * The demo models as catalog entities: endpoints, account, region, custom metrics and runbook as
 * examples/entities.yaml has them; fraud-detection-v2 is hosted outside SageMaker and names no endpoint.
 */
export function demoEntities(): Entity[] {
  return demoTargets().map(target => {
    const name = target.entityRef.split('/')[1];
    return modelEntity(name, {
      location: `file:${CATALOG_FILE}`,
      annotations: {
        ...(target.endpointNames.length > 0
          ? {
              'aws.amazon.com/sagemaker-endpoint-name':
                target.endpointNames.join(','),
            }
          : {}),
        'aws.amazon.com/account-id': target.accountId,
        'aws.amazon.com/region': target.region,
        'ml-observability/runbook': `./runbooks/${name}.yaml`,
        ...(target.metricSources.length > 0
          ? {
              'ml-observability/metrics': formatMetricsAnnotation(
                target.metricSources,
              ),
            }
          : {}),
      },
    });
  });
}

export async function startEmulatorBackend(options: {
  emulator: Emulator;
  databases: TestDatabases;
  /** Default SQLITE_3. */
  databaseId?: TestDatabaseId;
  entities?: Entity[];
  /** Catalog visibility: entity refs hidden from a user (by user entity ref). */
  hiddenFrom?: Record<string, string[]>;
  logger?: ServiceFactory<LoggerService>;
  /** More of `mlObservability` (merged over the emulator's endpoints and AWS limits). */
  mlObservability?: Record<string, unknown>;
  /** More services (permissions, auditor, actions registry mocks). */
  services?: ServiceFactory[];
}) {
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & {
    factory(options: object): ReturnType<typeof mockServices.scheduler.factory>;
  };
  const backend = await startTestBackend({
    features: [
      mlObservabilityPlugin,
      mockServices.rootConfig.factory({
        data: {
          aws: { accounts: accountsConfig([PRIMARY, EU]) },
          mlObservability: {
            endpoints: [
              {
                sagemaker: options.emulator.url,
                cloudwatch: options.emulator.url,
              },
            ],
            aws: { maxAttempts: 2, requestTimeoutMs: 5000 },
            ...options.mlObservability,
          },
        },
      }),
      mockServices.database.factory({
        knex: await options.databases.init(options.databaseId ?? 'SQLITE_3'),
      }),
      ...(options.logger ? [options.logger] : []),
      ...(options.services ?? []),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () =>
          visibilityCatalog(
            options.entities ?? demoEntities(),
            options.hiddenFrom,
          ),
      }),
    ],
  });
  return {
    backend,
    round: () => scheduler.triggerTask('ml-observability-collect'),
  };
}
