import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { CollectionStats } from '../collectors/types';
import { fromJson, fromMs, toJson, toMs } from './util';

const RUNS = 'collection_runs';
const CLAIMS = 'refresh_claims';

export type RunKind = 'fleet' | 'refresh';

export interface CollectionRun {
  id: number;
  kind: RunKind;
  startedAt: string;
  finishedAt?: string;
  outcome: 'running' | 'ok' | 'failed' | 'aborted';
  models: number;
  metricDiscovery: boolean;
  stats?: CollectionStats;
  error?: string;
}

type RunRow = {
  id: number;
  kind: string;
  started_at: string | number;
  finished_at: string | number | null;
  outcome: string;
  models: number;
  metric_discovery: boolean | number;
  stats: string | null;
  error: string | null;
};

function decodeRun(row: RunRow): CollectionRun {
  return {
    id: Number(row.id),
    kind: row.kind as RunKind,
    startedAt: fromMs(row.started_at),
    ...(row.finished_at !== null
      ? { finishedAt: fromMs(row.finished_at) }
      : {}),
    outcome: row.outcome as CollectionRun['outcome'],
    models: Number(row.models),
    metricDiscovery: Boolean(row.metric_discovery),
    ...(row.stats ? { stats: fromJson<CollectionStats>(row.stats) } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

/** The record of collection rounds and refresh rate limits. */
export class RunStore {
  constructor(private readonly db: Knex) {}

  async startRun(
    kind: RunKind,
    metricDiscovery: boolean,
    now: Date,
  ): Promise<number> {
    const [row] = await this.db(RUNS)
      .insert({
        kind,
        started_at: now.getTime(),
        outcome: 'running',
        models: 0,
        metric_discovery: metricDiscovery,
      })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishRun(
    id: number,
    result: {
      outcome: 'ok' | 'failed' | 'aborted';
      models: number;
      stats?: CollectionStats;
      error?: string;
    },
    now: Date,
  ): Promise<void> {
    await this.db(RUNS)
      .where('id', id)
      .update({
        finished_at: now.getTime(),
        outcome: result.outcome,
        models: result.models,
        stats: result.stats ? toJson(result.stats) : null,
        error: result.error ?? null,
      });
  }

  async listRuns(kind?: RunKind): Promise<CollectionRun[]> {
    let query = this.db<RunRow>(RUNS).orderBy('id');
    if (kind) query = query.where('kind', kind);
    return (await query).map(decodeRun);
  }

  /** When the last successful round with metric discovery started. */
  async lastMetricDiscoveryAt(): Promise<Date | undefined> {
    const row = await this.db<RunRow>(RUNS)
      .where({ metric_discovery: true, outcome: 'ok' })
      .max({ at: 'started_at' })
      .first();
    const at = (row as { at?: string | number | null } | undefined)?.at;
    return at === null || at === undefined ? undefined : new Date(toMs(at));
  }

  /** The most recent round that finished, of the given kind or any. */
  async lastFinishedRun(kind?: RunKind): Promise<CollectionRun | undefined> {
    let query = this.db<RunRow>(RUNS).whereNotNull('finished_at');
    if (kind) query = query.where('kind', kind);
    const row = await query.orderBy('id', 'desc').first();
    return row ? decodeRun(row) : undefined;
  }

  /** When the last round of this kind that ended ok finished. */
  async lastOkFinishedAt(kind: RunKind): Promise<Date | undefined> {
    const row = await this.db<RunRow>(RUNS)
      .where({ kind, outcome: 'ok' })
      .max({ at: 'finished_at' })
      .first();
    const at = (row as { at?: string | number | null } | undefined)?.at;
    return at === null || at === undefined ? undefined : new Date(toMs(at));
  }

  async pruneRuns(before: Date): Promise<number> {
    return this.db(RUNS).where('started_at', '<', before.getTime()).delete();
  }

  /**
   * Takes the right to refresh a model now, unless it was refreshed within
   * `cooldownMs`. Safe across replicas: the row is updated conditionally or
   * inserted under its primary key, never both.
   */
  async claimRefresh(
    entityRef: string,
    now: Date,
    cooldownMs: number,
  ): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const updated = await this.db(CLAIMS)
      .where('entity_ref', entityRef)
      .where('claimed_at', '<=', now.getTime() - cooldownMs)
      .update({ claimed_at: now.getTime() });
    if (updated > 0) return { ok: true };
    try {
      await this.db(CLAIMS).insert({
        entity_ref: entityRef,
        claimed_at: now.getTime(),
      });
      return { ok: true };
    } catch (error) {
      if (!isDatabaseConflictError(error)) throw error;
    }
    const row = await this.db(CLAIMS).where('entity_ref', entityRef).first();
    const since = row ? now.getTime() - toMs(row.claimed_at) : 0;
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((cooldownMs - since) / 1000)),
    };
  }
}
