import type { Knex } from 'knex';
import type { HealthStatus } from '@mlobs/backstage-plugin-ml-observability-common';
import { hasGoodAwsData, mergeSources } from './merge';
import { resourcesOf } from './resources';
import type { ModelSnapshot, ModelUpdate, ResourceKey } from './types';
import { chunk, fromJson, fromMs, isPostgres, toJson } from './util';

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
  sources: string;
  runbook: string | null;
  health_status: string;
  reason_count: number;
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
    sources: fromJson(row.sources) ?? {},
    runbook: fromJson(row.runbook),
    healthStatus: row.health_status as HealthStatus,
    reasonCount: Number(row.reason_count),
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
    for (const part of chunk([...new Set(entityRefs)], 500)) {
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

  /**
   * Writes one round's findings for a model, keeping what the round did not
   * read, in one transaction so a concurrent refresh cannot interleave.
   */
  async write(update: ModelUpdate, now: Date): Promise<ModelSnapshot> {
    return this.db.transaction(async tx => {
      let query = tx<SnapshotRow>(SNAPSHOTS).where(
        'entity_ref',
        update.entityRef,
      );
      if (isPostgres(tx)) query = query.forUpdate();
      const existingRow = await query.first();
      const existing = existingRow ? decode(existingRow) : undefined;
      const sources = mergeSources(
        existing?.sources ?? {},
        update.sources,
        now,
      );
      for (const id of update.dropSources ?? []) delete sources[id];
      const keep = <T>(
        next: T | undefined,
        previous: string | null | undefined,
      ) => (next !== undefined ? toJson(next) : previous ?? null);
      const row: SnapshotRow = {
        entity_ref: update.entityRef,
        title: update.title ?? null,
        owner: update.owner ?? null,
        lifecycle: update.lifecycle ?? null,
        account_id: update.accountId ?? null,
        region: update.region ?? null,
        time_zone: update.timeZone ?? null,
        target: toJson(update.target),
        endpoints: keep(update.endpoints, existingRow?.endpoints),
        schedules: keep(update.monitoringSchedules, existingRow?.schedules),
        alarms: keep(update.alarms, existingRow?.alarms),
        publishing: keep(update.publishingSchedules, existingRow?.publishing),
        sources: toJson(sources),
        runbook:
          update.runbook === null
            ? null
            : keep(update.runbook, existingRow?.runbook),
        health_status: existingRow?.health_status ?? 'unknown',
        reason_count: existingRow?.reason_count ?? 0,
        collected_at: hasGoodAwsData(update.sources)
          ? now.getTime()
          : existingRow?.collected_at ?? null,
        checked_at: now.getTime(),
      };
      await tx<SnapshotRow>(SNAPSHOTS)
        .insert(row)
        .onConflict('entity_ref')
        .merge();
      const snapshot = decode(row);
      await tx(RESOURCES).where('entity_ref', update.entityRef).delete();
      for (const part of chunk(resourcesOf(snapshot), 200)) {
        await tx(RESOURCES).insert(
          part.map(r => ({
            entity_ref: update.entityRef,
            kind: r.kind,
            resource_key: r.key,
          })),
        );
      }
      return snapshot;
    });
  }

  /** Records the verdict computed after a write (write() returns the previous one). */
  async setHealth(
    entityRef: string,
    status: HealthStatus,
    reasonCount: number,
  ): Promise<void> {
    await this.db<SnapshotRow>(SNAPSHOTS)
      .where('entity_ref', entityRef)
      .update({ health_status: status, reason_count: reasonCount });
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
