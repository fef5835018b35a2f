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

/** Splits rows into batches small enough for SQLite's bound-parameter limit. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}
