/**
 * The real ML observability plugin next to the real catalog, in a test
 * backend: a catalog fed by an entity provider, the AWS side pointed at the
 * emulator, the plugin's service and collector captured for the suites.
 */
import {
  AuthService,
  BackendFeature,
  coreServices,
  createBackendModule,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import { emulatorAccessKeyId, emulatorAppConfig } from '@mlobs/aws-ml-emulator';
// The suites drive the real backend plugin, which a node library would normally not import.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  fleetCollectorServiceRef,
  mlObservabilityServiceRef,
} from '@mlobs/backstage-plugin-ml-observability-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import type {
  FleetCollector,
  MlObservabilityService,
} from '@mlobs/backstage-plugin-ml-observability-backend';
import type { AddressInfo } from 'node:net';
import { databaseConfig, DatabaseChoice } from './database';

/** The secret of the emulator credentials; a response containing it has leaked a credential. */
export const AWS_SECRET = 'bench-emulator-secret-do-not-leak-7f3a9c';
export const awsAccessKeyId = (accountId: string) =>
  emulatorAccessKeyId(accountId, 'BENCHKEY');

/** Entities handed to the catalog, replaceable while the backend runs. */
export class FleetProvider {
  private connection?: EntityProviderConnection;
  private readonly connected: Promise<void>;
  private resolveConnected!: () => void;

  constructor(private entities: Entity[]) {
    this.connected = new Promise(resolve => {
      this.resolveConnected = resolve;
    });
  }

  getProviderName() {
    return 'mlobs-bench-fleet';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.apply();
    this.resolveConnected();
  }

  async replace(entities: Entity[]) {
    this.entities = entities;
    await this.connected;
    await this.apply();
  }

  private async apply() {
    await this.connection!.applyMutation({
      type: 'full',
      entities: this.entities.map(entity => ({
        entity,
        locationKey: 'mlobs-bench',
      })),
    });
  }
}

export interface Captured {
  service?: MlObservabilityService;
  collector?: FleetCollector;
  /** The plugin's own auth service, to mint service tokens the way another plugin would. */
  auth?: AuthService;
}

export interface BackendOptions {
  emulatorUrl: string;
  accounts: string[];
  database: DatabaseChoice;
  provider: FleetProvider;
  /** Merged over the plugin's config (`mlObservability`). */
  mlObservability?: JsonObject;
  /** Extra root config. */
  config?: JsonObject;
  /** Default: the mock scheduler, which runs the collection task only when asked. */
  scheduler?: ServiceFactory;
  /** Replaces default services (auth, permissions, ...). */
  services?: Array<ServiceFactory | BackendFeature>;
  /** Leave out the catalog plugin (the suite supplies a catalog service instead). */
  withoutCatalog?: boolean;
}

export interface RunningBackend {
  port: number;
  url: string;
  captured: Captured;
  stop(): Promise<void>;
}

export function backendConfig(options: BackendOptions): JsonObject {
  const emulated = emulatorAppConfig({
    url: options.emulatorUrl,
    accountIds: options.accounts,
    secretAccessKey: AWS_SECRET,
    tag: 'BENCHKEY',
  });
  return {
    backend: { database: databaseConfig(options.database) },
    aws: emulated.aws,
    mlObservability: {
      ...emulated.mlObservability,
      ...options.mlObservability,
    },
    ...options.config,
  };
}

export async function startBackend(
  options: BackendOptions,
): Promise<RunningBackend> {
  const captured: Captured = {};
  const probe = createBackendModule({
    pluginId: 'ml-observability',
    moduleId: 'mlobs-bench-probe',
    register(env) {
      env.registerInit({
        deps: {
          service: mlObservabilityServiceRef,
          collector: fleetCollectorServiceRef,
          auth: coreServices.auth,
        },
        async init({ service, collector, auth }) {
          captured.service = service;
          captured.collector = collector;
          captured.auth = auth;
        },
      });
    },
  });
  const fleet = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'mlobs-bench-fleet',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider(options.provider);
        },
      });
    },
  });
  const features: Array<BackendFeature | Promise<{ default: BackendFeature }>> =
    [
      // eslint-disable-next-line @backstage/no-mixed-plugin-imports
      import('@mlobs/backstage-plugin-ml-observability-backend'),
      probe,
      mockServices.rootConfig.factory({ data: backendConfig(options) }),
      options.scheduler ??
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ...(options.services ?? []),
    ];
  if (!options.withoutCatalog) {
    features.push(import('@backstage/plugin-catalog-backend'), fleet);
  }
  const backend = await startTestBackend({ features });
  const port = (backend.server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    captured,
    stop: () => backend.stop(),
  };
}
