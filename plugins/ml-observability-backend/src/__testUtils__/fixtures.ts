import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import { exampleRunbookYaml } from '@mlobs/backstage-plugin-ml-observability-node/testUtils';
import type {
  CollectionResult,
  CollectionTarget,
  CollectModelOptions,
  CollectOptions,
  CollectorState,
  FleetCollector,
  ModelObservation,
  StateKeys,
} from '../collectors/types';
import {
  FleetCollection,
  FleetCollectionOptions,
} from '../collection/FleetCollection';
import { RunbookReader } from '../collection/RunbookReader';
import { MlObservabilityConfig, readMlObservabilityConfig } from '../config';

/** The example runbook of fraud-detection-v2 (examples/runbooks/). */
export const RUNBOOK_YAML = exampleRunbookYaml('fraud-detection-v2');

export function testConfig(extra: JsonObject = {}): MlObservabilityConfig {
  return readMlObservabilityConfig(
    new ConfigReader({
      mlObservability: {
        defaults: { accountId: '123456789012', region: 'us-east-1' },
        ...extra,
      },
    }),
  );
}

export function modelEntity(
  name: string,
  options: {
    annotations?: Record<string, string>;
    owner?: string;
    lifecycle?: string;
    title?: string;
    location?: string;
  } = {},
): Entity {
  const owner = options.owner ?? 'ml-platform-team';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations: {
        'aws.amazon.com/sagemaker-endpoint-name': `${name}-prod`,
        ...(options.location
          ? { 'backstage.io/managed-by-location': options.location }
          : {}),
        ...options.annotations,
      },
    },
    spec: {
      type: 'ml-model',
      lifecycle: options.lifecycle ?? 'production',
      owner,
    },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

export function groupEntity(
  name: string,
  members: string[],
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: { type: 'team', children: [] },
    relations: members.map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
  };
}

export function userEntity(name: string, displayName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: { displayName, email: `${name}@example.com` },
      memberOf: [],
    },
  };
}

/**
 * A catalog that hides some entities from some users, as catalog permission
 * rules would. Hidden entities are absent from every read those users make.
 */
export function visibilityCatalog(
  entities: Entity[],
  hiddenFrom: Record<string, string[]> = {},
): CatalogService {
  const inner = catalogServiceMock({ entities });
  const hidden = (credentials: BackstageCredentials | undefined) => {
    const principal = credentials?.principal as
      | { userEntityRef?: string }
      | undefined;
    return new Set(
      principal?.userEntityRef ? hiddenFrom[principal.userEntityRef] ?? [] : [],
    );
  };
  const visible = (
    entity: Entity | undefined,
    credentials?: BackstageCredentials,
  ) =>
    entity && !hidden(credentials).has(stringifyEntityRef(entity))
      ? entity
      : undefined;
  const service: CatalogService = Object.create(inner);
  Object.assign(service, {
    getEntityByRef: async (
      ref: string,
      options: { credentials: BackstageCredentials },
    ) => visible(await inner.getEntityByRef(ref), options.credentials),
    getEntitiesByRefs: async (
      request: Parameters<CatalogService['getEntitiesByRefs']>[0],
      options: { credentials: BackstageCredentials },
    ) => {
      const hiddenRefs = hidden(options.credentials);
      // Full entities are a superset of any field selection the code under test asks for.
      const { items } = await inner.getEntitiesByRefs({
        ...request,
        fields: undefined,
      });
      const filtered = items.map(e =>
        e && !hiddenRefs.has(stringifyEntityRef(e)) ? e : undefined,
      );
      return { items: filtered };
    },
    getEntities: async (
      request: Parameters<CatalogService['getEntities']>[0],
      options: { credentials: BackstageCredentials },
    ) => {
      const hiddenRefs = hidden(options.credentials);
      const { items } = await inner.getEntities({
        ...request,
        fields: undefined,
      });
      return {
        items: items.filter(e => !hiddenRefs.has(stringifyEntityRef(e))),
      };
    },
    streamEntities: (
      request: Parameters<CatalogService['streamEntities']>[0],
      options: { credentials: BackstageCredentials },
    ) => {
      const hiddenRefs = hidden(options.credentials);
      return (async function* stream() {
        for await (const page of inner.streamEntities(request)) {
          yield page.filter(e => !hiddenRefs.has(stringifyEntityRef(e)));
        }
      })();
    },
  });
  return service;
}

type Responder = (
  target: CollectionTarget,
  options: CollectOptions,
) => Omit<ModelObservation, 'entityRef'>;

/**
 * A collector that answers from a function per model, records every call,
 * and can be told to fail the whole round.
 */
export class FakeCollector implements FleetCollector {
  calls: Array<{
    targets: CollectionTarget[];
    state: CollectorState;
    options: CollectOptions;
  }> = [];
  failWith?: Error;
  /** Reported in the stats, as the real collector does for schedules not yet discovered. */
  undiscovered = 0;

  constructor(
    private respond: Responder = () => ({ series: [], sources: {} }),
  ) {}

  setResponder(respond: Responder) {
    this.respond = respond;
  }

  async collect(
    targets: CollectionTarget[],
    state: CollectorState,
    options: CollectOptions,
  ): Promise<CollectionResult> {
    this.calls.push({ targets, state, options });
    if (this.failWith) throw this.failWith;
    const kept = state.fake?.rounds;
    const rounds = typeof kept === 'number' ? kept : 0;
    return this.result(targets, options, {
      ...state,
      fake: { ...state.fake, rounds: rounds + 1 },
    });
  }

  modelStateKeys(target: CollectionTarget): StateKeys {
    return { fake: [`model:${target.entityRef}`] };
  }

  /** Keeps a count of refreshes per model, in the model's own entry. */
  async collectModel(
    target: CollectionTarget,
    state: CollectorState,
    options: CollectModelOptions,
  ): Promise<CollectionResult> {
    this.calls.push({ targets: [target], state, options });
    if (this.failWith) throw this.failWith;
    const key = `model:${target.entityRef}`;
    const kept = state.fake?.[key];
    return this.result([target], options, {
      fake: { [key]: (typeof kept === 'number' ? kept : 0) + 1 },
    });
  }

  private result(
    targets: CollectionTarget[],
    options: CollectOptions,
    state: CollectorState,
  ): CollectionResult {
    return {
      observations: targets.map(t => ({
        entityRef: t.entityRef,
        ...this.respond(t, options),
      })),
      state,
      stats: {
        startedAt: options.now.toISOString(),
        durationMs: 1,
        calls: { 'SageMaker.ListEndpoints': 1 },
        metricsRequested: 0,
        models: targets.length,
        failedSources: 0,
        undiscovered: this.undiscovered,
      },
    };
  }
}

/**
 * A FleetCollection on test defaults: mock auth and logger, runbooks read
 * through a mock URL reader, `testConfig()`; anything given replaces them.
 */
export function testCollection(
  options: Pick<FleetCollectionOptions, 'catalog' | 'stores' | 'collector'> &
    Partial<FleetCollectionOptions>,
): FleetCollection {
  const logger = options.logger ?? mockServices.logger.mock();
  return new FleetCollection({
    auth: mockServices.auth(),
    runbooks: new RunbookReader(mockServices.urlReader.mock(), logger),
    config: testConfig(),
    ...options,
    logger,
  });
}
