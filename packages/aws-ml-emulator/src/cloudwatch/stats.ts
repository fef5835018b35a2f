/** A datapoint as CloudWatch stores it: a statistic set, optionally with raw values. */
export interface Point {
  t: number;
  sum: number;
  count: number;
  min: number;
  max: number;
  /** Raw values with their counts, when known (needed for percentiles). */
  values?: number[];
  counts?: number[];
  unit?: string;
}

export type Stat =
  | { kind: 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount' }
  | { kind: 'percentile'; p: number };

const SIMPLE = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'] as const;

/** The statistics the emulator computes: the five basic ones and percentiles pNN(.NN). */
export function parseStat(stat: string): Stat | undefined {
  if ((SIMPLE as readonly string[]).includes(stat))
    return { kind: stat as (typeof SIMPLE)[number] };
  const match = /^p(\d{1,2}(?:\.\d{1,10})?|100)$/.exec(stat);
  if (match) return { kind: 'percentile', p: Number(match[1]) };
  return undefined;
}

export function pointOf(t: number, v: number): Point {
  return { t, sum: v, count: 1, min: v, max: v, values: [v] };
}

export function aggregate(points: Point[], stat: Stat): number | undefined {
  if (points.length === 0) return undefined;
  if (stat.kind === 'percentile') return percentile(points, stat.p);
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    sum += p.sum;
    count += p.count;
    if (p.min < min) min = p.min;
    if (p.max > max) max = p.max;
  }
  switch (stat.kind) {
    case 'Average':
      return count > 0 ? round(sum / count) : undefined;
    case 'Sum':
      return round(sum);
    case 'Minimum':
      return min;
    case 'Maximum':
      return max;
    default:
      return count;
  }
}

function percentile(points: Point[], p: number): number | undefined {
  const weighted: Array<[number, number]> = [];
  let total = 0;
  for (const point of points) {
    if (!point.values) continue;
    for (let i = 0; i < point.values.length; i++) {
      const weight = point.counts?.[i] ?? 1;
      weighted.push([point.values[i], weight]);
      total += weight;
    }
  }
  if (total === 0) return undefined;
  weighted.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [value, weight] of weighted) {
    seen += weight;
    if (seen >= rank) return value;
  }
  return weighted[weighted.length - 1][0];
}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
