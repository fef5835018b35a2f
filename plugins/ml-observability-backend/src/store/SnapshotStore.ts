import type { Knex } from 'knex';
import { hasGoodAwsData, mergeSources } from './merge';
import { resourcesOf } from './resources';
import type { ModelSnapshot, ModelUpdate, ResourceKey } from './types';
import { chunk, fromJson, fromMs, rowsPerStatement, toJson } from './util';

const SNAPSHOTS = 'model_snapshots';
const RESOURCES = 'model_resources';

type SnapshotRow = {
  entity_ref: string;
  title: string | null;
  owner: string | null;
  lifecycle: string | null;
  account_id: string | null;
  region: string | null;
  time_zone: string | null;
  target: string | null;
  endpoints: string | null;
  schedules: string | null;
  alarms: string | null;
  publishing: string | null;
  drift_coverage: string | null;
  sources: string;
  runbook: string | null;
  collected_at: string | number | null;
  checked_at: string | number;
};

const optional = <T>(value: T | null | undefined): T | undefined =>
  value === null ? undefined : value;

function decode(row: SnapshotRow): ModelSnapshot {
  const snapshot: ModelSnapshot = {
    entityRef: row.entity_ref,
    title: optional(row.title),
    owner: optional(row.owner),
    lifecycle: optional(row.lifecycle),
    accountId: optional(row.account_id),
    region: optional(row.region),
    timeZone: optional(row.time_zone),
    target: fromJson(row.target),
    endpoints: fromJson(row.endpoints),
    monitoringSchedules: fromJson(row.schedules),
    alarms: fromJson(row.alarms),
    publishingSchedules: fromJson(row.publishing),
    driftCoverage: fromJson(row.drift_coverage),
    sources: fromJson(row.sources) ?? {},
    runbook: fromJson(row.runbook),
    collectedAt:
      row.collected_at === null ? undefined : fromMs(row.collected_at),
    checkedAt: fromMs(row.checked_at),
  };
  // Undefined keys would otherwise show up as explicit undefined in tests and JSON merges.
  for (const key of Object.keys(snapshot) as Array<keyof ModelSnapshot>) {
    if (snapshot[key] === undefined) delete snapshot[key];
  }
  return snapshot;
}

const COLUMNS = 17;

/** The row of a model after a round: the update, over what was stored. */
function rowOf(
  update: ModelUpdate,
  previous: ModelSnapshot | undefined,
  now: Date,
): SnapshotRow {
  const sources = mergeSources(previous?.sources ?? {}, update.sources, now);
  for (const id of update.dropSources ?? []) delete sources[id];
  const keep = (next: unknown, stored: unknown) => {
    if (next !== undefined) return toJson(next);
    return stored !== undefined ? toJson(stored) : null;
  };
  let collectedAt: number | null = null;
  if (hasGoodAwsData(update.sources)) collectedAt = now.getTime();
  else if (previous?.collectedAt)
    collectedAt = Date.parse(previous.collectedAt);
  return {
    entity_ref: update.entityRef,
    title: update.title ?? null,
    owner: update.owner ?? null,
    lifecycle: update.lifecycle ?? null,
    account_id: update.accountId ?? null,
    region: update.region ?? null,
    time_zone: update.timeZone ?? null,
    target: toJson(update.target),
    endpoints: keep(update.endpoints, previous?.endpoints),
    schedules: keep(update.monitoringSchedules, previous?.monitoringSchedules),
    alarms: keep(update.alarms, previous?.alarms),
    publishing: keep(update.publishingSchedules, previous?.publishingSchedules),
    drift_coverage: keep(update.driftCoverage, previous?.driftCoverage),
    sources: toJson(sources),
    runbook:
      update.runbook === null ? null : keep(update.runbook, previous?.runbook),
    collected_at: collectedAt,
    checked_at: now.getTime(),
  };
}

function resourceText(snapshot: Parameters<typeof resourcesOf>[0]): string {
  return resourcesOf(snapshot)
    .map(r => `${r.kind}\u0000${r.key}`)
    .sort()
    .join('\n');
}

/** Latest snapshot per model, and the index of their AWS resources. */

export class SnapshotStore {
  constructor(private readonly db: Knex) {}

  async get(entityRef: string): Promise<ModelSnapshot | undefined> {
    const row = await this.db<SnapshotRow>(SNAPSHOTS)
      .where('entity_ref', entityRef)
      .first();
    return row ? decode(row) : undefined;
  }

  async list(entityRefs?: string[]): Promise<ModelSnapshot[]> {
    if (!entityRefs) {
      const rows = await this.db<SnapshotRow>(SNAPSHOTS).orderBy('entity_ref');
      return rows.map(decode);
    }
    const out: ModelSnapshot[] = [];
    for (const part of chunk([...new Set(entityRefs)], 2000)) {
      const rows = await this.db<SnapshotRow>(SNAPSHOTS).whereIn(
        'entity_ref',
        part,
      );
      out.push(...rows.map(decode));
    }
    return out;
  }

  /** All stored model refs. */
  /**
   * Changes whenever a snapshot is written or deleted, by this replica or
   * another: a cheap way to know whether a list read earlier is still
   * current. A round writes every model with the same time, so the latest
   * time alone would miss all but its first write; the sum of the times
   * (modulo a day, to stay exact) moves with each.
   */
  async version(): Promise<string> {
    const row = (await this.db(SNAPSHOTS)
      .select(
        this.db.raw(
          'count(*) as n, max(checked_at) as latest, sum(checked_at % 86400000) as spread',
        ),
      )
      .first()) as {
      n?: string | number;
      latest?: string | number | null;
      spread?: string | number | null;
    };
    return [row?.n ?? 0, row?.latest ?? '', row?.spread ?? '']
      .map(String)
      .join(':');
  }

  async listRefs(): Promise<string[]> {
    const rows = await this.db<SnapshotRow>(SNAPSHOTS).select('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  /** Writes one model's findings (see {@link SnapshotStore.writeMany}). */
  async write(update: ModelUpdate, now: Date): Promise<ModelSnapshot> {
    const previous = await this.get(update.entityRef);
    const [snapshot] = await this.writeMany([{ update, previous }], now);
    return snapshot;
  }

  /**
   * Writes a batch of models' findings, each merged into the snapshot it was
   * read from (what the round did not read is kept), in a few multi-row
   * statements. A snapshot written meanwhile by a later round or refresh is
   * not overwritten. The resource index is rewritten only for models whose
   * resources changed.
   */
  async writeMany(
    items: Array<{ update: ModelUpdate; previous?: ModelSnapshot }>,
    now: Date,
  ): Promise<ModelSnapshot[]> {
    if (items.length === 0) return [];
    const rows = items.map(i => rowOf(i.update, i.previous, now));
    const snapshots = rows.map(decode);
    const moved = items
      .map((item, at) => ({ ref: item.update.entityRef, at }))
      .filter(
        ({ at }) =>
          resourceText(snapshots[at]) !==
          (items[at].previous ? resourceText(items[at].previous!) : ''),
      );
    const parts = chunk(rows, rowsPerStatement(COLUMNS));
    const write = async (db: Knex) => {
      for (const part of parts) {
        await db<SnapshotRow>(SNAPSHOTS)
          .insert(part)
          .onConflict('entity_ref')
          .merge()
          .where(`${SNAPSHOTS}.checked_at`, '<=', now.getTime());
      }
      if (moved.length > 0) await this.reindex(db, moved, snapshots);
    };
    // A single statement is atomic on its own; a transaction would only add two round trips.
    if (parts.length === 1 && moved.length === 0) await write(this.db);
    else await this.db.transaction(write);
    return snapshots;
  }

  /** Rewrites the resource index of the models whose resources changed. */
  private async reindex(
    db: Knex,
    moved: Array<{ ref: string; at: number }>,
    snapshots: ModelSnapshot[],
  ): Promise<void> {
    for (const part of chunk(moved, 500)) {
      await db(RESOURCES)
        .whereIn(
          'entity_ref',
          part.map(m => m.ref),
        )
        .delete();
    }
    const resources = moved.flatMap(({ ref, at }) =>
      resourcesOf(snapshots[at]).map(r => ({
        entity_ref: ref,
        kind: r.kind,
        resource_key: r.key,
      })),
    );
    for (const part of chunk(resources, rowsPerStatement(3))) {
      await db(RESOURCES).insert(part);
    }
  }

  /** Forgets models that left the catalog, with their series and resources. */
  async deleteExcept(keepRefs: string[]): Promise<string[]> {
    const keep = new Set(keepRefs);
    const gone = (await this.listRefs()).filter(ref => !keep.has(ref));
    for (const part of chunk(gone, 200)) {
      await this.db.transaction(async tx => {
        for (const table of ['series_points', 'series', RESOURCES, SNAPSHOTS]) {
          await tx(table).whereIn('entity_ref', part).delete();
        }
      });
    }
    return gone;
  }

  /** Models holding any of the given resources. */
  async findByResources(
    keys: ResourceKey[],
  ): Promise<Array<{ entityRef: string } & ResourceKey>> {
    if (keys.length === 0) return [];
    const rows = await this.db(RESOURCES).where(builder => {
      for (const k of keys) {
        builder.orWhere(inner =>
          inner.where('kind', k.kind).where('resource_key', k.key),
        );
      }
    });
    return rows.map(r => ({
      entityRef: r.entity_ref,
      kind: r.kind,
      key: r.resource_key,
    }));
  }
}
