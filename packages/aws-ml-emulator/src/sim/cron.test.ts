import {
  nextRun,
  parseScheduleExpression,
  previousRun,
  runsBetween,
} from './cron';

const at = (iso: string) => Date.parse(iso);

describe('Model Monitor schedule expressions', () => {
  it('parses the expressions SageMaker accepts', () => {
    expect(parseScheduleExpression('cron(0 * ? * * *)', 0)).toEqual({
      kind: 'cron',
      minute: 0,
      hours: [...Array(24).keys()],
    });
    expect(parseScheduleExpression('cron(0 */6 ? * * *)', 0)).toEqual({
      kind: 'cron',
      minute: 0,
      hours: [0, 6, 12, 18],
    });
    expect(parseScheduleExpression('cron(0 5/12 ? * * *)', 0)).toEqual({
      kind: 'cron',
      minute: 0,
      hours: [5, 17],
    });
    expect(parseScheduleExpression('cron(30 1,13 ? * * *)', 0)).toEqual({
      kind: 'cron',
      minute: 30,
      hours: [1, 13],
    });
    expect(parseScheduleExpression('NOW', 42)).toEqual({
      kind: 'once',
      at: 42,
    });
  });

  it.each([
    'rate(1 hour)',
    'cron(0 * * * ? *)x',
    'cron(0 25 ? * * *)',
    'cron(0 * ? * MON *)',
    'cron(0 */0 ? * * *)',
  ])('rejects %s', expression =>
    expect(() => parseScheduleExpression(expression, 0)).toThrow(),
  );

  it('finds runs around an instant, across midnight', () => {
    const cadence = parseScheduleExpression('cron(0 */6 ? * * *)', 0);
    expect(nextRun(cadence, at('2026-11-25T18:00:01Z'))).toBe(
      at('2026-11-26T00:00:00Z'),
    );
    expect(nextRun(cadence, at('2026-11-25T18:00:00Z'))).toBe(
      at('2026-11-25T18:00:00Z'),
    );
    expect(previousRun(cadence, at('2026-11-25T05:59:59Z'))).toBe(
      at('2026-11-25T00:00:00Z'),
    );
    expect(
      [
        ...runsBetween(
          cadence,
          at('2026-11-25T05:00:00Z'),
          at('2026-11-26T01:00:00Z'),
        ),
      ].map(t => new Date(t).toISOString()),
    ).toEqual([
      '2026-11-25T06:00:00.000Z',
      '2026-11-25T12:00:00.000Z',
      '2026-11-25T18:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ]);
    expect([
      ...runsBetween(
        cadence,
        at('2026-11-25T05:00:00Z'),
        at('2026-11-25T18:00:00Z'),
        true,
      ),
    ]).toEqual([at('2026-11-25T12:00:00Z'), at('2026-11-25T06:00:00Z')]);
  });
});
