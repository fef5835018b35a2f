import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ML_METRICS,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  countedReasons,
  isMlModelEntity,
  ML_MODEL_ENTITY_TYPE,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  CollectionResult,
  CollectionStats,
  FleetCollector,
  ModelObservation,
} from '../collectors/types';
import type { MlObservabilityConfig } from '../config';
import { buildReport } from '../report/buildReport';
import type { ModelSnapshot, RunKind, Stores } from '../store';
import { mapLimit } from './concurrency';
import type { RunbookReader, RunbookReadResult } from './RunbookReader';
import { modelUpdateOf } from './modelUpdate';
import { ResolvedModel, resolveModel } from './targets';

const RUNBOOK_CONCURRENCY = 8;

type Predicate = NonNullable<
  NonNullable<Parameters<CatalogService['streamEntities']>[0]>['query']
>;
const DAY_MS = 86_400_000;

export interface CollectionSummary {
  runId: number;
  outcome: 'ok' | 'failed';
  models: number;
  failedModels: number;
  stats?: CollectionStats;
}

export interface FleetCollectionOptions {
  catalog: CatalogService;
  auth: AuthService;
  stores: Stores;
  collector: FleetCollector;
  runbooks: RunbookReader;
  config: MlObservabilityConfig;
  logger: LoggerService;
  clock?: () => Date;
}

/**
 * One collection round: catalog → targets → AWS (one batched call for the
 * whole fleet) → snapshots. A model that fails is logged and skipped; the
 * round goes on.
 */
export class FleetCollection {
  private readonly clock: () => Date;

  constructor(private readonly options: FleetCollectionOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The whole fleet: what the scheduled task runs. */
  async collectFleet(): Promise<CollectionSummary> {
    const { stores, config, logger } = this.options;
    const now = this.clock();
    const lastDiscovery = await stores.runs.lastMetricDiscoveryAt();
    // New schedules and sources are discovered on the next round, not an interval later.
    const undiscovered =
      (await stores.runs.lastFinishedRun())?.stats?.undiscovered ?? 0;
    const discoverMetrics =
      !lastDiscovery ||
      undiscovered > 0 ||
      now.getTime() - lastDiscovery.getTime() >=
        config.metricDiscoveryIntervalSeconds * 1000;
    const runId = await stores.runs.startRun('fleet', discoverMetrics, now);

    let entities: Entity[];
    try {
      entities = await this.modelEntities();
    } catch (error) {
      // Without the catalog we cannot tell a removed model from a hiccup: touch nothing.
      logger.error(
        `ML observability collection ${runId}: could not read models from the catalog`,
        toError(error),
      );
      await stores.runs.finishRun(
        runId,
        { outcome: 'failed', models: 0, error: 'catalog unavailable' },
        this.clock(),
      );
      return { runId, outcome: 'failed', models: 0, failedModels: 0 };
    }

    const { entityRefs, ...summary } = await this.collect(
      entities,
      runId,
      'fleet',
      {
        discoverMetrics,
        now,
      },
    );
    const gone = await stores.snapshots.deleteExcept(entityRefs);
    if (gone.length > 0)
      logger.info(
        `Forgot ${gone.length} models no longer in the catalog: ${gone.join(
          ', ',
        )}`,
      );
    const cutoff = new Date(now.getTime() - config.retentionDays * DAY_MS);
    const pruned = await stores.series.prune(cutoff);
    await stores.runs.pruneRuns(cutoff);
    logger.info(
      `ML observability collection ${runId}: ${summary.models} models, ${summary.failedModels} failed, ` +
        `${pruned.points} old points pruned, AWS calls ${JSON.stringify(
          summary.stats?.calls ?? {},
        )}`,
    );
    return summary;
  }

  /** One model now, at a user's request. */
  async collectModel(entity: Entity): Promise<CollectionSummary> {
    const now = this.clock();
    const runId = await this.options.stores.runs.startRun(
      'refresh',
      false,
      now,
    );
    const { entityRefs: _, ...summary } = await this.collect(
      [entity],
      runId,
      'refresh',
      {
        discoverMetrics: false,
        now,
      },
    );
    return summary;
  }

  private async modelEntities(): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    // The same rule as isMlModelEntity, so the catalog only sends candidates.
    const query: Predicate = {
      $any: [
        { 'spec.type': ML_MODEL_ENTITY_TYPE },
        {
          [`metadata.annotations.${ANNOTATION_SAGEMAKER_ENDPOINT_NAME}` as const]:
            { $exists: true },
        },
        {
          [`metadata.annotations.${ANNOTATION_ML_METRICS}` as const]: {
            $exists: true,
          },
        },
      ],
    };
    for await (const page of catalog.streamEntities(
      { query },
      { credentials },
    )) {
      entities.push(...page.filter(isMlModelEntity));
    }
    return entities;
  }

  private async collect(
    entities: Entity[],
    runId: number,
    kind: RunKind,
    round: { discoverMetrics: boolean; now: Date },
  ): Promise<CollectionSummary & { entityRefs: string[] }> {
    const { stores, collector, runbooks, config, logger } = this.options;
    const { now } = round;
    const models = entities.map(entity => resolveModel(entity, config));
    const previous = new Map(
      (await stores.snapshots.list(models.map(m => m.entityRef))).map(s => [
        s.entityRef,
        s,
      ]),
    );

    const runbookResults = new Map<string, RunbookReadResult>();
    await mapLimit(models, RUNBOOK_CONCURRENCY, async model => {
      // The reader resolves the annotation itself; this only skips models without one.
      if (!model.stored.runbook) return;
      try {
        const stored = previous.get(model.entityRef)?.runbook;
        runbookResults.set(
          model.entityRef,
          await runbooks.read(model.entity, stored, now),
        );
      } catch (error) {
        logger.warn(
          `Runbook of ${model.entityRef} could not be read`,
          toError(error),
        );
        runbookResults.set(model.entityRef, {
          outcome: 'error',
          message: 'the runbook could not be read; see the backend log',
        });
      }
    });

    const targets = models.flatMap(m => (m.target ? [m.target] : []));
    let result: CollectionResult | undefined;
    let failure: string | undefined;
    let stateVersion = 0;
    if (targets.length > 0) {
      try {
        const loaded = await stores.runs.loadState();
        stateVersion = loaded.version;
        result = await collector.collect(targets, loaded.state, {
          now,
          lookbackDays: config.lookbackDays,
          discoverMetrics: round.discoverMetrics,
          ...(kind === 'refresh'
            ? { forceEntityRefs: targets.map(t => t.entityRef) }
            : {}),
        });
      } catch (error) {
        logger.error(
          `ML observability collection ${runId}: the AWS collector failed`,
          toError(error),
        );
        failure = `AWS could not be read in collection ${runId}; showing the last good data (details in the backend log)`;
      }
    }

    const observations = new Map(
      result?.observations.map(o => [o.entityRef, o]) ?? [],
    );
    let failedModels = 0;
    for (const model of models) {
      try {
        await this.store(model, {
          observation: observations.get(model.entityRef),
          runbook: runbookResults.get(model.entityRef),
          previous: previous.get(model.entityRef),
          failure,
          now,
        });
      } catch (error) {
        failedModels++;
        logger.error(
          `Could not store the snapshot of ${model.entityRef}`,
          toError(error),
        );
      }
    }

    if (result) {
      // The fleet round always keeps its state. A refresh only keeps its own when no fleet round saved
      // meanwhile; otherwise it would roll the fleet's read positions and caches back.
      const saved = await stores.runs.saveState(
        result.state,
        now,
        kind === 'fleet' ? undefined : stateVersion,
      );
      if (!saved)
        logger.debug(
          `Collection ${runId}: state not saved, a fleet round saved meanwhile`,
        );
    }
    const outcome: 'ok' | 'failed' = failure ? 'failed' : 'ok';
    await stores.runs.finishRun(
      runId,
      {
        outcome,
        models: models.length,
        ...(result ? { stats: result.stats } : {}),
        ...(failure ? { error: failure } : {}),
      },
      this.clock(),
    );
    return {
      runId,
      outcome,
      models: models.length,
      failedModels,
      ...(result ? { stats: result.stats } : {}),
      entityRefs: models.map(m => m.entityRef),
    };
  }

  private async store(
    model: ResolvedModel,
    round: {
      observation?: ModelObservation;
      runbook?: RunbookReadResult;
      previous?: ModelSnapshot;
      failure?: string;
      now: Date;
    },
  ): Promise<void> {
    const { stores, config, logger } = this.options;
    const { observation, now } = round;
    const update = modelUpdateOf(
      model,
      observation,
      round.runbook,
      round.failure,
    );
    const snapshot = await stores.snapshots.write(update, now);
    await stores.series.write(model.entityRef, observation?.series ?? []);

    const series = await stores.series.listMeta([model.entityRef]);
    const { health } = buildReport({ snapshot, series }, config, now);
    await stores.snapshots.setHealth(
      model.entityRef,
      health.status,
      countedReasons(health.reasons).length,
    );
    const before = round.previous?.healthStatus;
    if (before && before !== health.status) {
      const why = countedReasons(health.reasons)[0]?.message;
      logger.info(
        `Model ${model.entityRef} is now ${health.status} (was ${before})${
          why ? `: ${why}` : ''
        }`,
      );
    }
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
