import {
  commandOf,
  StatementRow,
  StatementSnapshot,
  statementsBetween,
} from './statements';

const row = (
  database: string,
  queryId: string,
  query: string,
  calls: number,
): StatementRow => ({ database, queryId, query, calls });
const snapshot = (rows: StatementRow[], evicted = 0): StatementSnapshot => ({
  rows,
  evicted,
});

describe('commandOf', () => {
  it('names a statement by its first keyword', () => {
    expect(commandOf('select * from "snapshots" where "ref" = $1')).toBe(
      'SELECT',
    );
    expect(commandOf('  insert into x values ($1)')).toBe('INSERT');
    expect(commandOf('/* knex */ update x set y = $1')).toBe('UPDATE');
    expect(commandOf('-- a comment\ndelete from x')).toBe('DELETE');
    expect(commandOf('(select 1) union (select 2)')).toBe('SELECT');
    expect(
      commandOf('with a as (select 1) insert into x select * from a'),
    ).toBe('WITH');
  });

  it('counts the synonyms of a transaction as BEGIN and COMMIT', () => {
    expect(commandOf('BEGIN')).toBe('BEGIN');
    expect(commandOf('start transaction')).toBe('BEGIN');
    expect(commandOf('end')).toBe('COMMIT');
    expect(commandOf('')).toBe('OTHER');
  });
});

describe('statementsBetween', () => {
  const plugin = (name: string) => name === 'p_ml-observability';

  it('counts the calls added in the wanted database only, new statements included', () => {
    const before = snapshot([
      row('p_ml-observability', '1', 'select * from a where id = $1', 10),
      row('p_ml-observability', '2', 'BEGIN', 3),
      row('p_catalog', '1', 'select * from refresh_state', 100),
    ]);
    const after = snapshot([
      row('p_ml-observability', '1', 'select * from a where id = $1', 14),
      row('p_ml-observability', '2', 'BEGIN', 3),
      row('p_ml-observability', '3', 'insert into a values ($1), ($2)', 2),
      row('p_catalog', '1', 'select * from refresh_state', 500),
    ]);
    expect(statementsBetween(before, after, plugin)).toEqual({
      total: 6,
      byCommand: { SELECT: 4, INSERT: 2 },
      complete: true,
    });
  });

  it('keeps the same query id of two databases apart', () => {
    const before = snapshot([row('other', '7', 'select 1', 50)]);
    const after = snapshot([
      row('other', '7', 'select 1', 60),
      row('p_ml-observability', '7', 'select 1', 5),
    ]);
    expect(statementsBetween(before, after, plugin).total).toBe(5);
  });

  it('says when evicted entries may have lost counts', () => {
    const result = statementsBetween(
      snapshot([], 2),
      snapshot([row('p_ml-observability', '1', 'select 1', 1)], 3),
      plugin,
    );
    expect(result.complete).toBe(false);
    expect(result.total).toBe(1);
  });
});
