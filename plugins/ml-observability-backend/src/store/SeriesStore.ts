import type { Knex } from 'knex';
import type { ObservedSeries } from '../collectors/types';
import type { SeriesKind, SeriesMeta, StoredSeries } from './types';
import type { SeriesPoint } from '@mlobs/backstage-plugin-ml-observability-common';
import { chunk, fromJson, fromMs, rowsPerStatement, toJson } from './util';

const SERIES = 'series';
const POINTS = 'series_points';

type SeriesRow = {
  entity_ref: string;
  series_key: string;
  kind: string;
  name: string;
  meta: string;
  latest_t: string | number | null;
  latest_v: number | null;
  seen_at?: number | string | null;
};

function metaOf(series: ObservedSeries): SeriesMeta {
  return {
    namespace: series.namespace,
    dimensions: series.dimensions,
    stat: series.stat,
    periodSeconds: series.periodSeconds,
    ...(series.endpointName ? { endpointName: series.endpointName } : {}),
    ...(series.accountId ? { accountId: series.accountId } : {}),
    ...(series.region ? { region: series.region } : {}),
    ...(series.scheduleName ? { scheduleName: series.scheduleName } : {}),
    ...(series.monitoringType ? { monitoringType: series.monitoringType } : {}),
  };
}

function decode(row: SeriesRow): StoredSeries {
  return {
    entityRef: row.entity_ref,
    key: row.series_key,
    kind: row.kind as SeriesKind,
    name: row.name,
    meta: fromJson<SeriesMeta>(row.meta)!,
    ...(row.latest_t !== null && row.latest_v !== null
      ? { latest: { t: fromMs(row.latest_t), v: Number(row.latest_v) } }
      : {}),
    points: [],
  };
}

/** Metric series of the models and their datapoints. */
export class SeriesStore {
  constructor(private readonly db: Knex) {}

  /** Adds a round's new datapoints of one model (see {@link SeriesStore.writeMany}). */
  async write(
    entityRef: string,
    observed: ObservedSeries[],
    now: Date = new Date(),
  ): Promise<void> {
    await this.writeMany([{ entityRef, series: observed }], now);
  }

  /**
   * Adds a batch of models' new datapoints in a few multi-row statements: a
   * point already stored takes the newer value, and a series' latest point
   * only moves forward. `now` (the round's time) marks the series as read,
   * which keeps a series without datapoints from being pruned.
   */
  async writeMany(
    items: Array<{ entityRef: string; series: ObservedSeries[] }>,
    now: Date = new Date(),
  ): Promise<void> {
    // One row per key: PostgreSQL refuses to update a row twice in one statement.
    const seriesRows = new Map<string, SeriesRow>();
    const pointRows = new Map<
      string,
      { entity_ref: string; series_key: string; t: number; v: number }
    >();
    for (const { entityRef, series: observed } of items) {
      for (const series of observed) {
        const points = series.points
          .map(p => ({ t: Date.parse(p.t), v: p.v }))
          .filter(p => Number.isFinite(p.t) && Number.isFinite(p.v));
        const newest = points.reduce<{ t: number; v: number } | undefined>(
          (a, p) => (!a || p.t >= a.t ? p : a),
          undefined,
        );
        const id = `${entityRef}\u0000${series.key}`;
        const seen = seriesRows.get(id);
        if (!seen || (newest && newest.t >= Number(seen.latest_t ?? -1))) {
          seriesRows.set(id, {
            entity_ref: entityRef,
            series_key: series.key,
            kind: series.kind,
            name: series.name,
            meta: toJson(metaOf(series)),
            latest_t: newest?.t ?? seen?.latest_t ?? null,
            latest_v: newest?.v ?? seen?.latest_v ?? null,
            seen_at: now.getTime(),
          });
        }
        for (const p of points) {
          pointRows.set(`${id}\u0000${p.t}`, {
            entity_ref: entityRef,
            series_key: series.key,
            t: p.t,
            v: p.v,
          });
        }
      }
    }
    if (seriesRows.size === 0) return;
    const newer = `excluded.latest_t is not null and (${SERIES}.latest_t is null or excluded.latest_t >= ${SERIES}.latest_t)`;
    // Points first: a failure between the two leaves the latest point where it was, and the points
    // are read again (the round that failed to store does not save its read positions).
    for (const part of chunk([...pointRows.values()], rowsPerStatement(4))) {
      await this.db(POINTS)
        .insert(part)
        .onConflict(['entity_ref', 'series_key', 't'])
        .merge(['v']);
    }
    const db = this.db;
    for (const part of chunk([...seriesRows.values()], rowsPerStatement(8))) {
      await db<SeriesRow>(SERIES)
        .insert(part)
        .onConflict(['entity_ref', 'series_key'])
        .merge({
          kind: db.raw('excluded.kind'),
          name: db.raw('excluded.name'),
          meta: db.raw('excluded.meta'),
          seen_at: db.raw('excluded.seen_at'),
          latest_t: db.raw(
            `case when ${newer} then excluded.latest_t else ${SERIES}.latest_t end`,
          ),
          latest_v: db.raw(
            `case when ${newer} then excluded.latest_v else ${SERIES}.latest_v end`,
          ),
        } as never);
    }
  }

  /** Series of the given models, without points. */
  async listMeta(entityRefs: string[]): Promise<StoredSeries[]> {
    const out: StoredSeries[] = [];
    for (const part of chunk([...new Set(entityRefs)], 500)) {
      const rows = await this.db<SeriesRow>(SERIES)
        .whereIn('entity_ref', part)
        .orderBy(['entity_ref', 'series_key']);
      out.push(...rows.map(decode));
    }
    return out;
  }

  /** Series of one model with their points since `since` (all of them when `keys` is omitted). */
  async listWithPoints(
    entityRef: string,
    since: Date,
    keys?: string[],
  ): Promise<StoredSeries[]> {
    let query = this.db<SeriesRow>(SERIES).where('entity_ref', entityRef);
    if (keys) query = query.whereIn('series_key', keys);
    let pointsQuery = this.db(POINTS)
      .where('entity_ref', entityRef)
      .where('t', '>=', since.getTime());
    if (keys) pointsQuery = pointsQuery.whereIn('series_key', keys);
    // Independent reads, side by side: a page view waits for the slower only.
    const [seriesRows, rows] = await Promise.all([
      query.orderBy('series_key'),
      pointsQuery.select('series_key', 't', 'v').orderBy([
        { column: 'series_key', order: 'asc' },
        { column: 't', order: 'asc' },
      ]) as Promise<
        Array<{ series_key: string; t: string | number; v: number }>
      >,
    ]);
    const series = seriesRows.map(decode);
    const byKey = new Map(series.map(s => [s.key, s]));
    for (const row of rows) {
      byKey
        .get(row.series_key)
        ?.points.push({ t: fromMs(row.t), v: Number(row.v) });
    }
    return series;
  }

  /**
   * Points since `since` of several models' series in one query (the fleet
   * page's sparklines), by `entityRef` and series key.
   */
  async pointsOf(
    series: Array<{ entityRef: string; key: string }>,
    since: Date,
  ): Promise<Map<string, Map<string, SeriesPoint[]>>> {
    const out = new Map<string, Map<string, SeriesPoint[]>>();
    for (const part of chunk(series, 300)) {
      const rows = (await this.db(POINTS)
        .whereIn(
          ['entity_ref', 'series_key'],
          part.map(s => [s.entityRef, s.key]),
        )
        .where('t', '>=', since.getTime())
        .select('entity_ref', 'series_key', 't', 'v')
        .orderBy([
          { column: 'entity_ref', order: 'asc' },
          { column: 'series_key', order: 'asc' },
          { column: 't', order: 'asc' },
        ])) as Array<{
        entity_ref: string;
        series_key: string;
        t: string | number;
        v: number;
      }>;
      for (const row of rows) {
        const byKey = out.get(row.entity_ref) ?? new Map();
        out.set(row.entity_ref, byKey);
        const points = byKey.get(row.series_key) ?? [];
        byKey.set(row.series_key, points);
        points.push({ t: fromMs(row.t), v: Number(row.v) });
      }
    }
    return out;
  }

  /**
   * Deletes points older than `before`, and series with nothing newer. A
   * series without any datapoint (a drift feature with "no data") is kept
   * while rounds still read it, and goes `before` after the last that did.
   */
  async prune(before: Date): Promise<{ points: number; series: number }> {
    const cutoff = before.getTime();
    const points = await this.db(POINTS).where('t', '<', cutoff).delete();
    const series = await this.db(SERIES)
      .where(builder =>
        builder
          .where('latest_t', '<', cutoff)
          .orWhere(empty =>
            empty
              .whereNull('latest_t')
              .where(read =>
                read.where('seen_at', '<', cutoff).orWhereNull('seen_at'),
              ),
          ),
      )
      .delete();
    return { points, series };
  }
}
