/**
 * Drift scores from a drift job of the model owner's own (Evidently and the
 * like), declared with `drift=` on a source of `ml-observability/metrics`.
 * Discovery (on the slower ListMetrics schedule) finds the features, keeps
 * them in state and caps them at `maxFeatures`; each round reads the kept
 * features' series like other custom series, as drift series of the model.
 */
import {
  CustomDriftSpec,
  CustomMetricSource,
  DEFAULT_CUSTOM_DRIFT_MAX_FEATURES,
  DriftCoverage,
  driftFeatureOf,
  isDriftMetricName,
  MetricDimension,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { attempt, RegionContext } from './context';
import { customSourceKey, listAllMetrics } from './discovery';
import type { SourceFailure } from './errors';
import {
  CUSTOM_STAT,
  PlannedSeries,
  customDue,
  customQuery,
} from './metricPlan';
import type { RegionCollectorState } from './state';
import type { CollectionTarget } from './types';

/** A custom source that declares drift scores. */
export type DriftSource = CustomMetricSource & { drift: CustomDriftSpec };

/** What discovery found for one drift spec of a source; kept between rounds. */
export interface CustomDriftDiscovery {
  discoveredAt: string;
  /** Distinct features found, kept ones included. */
  found: number;
  /** The cap in force when the features were chosen. */
  cap: number;
  /** The features read: the first `cap` found, sorted by name. */
  features: string[];
}

export const isDriftSource = (s: CustomMetricSource): s is DriftSource =>
  s.drift !== undefined;

/** Identity of a drift spec within its source's state entry. */
export function driftSpecKey(spec: CustomDriftSpec): string {
  return spec.shape === 'dimension'
    ? `dimension:${spec.featureDimension}:${spec.metricName}`
    : `pattern:${spec.prefix}`;
}

/** The cap of a source: its `maxFeatures`, else the configured default. */
export function capOf(source: DriftSource, defaultCap: number): number {
  return source.drift.maxFeatures ?? defaultCap;
}

/** Code-unit order: the same on every replica and runtime, unlike localeCompare. */
function byName(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Kept and freshly found features, capped: a feature once found stays known
 * (a metric leaves ListMetrics after two weeks without data), the first
 * `cap` by name are read.
 */
export function mergeDriftFeatures(
  kept: CustomDriftDiscovery | undefined,
  fresh: string[],
  cap: number,
  now: Date,
): CustomDriftDiscovery {
  // Features beyond an earlier cap were not stored; the count found never goes down.
  const all = [...new Set([...(kept?.features ?? []), ...fresh])].sort(byName);
  return {
    discoveredAt: now.toISOString(),
    found: Math.max(all.length, kept?.found ?? 0),
    cap,
    features: all.slice(0, cap),
  };
}

export interface CustomSourceListing {
  /** Metric names with exactly the source's dimensions, drift scores left out. */
  names: string[];
  /** Distinct features of the drift spec. */
  features: string[];
}

/**
 * One ListMetrics walk of a drift source (its namespace, filtered by its
 * dimensions) gives both its plain metric names and its features.
 */
export async function discoverDriftSource(
  ctx: RegionContext,
  source: DriftSource,
): Promise<CustomSourceListing> {
  const names = new Set<string>();
  const features = new Set<string>();
  const wanted = source.dimensions.length;
  for (const metric of await listAllMetrics(
    ctx,
    source.namespace,
    source.dimensions,
  )) {
    if (!metric.MetricName) continue;
    const dimensions = (metric.Dimensions ?? []).map(d => ({
      name: d.Name ?? '',
      value: d.Value ?? '',
    }));
    const feature = driftFeatureOf(source.drift, source.dimensions, {
      name: metric.MetricName,
      dimensions,
    });
    if (feature !== undefined) features.add(feature);
    else if (
      dimensions.length === wanted &&
      !isDriftMetricName(source.drift, metric.MetricName)
    )
      // ListMetrics filtered by every source dimension: as many dimensions means exactly these.
      names.add(metric.MetricName);
  }
  return { names: [...names].sort(), features: [...features] };
}

/** The discovery kept for a source's drift spec. */
export function driftDiscoveryOf(
  state: RegionCollectorState,
  source: DriftSource,
): CustomDriftDiscovery | undefined {
  return state.customDrift[customSourceKey(source)]?.[
    driftSpecKey(source.drift)
  ];
}

/**
 * Step 5b: the drift sources' discovery, when discovery runs this round.
 * Their plain names go where other custom sources' names go; failures are
 * by source key, as for other custom sources.
 */
export async function discoverCustomDrift(
  ctx: RegionContext,
  state: RegionCollectorState,
  targets: CollectionTarget[],
  defaultCap: number,
  now: Date,
): Promise<Map<string, SourceFailure>> {
  const failures = new Map<string, SourceFailure>();
  const sources = new Map<string, DriftSource>();
  for (const s of targets.flatMap(t => t.metricSources)) {
    if (!isDriftSource(s)) continue;
    const id = `${customSourceKey(s)}\n${driftSpecKey(s.drift)}`;
    const seen = sources.get(id);
    // Two models with one source: the larger cap serves both.
    if (!seen || capOf(s, defaultCap) > capOf(seen, defaultCap))
      sources.set(id, s);
  }
  for (const source of sources.values()) {
    const key = customSourceKey(source);
    const found = await attempt(
      ctx,
      `drift metrics of ${source.namespace}`,
      () => discoverDriftSource(ctx, source),
    );
    if (!found.ok) {
      failures.set(key, found.failure);
      continue;
    }
    if (!source.metricNames) {
      const kept = state.customNames[key]?.names ?? [];
      state.customNames[key] = {
        discoveredAt: now.toISOString(),
        names: [...new Set([...kept, ...found.value.names])].sort(),
      };
    }
    const specs = (state.customDrift[key] ??= {});
    const spec = driftSpecKey(source.drift);
    specs[spec] = mergeDriftFeatures(
      specs[spec],
      found.value.features,
      capOf(source, defaultCap),
      now,
    );
  }
  return failures;
}

/** Drift sources no discovery has looked at yet, by identity. */
export function undiscoveredDriftSources(
  state: RegionCollectorState,
  targets: CollectionTarget[],
): Set<string> {
  const out = new Set<string>();
  for (const s of targets.flatMap(t => t.metricSources)) {
    if (isDriftSource(s) && !driftDiscoveryOf(state, s))
      out.add(`${customSourceKey(s)}\n${driftSpecKey(s.drift)}`);
  }
  return out;
}

/** The metric, dimensions and series id segment of one feature's drift score. */
function featureMetric(
  source: DriftSource,
  feature: string,
): { name: string; dimensions: MetricDimension[]; segment: string } {
  const spec = source.drift;
  if (spec.shape === 'dimension') {
    return {
      name: spec.metricName,
      dimensions: [
        ...source.dimensions,
        { name: spec.featureDimension, value: feature },
      ],
      // Encoded: a series id is split on "|", and names and values may hold one.
      segment: `d:${encodeURIComponent(spec.metricName)}:${encodeURIComponent(
        spec.featureDimension,
      )}=${encodeURIComponent(feature)}`,
    };
  }
  const name = `${spec.prefix}${feature}`;
  return {
    name,
    dimensions: source.dimensions,
    segment: `d:${encodeURIComponent(name)}`,
  };
}

/**
 * The drift series that are due: one per kept feature (at most the source's
 * cap), read like other custom series once their period has passed. They are
 * drift series of the model (not custom metrics), and reported even before
 * their first datapoint, as "no data".
 */
export function planCustomDriftSeries(
  state: RegionCollectorState,
  targets: CollectionTarget[],
  forced: Set<string>,
  now: Date,
  lookbackMs: number,
  defaultCap: number,
): PlannedSeries[] {
  const byId = new Map<string, PlannedSeries>();
  for (const target of targets) {
    for (const source of target.metricSources) {
      if (!isDriftSource(source)) continue;
      const sourceKey = customSourceKey(source);
      const features = (driftDiscoveryOf(state, source)?.features ?? []).slice(
        0,
        capOf(source, defaultCap),
      );
      for (const feature of features) {
        const metric = featureMetric(source, feature);
        const id = `c|${sourceKey}|${metric.segment}|${source.periodSeconds}`;
        const planned = byId.get(id);
        if (planned) {
          if (!planned.owners.includes(target.entityRef))
            planned.owners.push(target.entityRef);
          continue;
        }
        const cursor = state.series[id];
        if (!customDue(cursor, source, forced.has(target.entityRef), now))
          continue;
        byId.set(id, {
          query: customQuery(
            id,
            source,
            metric,
            cursor,
            now.getTime() - lookbackMs,
          ),
          series: {
            kind: 'drift',
            key: `drift:custom:${sourceKey}:${metric.segment}`,
            name: feature,
            namespace: source.namespace,
            dimensions: metric.dimensions,
            stat: CUSTOM_STAT,
            periodSeconds: source.periodSeconds,
          },
          source: 'custom-metrics',
          owners: [target.entityRef],
          reportEmpty: true,
        });
      }
    }
  }
  return [...byId.values()];
}

/** How many features of each of a model's drift sources are found and shown. */
export function driftCoverageOf(
  state: RegionCollectorState,
  target: CollectionTarget,
  defaultCap = DEFAULT_CUSTOM_DRIFT_MAX_FEATURES,
): DriftCoverage[] {
  return target.metricSources.filter(isDriftSource).map(source => {
    const found = driftDiscoveryOf(state, source);
    const cap = capOf(source, defaultCap);
    const spec = source.drift;
    return {
      namespace: source.namespace,
      dimensions: source.dimensions,
      shape: spec.shape,
      ...(spec.shape === 'dimension'
        ? {
            featureDimension: spec.featureDimension,
            metricName: spec.metricName,
          }
        : { prefix: spec.prefix }),
      ...(found
        ? { found: found.found, discoveredAt: found.discoveredAt }
        : {}),
      shown: Math.min(found?.features.length ?? 0, cap),
      cap,
    };
  });
}
