import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { CollectorState, StateKeys } from '../collectors/types';
import { chunk } from '../lib/chunk';
import { rowsPerStatement } from './util';

const ENTRIES = 'collector_state_entries';
/** One row per source: the version its fleet round saves against. */
const VERSIONS = 'collector_state';

type EntryRow = {
  source: string;
  scope: string;
  entry_key: string;
  state: string;
  updated_at: number;
};

/** Collector state as it was read: the entries, their stored text and the fleet version. */
export interface LoadedState {
  state: CollectorState;
  /** The source's fleet version when it was read (0: never saved). */
  version: number;
  /** Stored text by `scope\0key`, so a save writes only what changed. */
  texts: Map<string, string>;
}

const id = (scope: string, key: string) => `${scope}\u0000${key}`;

/** JSON with sorted keys, so an unchanged entry has the text it was stored with. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b, 'en')),
        )
      : v,
  );
}

function loaded(rows: EntryRow[], version: number): LoadedState {
  const state: CollectorState = {};
  const texts = new Map<string, string>();
  for (const row of rows) {
    try {
      (state[row.scope] ??= {})[row.entry_key] = JSON.parse(row.state);
      texts.set(id(row.scope, row.entry_key), row.state);
    } catch {
      // An unreadable entry is a cold start for that entry.
    }
  }
  return { state, version, texts };
}

/**
 * The state each signal source keeps between rounds, one row per scope and
 * entry, so a collection reads and writes only the entries it needs. Every
 * write is conditional on time: an entry written by a newer round (or a
 * refresh after it) is never overwritten by an older one.
 */
export class StateStore {
  constructor(private readonly db: Knex) {}

  /** Every entry of a source, with its fleet version: what a fleet round starts from. */
  async loadAll(source: string): Promise<LoadedState> {
    const [versionRow, rows] = await Promise.all([
      this.db(VERSIONS).where('id', source).first(),
      this.db<EntryRow>(ENTRIES).where('source', source),
    ]);
    return loaded(rows, versionRow ? Number(versionRow.version) : 0);
  }

  /** The given entries of a source (those that exist). */
  async load(source: string, keys: StateKeys): Promise<LoadedState> {
    const wanted = Object.entries(keys).flatMap(([scope, list]) =>
      list.map(key => [scope, key] as [string, string]),
    );
    const rows: EntryRow[] = [];
    for (const part of chunk(wanted, 300)) {
      rows.push(
        ...(await this.db<EntryRow>(ENTRIES)
          .where('source', source)
          .whereIn(['scope', 'entry_key'], part)),
      );
    }
    return loaded(rows, 0);
  }

  /**
   * Saves a fleet round's state: `next` is all of it, entries left out are
   * forgotten. Only when nobody saved the source's fleet state since
   * `loaded` was read; returns whether it saved. Changed entries only.
   */
  async saveRound(
    source: string,
    from: LoadedState,
    next: CollectorState,
    now: Date,
  ): Promise<{ saved: boolean; written: number; deleted: number }> {
    const changed = this.changedRows(source, from, next, now);
    const gone = [...from.texts.keys()]
      .map(k => k.split('\u0000') as [string, string])
      .filter(([scope, key]) => next[scope]?.[key] === undefined);
    try {
      return await this.db.transaction(async tx => {
        if (!(await this.bumpVersion(tx, source, from.version, now))) {
          return { saved: false, written: 0, deleted: 0 };
        }
        await this.upsert(tx, changed, now);
        for (const part of chunk(gone, 300)) {
          await tx(ENTRIES)
            .where('source', source)
            .where('updated_at', '<=', now.getTime())
            .whereIn(['scope', 'entry_key'], part)
            .delete();
        }
        return { saved: true, written: changed.length, deleted: gone.length };
      });
    } catch (error) {
      // Two first rounds racing: the other one inserted the version row first.
      if (from.version === 0 && isDatabaseConflictError(error)) {
        return { saved: false, written: 0, deleted: 0 };
      }
      throw error;
    }
  }

  /** Saves the given entries (a refresh's), leaving every other entry as it is. */
  async saveEntries(
    source: string,
    from: LoadedState,
    next: CollectorState,
    now: Date,
  ): Promise<number> {
    const changed = this.changedRows(source, from, next, now);
    await this.upsert(this.db, changed, now);
    return changed.length;
  }

  private changedRows(
    source: string,
    from: LoadedState,
    next: CollectorState,
    now: Date,
  ): EntryRow[] {
    const rows: EntryRow[] = [];
    for (const [scope, entries] of Object.entries(next)) {
      for (const [key, value] of Object.entries(entries)) {
        const text = stableJson(value);
        if (from.texts.get(id(scope, key)) === text) continue;
        rows.push({
          source,
          scope,
          entry_key: key,
          state: text,
          updated_at: now.getTime(),
        });
      }
    }
    return rows;
  }

  private async bumpVersion(
    tx: Knex.Transaction,
    source: string,
    version: number,
    now: Date,
  ): Promise<boolean> {
    if (version === 0) {
      await tx(VERSIONS).insert({
        id: source,
        state: '{}',
        version: 1,
        updated_at: now.getTime(),
      });
      return true;
    }
    const updated = await tx(VERSIONS)
      .where({ id: source, version })
      .update({ version: version + 1, updated_at: now.getTime() });
    return updated > 0;
  }

  private async upsert(
    db: Knex | Knex.Transaction,
    rows: EntryRow[],
    now: Date,
  ): Promise<void> {
    for (const part of chunk(rows, rowsPerStatement(5))) {
      await db(ENTRIES)
        .insert(part)
        .onConflict(['source', 'scope', 'entry_key'])
        .merge(['state', 'updated_at'])
        .where(`${ENTRIES}.updated_at`, '<=', now.getTime());
    }
  }
}
