/**
 * A model served in several accounts or regions (endpoint ARNs in its annotation) is collected as
 * parts, one per account/region, each read with the batched calls of its own region; the parts'
 * readings merge back into the model's one observation. Custom metric sources are read in the model's
 * home account/region only. A series read outside the home carries its account and region, in its
 * fields and in its key, so two endpoints of the same name in two regions stay two series; home series
 * keep the keys they always had, so their history goes on.
 */
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import type {
  AlarmInfo,
  EndpointInfo,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { SourceFailure } from './errors';
import { ModelReading, SourceResults, combineFailures } from './observations';
import type { RegionCollectorState } from './state';
import type { CollectionTarget, ObservedSeries } from './types';

/** One account/region share of a model. */
export interface TargetPart {
  /** `accountId/region`, the collector state's scope. */
  scope: string;
  home: boolean;
  /** True when the model has other parts: its reading is merged with theirs. */
  shared: boolean;
  /** The model as seen from this account/region: its endpoints there (and, at home, its custom sources). */
  target: CollectionTarget;
}

export function scopeOf(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

/**
 * The model's parts, home first. A model without endpoints elsewhere is one part, the target itself;
 * a home with neither endpoints nor custom sources is left out (there is nothing to read there).
 */
export function partsOf(target: CollectionTarget): TargetPart[] {
  const homeScope = scopeOf(target);
  const elsewhere = (target.endpoints ?? []).some(
    e => scopeOf(e) !== homeScope,
  );
  if (!elsewhere) {
    return [{ scope: homeScope, home: true, shared: false, target }];
  }
  const byScope = new Map<string, string[]>();
  for (const e of target.endpoints ?? []) {
    const scope = scopeOf(e);
    const names = byScope.get(scope) ?? [];
    if (!names.includes(e.name)) names.push(e.name);
    byScope.set(scope, names);
  }
  const { endpoints: _all, ...rest } = target;
  const parts: TargetPart[] = [];
  const homeNames = byScope.get(homeScope) ?? [];
  if (homeNames.length > 0 || target.metricSources.length > 0) {
    parts.push({
      scope: homeScope,
      home: true,
      shared: true,
      target: { ...rest, endpointNames: homeNames },
    });
  }
  for (const [scope, names] of byScope) {
    if (scope === homeScope) continue;
    const [accountId, region] = scope.split('/');
    parts.push({
      scope,
      home: false,
      shared: true,
      target: {
        ...rest,
        accountId,
        region,
        endpointNames: names,
        metricSources: [],
      },
    });
  }
  if (parts.length === 1) parts[0].shared = false;
  return parts;
}

/**
 * A shared part's endpoints, schedules and alarms as last read in its region, when this round could
 * not read them (the other parts' fresh ones replace the model's stored lists, so the store cannot
 * keep them); what it did read is remembered for the next round. A part never read before shows its
 * endpoints as last described there, if ever.
 */
export function withLastGood(
  part: TargetPart,
  reading: ModelReading,
  state: RegionCollectorState,
): ModelReading {
  if (!part.shared) return reading;
  const ref = part.target.entityRef;
  const cached = state.parts[ref] ?? {};
  const o = reading.observation;
  const described = part.target.endpointNames
    .map(name => state.endpoints[name]?.info)
    .filter((info): info is EndpointInfo => info !== undefined);
  const endpoints =
    o.endpoints ??
    cached.endpoints ??
    (part.target.endpointNames.length > 0 ? described : undefined);
  const schedules = o.monitoringSchedules ?? cached.schedules;
  const alarms = o.alarms ?? cached.alarms;
  state.parts[ref] = {
    ...(endpoints ? { endpoints } : {}),
    ...(schedules ? { schedules } : {}),
    ...(alarms ? { alarms } : {}),
  };
  return {
    ...reading,
    observation: {
      ...o,
      ...(endpoints ? { endpoints } : {}),
      ...(schedules ? { monitoringSchedules: schedules } : {}),
      ...(alarms ? { alarms } : {}),
    },
  };
}

/** Forgets the parts of models no longer served in the region (a fleet round knows them all). */
export function pruneParts(
  state: RegionCollectorState,
  group: TargetPart[],
): void {
  const shared = new Set(
    group.filter(p => p.shared).map(p => p.target.entityRef),
  );
  for (const ref of Object.keys(state.parts)) {
    if (!shared.has(ref)) delete state.parts[ref];
  }
}

/**
 * The targets with their endpoint names spelt as the region lists them. SageMaker endpoint names are
 * unique per account and region without regard to case, and an ARN writes them in lower case, so a
 * name matches a listed one ignoring case when no listed name matches exactly.
 */
export function spellAsListed(
  targets: CollectionTarget[],
  listed: Iterable<string>,
): CollectionTarget[] {
  const names = new Set(listed);
  const folded = new Map<string, string>();
  for (const name of names) {
    const key = name.toLowerCase();
    // Two listed names equal but for case cannot both exist; if a stand-in lists them, match neither.
    folded.set(key, folded.has(key) ? '' : name);
  }
  const spell = (name: string) =>
    names.has(name) ? name : folded.get(name.toLowerCase()) || name;
  if (!targets.some(t => t.endpointNames.some(n => spell(n) !== n))) {
    return targets;
  }
  return targets.map(t => ({
    ...t,
    endpointNames: t.endpointNames.map(spell),
  }));
}

/** The endpoint names of a region's list, for {@link spellAsListed}. */
export function listedEndpointNames(
  endpoints: Map<string, EndpointSummary> | undefined,
): string[] {
  return endpoints ? [...endpoints.keys()].filter(n => n !== '') : [];
}

/** A series read outside the model's home: its key and fields say where. */
function placedSeries(
  part: TargetPart,
  series: ObservedSeries,
): ObservedSeries {
  if (part.home) return series;
  return {
    ...series,
    key: `${series.key}@${part.scope}`,
    accountId: part.target.accountId,
    region: part.target.region,
  };
}

/**
 * A field from the parts that have it (read this round, or last good: {@link withLastGood}); left out
 * only when none has (the store then keeps the last good value).
 */
function mergeLists<T>(
  lists: Array<T[] | undefined>,
  keyOf: (item: T) => string,
): T[] | undefined {
  if (lists.every(l => l === undefined)) return undefined;
  const out = new Map<string, T>();
  for (const item of lists.flatMap(l => l ?? [])) {
    const key = keyOf(item);
    if (!out.has(key)) out.set(key, item);
  }
  return [...out.values()];
}

function mergeResults(results: SourceResults[]): SourceResults {
  const out: SourceResults = {};
  const ids = new Set(results.flatMap(r => Object.keys(r))) as Set<
    keyof SourceResults
  >;
  for (const id of ids) {
    const failures = results
      .map(r => r[id])
      .filter((f): f is SourceFailure => f !== undefined && f !== null);
    out[id] = combineFailures(failures);
  }
  return out;
}

/**
 * The model's reading from its parts' readings (in the order of {@link partsOf}): every part's
 * endpoints, schedules, alarms and series, each source's worst outcome with every part's message.
 */
export function mergeParts(
  entityRef: string,
  parts: Array<{ part: TargetPart; reading: ModelReading }>,
): ModelReading {
  if (parts.length === 1 && parts[0].part.home) return parts[0].reading;
  const observations = parts.map(p => p.reading.observation);
  const endpointParts = parts.filter(p => p.part.target.endpointNames.length);
  const endpoints = mergeLists(
    endpointParts.map(p => p.reading.observation.endpoints),
    e => `${e.accountId ?? ''}/${e.region}/${e.name.toLowerCase()}`,
  );
  const schedules = mergeLists(
    endpointParts.map(p => p.reading.observation.monitoringSchedules),
    s => s.arn ?? `${s.name}@${s.consoleUrl ?? ''}`,
  );
  const alarms = mergeLists<AlarmInfo>(
    observations.map(o => o.alarms),
    a => a.arn || a.name,
  );
  const publishing = observations
    .map(o => o.publishingSchedules)
    .filter((p): p is string[] => p !== undefined);
  return {
    observation: {
      entityRef,
      series: parts.flatMap(p =>
        p.reading.observation.series.map(s => placedSeries(p.part, s)),
      ),
      ...(endpoints ? { endpoints } : {}),
      ...(schedules ? { monitoringSchedules: schedules } : {}),
      ...(alarms ? { alarms } : {}),
      ...(publishing.length > 0
        ? { publishingSchedules: [...new Set(publishing.flat())].sort() }
        : {}),
    },
    results: mergeResults(parts.map(p => p.reading.results)),
  };
}
