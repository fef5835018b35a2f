/**
 * Database statements a step made, counted by PostgreSQL itself
 * (`pg_stat_statements`, in the benchmark's own cluster), per database: each
 * Backstage plugin has a database of its own, so the plugin's statements are
 * those of its database and nobody else's. Two snapshots, before and after
 * the step; the difference of `calls` per statement is what the step ran.
 */
import type { Knex } from 'knex';
import { adminConnection } from './database';

/** One row of `pg_stat_statements`: a normalized statement of one database. */
export interface StatementRow {
  database: string;
  queryId: string;
  query: string;
  calls: number;
}

export interface StatementSnapshot {
  rows: StatementRow[];
  /** `pg_stat_statements_info.dealloc`: entries evicted so far (an eviction loses counts). */
  evicted: number;
}

export interface StatementCounts {
  total: number;
  /** By the statement's command: SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, ... */
  byCommand: Record<string, number>;
  /** False when pg_stat_statements evicted entries in between: the counts may be short. */
  complete: boolean;
}

/** Server settings the counting needs (the module is loaded at server start). */
export const STATEMENT_COUNTING_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  // Top-level statements, utility ones (BEGIN, COMMIT, DDL) included, as the client sent them.
  'pg_stat_statements.track': 'top',
  'pg_stat_statements.track_utility': 'on',
  // Statements differing in their number of VALUES rows are separate entries; keep them all.
  'pg_stat_statements.max': 20000,
} as const;

/** The command of a statement: its first keyword, upper case (`WITH` kept as is). */
export function commandOf(query: string): string {
  const text = query
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .trim()
    .replace(/^\(+\s*/, '');
  const word = /^[A-Za-z]+/.exec(text)?.[0];
  if (!word) return 'OTHER';
  const upper = word.toUpperCase();
  const synonyms: Record<string, string> = { START: 'BEGIN', END: 'COMMIT' };
  return synonyms[upper] ?? upper;
}

/** What ran between two snapshots in the databases `wanted` accepts. */
export function statementsBetween(
  before: StatementSnapshot,
  after: StatementSnapshot,
  wanted: (database: string) => boolean,
): StatementCounts {
  const key = (r: StatementRow) => `${r.database}\u0000${r.queryId}`;
  const earlier = new Map(before.rows.map(r => [key(r), r.calls]));
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const row of after.rows) {
    if (!wanted(row.database)) continue;
    const calls = row.calls - (earlier.get(key(row)) ?? 0);
    if (calls <= 0) continue;
    const command = commandOf(row.query);
    byCommand[command] = (byCommand[command] ?? 0) + calls;
    total += calls;
  }
  return { total, byCommand, complete: after.evicted === before.evicted };
}

/** Reads `pg_stat_statements` of a server whose `shared_preload_libraries` loads it. */
export class StatementCounter {
  private constructor(private readonly admin: Knex) {}

  /** Undefined (with the reason) when the server does not count statements. */
  static async connect(
    url: string,
  ): Promise<{ counter?: StatementCounter; reason?: string }> {
    const admin = adminConnection(url);
    try {
      const { rows } = await admin.raw(
        `select current_setting('shared_preload_libraries') as libs`,
      );
      if (!String(rows[0]?.libs ?? '').includes('pg_stat_statements')) {
        await admin.destroy();
        return {
          reason:
            'the server does not load pg_stat_statements (shared_preload_libraries)',
        };
      }
      await admin.raw('create extension if not exists pg_stat_statements');
      return { counter: new StatementCounter(admin) };
    } catch (error) {
      await admin.destroy();
      return { reason: (error as Error).message.split('\n')[0] };
    }
  }

  async snapshot(): Promise<StatementSnapshot> {
    const { rows } = await this.admin.raw(
      `select d.datname as database, s.queryid::text as "queryId", s.query, s.calls::bigint as calls
         from pg_stat_statements s join pg_database d on d.oid = s.dbid`,
    );
    const info = await this.admin.raw(
      'select dealloc::bigint as dealloc from pg_stat_statements_info',
    );
    return {
      rows: (rows as Array<Record<string, unknown>>).map(r => ({
        database: String(r.database),
        queryId: String(r.queryId),
        query: String(r.query),
        calls: Number(r.calls),
      })),
      evicted: Number(info.rows[0]?.dealloc ?? 0),
    };
  }

  close(): Promise<void> {
    return this.admin.destroy();
  }
}

/** The plugin's database under a Backstage prefix (`pluginDivisionMode: database`). */
export const pluginDatabase = (prefix: string, pluginId: string) =>
  `${prefix}${pluginId}`;
