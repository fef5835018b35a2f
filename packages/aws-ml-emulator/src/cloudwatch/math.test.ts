import { evaluateExpression, referencedIds } from './math';

const grid = [0, 60_000, 120_000, 180_000];
const m1 = new Map([
  [0, 1],
  [60_000, 2],
  [180_000, 4],
]);
const m2 = new Map([
  [0, 10],
  [60_000, 20],
  [120_000, 30],
]);
const env = new Map([
  ['m1', m1],
  ['m2', m2],
]);
const run = (expression: string) => [
  ...evaluateExpression(expression, env, grid),
];

describe('metric math', () => {
  it('combines series with scalars and with each other on matching timestamps', () => {
    expect(run('m1 * 100')).toEqual([
      [0, 100],
      [60_000, 200],
      [180_000, 400],
    ]);
    expect(run('m2 / m1 - 1')).toEqual([
      [0, 9],
      [60_000, 9],
    ]);
    expect(run('-(m1 + 1) ^ 2')).toEqual([
      [0, -4],
      [60_000, -9],
      [180_000, -25],
    ]);
    expect(run('m1 / 0')).toEqual([]);
  });

  it('reduces series and arrays', () => {
    expect(run('AVG(m1)')).toEqual(grid.map(t => [t, 7 / 3]));
    expect(run('SUM([m1, m2])')).toEqual([
      [0, 11],
      [60_000, 22],
      [120_000, 30],
      [180_000, 4],
    ]);
    expect(run('MAX(METRICS())')).toEqual([
      [0, 10],
      [60_000, 20],
      [120_000, 30],
      [180_000, 4],
    ]);
  });

  it('supports time and gap functions', () => {
    const hours = new Map([[Date.parse('2026-11-25T14:00:00Z'), 5]]);
    expect([
      ...evaluateExpression('HOUR(h)', new Map([['h', hours]]), []),
    ]).toEqual([[Date.parse('2026-11-25T14:00:00Z'), 14]]);
    expect(run('FILL(m1, 0)')).toEqual([
      [0, 1],
      [60_000, 2],
      [120_000, 0],
      [180_000, 4],
    ]);
    expect(run('FILL(m1, REPEAT)')).toEqual([
      [0, 1],
      [60_000, 2],
      [120_000, 2],
      [180_000, 4],
    ]);
    expect(run('DIFF(m1)')).toEqual([
      [60_000, 1],
      [180_000, 2],
    ]);
    expect(run('RATE(m1)')).toEqual([
      [60_000, 1 / 60],
      [180_000, 2 / 120],
    ]);
    expect(run('ABS(m1 - 3)')).toEqual([
      [0, 2],
      [60_000, 1],
      [180_000, 1],
    ]);
  });

  it('rejects what it cannot evaluate', () => {
    expect(() => run('ANOMALY_DETECTION_BAND(m1)')).toThrow(/not supported/);
    expect(() => run('m1 +')).toThrow(/Invalid metric math/);
    expect(() => run('m3')).toThrow(/unknown id/);
    expect(() => run('[m1, m2]')).toThrow(/single one/);
  });

  it('lists referenced ids', () => {
    expect(referencedIds('FILL(m1, REPEAT) + SUM([m2, e3]) * 2')).toEqual([
      'm1',
      'm2',
      'e3',
    ]);
  });
});
