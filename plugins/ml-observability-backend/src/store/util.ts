import type { Knex } from 'knex';

export function isPostgres(db: Knex): boolean {
  const client = db.client.config.client;
  return (
    typeof client === 'string' && /^(pg|postgres|postgresql)$/.test(client)
  );
}

/** PostgreSQL returns bigint columns as strings. */
export function toMs(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

export function fromMs(value: string | number): string {
  return new Date(toMs(value)).toISOString();
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined
    ? undefined
    : (JSON.parse(text) as T);
}

export { chunk } from '../lib/chunk';

/**
 * Bound parameters one statement may use: well under SQLite's 32766 and
 * PostgreSQL's 65535, and few enough that a statement stays quick to plan.
 */
export const PARAMETERS_PER_STATEMENT = 9_000;

/** knex writes a multi-row insert on SQLite as a compound SELECT, which takes at most 500 terms. */
export const ROWS_PER_STATEMENT = 500;

/** Rows of `columns` values that fit in one multi-row statement. */
export function rowsPerStatement(columns: number): number {
  return Math.max(
    1,
    Math.min(
      ROWS_PER_STATEMENT,
      Math.floor(PARAMETERS_PER_STATEMENT / columns),
    ),
  );
}
