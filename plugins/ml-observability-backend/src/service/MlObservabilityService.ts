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
import type { MeterProvider } from '@opentelemetry/api';
import {
  AlertQueueStatus,
  CollectorStatus,
  EscalationResult,
  HealthStatus,
  FleetPage,
  FleetQuery,
  DEFAULT_NOISY_RULE,
  isMlModelEntity,
  mlObservabilityReadPermission,
  mlObservabilityRefreshPermission,
  ModelAlertHistory,
  ModelReport,
  OnCallRef,
  AlertTransition,
  AlarmAlertStats,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  CollectionSummary,
  FleetCollection,
} from '../collection/FleetCollection';
import type { AlertsConfig, MlObservabilityConfig } from '../config';
import { computeAlarmStats, totalAlarmStats } from '../alerts/stats';
import { alertTransitionOf } from './alertTransition';
import {
  resolveModel,
  uncollectedRecord,
  withCatalogFacts,
} from '../domain/model';
import { assembleReport } from '../report/buildReport';
import { failingSources } from '../domain/sources';
import { observeFleet, pluginMeter } from '../telemetry/metrics';
import type { ModelRecord, ModelSeries } from '../domain/types';
import type { Stores } from '../store';
import {
  modelAccess,
  ModelAccess,
  OwnerEntities,
  ownerEntities,
  OwnerLookupCache,
  ownershipOf,
} from './access';
import { collectorStatus, withAlertQueues } from './collectorStatus';
import { TooManyRequestsError } from './errors';
import { findOwners } from './escalationLookup';
import { assembledModels, fleetPage, FleetRowsCache } from './fleetPage';

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
  /** The stored state changes of the model's alarms and what they say (fired, time in ALARM, noisy). */
  getAlertHistory(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ModelAlertHistory>;
  /** Collects one model now (rate limited per model) and returns its new report. */
  refreshModel(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ModelReport>;
  /**
   * Collects one model now with the plugin's own credentials, without the
   * refresh permission or cooldown: what a runbook action does once it changed
   * the model's resources. Optional for replacements of this service.
   */
  recollectModel?(entityRef: string): Promise<void>;
  /** One collection round of the whole fleet; what the scheduled task runs, with its abort signal. */
  collectFleet(options?: { signal?: AbortSignal }): Promise<CollectionSummary>;
  /** Whether the last fleet round succeeded, and the failing sources of the models the caller may read. */
  getCollectorStatus(options: {
    credentials: BackstageCredentials;
  }): Promise<CollectorStatus>;
}

/**
 * How long assembled fleet rows are reused while no snapshot changes; the
 * verdicts' clock-dependent parts (staleness, business hours) lag this much.
 */
const FLEET_CACHE_TTL_MS = 15_000;

/** How long a report may show a team's owner entity and members as read before. */
const OWNER_CACHE_TTL_MS = 30_000;

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
  /** The alert history's retention and noisy rule; the defaults when absent. */
  alerts?: Pick<AlertsConfig, 'retentionDays' | 'noisy'>;
  /** How this replica's alarm queue consumers fare; absent or empty without queues. */
  alertQueues?: () => AlertQueueStatus[];
  logger: LoggerService;
  clock?: () => Date;
  /** Where the fleet gauges go; the global one of @opentelemetry/api by default. */
  meterProvider?: MeterProvider;
}

/** Builds reports from stored snapshots; never calls AWS on a page view. */
export class DefaultMlObservabilityService implements MlObservabilityService {
  private readonly clock: () => Date;
  private readonly owners: OwnerLookupCache;
  private readonly fleetRows = new FleetRowsCache(FLEET_CACHE_TTL_MS);

  constructor(private readonly options: DefaultMlObservabilityServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.owners = new OwnerLookupCache({
      ttlMs: OWNER_CACHE_TTL_MS,
      maxEntries: 2_000,
      now: () => this.clock().getTime(),
    });
    this.observeFleet();
  }

  /** The gauges of the stored fleet, read from the assembly the fleet page shares. */
  private observeFleet(): void {
    const { logger, meterProvider } = this.options;
    observeFleet(
      pluginMeter(meterProvider),
      async () => {
        const models = await assembledModels({
          ...this.options,
          now: this.clock(),
          fleetRows: this.fleetRows,
        });
        const byVerdict = new Map<HealthStatus, number>();
        for (const { row } of models) {
          byVerdict.set(row.status, (byVerdict.get(row.status) ?? 0) + 1);
        }
        return {
          byVerdict,
          degraded: failingSources(models.map(m => m.snapshot)),
        };
      },
      error =>
        logger.debug(
          `ML observability fleet metrics could not be read: ${String(error)}`,
        ),
    );
  }

  /** The owner and members of a model as the caller sees them, cached briefly. */
  private ownerOfModel(
    ownerRef: string,
    credentials: BackstageCredentials,
  ): Promise<OwnerEntities> {
    return this.owners.get(ownerRef, credentials, () =>
      ownerEntities(ownerRef, credentials, this.options.catalog),
    );
  }

  /**
   * The alert history goes through the report's own checks (catalog read and
   * report permission; an invisible model is a 404), then reads the stored
   * transitions of the alarms the model has now.
   */
  async getAlertHistory(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ModelAlertHistory> {
    const report = await this.getModelReport(entityRef, {
      credentials: options.credentials,
    });
    const now = this.clock();
    const retentionDays = this.options.alerts?.retentionDays ?? 90;
    const noisyRule = this.options.alerts?.noisy ?? DEFAULT_NOISY_RULE;
    const stored = await this.options.stores.events.listForAlarms(
      report.alarms.map(alarm => alarm.arn),
      { since: new Date(now.getTime() - retentionDays * 86_400_000) },
    );
    const byAlarm = new Map<string, AlertTransition[]>();
    for (const transition of stored) {
      const list = byAlarm.get(transition.alarmArn) ?? [];
      list.push(alertTransitionOf(transition));
      byAlarm.set(transition.alarmArn, list);
    }
    const perAlarm = report.alarms.map(alarm => {
      const transitions = byAlarm.get(alarm.arn) ?? [];
      const statsOptions = { now, noisyRule, currentState: alarm.state };
      const stats = computeAlarmStats(transitions, statsOptions);
      const row: AlarmAlertStats = {
        alarmArn: alarm.arn,
        alarmName: alarm.name,
        state: alarm.state,
        ...(transitions[0] ? { lastTransitionAt: transitions[0].at } : {}),
        ...stats,
      };
      return { transitions, stats, row };
    });
    return {
      entityRef: report.entityRef,
      generatedAt: now.toISOString(),
      retentionDays,
      noisyRule,
      totals: totalAlarmStats(perAlarm, { now, noisyRule }),
      alarms: perAlarm
        .map(a => a.row)
        .sort(
          (a, b) =>
            b.firedIn30d - a.firedIn30d ||
            a.alarmName.localeCompare(b.alarmName),
        ),
      transitions: stored.slice(0, 50).map(alertTransitionOf),
    };
  }

  /**
   * A collected model is served from its snapshot: the catalog's read
   * permission (`catalog.entity.read`, the rule the catalog itself applies,
   * conditions included) and the report permission are asked in one call
   * while the snapshot, series and owner are read, and nothing is released
   * before both allow. Title, owner and lifecycle are then as of the last
   * round. A model not collected yet, or asked for in other letter case,
   * is read from the catalog instead.
   */
  async getModelReport(
    entityRef: string,
    options: { credentials: BackstageCredentials; range?: TimeRange },
  ): Promise<ModelReport> {
    const { credentials } = options;
    const range = options.range ?? '24h';
    const [stored, decisions] = await Promise.all([
      this.readStored(entityRef, range, credentials),
      modelAccess(credentials, [entityRef], this.options.permissions).then(
        value => ({ ok: true as const, value }),
        error => ({ ok: false as const, error }),
      ),
    ]);
    if (stored.ok && stored.snapshot) {
      if (!decisions.ok) throw decisions.error;
      const access: ModelAccess | undefined = decisions.value.get(entityRef);
      if (access === 'invisible') {
        throw new NotFoundError(`No ML model ${entityRef} in the catalog`);
      }
      if (access !== 'allowed') {
        throw new NotAllowedError(
          `You are not allowed to read the ML observability data of ${entityRef}`,
        );
      }
      return this.reportOfSnapshot(stored.snapshot, stored, credentials);
    }
    const entity = await this.requireModel(entityRef, credentials);
    const canonical = stringifyEntityRef(entity);
    const reads =
      canonical === entityRef
        ? stored
        : await this.readStored(canonical, range, credentials);
    return this.reportFor(entity, range, credentials, reads);
  }

  async getFleet(
    query: FleetQuery,
    options: { credentials: BackstageCredentials },
  ): Promise<FleetPage> {
    return fleetPage(query, options.credentials, {
      ...this.options,
      now: this.clock(),
      fleetRows: this.fleetRows,
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

  async recollectModel(entityRef: string): Promise<void> {
    await this.options.collection.collectModelByRef(entityRef);
  }

  async collectFleet(
    options: { signal?: AbortSignal } = {},
  ): Promise<CollectionSummary> {
    return this.options.collection.collectFleet(options);
  }

  async getCollectorStatus(options: {
    credentials: BackstageCredentials;
  }): Promise<CollectorStatus> {
    const status = await collectorStatus(options.credentials, {
      ...this.options,
      now: this.clock(),
      fleetRows: this.fleetRows,
    });
    return withAlertQueues(status, this.options.alertQueues?.() ?? []);
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
   * entities all give the same 404, so the answer reveals nothing. The
   * catalog and the permission check are asked side by side.
   */
  private async requireModel(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const [found, decision] = await Promise.allSettled([
      this.options.catalog.getEntityByRef(entityRef, { credentials }),
      this.options.permissions.authorize(
        [{ permission: mlObservabilityReadPermission, resourceRef: entityRef }],
        { credentials },
      ),
    ]);
    if (found.status === 'rejected') throw found.reason;
    const entity = found.value;
    if (!entity || !isMlModelEntity(entity)) {
      throw new NotFoundError(`No ML model ${entityRef} in the catalog`);
    }
    const ref = stringifyEntityRef(entity);
    if (ref !== entityRef) {
      // Asked in other letter case: the decision is taken on the catalog's ref.
      await this.authorize(
        mlObservabilityReadPermission,
        ref,
        credentials,
        'read',
      );
      return entity;
    }
    if (decision.status === 'rejected') throw decision.reason;
    if (decision.value[0]?.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to read the ML observability data of ${ref}`,
      );
    }
    return entity;
  }

  /**
   * The snapshot, series and owner of a model as stored by the last round.
   * Never rejects: failures are kept and rethrown by `reportFor`, so a read
   * begun before the access checks cannot become an unhandled rejection.
   */
  private readStored(
    entityRef: string,
    range: TimeRange,
    credentials: BackstageCredentials,
  ): Promise<StoredReads> {
    const { stores } = this.options;
    const now = this.clock();
    const snapshot = stores.snapshots.get(entityRef);
    const series = stores.series.listWithPoints(
      entityRef,
      new Date(now.getTime() - RANGE_MS[range]),
    );
    const owner = snapshot.then(s =>
      s?.owner ? this.ownerOfModel(s.owner, credentials) : undefined,
    );
    return Promise.all([snapshot, series, owner]).then(
      ([s, points, o]) => ({
        ok: true as const,
        snapshot: s,
        series: points,
        owner: o,
      }),
      error => ({ ok: false as const, error }),
    );
  }

  /**
   * The report of a snapshot: the owner read with it holds unless the
   * snapshot names another (the catalog's, applied by `reportFor`).
   */
  private async reportOfSnapshot(
    snapshot: ModelRecord,
    stored: Extract<StoredReads, { ok: true }>,
    credentials: BackstageCredentials,
    options: { onCall?: OnCallRef[]; now?: Date } = {},
  ): Promise<ModelReport> {
    const { config } = this.options;
    const owner =
      snapshot.owner && stored.owner?.ownerRef === snapshot.owner
        ? stored.owner
        : snapshot.owner &&
          (await this.ownerOfModel(snapshot.owner, credentials));
    const ownership = ownershipOf(
      owner || undefined,
      options.onCall ?? snapshot.target?.onCall ?? [],
      config.onCallUrls,
    );
    return assembleReport(
      { snapshot, series: stored.series, ownership },
      config,
      options.now ?? this.clock(),
    ).report;
  }

  private async reportFor(
    entity: Entity,
    range: TimeRange,
    credentials: BackstageCredentials,
    reads?: StoredReads,
  ): Promise<ModelReport> {
    const { config } = this.options;
    const now = this.clock();
    const model = resolveModel(entity, config);
    const stored =
      reads ?? (await this.readStored(model.entityRef, range, credentials));
    if (!stored.ok) throw stored.error;
    // Before the first round: what the catalog says, and that nothing was collected yet.
    const snapshot = withCatalogFacts(
      stored.snapshot ?? uncollectedRecord(model, now),
      entity,
    );
    return this.reportOfSnapshot(snapshot, stored, credentials, {
      onCall: model.target ? model.stored.onCall : undefined,
      now,
    });
  }
}

type StoredReads =
  | {
      ok: true;
      snapshot: ModelRecord | undefined;
      series: ModelSeries[];
      owner: OwnerEntities | undefined;
    }
  | { ok: false; error: unknown };
