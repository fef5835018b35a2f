/**
 * Databases the suites create for themselves and drop afterwards: each run
 * gets its own PostgreSQL databases (one per plugin, under a unique prefix)
 * or in-memory SQLite.
 */
import type { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';

export type DatabaseChoice =
  | { kind: 'postgres'; url: string; prefix: string }
  | { kind: 'sqlite' };

export const DEFAULT_POSTGRES_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

/** A prefix no other run uses, so parallel runs and other tests never share a database. */
export function uniquePrefix(label: string): string {
  const stamp = Date.now().toString(36);
  return `mlobs_${label}_${process.pid}_${stamp}_`;
}

export function databaseConfig(choice: DatabaseChoice): JsonObject {
  if (choice.kind === 'sqlite') {
    return { client: 'better-sqlite3', connection: ':memory:' };
  }
  return {
    client: 'pg',
    connection: choice.url,
    prefix: choice.prefix,
    pluginDivisionMode: 'database',
    ensureExists: true,
  };
}

export function adminConnection(url: string, database = 'postgres'): Knex {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return knexFactory({
    client: 'pg',
    connection: parsed.toString(),
    pool: { min: 0, max: 2 },
  });
}

export async function postgresReachable(url: string): Promise<boolean> {
  const admin = adminConnection(url);
  try {
    await admin.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await admin.destroy();
  }
}

/** Drops every database the run created (its prefix), closing their connections first. */
export async function dropDatabases(choice: DatabaseChoice): Promise<string[]> {
  if (choice.kind === 'sqlite') return [];
  const admin = adminConnection(choice.url);
  try {
    const rows = await admin
      .select('datname')
      .from('pg_database')
      .where('datname', 'like', `${choice.prefix.replace(/_/g, '\\_')}%`);
    const names = rows.map((r: { datname: string }) => r.datname);
    for (const name of names) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    }
    return names;
  } finally {
    await admin.destroy();
  }
}
