import { ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import type {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  ModelAnnotationDefaults,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { AwsClientFactory } from '@mlobs/backstage-plugin-ml-observability-node';
import type { EndpointDiscoveryTarget } from './config';
import {
  buildEndpointEntities,
  claimsOf,
  DiscoveredEndpoint,
} from './endpointEntities';

/** ListEndpoints pages are 100 at most; this bounds a runaway NextToken loop. */
const MAX_PAGES = 200;

function describeError(error: unknown): string {
  if (error instanceof Error)
    return `${error.name}: ${error.message.split('\n')[0]}`;
  return String(error);
}

/**
 * Discovers the SageMaker endpoints of one account and region as `Resource`
 * entities of type `sagemaker-endpoint`, related (`dependencyOf`) to the
 * models that name them, and flags the endpoints no model claims. One run
 * costs the ListEndpoints pages of the region plus one catalog query.
 * @public
 */
export class SageMakerEndpointProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly target: EndpointDiscoveryTarget,
    private readonly deps: {
      /** The plugin's shared factory; its clients are destroyed at shutdown, not per run. */
      clients: Pick<AwsClientFactory, 'client'>;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      defaults: ModelAnnotationDefaults;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return `MlObservabilitySageMakerEndpointProvider:${this.target.id}`;
  }

  private get where(): string {
    return `${this.target.accountId ?? 'default account'}/${
      this.target.region
    }`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          // The scheduler retries on the next tick; the entities stay as they were.
          this.deps.logger.error(
            `SageMaker endpoint discovery in ${
              this.where
            } failed, the discovered endpoints are kept as they were: ${describeError(
              error,
            )}`,
          );
        }
      },
    });
  }

  /** One discovery run. Throws when AWS or the catalog cannot be read. */
  async refresh(): Promise<{ discovered: number; unclaimed: string[] }> {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const endpoints = await this.listEndpoints();
    const models = await this.modelEntities();
    const claims = claimsOf(models, this.deps.defaults);
    const { entities, unclaimed, missing } = buildEndpointEntities(
      this.target,
      endpoints,
      claims,
    );
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: `${this.getProviderName()}`,
      })),
    });

    const summary = `SageMaker endpoints in ${this.where}: ${
      endpoints.length
    } discovered, ${endpoints.length - unclaimed.length} claimed by models, ${
      unclaimed.length
    } unclaimed`;
    if (unclaimed.length > 0) {
      this.deps.logger.warn(
        `${summary}; no model in the catalog names these, so nobody owns them: ${unclaimed.join(
          ', ',
        )}`,
      );
    } else {
      this.deps.logger.info(summary);
    }
    if (missing.length > 0) {
      this.deps.logger.warn(
        `Models name SageMaker endpoints that do not exist in ${
          this.where
        }: ${missing
          .map(m => `${m.entityRef} -> ${m.endpointName}`)
          .join(', ')}`,
      );
    }
    return { discovered: endpoints.length, unclaimed };
  }

  private async listEndpoints(): Promise<DiscoveredEndpoint[]> {
    const client = this.deps.clients.client('sagemaker', this.target);
    const endpoints: DiscoveredEndpoint[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    try {
      do {
        const page = await client.send(
          new ListEndpointsCommand({
            MaxResults: 100,
            SortBy: 'Name',
            SortOrder: 'Ascending',
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const endpoint of page.Endpoints ?? []) {
          if (!endpoint.EndpointName) continue;
          endpoints.push({
            name: endpoint.EndpointName,
            ...(endpoint.EndpointArn ? { arn: endpoint.EndpointArn } : {}),
            ...(endpoint.EndpointStatus
              ? { status: endpoint.EndpointStatus }
              : {}),
          });
        }
        nextToken = page.NextToken;
        pages++;
      } while (nextToken && pages < MAX_PAGES);
    } catch (error) {
      throw new Error(
        `SageMaker ListEndpoints in ${this.where} failed: ${describeError(
          error,
        )}`,
      );
    }
    if (nextToken) {
      throw new Error(
        `SageMaker ListEndpoints in ${this.where} returned more than ${MAX_PAGES} pages; refusing to publish a partial list`,
      );
    }
    return endpoints;
  }

  private async modelEntities(): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    try {
      for await (const page of this.deps.catalog.streamEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_SAGEMAKER_ENDPOINT_NAME}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
            'spec.owner',
          ],
        },
        { credentials },
      )) {
        entities.push(...page);
      }
    } catch (error) {
      throw new Error(
        `Reading the models from the catalog failed: ${describeError(error)}`,
      );
    }
    return entities;
  }
}
