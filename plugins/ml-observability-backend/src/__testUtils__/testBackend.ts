import {
  BackendFeature,
  BackstageCredentials,
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { mlObservabilityPlugin } from '../plugin';
import { fleetCollectorServiceRef } from '../service/serviceRefs';
import { FakeCollector, visibilityCatalog } from './fixtures';

/** Whether `user` is denied `permission` (by name) on `resourceRef`. */
export type DenyRule = (
  user: string | undefined,
  permission: string,
  resourceRef?: string,
) => boolean;

export interface PluginBackendOptions {
  knex: Knex;
  entities: Entity[];
  collector: FakeCollector;
  hiddenFrom?: Record<string, string[]>;
  deny?: DenyRule;
  config?: JsonObject;
  /** Runbooks served by the fake UrlReader, by URL. */
  urls?: Record<string, string>;
  /** More features, e.g. a module that adds a signal source. */
  features?: BackendFeature[];
}

type MockScheduler = ReturnType<typeof mockServices.scheduler> & {
  factory(options: {
    skipTaskRunOnStartup?: boolean;
  }): ServiceFactory<SchedulerService>;
};

/** What {@link startPluginBackend} started, for the test to drive. */
export type PluginBackend = {
  backend: TestBackend;
  server: TestBackend['server'];
  catalog: ReturnType<typeof visibilityCatalog>;
  permissions: ReturnType<typeof mockServices.permissions.mock>;
  actions: ReturnType<typeof actionsRegistryServiceMock>;
  scheduler: MockScheduler;
};

/**
 * The plugin in a test backend with a catalog that hides entities per user,
 * a permission policy, a fake AWS collector and an inspectable actions
 * registry. Runs one collection round before returning.
 */
export async function startPluginBackend(
  options: PluginBackendOptions,
): Promise<PluginBackend> {
  // The mock scheduler lets the test run the collection task when it wants.
  const scheduler = mockServices.scheduler() as MockScheduler;
  const catalog = visibilityCatalog(options.entities, options.hiddenFrom);
  const actions = actionsRegistryServiceMock();
  const deny = options.deny ?? (() => false);
  const userOf = (credentials: BackstageCredentials) =>
    (credentials.principal as { userEntityRef?: string }).userEntityRef;

  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(request => {
        const user = userOf(credentials);
        const ref = 'resourceRef' in request ? request.resourceRef : undefined;
        // What the catalog hides from a user, its read permission denies,
        // as catalog permission rules do in a real backend.
        const hidden =
          request.permission.name === 'catalog.entity.read' &&
          ref !== undefined &&
          user !== undefined &&
          (options.hiddenFrom?.[user] ?? []).includes(ref);
        return {
          result:
            hidden || deny(user, request.permission.name, ref)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        };
      }),
    // Without a resource, a policy that decides per entity answers with conditions (as the catalog's rules
    // do); the plugin then asks per model. With nothing to hide it allows outright.
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(() => {
        const user = userOf(credentials);
        const perEntity =
          options.deny !== undefined ||
          (user !== undefined && (options.hiddenFrom?.[user] ?? []).length > 0);
        return perEntity
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [] },
              },
            }
          : { result: AuthorizeResult.ALLOW };
      }),
  });

  const backend = await startTestBackend({
    features: [
      mlObservabilityPlugin,
      mockServices.rootConfig.factory({
        data: {
          mlObservability: {
            defaults: { accountId: '123456789012', region: 'us-east-1' },
            ...options.config,
          },
        },
      }),
      mockServices.database.factory({ knex: options.knex }),
      // Without a token a request has no principal, as in a real backend.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      createServiceFactory({
        service: fleetCollectorServiceRef,
        deps: {},
        factory: () => options.collector,
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actions,
      }),
      permissions.factory,
      mockServices.urlReader.mock({
        readUrl: async url => {
          const text = options.urls?.[url];
          if (text === undefined) throw new NotFoundError(`no ${url}`);
          return { buffer: async () => Buffer.from(text) };
        },
      }).factory,
      ...(options.features ?? []),
    ],
  });
  await scheduler.triggerTask('ml-observability-collect');
  return {
    backend,
    server: backend.server,
    catalog,
    permissions,
    actions,
    scheduler,
  };
}
