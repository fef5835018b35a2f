/*
 * Signal sources: the backend's own SageMaker/CloudWatch collector (source `aws`) and the sources adopters
 * add through mlObservabilitySignalSourcesExtensionPoint, collected as one FleetCollector. Each round goes
 * to every source; their observations are merged per model and each keeps its own state.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import type {
  ExtensionSourceId,
  SourceStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  MlObservabilitySignalSource,
  SignalCollectionResult,
  SignalObservation,
} from '@mlobs/backstage-plugin-ml-observability-node';
import type {
  CollectionResult,
  CollectionStats,
  CollectionTarget,
  CollectOptions,
  CollectorState,
  FleetCollector,
  ModelObservation,
} from '../collectors/types';

/** The id of the backend's own source; its outcomes are the built-in source ids. */
export const AWS_SOURCE_ID = 'aws';

const SOURCE_ID = /^[a-z][a-z0-9-]{0,62}$/;

/** Where an adopter source's outcome shows in `report.sources`. */
export function extensionSourceKey(id: string): ExtensionSourceId {
  return `ext:${id}`;
}

/** The FleetCollector as a signal source: what the backend registers as `aws`. */
export function awsSignalSource(
  collector: FleetCollector,
): MlObservabilitySignalSource {
  return {
    id: AWS_SOURCE_ID,
    async collect({ targets, state, ...options }) {
      const result = await collector.collect(targets, state, options);
      const { calls, metricsRequested, failedSources, undiscovered } =
        result.stats;
      return {
        observations: result.observations,
        state: result.state,
        stats: {
          calls,
          metricsRequested,
          failedSources,
          ...(undiscovered !== undefined ? { undiscovered } : {}),
        },
      };
    },
  };
}

/** The sources of the plugin, filled while the backend starts and read at each round. */
export class SignalSources {
  private readonly sources = new Map<string, MlObservabilitySignalSource>();

  add(source: MlObservabilitySignalSource): void {
    if (!SOURCE_ID.test(source.id)) {
      throw new Error(
        `ML observability signal source id ${JSON.stringify(
          source.id,
        )} is not valid; use lower-case letters, digits and dashes, starting with a letter`,
      );
    }
    if (this.sources.has(source.id)) {
      throw new Error(
        `ML observability signal source ${source.id} is registered twice`,
      );
    }
    this.sources.set(source.id, source);
  }

  list(): MlObservabilitySignalSource[] {
    return [...this.sources.values()];
  }
}

/** Per source: its own state, and the models it reported, so a failure degrades only those. */
interface SourceEntry {
  state: CollectorState;
  models: string[];
}

interface CompositeState {
  sources: Record<string, SourceEntry>;
}

/** The per-source entries of a stored state; a state from before sources existed is the AWS collector's. */
function entriesOf(state: CollectorState): Record<string, SourceEntry> {
  const sources = (state as Partial<CompositeState>).sources;
  if (sources && typeof sources === 'object' && !Array.isArray(sources)) {
    return sources as Record<string, SourceEntry>;
  }
  return Object.keys(state).length > 0
    ? { [AWS_SOURCE_ID]: { state, models: [] } }
    : {};
}

type Outcome =
  | { id: string; ok: true; result: SignalCollectionResult }
  | { id: string; ok: false; error: Error };

const concat = <T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined =>
  a || b ? [...(a ?? []), ...(b ?? [])] : undefined;

/** One source's observation folded into what the model has so far. */
function mergeInto(
  merged: ModelObservation | undefined,
  sourceId: string,
  observation: SignalObservation,
): ModelObservation {
  const base: ModelObservation = merged ?? {
    entityRef: observation.entityRef,
    series: [],
    sources: {},
  };
  const sources: SourceStatuses =
    sourceId === AWS_SOURCE_ID
      ? { ...base.sources, ...observation.sources }
      : {
          ...base.sources,
          [extensionSourceKey(sourceId)]: observation.outcome ?? {
            outcome: 'ok',
          },
        };
  const optional = {
    endpoints: concat(base.endpoints, observation.endpoints),
    monitoringSchedules: concat(
      base.monitoringSchedules,
      observation.monitoringSchedules,
    ),
    alarms: concat(base.alarms, observation.alarms),
    publishingSchedules: concat(
      base.publishingSchedules,
      observation.publishingSchedules,
    ),
  };
  return {
    ...base,
    ...Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined),
    ),
    series: [...base.series, ...observation.series],
    sources,
  };
}

function statsOf(
  outcomes: Outcome[],
  targets: CollectionTarget[],
  options: CollectOptions,
  startedAt: number,
): CollectionStats {
  const calls: Record<string, number> = {};
  let metricsRequested = 0;
  let failedSources = 0;
  let undiscovered: number | undefined;
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    const stats = outcome.result.stats ?? {};
    for (const [op, n] of Object.entries(stats.calls ?? {})) {
      calls[op] = (calls[op] ?? 0) + n;
    }
    metricsRequested += stats.metricsRequested ?? 0;
    failedSources += stats.failedSources ?? 0;
    if (stats.undiscovered !== undefined) {
      undiscovered = (undiscovered ?? 0) + stats.undiscovered;
    }
  }
  return {
    startedAt: options.now.toISOString(),
    durationMs: Date.now() - startedAt,
    calls,
    metricsRequested,
    models: targets.length,
    failedSources,
    ...(undiscovered !== undefined ? { undiscovered } : {}),
  };
}

/**
 * All sources as one FleetCollector. The `aws` source failing fails the round, as the collector alone did;
 * another source failing marks its outcome as an error on the models it reported before, keeps its last
 * state, and leaves every other source's data alone.
 */
export class CompositeFleetCollector implements FleetCollector {
  constructor(
    private readonly sources: () => MlObservabilitySignalSource[],
    private readonly logger?: LoggerService,
  ) {}

  async collect(
    targets: CollectionTarget[],
    state: CollectorState,
    options: CollectOptions,
  ): Promise<CollectionResult> {
    const startedAt = Date.now();
    const entries = entriesOf(state);
    const outcomes = await Promise.all(
      this.sources().map(async (source): Promise<Outcome> => {
        try {
          const result = await source.collect({
            ...options,
            targets,
            state: entries[source.id]?.state ?? {},
          });
          return { id: source.id, ok: true, result };
        } catch (error) {
          return { id: source.id, ok: false, error: toError(error) };
        }
      }),
    );
    const awsFailure = outcomes.find(o => !o.ok && o.id === AWS_SOURCE_ID);
    if (awsFailure && !awsFailure.ok) throw awsFailure.error;

    const observations = this.mergeObservations(outcomes, entries, targets);
    return {
      observations: [...observations.values()],
      state: this.nextState(outcomes, entries, targets),
      stats: statsOf(outcomes, targets, options, startedAt),
    };
  }

  private mergeObservations(
    outcomes: Outcome[],
    entries: Record<string, SourceEntry>,
    targets: CollectionTarget[],
  ): Map<string, ModelObservation> {
    const inRound = new Set(targets.map(t => t.entityRef));
    const merged = new Map<string, ModelObservation>();
    for (const outcome of outcomes) {
      if (outcome.ok) {
        for (const observation of outcome.result.observations) {
          if (!inRound.has(observation.entityRef)) continue;
          const ref = observation.entityRef;
          merged.set(ref, mergeInto(merged.get(ref), outcome.id, observation));
        }
        continue;
      }
      this.logger?.error(
        `ML observability signal source ${outcome.id} failed`,
        outcome.error,
      );
      const failed: SourceStatus = {
        outcome: 'error',
        message: `signal source ${outcome.id} could not be read; showing its last good data (details in the backend log)`,
      };
      for (const ref of entries[outcome.id]?.models ?? []) {
        if (!inRound.has(ref)) continue;
        merged.set(
          ref,
          mergeInto(merged.get(ref), outcome.id, {
            entityRef: ref,
            series: [],
            outcome: failed,
          }),
        );
      }
    }
    return merged;
  }

  private nextState(
    outcomes: Outcome[],
    entries: Record<string, SourceEntry>,
    targets: CollectionTarget[],
  ): CollectorState {
    const inRound = new Set(targets.map(t => t.entityRef));
    const sources: Record<string, SourceEntry> = { ...entries };
    for (const outcome of outcomes) {
      if (!outcome.ok) continue;
      // A refresh collects a few models: the others this source reported stay on its list.
      const kept = (entries[outcome.id]?.models ?? []).filter(
        ref => !inRound.has(ref),
      );
      // The aws source failing fails the round, so it needs no list.
      const reported =
        outcome.id === AWS_SOURCE_ID
          ? []
          : outcome.result.observations.map(o => o.entityRef);
      sources[outcome.id] = {
        state: outcome.result.state,
        models: [...new Set([...kept, ...reported])].sort(),
      };
    }
    const next: CompositeState = { sources };
    return next as unknown as CollectorState;
  }
}
