import { isTransientUnavailability } from './errors';

describe('isTransientUnavailability', () => {
  it.each([
    [
      Object.assign(
        new Error('terminating connection due to administrator command'),
        { code: '57P01' },
      ),
    ],
    [
      Object.assign(new Error('the database system is starting up'), {
        code: '57P03',
      }),
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      }),
    ],
    [new Error('Connection terminated unexpectedly')],
    [
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
        name: 'KnexTimeoutError',
      }),
    ],
  ])('%s is a backing service out of reach', error => {
    expect(isTransientUnavailability(error)).toBe(true);
  });

  it.each([
    [new Error('relation "model_snapshots" does not exist')],
    [Object.assign(new Error('duplicate key value'), { code: '23505' })],
    [new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a string'],
    [undefined],
  ])('%s is not', error => {
    expect(isTransientUnavailability(error)).toBe(false);
  });
});
