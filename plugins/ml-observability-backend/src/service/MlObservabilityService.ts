import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  EscalationResult,
  FleetPage,
  FleetQuery,
  isMlModelEntity,
  mlObservabilityReadPermission,
  mlObservabilityRefreshPermission,
  ModelReport,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  CollectionSummary,
  FleetCollection,
} from '../collection/FleetCollection';
import { resolveModel } from '../collection/targets';
import type { MlObservabilityConfig } from '../config';
import { assembleReport } from '../report/buildReport';
import type { ModelSnapshot, Stores, StoredSeries } from '../store';
import { ownershipOf } from './access';
import { TooManyRequestsError } from './errors';
import { findOwners } from './escalationLookup';
import { fleetPage, withCatalogFacts } from './fleetPage';

/**
 * What the REST API and the actions ask of the plugin. Every method that
 * answers a caller takes the caller's credentials: the catalog decides what
 * they can see, and a model they cannot see does not exist for them.
 */
export interface MlObservabilityService {
  getModelReport(
    entityRef: string,
    options: { credentials: BackstageCredentials; range?: TimeRange },
  ): Promise<ModelReport>;
  getFleet(
    query: FleetQuery,
    options: { credentials: BackstageCredentials },
  ): Promise<FleetPage>;
  findOwners(
    resource: string,
    options: { credentials: BackstageCredentials },
  ): Promise<EscalationResult>;
  /** Collects one model now (rate limited per model) and returns its new report. */
  refreshModel(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ModelReport>;
  /** One collection round of the whole fleet; what the scheduled task runs. */
  collectFleet(): Promise<CollectionSummary>;
}

const RANGE_MS: Record<TimeRange, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export interface DefaultMlObservabilityServiceOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  stores: Stores;
  collection: FleetCollection;
  config: MlObservabilityConfig;
  logger: LoggerService;
  clock?: () => Date;
}

/** Builds reports from stored snapshots; never calls AWS on a page view. */
export class DefaultMlObservabilityService implements MlObservabilityService {
  private readonly clock: () => Date;

  constructor(private readonly options: DefaultMlObservabilityServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async getModelReport(
    entityRef: string,
    options: { credentials: BackstageCredentials; range?: TimeRange },
  ): Promise<ModelReport> {
    const entity = await this.requireModel(entityRef, options.credentials);
    return this.reportFor(entity, options.range ?? '24h', options.credentials);
  }

  async getFleet(
    query: FleetQuery,
    options: { credentials: BackstageCredentials },
  ): Promise<FleetPage> {
    return fleetPage(query, options.credentials, {
      ...this.options,
      now: this.clock(),
    });
  }

  async findOwners(
    resource: string,
    options: { credentials: BackstageCredentials },
  ): Promise<EscalationResult> {
    return findOwners(resource, options.credentials, {
      ...this.options,
      now: this.clock(),
    });
  }

  async refreshModel(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ModelReport> {
    const { credentials } = options;
    const entity = await this.requireModel(entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    await this.authorize(
      mlObservabilityRefreshPermission,
      ref,
      credentials,
      'refresh',
    );
    const cooldownMs = this.options.config.refreshCooldownSeconds * 1000;
    const claim = await this.options.stores.runs.claimRefresh(
      ref,
      this.clock(),
      cooldownMs,
    );
    if (!claim.ok) {
      throw new TooManyRequestsError(
        `${ref} was refreshed less than ${this.options.config.refreshCooldownSeconds} s ago; try again in ${claim.retryAfterSeconds} s`,
        claim.retryAfterSeconds,
      );
    }
    await this.options.collection.collectModel(entity);
    return this.reportFor(entity, '24h', credentials);
  }

  async collectFleet(): Promise<CollectionSummary> {
    return this.options.collection.collectFleet();
  }

  private async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    resourceRef: string,
    credentials: BackstageCredentials,
    verb: string,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${verb} the ML observability data of ${resourceRef}`,
      );
    }
  }

  /**
   * The model entity as the caller sees it. Missing, invisible and non-model
   * entities all give the same 404, so the answer reveals nothing.
   */
  private async requireModel(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity || !isMlModelEntity(entity)) {
      throw new NotFoundError(`No ML model ${entityRef} in the catalog`);
    }
    await this.authorize(
      mlObservabilityReadPermission,
      stringifyEntityRef(entity),
      credentials,
      'read',
    );
    return entity;
  }

  private async reportFor(
    entity: Entity,
    range: TimeRange,
    credentials: BackstageCredentials,
  ): Promise<ModelReport> {
    const { stores, config, catalog } = this.options;
    const now = this.clock();
    const model = resolveModel(entity, config);
    const stored = await stores.snapshots.get(model.entityRef);
    // Before the first round: what the catalog says, and that nothing was collected yet.
    const neverCollected: ModelSnapshot = {
      entityRef: model.entityRef,
      accountId: model.stored.accountId,
      region: model.stored.region,
      timeZone: model.stored.timeZone,
      target: model.stored,
      sources: { catalog: model.catalogStatus },
      healthStatus: 'unknown',
      reasonCount: 0,
      checkedAt: now.toISOString(),
    };
    const snapshot = withCatalogFacts(stored ?? neverCollected, entity);
    const series: StoredSeries[] = await stores.series.listWithPoints(
      model.entityRef,
      new Date(now.getTime() - RANGE_MS[range]),
    );
    const onCall = model.target
      ? model.stored.onCall
      : snapshot.target?.onCall ?? [];
    const ownership = await ownershipOf(
      entity,
      onCall,
      config.onCallUrls,
      credentials,
      catalog,
    );
    return assembleReport({ snapshot, series, ownership }, config, now).report;
  }
}
