import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  compareHealth,
  FleetPage,
  FleetQuery,
  FleetRow,
  fleetRowOf,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { MlObservabilityConfig } from '../config';
import type { ModelRecord, ModelSeries } from '../domain/types';
import { assembleReport, AssembledReport } from '../report/buildReport';
import { matchesFilter } from '../report/fleet';
import type { Stores } from '../store';
import { visibleModels } from './access';
import { encodeCursor, readFleetQuery } from './fleetQuery';
import type { ReadContext } from './readContext';

/** The fleet's sparklines cover the last day. */
const SPARKLINE_MS = 86_400_000;

export interface FleetContext extends ReadContext {
  /** Assembled rows shared between requests; without it each request assembles every model. */
  fleetRows?: FleetRowsCache;
}

/** One model of the fleet as stored, its report and row assembled from the snapshot alone. */
interface AssembledModel {
  snapshot: ModelRecord;
  series: ModelSeries[];
  assembled: AssembledReport;
  row: FleetRow;
}

/** The fleet worst first, and by ref. */
interface AssembledFleet {
  sorted: AssembledModel[];
  byRef: Map<string, AssembledModel>;
  /** Rows with their sparkline, filled as pages ask for them; valid as long as the assembly. */
  sparklineRows: Map<string, FleetRow>;
}

async function assembleFleet(
  stores: Stores,
  config: MlObservabilityConfig,
  now: Date,
): Promise<AssembledFleet> {
  const snapshots = await stores.snapshots.list();
  const series = groupByRef(
    await stores.series.listMeta(snapshots.map(s => s.entityRef)),
  );
  const sorted = snapshots
    .map(snapshot => {
      const own = series.get(snapshot.entityRef) ?? [];
      const assembled = assembleReport({ snapshot, series: own }, config, now);
      return {
        snapshot,
        series: own,
        assembled,
        row: rowOf(assembled, snapshot),
      };
    })
    .sort((a, b) => compareHealth(a.row, b.row));
  return {
    sorted,
    byRef: new Map(sorted.map(m => [m.snapshot.entityRef, m])),
    sparklineRows: new Map(),
  };
}

/**
 * The fleet assembled once and shared by every caller's fleet page until a
 * snapshot is written or deleted (by any replica: the store's version is
 * checked on each request) or `ttlMs` passes, since verdicts move with the
 * clock (staleness, business hours). What each caller may see is decided per
 * request; only the assembly from stored data is shared. Concurrent requests
 * for the same version wait for one assembly.
 */
export class FleetRowsCache {
  private current?: {
    version: string;
    builtAt: number;
    models: AssembledFleet;
  };
  private building?: {
    version: string;
    promise: Promise<AssembledFleet>;
  };

  constructor(private readonly ttlMs: number) {}

  async get(
    stores: Stores,
    config: MlObservabilityConfig,
    now: Date,
  ): Promise<AssembledFleet> {
    const version = await stores.snapshots.version();
    const at = now.getTime();
    const current = this.current;
    if (
      current &&
      current.version === version &&
      at >= current.builtAt &&
      at - current.builtAt < this.ttlMs
    ) {
      return current.models;
    }
    if (this.building?.version === version) return this.building.promise;
    const promise = assembleFleet(stores, config, now).then(models => {
      this.current = { version, builtAt: at, models };
      return models;
    });
    const building = { version, promise };
    this.building = building;
    promise
      .finally(() => {
        if (this.building === building) this.building = undefined;
      })
      .catch(() => {});
    return promise;
  }
}

function groupByRef(series: ModelSeries[]): Map<string, ModelSeries[]> {
  const map = new Map<string, ModelSeries[]>();
  for (const s of series) {
    const list = map.get(s.entityRef) ?? [];
    list.push(s);
    map.set(s.entityRef, list);
  }
  return map;
}

/** The row of a model; title, owner and lifecycle as the snapshot has them. */
function rowOf(assembled: AssembledReport, snapshot: ModelRecord): FleetRow {
  const { title: _stored, ...row } = fleetRowOf(assembled.report, {
    ...(snapshot.owner ? { owner: snapshot.owner } : {}),
    ...(snapshot.lifecycle ? { lifecycle: snapshot.lifecycle } : {}),
  });
  return snapshot.title ? { ...row, title: snapshot.title } : row;
}

/** The stored fleet worst first, each model's snapshot with its row; shared through `fleetRows` when given. */
export async function assembledModels(
  context: FleetContext,
): Promise<Array<{ snapshot: ModelRecord; row: FleetRow }>> {
  const { stores, config, now } = context;
  const fleet = context.fleetRows
    ? await context.fleetRows.get(stores, config, now)
    : await assembleFleet(stores, config, now);
  return fleet.sorted;
}

/**
 * One page of the fleet, worst first, among the models the caller may read.
 * Verdicts are computed now (not at collection time), so staleness and the
 * business-hours thresholds are current.
 */
export async function fleetPage(
  query: FleetQuery,
  credentials: BackstageCredentials,
  context: FleetContext,
): Promise<FleetPage> {
  const { stores, config, now } = context;
  const { filter, sort, offset, limit } = readFleetQuery(query);

  const fleet = context.fleetRows
    ? await context.fleetRows.get(stores, config, now)
    : await assembleFleet(stores, config, now);
  // Visibility is the catalog's read rule and the report permission, asked in
  // one call; title, owner and lifecycle are as of the last round.
  const permitted = await visibleModels(
    credentials,
    [...fleet.byRef.keys()],
    context.permissions,
  );
  const filtered = fleet.sorted.filter(
    model =>
      permitted.has(model.snapshot.entityRef) &&
      matchesFilter(model.row, filter),
  );
  // Most fired first needs every filtered model's count; the default order only the page's.
  let rows = filtered;
  let fired: Map<string, number>;
  if (sort === 'firedIn7d') {
    fired = await firedIn7d(filtered, stores, now);
    rows = [...filtered].sort(
      (a, b) =>
        (fired.get(b.snapshot.entityRef) ?? 0) -
        (fired.get(a.snapshot.entityRef) ?? 0),
    );
  }
  const page = rows.slice(offset, offset + limit);
  fired ??= await firedIn7d(page, stores, now);
  const items = (await withSparklines(page, fleet, context)).map(row => ({
    ...row,
    firedIn7d: fired.get(row.entityRef) ?? 0,
  }));
  return {
    items,
    ...(offset + limit < rows.length
      ? { nextCursor: encodeCursor(offset + limit, filter, sort) }
      : {}),
    totalCount: rows.length,
  };
}

/** Transitions into ALARM in the last 7 days of each model's current alarms, in one query per 500 alarms. */
function firedIn7d(
  models: AssembledModel[],
  stores: Stores,
  now: Date,
): Promise<Map<string, number>> {
  return stores.events.firedCounts(
    new Map(
      models.map(m => [
        m.snapshot.entityRef,
        (m.snapshot.alarms ?? []).map(alarm => alarm.arn),
      ]),
    ),
    new Date(now.getTime() - 7 * 86_400_000),
  );
}

/**
 * The page's rows with their sparklines: the points of every row not seen
 * since the fleet was assembled are read in one query, then kept with the
 * assembly, so paging and polling cost no more reads until a round writes.
 */
async function withSparklines(
  page: AssembledModel[],
  fleet: AssembledFleet,
  context: FleetContext,
): Promise<FleetRow[]> {
  const { stores, config, now } = context;
  const missing = page.flatMap(model => {
    if (fleet.sparklineRows.has(model.snapshot.entityRef)) return [];
    const key = model.assembled.qualityKeys[0] ?? model.assembled.customKeys[0];
    return [{ model, key }];
  });
  const wanted = missing.flatMap(({ model, key }) =>
    key ? [{ entityRef: model.snapshot.entityRef, key }] : [],
  );
  const points =
    wanted.length > 0
      ? await stores.series.pointsOf(
          wanted,
          new Date(now.getTime() - SPARKLINE_MS),
        )
      : new Map();
  for (const { model, key } of missing) {
    const { snapshot, series, row } = model;
    if (!key) {
      fleet.sparklineRows.set(snapshot.entityRef, row);
      continue;
    }
    const own = points.get(snapshot.entityRef)?.get(key) ?? [];
    const modelSeries = series.map(s =>
      s.key === key ? { ...s, points: own } : s,
    );
    fleet.sparklineRows.set(
      snapshot.entityRef,
      rowOf(
        assembleReport({ snapshot, series: modelSeries }, config, now),
        snapshot,
      ),
    );
  }
  return page.map(m => fleet.sparklineRows.get(m.snapshot.entityRef)!);
}
