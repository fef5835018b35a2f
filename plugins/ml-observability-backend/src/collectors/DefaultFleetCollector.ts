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
import { AwsClientFactory, CallCounter } from './clients';
import { RegionContext } from './context';
import type { SourceFailure } from './errors';
import { Limiter } from './limit';
import { ModelReading, SourceResults, observeModel } from './observations';
import { readRegion } from './regionCollector';
import {
  FleetCollectorState,
  emptyRegionState,
  loadState,
  saveState,
} from './state';
import type {
  CollectOptions,
  CollectionResult,
  CollectionTarget,
  CollectorState,
  FleetCollector,
  ModelObservation,
} from './types';

const DAY_MS = 24 * 3600 * 1000;
/** A model whose sources have not been seen for this long has left the fleet. */
const LAST_SUCCESS_TTL_MS = 30 * DAY_MS;

export interface DefaultFleetCollectorOptions {
  clientFactory: AwsClientFactory;
  logger?: LoggerService;
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
    });
  }

  constructor(private readonly options: DefaultFleetCollectorOptions) {}

  async collect(
    targets: CollectionTarget[],
    rawState: CollectorState,
    options: CollectOptions,
  ): Promise<CollectionResult> {
    const startedAt = Date.now();
    const { now } = options;
    const state = loadState(rawState);
    const counter = new CallCounter();
    const forced = new Set(options.forceEntityRefs ?? []);
    const groups = groupByRegion(targets);
    let metricsRequested = 0;
    let undiscovered = 0;

    const readings = await this.options.clientFactory.countCalls(counter, () =>
      Promise.all(
        [...groups.entries()].map(async ([key, group]) => {
          const regionState = (state.regions[key] ??= emptyRegionState());
          const { accountId, region } = group[0];
          try {
            const ctx = new RegionContext(
              accountId,
              region,
              this.options.clientFactory.clients(accountId, region),
              this.limiter(key),
              this.options.clientFactory.limits.requestTimeoutMs,
              this.options.logger,
            );
            const reading = await readRegion({
              ctx,
              targets: group,
              state: regionState,
              now,
              lookbackMs: options.lookbackDays * DAY_MS,
              forced,
              discoverMetrics: options.discoverMetrics === true,
            });
            metricsRequested += reading.fetch.metricsRequested;
            undiscovered += reading.undiscovered;
            return group.map(t => observeModel(t, reading, regionState));
          } catch (error) {
            this.options.logger?.error(
              `Collecting ${key} failed unexpectedly`,
              error as Error,
            );
            return group.map(t => failedModel(t, key));
          }
        }),
      ),
    );

    const observations: ModelObservation[] = [];
    let failedSources = 0;
    for (const reading of readings.flat()) {
      const sources = this.statuses(state, reading, now);
      failedSources += Object.values(sources).filter(
        s => s.outcome !== 'ok',
      ).length;
      observations.push({ ...reading.observation, sources });
    }
    pruneLastSuccess(state, now);

    return {
      observations,
      state: saveState(state),
      stats: {
        startedAt: new Date(startedAt).toISOString(),
        durationMs: Date.now() - startedAt,
        calls: counter.toRecord(),
        metricsRequested,
        models: observations.length,
        failedSources,
        undiscovered,
      },
    };
  }

  private limiter(key: string): Limiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(this.options.clientFactory.limits.concurrency);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  private statuses(
    state: FleetCollectorState,
    reading: ModelReading,
    now: Date,
  ): Partial<Record<SourceId, SourceStatus>> {
    const ref = reading.observation.entityRef;
    const nowIso = now.toISOString();
    const lastSuccess = (state.lastSuccess[ref] ??= {});
    const out: Partial<Record<SourceId, SourceStatus>> = {};
    for (const [source, result] of Object.entries(reading.results) as Array<
      [SourceId, SourceFailure | null]
    >) {
      if (result === null) {
        lastSuccess[source] = nowIso;
        out[source] = {
          outcome: 'ok',
          lastSuccessAt: nowIso,
          checkedAt: nowIso,
        };
      } else {
        out[source] = {
          outcome: result.outcome,
          message: result.message,
          ...(lastSuccess[source]
            ? { lastSuccessAt: lastSuccess[source] }
            : {}),
          checkedAt: nowIso,
        };
      }
    }
    return out;
  }
}

/** Targets by `accountId/region`, each entity once. */
function groupByRegion(
  targets: CollectionTarget[],
): Map<string, CollectionTarget[]> {
  const seen = new Set<string>();
  const groups = new Map<string, CollectionTarget[]>();
  for (const t of targets) {
    if (seen.has(t.entityRef)) continue;
    seen.add(t.entityRef);
    const key = `${t.accountId}/${t.region}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return groups;
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

function pruneLastSuccess(state: FleetCollectorState, now: Date): void {
  for (const [ref, sources] of Object.entries(state.lastSuccess)) {
    const newest = Math.max(
      0,
      ...Object.values(sources).map(t => Date.parse(t ?? '') || 0),
    );
    if (now.getTime() - newest > LAST_SUCCESS_TTL_MS)
      delete state.lastSuccess[ref];
  }
}
