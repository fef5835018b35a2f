/*
 * Signal sources: the backend's own SageMaker/CloudWatch collector (source `aws`) and the sources adopters
 * add through mlObservabilitySignalSourcesExtensionPoint. FleetCollection asks every source in each round,
 * keeps each source's state under its id, and merges their observations per model here.
 */
import type {
  ExtensionSourceId,
  SourceStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  MlObservabilitySignalSource,
  SignalCollectionResult,
  SignalObservation,
  SignalSourceStats,
} from '@mlobs/backstage-plugin-ml-observability-node';
import type {
  CollectionResult,
  CollectionStats,
  CollectionTarget,
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

/** The FleetCollector as a signal source: what the backend registers as `aws`, targeted refresh included. */
export function awsSignalSource(
  collector: FleetCollector,
): MlObservabilitySignalSource {
  const statsOf = (result: CollectionResult): SignalSourceStats => {
    const { calls, metricsRequested, failedSources, undiscovered } =
      result.stats;
    return {
      calls,
      metricsRequested,
      failedSources,
      ...(undiscovered !== undefined ? { undiscovered } : {}),
    };
  };
  return {
    id: AWS_SOURCE_ID,
    async collect({ targets, state, ...options }) {
      const result = await collector.collect(targets, state, options);
      return { ...result, stats: statsOf(result) };
    },
    modelStateKeys: target => collector.modelStateKeys(target),
    async collectModel({ targets, state, ...options }) {
      const result = await collector.collectModel(targets[0], state, options);
      return { ...result, stats: statsOf(result) };
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

/** What one source gave in one collection: a result, or the error it threw. */
export type SourceReading =
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
    driftCoverage: concat(base.driftCoverage, observation.driftCoverage),
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

/**
 * The observations of all sources, merged per model of the round. A source that failed is marked as an
 * error on the models it reported last time (their snapshot carries its outcome), which keep its last good
 * data; models it never reported are left alone.
 */
export function mergeReadings(
  readings: SourceReading[],
  targets: CollectionTarget[],
  previousSources: (entityRef: string) => SourceStatuses | undefined,
): Map<string, ModelObservation> {
  const inRound = new Set(targets.map(t => t.entityRef));
  const merged = new Map<string, ModelObservation>();
  for (const reading of readings) {
    if (reading.ok) {
      for (const observation of reading.result.observations) {
        const ref = observation.entityRef;
        if (inRound.has(ref))
          merged.set(ref, mergeInto(merged.get(ref), reading.id, observation));
      }
      continue;
    }
    if (reading.id === AWS_SOURCE_ID) continue;
    const key = extensionSourceKey(reading.id);
    const failed: SourceStatus = {
      outcome: 'error',
      message: `signal source ${reading.id} could not be read; showing its last good data (details in the backend log)`,
    };
    for (const ref of inRound) {
      if (!previousSources(ref)?.[key]) continue;
      merged.set(
        ref,
        mergeInto(merged.get(ref), reading.id, {
          entityRef: ref,
          series: [],
          outcome: failed,
        }),
      );
    }
  }
  return merged;
}

/** The counters of a collection, all sources added up. */
export function combinedStats(
  readings: SourceReading[],
  models: number,
  now: Date,
  startedAt: number,
): CollectionStats {
  const calls: Record<string, number> = {};
  let metricsRequested = 0;
  let failedSources = 0;
  let undiscovered: number | undefined;
  for (const reading of readings) {
    if (!reading.ok) continue;
    const stats = reading.result.stats ?? {};
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
    startedAt: now.toISOString(),
    durationMs: Date.now() - startedAt,
    calls,
    metricsRequested,
    models,
    failedSources,
    ...(undiscovered !== undefined ? { undiscovered } : {}),
  };
}
