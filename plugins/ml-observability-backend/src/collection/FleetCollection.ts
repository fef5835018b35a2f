import type { RoundAlerts } from '../alerts/roundAlerts';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeterProvider } from '@opentelemetry/api';
import {
  ANNOTATION_ML_METRICS,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  isMlModelEntity,
  ML_MODEL_ENTITY_TYPE,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  MlObservabilitySignalSource,
  SignalCollectionRequest,
} from '@mlobs/backstage-plugin-ml-observability-node';
import type {
  CollectionStats,
  FleetCollector,
  ModelObservation,
} from '../collectors/types';
import type { MlObservabilityConfig } from '../config';
import { chunk } from '../lib/chunk';
import {
  pluginMeter,
  RoundMetricOutcome,
  RoundMetrics,
} from '../telemetry/metrics';
import type {
  LoadedState,
  ModelSnapshot,
  ModelUpdate,
  RunKind,
  Stores,
} from '../store';
import { mapLimit } from './concurrency';
import {
  AWS_SOURCE_ID,
  awsSignalSource,
  combinedStats,
  mergeReadings,
  SourceReading,
} from './sources';
import type { RunbookReader, RunbookReadResult } from './RunbookReader';
import { AWS_SOURCE_IDS, modelUpdateOf } from './modelUpdate';
import { SourceFailureLog } from './sourceFailureLog';
import { ResolvedModel, resolveModel } from './targets';

const RUNBOOK_CONCURRENCY = 8;

type Predicate = NonNullable<
  NonNullable<Parameters<CatalogService['streamEntities']>[0]>['query']
>;
const DAY_MS = 86_400_000;

/** The state source id of the built-in AWS collector. */
export const AWS_STATE_SOURCE = AWS_SOURCE_ID;
/** Models written per batch: a few statements each, whatever the batch holds. */
export const WRITE_BATCH = 500;
/** A round using more of its task timeout than this is logged as a warning. */
const TIMEOUT_WARNING_SHARE = 0.7;

export interface CollectionSummary {
  runId: number;
  outcome: 'ok' | 'failed' | 'aborted';
  models: number;
  failedModels: number;
  stats?: CollectionStats;
}

/** What the signal sources gave in one collection, merged per model. */
interface SourcesReading {
  readings: Array<{
    reading: SourceReading;
    loaded?: LoadedState;
    keep: boolean;
  }>;
  observations?: Map<string, ModelObservation>;
  stats?: CollectionStats;
  failure?: string;
  aborted?: boolean;
}

export interface FleetCollectionOptions {
  catalog: CatalogService;
  auth: AuthService;
  stores: Stores;
  /** The AWS side, asked as the signal source `aws`. */
  collector: FleetCollector;
  /** The sources adopters added through the extension point, asked next to it. */
  extraSources?: () => MlObservabilitySignalSource[];
  runbooks: RunbookReader;
  config: MlObservabilityConfig;
  logger: LoggerService;
  clock?: () => Date;
  /** Where the round metrics go; the global one of @opentelemetry/api by default. */
  meterProvider?: MeterProvider;
  /** Alarm transitions between snapshots and history backfill, into the alert history. */
  roundAlerts?: RoundAlerts;
}

/**
 * One collection round: catalog → targets → AWS (one batched call for the
 * whole fleet) → snapshots. A model that fails is logged and skipped; the
 * round goes on.
 */
export class FleetCollection {
  private readonly clock: () => Date;

  private readonly sources: () => MlObservabilitySignalSource[];

  private readonly roundMetrics: RoundMetrics;

  /** Failing sources, logged once until they recover; kept across the rounds this process runs. */
  private readonly failureLog: SourceFailureLog;

  constructor(private readonly options: FleetCollectionOptions) {
    this.clock = options.clock ?? (() => new Date());
    const aws = awsSignalSource(options.collector);
    this.sources = () => [aws, ...(options.extraSources?.() ?? [])];
    this.roundMetrics = new RoundMetrics(pluginMeter(options.meterProvider));
    this.failureLog = new SourceFailureLog(options.logger);
  }

  /** The whole fleet: what the scheduled task runs; `signal` is the scheduler's. */
  async collectFleet(
    options: { signal?: AbortSignal } = {},
  ): Promise<CollectionSummary> {
    return this.measured('fleet', () => this.collectFleetRound(options));
  }

  /** One model now, at a user's request: only its own AWS resources and state entries. */
  async collectModel(entity: Entity): Promise<CollectionSummary> {
    return this.measured('refresh', () => this.collectModelRound(entity));
  }

  /**
   * One model now, read from the catalog with the plugin's own credentials:
   * after a runbook action changed its resources, so the tab shows the new
   * weights without waiting for the next round. False when the catalog no
   * longer has it.
   */
  async collectModelByRef(entityRef: string): Promise<boolean> {
    const { catalog, auth } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity || !isMlModelEntity(entity)) return false;
    await this.collectModel(entity);
    return true;
  }

  /** A round, counted and timed in the metrics (a round that throws as `error`). */
  private async measured(
    kind: RunKind,
    round: () => Promise<CollectionSummary>,
  ): Promise<CollectionSummary> {
    const started = performance.now();
    let outcome: RoundMetricOutcome = 'error';
    try {
      const summary = await round();
      outcome = summary.outcome;
      return summary;
    } finally {
      this.roundMetrics.record(
        kind,
        outcome,
        (performance.now() - started) / 1000,
      );
    }
  }

  private async collectFleetRound(options: {
    signal?: AbortSignal;
  }): Promise<CollectionSummary> {
    const { stores, config, logger } = this.options;
    const now = this.clock();
    const discoverMetrics = await this.discoveryDue(now);
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
      { discoverMetrics, now, signal: options.signal },
    );
    if (summary.outcome === 'aborted') return summary;
    const gone = await stores.snapshots.deleteExcept(entityRefs);
    if (gone.length > 0)
      logger.info(
        `Forgot ${gone.length} models no longer in the catalog: ${gone.join(
          ', ',
        )}`,
      );
    // Retention is counted in days: pruning on the (hourly) discovery rounds is often enough.
    let prunedPoints = 0;
    if (discoverMetrics) {
      const cutoff = new Date(now.getTime() - config.retentionDays * DAY_MS);
      prunedPoints = (await stores.series.prune(cutoff)).points;
      await stores.runs.pruneRuns(cutoff);
    }
    this.logRound(runId, summary, prunedPoints, now);
    return summary;
  }

  private async collectModelRound(entity: Entity): Promise<CollectionSummary> {
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
      { discoverMetrics: false, now },
    );
    return summary;
  }

  /** New schedules and sources are discovered on the next round, not an interval later. */
  private async discoveryDue(now: Date): Promise<boolean> {
    const { stores, config } = this.options;
    const [lastDiscovery, lastRun] = await Promise.all([
      stores.runs.lastMetricDiscoveryAt(),
      stores.runs.lastFinishedRun(),
    ]);
    return (
      !lastDiscovery ||
      (lastRun?.stats?.undiscovered ?? 0) > 0 ||
      now.getTime() - lastDiscovery.getTime() >=
        config.metricDiscoveryIntervalSeconds * 1000
    );
  }

  private logRound(
    runId: number,
    summary: CollectionSummary,
    prunedPoints: number,
    startedAt: Date,
  ): void {
    const { config, logger } = this.options;
    logger.info(
      `ML observability collection ${runId}: ${summary.models} models, ${summary.failedModels} failed, ` +
        `${prunedPoints} old points pruned, AWS calls ${JSON.stringify(
          summary.stats?.calls ?? {},
        )}`,
    );
    const tookMs = this.clock().getTime() - startedAt.getTime();
    if (tookMs > TIMEOUT_WARNING_SHARE * config.collectionTimeoutSeconds * 1000)
      logger.warn(
        `ML observability collection ${runId} took ${Math.round(
          tookMs / 1000,
        )} s of its ${
          config.collectionTimeoutSeconds
        } s timeout; raise mlObservability.schedule.timeout before rounds are cut short`,
      );
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
    round: { discoverMetrics: boolean; now: Date; signal?: AbortSignal },
  ): Promise<CollectionSummary & { entityRefs: string[] }> {
    const { stores, config } = this.options;
    const models = entities.map(entity => resolveModel(entity, config));
    const previous = new Map(
      (await stores.snapshots.list(models.map(m => m.entityRef))).map(s => [
        s.entityRef,
        s,
      ]),
    );
    const runbooks = await this.readRunbooks(models, previous, round.now);
    const aws = await this.readSources(models, previous, kind, runId, round);
    const entityRefs = models.map(m => m.entityRef);
    if (aws.aborted) {
      return {
        ...(await this.finish(runId, models.length, 0, {
          outcome: 'aborted',
          error:
            'the round was aborted (task timeout or shutdown); its state was not saved',
        })),
        entityRefs,
      };
    }
    const observations = aws.observations ?? new Map();
    const updates = models.map(model =>
      modelUpdateOf(
        model,
        observations.get(model.entityRef),
        runbooks.get(model.entityRef),
        aws.failure,
      ),
    );
    if (kind === 'fleet') this.logFailures(runId, updates, aws, round.now);
    const stored = await this.storeModels(updates, {
      observations,
      previous,
      now: round.now,
      signal: round.signal,
    });
    if (!stored.aborted && this.options.roundAlerts) {
      await this.options.roundAlerts.afterRound(
        updates.map(update => ({
          entityRef: update.entityRef,
          previous: previous.get(update.entityRef)?.alarms,
          current: update.alarms,
        })),
        { now: round.now, signal: round.signal },
      );
    }
    // A round that could not store everything it read keeps the old state, so its reads are made again.
    if (stored.complete)
      await this.saveStates(kind, runId, aws.readings, round.now);
    const summary = await this.finish(runId, models.length, stored.failed, {
      outcome: outcomeOf(stored.aborted, aws.failure),
      stats: aws.stats,
      error: stored.aborted
        ? 'the round was aborted while storing; its state was not saved'
        : aws.failure,
    });
    return { ...summary, entityRefs };
  }

  /**
   * The round's failing sources to the log, once until they recover. When the AWS source threw, its
   * sources are all marked with that one failure: the source's own line says it, not one per source.
   */
  private logFailures(
    runId: number,
    updates: ModelUpdate[],
    aws: SourcesReading,
    now: Date,
  ): void {
    const awsThrew = aws.failure !== undefined;
    const models = updates.map(update => {
      const sources = { ...update.sources };
      if (awsThrew) for (const id of AWS_SOURCE_IDS) delete sources[id];
      return {
        entityRef: update.entityRef,
        accountId: update.accountId,
        region: update.region,
        sources,
      };
    });
    const thrown = aws.readings.flatMap(({ reading }) =>
      reading.ok ? [] : [{ id: reading.id, error: reading.error }],
    );
    this.failureLog.round(
      {
        runId,
        models,
        asked: aws.readings.map(({ reading }) => reading.id),
        thrown,
        errorLevel: id => id === AWS_SOURCE_ID,
      },
      now,
    );
  }

  private async readRunbooks(
    models: ResolvedModel[],
    previous: Map<string, ModelSnapshot>,
    now: Date,
  ): Promise<Map<string, RunbookReadResult>> {
    const { runbooks, logger } = this.options;
    const results = new Map<string, RunbookReadResult>();
    await mapLimit(models, RUNBOOK_CONCURRENCY, async model => {
      // The reader resolves the annotation itself; this only skips models without one.
      if (!model.stored.runbook) return;
      try {
        const stored = previous.get(model.entityRef)?.runbook;
        results.set(
          model.entityRef,
          await runbooks.read(model.entity, stored, now),
        );
      } catch (error) {
        logger.warn(
          `Runbook of ${model.entityRef} could not be read`,
          toError(error),
        );
        results.set(model.entityRef, {
          outcome: 'error',
          message: 'the runbook could not be read; see the backend log',
        });
      }
    });
    return results;
  }

  /**
   * Every signal source (the AWS collector first): the fleet from each source's whole state, a refresh from
   * its model's entries only. The AWS source failing fails the round; another source failing degrades only
   * what it contributes.
   */
  private async readSources(
    models: ResolvedModel[],
    previous: Map<string, ModelSnapshot>,
    kind: RunKind,
    runId: number,
    round: { discoverMetrics: boolean; now: Date; signal?: AbortSignal },
  ): Promise<SourcesReading> {
    const { config, logger } = this.options;
    const targets = models.flatMap(m => (m.target ? [m.target] : []));
    if (targets.length === 0) return { readings: [] };
    const startedAt = Date.now();
    const request = {
      targets,
      now: round.now,
      lookbackDays: config.lookbackDays,
      discoverMetrics: round.discoverMetrics,
      ...(round.signal ? { signal: round.signal } : {}),
      ...(kind === 'refresh'
        ? { forceEntityRefs: targets.map(t => t.entityRef) }
        : {}),
    };
    const readings = await Promise.all(
      this.sources().map(source =>
        this.readSource(source, kind, request, previous),
      ),
    );
    if (round.signal?.aborted) {
      logger.warn(`ML observability collection ${runId} was aborted`);
      return { readings: [], aborted: true };
    }
    // A fleet round's failures go to the failure log (once until they recover); a refresh's are logged here.
    if (kind === 'refresh') {
      for (const { reading } of readings) {
        if (!reading.ok)
          logger.error(
            `ML observability collection ${runId}: signal source ${reading.id} failed`,
            reading.error,
          );
      }
    }
    const awsFailed = readings.some(
      ({ reading }) => !reading.ok && reading.id === AWS_SOURCE_ID,
    );
    const all = readings.map(r => r.reading);
    return {
      readings,
      observations: mergeReadings(
        all,
        targets,
        ref => previous.get(ref)?.sources,
      ),
      stats: combinedStats(all, targets.length, round.now, startedAt),
      ...(awsFailed
        ? {
            failure: `AWS could not be read in collection ${runId}; showing the last good data (details in the backend log)`,
          }
        : {}),
    };
  }

  private async readSource(
    source: MlObservabilitySignalSource,
    kind: RunKind,
    request: Omit<SignalCollectionRequest, 'state'>,
    previous: Map<string, ModelSnapshot>,
  ): Promise<{ reading: SourceReading; loaded?: LoadedState; keep: boolean }> {
    const { stores } = this.options;
    const [target] = request.targets;
    try {
      if (kind === 'refresh' && source.collectModel && source.modelStateKeys) {
        const loaded = await stores.state.load(
          source.id,
          source.modelStateKeys(target),
        );
        const result = await source.collectModel({
          ...request,
          state: loaded.state,
          knownAlarmNames: (previous.get(target.entityRef)?.alarms ?? []).map(
            a => a.name,
          ),
        });
        return {
          reading: { id: source.id, ok: true, result },
          loaded,
          keep: true,
        };
      }
      const loaded = await stores.state.loadAll(source.id);
      const result = await source.collect({ ...request, state: loaded.state });
      // A one-model round through collect() must not replace the fleet's state of the source.
      return {
        reading: { id: source.id, ok: true, result },
        loaded,
        keep: kind === 'fleet',
      };
    } catch (error) {
      return {
        reading: { id: source.id, ok: false, error: toError(error) },
        keep: false,
      };
    }
  }

  /**
   * Every model's snapshot and new points, in batches of a few statements
   * each. A batch that fails keeps its models' last good snapshots.
   */
  private async storeModels(
    updates: ModelUpdate[],
    round: {
      observations: Map<string, ModelObservation>;
      previous: Map<string, ModelSnapshot>;
      now: Date;
      signal?: AbortSignal;
    },
  ): Promise<{ failed: number; complete: boolean; aborted: boolean }> {
    const { logger } = this.options;
    let failed = 0;
    for (const batch of chunk(updates, WRITE_BATCH)) {
      if (round.signal?.aborted)
        return { failed, complete: false, aborted: true };
      const items = batch.map(update => ({
        update,
        previous: round.previous.get(update.entityRef),
      }));
      try {
        await this.writeBatch(items, round);
      } catch (batchError) {
        // One bad model must not cost the batch: its models are written one by one.
        logger.warn(
          `Could not store a batch of ${items.length} snapshots; storing them one by one`,
          toError(batchError),
        );
        for (const item of items) {
          try {
            await this.writeBatch([item], round);
          } catch (error) {
            failed++;
            logger.error(
              `Could not store the snapshot of ${item.update.entityRef}`,
              toError(error),
            );
          }
        }
      }
    }
    return { failed, complete: failed === 0, aborted: false };
  }

  private async writeBatch(
    items: Array<{ update: ModelUpdate; previous?: ModelSnapshot }>,
    round: { observations: Map<string, ModelObservation>; now: Date },
  ): Promise<void> {
    const { stores } = this.options;
    await stores.snapshots.writeMany(items, round.now);
    await stores.series.writeMany(
      items.map(({ update }) => ({
        entityRef: update.entityRef,
        series: round.observations.get(update.entityRef)?.series ?? [],
      })),
      round.now,
    );
  }

  /**
   * A fleet round saves each source's state against the version it loaded, so an overlapping or stale
   * round cannot overwrite a newer one; a refresh saves its model's entries only. Either way an entry
   * written by a later round is kept.
   */
  private async saveStates(
    kind: RunKind,
    runId: number,
    readings: SourcesReading['readings'],
    now: Date,
  ): Promise<void> {
    const { stores, logger } = this.options;
    for (const { reading, loaded, keep } of readings) {
      if (!reading.ok || !loaded || !keep) continue;
      if (kind === 'refresh') {
        await stores.state.saveEntries(
          reading.id,
          loaded,
          reading.result.state,
          now,
        );
        continue;
      }
      const saved = await stores.state.saveRound(
        reading.id,
        loaded,
        reading.result.state,
        now,
      );
      if (!saved.saved)
        logger.warn(
          `Collection ${runId}: state of source ${reading.id} not saved, another round saved a newer one meanwhile`,
        );
    }
  }

  private async finish(
    runId: number,
    models: number,
    failedModels: number,
    end: {
      outcome: CollectionSummary['outcome'];
      stats?: CollectionStats;
      error?: string;
    },
  ): Promise<CollectionSummary> {
    await this.options.stores.runs.finishRun(
      runId,
      {
        outcome: end.outcome,
        models,
        ...(end.stats ? { stats: end.stats } : {}),
        ...(end.error ? { error: end.error } : {}),
      },
      this.clock(),
    );
    return {
      runId,
      outcome: end.outcome,
      models,
      failedModels,
      ...(end.stats ? { stats: end.stats } : {}),
    };
  }
}

function outcomeOf(
  aborted: boolean,
  failure: string | undefined,
): CollectionSummary['outcome'] {
  if (aborted) return 'aborted';
  return failure ? 'failed' : 'ok';
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
