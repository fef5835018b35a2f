/**
 * The AWS collector of the fleet: targets grouped by account and region, each
 * group read with batched calls in parallel with the others, every outcome
 * recorded per model and source. Nothing thrown by one account reaches the
 * caller or the other accounts.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  SourceId,
  SourceStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { readCustomDriftMaxFeatures } from '../config';
import { AwsClientFactory, CallCounter } from './clients';
import { RegionContext } from './context';
import type { SourceFailure } from './errors';
import { Limiter } from './limit';
import { AlarmRef, readAlarmHistory } from './alarmHistory';
import { parseAlarmArn } from '../alerts/roundTransitions';
import type { AlarmTransition } from '../alerts/types';
import { readModel } from './modelCollector';
import { ModelReading, SourceResults, observeModel } from './observations';
import {
  TargetPart,
  mergeParts,
  partsOf,
  pruneParts,
  scopeOf,
  withLastGood,
} from './placements';
import { RegionReading, RegionRequest, readRegion } from './regionCollector';
import {
  RegionCollectorState,
  assembleRegionState,
  loadState,
  modelEntryKeys,
  partEntryKey,
  saveState,
  splitRegionState,
} from './state';
import type {
  AlarmHistoryOptions,
  AlarmHistoryResult,
  CollectModelOptions,
  CollectOptions,
  CollectionResult,
  CollectionStats,
  CollectionTarget,
  CollectorState,
  FleetCollector,
  ModelObservation,
  StateKeys,
} from './types';

const DAY_MS = 24 * 3600 * 1000;

export interface DefaultFleetCollectorOptions {
  clientFactory: AwsClientFactory;
  logger?: LoggerService;
  /** Features read per custom drift source without maxFeatures (`mlObservability.customDrift.maxFeatures`). */
  maxDriftFeatures?: number;
}

type RegionRead = (req: RegionRequest) => Promise<RegionReading>;

/** One model's part and what its account/region read of it. */
interface PartReading {
  part: TargetPart;
  reading: ModelReading;
}

/** What collecting one account/region gave: each model part's reading and the round's counters. */
interface RegionOutcome {
  readings: PartReading[];
  metricsRequested: number;
  undiscovered: number;
}

export class DefaultFleetCollector implements FleetCollector {
  private readonly limiters = new Map<string, Limiter>();

  static fromConfig(
    config: Config,
    options: {
      logger?: LoggerService;
      credentialsManager?: AwsCredentialsManager;
    } = {},
  ): DefaultFleetCollector {
    return new DefaultFleetCollector({
      clientFactory: AwsClientFactory.fromConfig(config, {
        credentialsManager: options.credentialsManager,
      }),
      logger: options.logger,
      maxDriftFeatures: readCustomDriftMaxFeatures(config),
    });
  }

  constructor(private readonly options: DefaultFleetCollectorOptions) {}

  async collect(
    targets: CollectionTarget[],
    rawState: CollectorState,
    options: CollectOptions,
  ): Promise<CollectionResult> {
    const startedAt = Date.now();
    const state = loadState(rawState);
    const counter = new CallCounter();
    const groups = groupByRegion(targets);
    // Regions without models this round are left out: their entries are forgotten.
    const regions: Record<string, RegionCollectorState> = {};
    const outcomes = await this.options.clientFactory.countCalls(counter, () =>
      Promise.all(
        [...groups.entries()].map(([key, group]) => {
          regions[key] = state.regions[key] ?? assembleRegionState({});
          pruneParts(regions[key], group);
          return this.collectRegion(key, group, regions[key], {
            options,
            read: readRegion,
          });
        }),
      ),
    );
    // Half a round's state must never be saved as if it were complete.
    options.signal?.throwIfAborted();
    return this.result(outcomes, saveState({ regions }), {
      startedAt,
      counter,
      now: options.now,
    });
  }

  modelStateKeys(target: CollectionTarget): StateKeys {
    return Object.fromEntries(
      partsOf(target).map(part => [part.scope, partEntryKeys(part)]),
    );
  }

  /** A model's refresh covers each account/region it is served in, side by side. */
  async collectModel(
    target: CollectionTarget,
    rawState: CollectorState,
    options: CollectModelOptions,
  ): Promise<CollectionResult> {
    const startedAt = Date.now();
    const counter = new CallCounter();
    const parts = partsOf(target);
    const read = await this.options.clientFactory.countCalls(counter, () =>
      Promise.all(
        parts.map(async part => {
          const keys = new Set(partEntryKeys(part));
          const stored = Object.fromEntries(
            Object.entries(rawState[part.scope] ?? {}).filter(([k]) =>
              keys.has(k),
            ),
          );
          const regionState = assembleRegionState(stored);
          const outcome = await this.collectRegion(
            part.scope,
            [part],
            regionState,
            {
              options: { ...options, forceEntityRefs: [target.entityRef] },
              read: req =>
                readModel({
                  ...req,
                  knownAlarmNames: options.knownAlarmNames ?? [],
                }),
            },
          );
          const entries = splitRegionState(regionState);
          return {
            outcome,
            scope: part.scope,
            entries: Object.fromEntries(
              Object.entries(entries).filter(([k]) => keys.has(k)),
            ),
          };
        }),
      ),
    );
    options.signal?.throwIfAborted();
    const state: CollectorState = {};
    for (const r of read) state[r.scope] = { ...state[r.scope], ...r.entries };
    return this.result(
      read.map(r => r.outcome),
      state,
      { startedAt, counter, now: options.now },
    );
  }

  /** One account/region; nothing it throws, except an abort, reaches the other regions. */
  private async collectRegion(
    key: string,
    group: TargetPart[],
    regionState: RegionCollectorState,
    how: { options: CollectOptions; read: RegionRead },
  ): Promise<RegionOutcome> {
    const { options } = how;
    const { accountId, region } = group[0].target;
    const targets = group.map(p => p.target);
    try {
      const ctx = new RegionContext(
        accountId,
        region,
        this.options.clientFactory.clients(accountId, region),
        this.limiter(key),
        this.options.clientFactory.limits.requestTimeoutMs,
        this.options.logger,
        options.signal,
      );
      const reading = await how.read({
        ctx,
        targets,
        state: regionState,
        now: options.now,
        lookbackMs: options.lookbackDays * DAY_MS,
        forced: new Set(options.forceEntityRefs ?? []),
        discoverMetrics: options.discoverMetrics === true,
        ...(this.options.maxDriftFeatures !== undefined
          ? { maxDriftFeatures: this.options.maxDriftFeatures }
          : {}),
      });
      // The targets as read: endpoint names spelt as the region lists them.
      const read = reading.targets ?? targets;
      return {
        readings: group.map((part, i) => ({
          part,
          reading: withLastGood(
            part,
            observeModel(read[i], reading, regionState),
            regionState,
          ),
        })),
        metricsRequested: reading.fetch.metricsRequested,
        undiscovered: reading.undiscovered,
      };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      this.options.logger?.error(
        `Collecting ${key} failed unexpectedly`,
        error as Error,
      );
      return {
        readings: group.map(part => ({
          part,
          reading: withLastGood(
            part,
            failedModel(part.target, key),
            regionState,
          ),
        })),
        metricsRequested: 0,
        undiscovered: 0,
      };
    }
  }

  private result(
    outcomes: RegionOutcome[],
    state: CollectorState,
    round: { startedAt: number; counter: CallCounter; now: Date },
  ): CollectionResult {
    // A model's parts, read in several regions, become its one observation, in the order first read.
    const byModel = new Map<string, PartReading[]>();
    for (const r of outcomes.flatMap(o => o.readings)) {
      const ref = r.part.target.entityRef;
      byModel.set(ref, [...(byModel.get(ref) ?? []), r]);
    }
    const observations: ModelObservation[] = [...byModel.entries()]
      .map(([ref, parts]) => mergeParts(ref, sortParts(parts)))
      .map(r => ({ ...r.observation, sources: statusesOf(r, round.now) }));
    const stats: CollectionStats = {
      startedAt: new Date(round.startedAt).toISOString(),
      durationMs: Date.now() - round.startedAt,
      calls: round.counter.toRecord(),
      metricsRequested: outcomes.reduce((n, o) => n + o.metricsRequested, 0),
      models: observations.length,
      failedSources: observations.reduce(
        (n, o) =>
          n + Object.values(o.sources).filter(s => s.outcome !== 'ok').length,
        0,
      ),
      undiscovered: outcomes.reduce((n, o) => n + o.undiscovered, 0),
    };
    return { observations, state, stats };
  }

  /** Each alarm's history in its own account/region, within the region's concurrency bound. */
  async alarmHistory(
    alarms: AlarmRef[],
    options: AlarmHistoryOptions,
  ): Promise<AlarmHistoryResult> {
    const counter = new CallCounter();
    const transitions: AlarmTransition[] = [];
    const read: string[] = [];
    await this.options.clientFactory.countCalls(counter, () =>
      Promise.all(
        alarms.map(async alarm => {
          const where = parseAlarmArn(alarm.arn);
          if (!where) return;
          const ctx = new RegionContext(
            where.accountId,
            where.region,
            this.options.clientFactory.clients(where.accountId, where.region),
            this.limiter(scopeOf(where)),
            this.options.clientFactory.limits.requestTimeoutMs,
            this.options.logger,
            options.signal,
          );
          try {
            transitions.push(
              ...(await readAlarmHistory(
                ctx,
                alarm,
                options.since,
                options.now,
              )),
            );
            read.push(alarm.arn);
          } catch (error) {
            options.signal?.throwIfAborted();
            this.options.logger?.debug(
              `Alarm history of ${alarm.arn} could not be read: ${String(
                error,
              )}`,
            );
          }
        }),
      ),
    );
    return { transitions, read, calls: counter.toRecord() };
  }

  private limiter(key: string): Limiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(this.options.clientFactory.limits.concurrency);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}

/**
 * Each source's outcome this round. A failed source's last success is not
 * repeated here: the store keeps it from the previous snapshot.
 */
function statusesOf(
  reading: ModelReading,
  now: Date,
): Partial<Record<SourceId, SourceStatus>> {
  const nowIso = now.toISOString();
  const out: Partial<Record<SourceId, SourceStatus>> = {};
  for (const [source, result] of Object.entries(reading.results) as Array<
    [SourceId, SourceFailure | null]
  >) {
    out[source] =
      result === null
        ? { outcome: 'ok', lastSuccessAt: nowIso, checkedAt: nowIso }
        : {
            outcome: result.outcome,
            message: result.message,
            checkedAt: nowIso,
          };
  }
  return out;
}

/** The state entries of one part of a model: its endpoints' and sources', and what was last read of it. */
function partEntryKeys(part: TargetPart): string[] {
  return [
    ...modelEntryKeys(part.target),
    ...(part.shared ? [partEntryKey(part.target.entityRef)] : []),
  ];
}

/** The parts of the targets by `accountId/region`, each entity once. */
function groupByRegion(targets: CollectionTarget[]): Map<string, TargetPart[]> {
  const seen = new Set<string>();
  const groups = new Map<string, TargetPart[]>();
  for (const t of targets) {
    if (seen.has(t.entityRef)) continue;
    seen.add(t.entityRef);
    for (const part of partsOf(t)) {
      const group = groups.get(part.scope);
      if (group) group.push(part);
      else groups.set(part.scope, [part]);
    }
  }
  return groups;
}

/** Home first, then the other parts by scope, so a merged model reads the same every round. */
function sortParts(parts: PartReading[]): PartReading[] {
  return [...parts].sort(
    (a, b) =>
      Number(b.part.home) - Number(a.part.home) ||
      a.part.scope.localeCompare(b.part.scope),
  );
}

function failedModel(target: CollectionTarget, where: string): ModelReading {
  const failure: SourceFailure = {
    outcome: 'error',
    message: `collecting ${where} failed unexpectedly; see the backend logs`,
  };
  const results: SourceResults = { alarms: failure };
  if (target.endpointNames.length > 0) {
    for (const s of [
      'endpoints',
      'schedules',
      'executions',
      'metrics',
    ] as const) {
      results[s] = failure;
    }
  }
  if (target.metricSources.length > 0) results['custom-metrics'] = failure;
  return { observation: { entityRef: target.entityRef, series: [] }, results };
}
