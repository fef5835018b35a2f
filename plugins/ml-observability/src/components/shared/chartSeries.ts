import type { SeriesPoint } from '@mlobs/backstage-plugin-ml-observability-common';

/** Distinguishable for colour-blind readers (Okabe–Ito). */
export const LINE_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
];

/** Lines also differ by dash pattern, so colour is not the only cue. */
export const LINE_DASHES = ['', '6 3', '2 2', '8 3 2 3', '12 4', '4 4 1 4'];

export type ChartRow = { t: number } & Record<string, number | undefined>;

/**
 * Several series as chart rows keyed by time: one row per distinct instant,
 * one column per series key, absent where a series has no point.
 */
export function mergeSeries(series: Record<string, SeriesPoint[]>): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const [key, points] of Object.entries(series)) {
    for (const point of points) {
      const t = Date.parse(point.t);
      if (Number.isNaN(t) || !Number.isFinite(point.v)) continue;
      const row = rows.get(t) ?? { t };
      row[key] = point.v;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** First and last finite values of a series, for a sentence about it. */
export function seriesEnds(
  points: SeriesPoint[],
): { first: number; last: number; min: number; max: number } | undefined {
  const values = points.map(p => p.v).filter(Number.isFinite);
  if (values.length === 0) return undefined;
  return {
    first: values[0],
    last: values[values.length - 1],
    min: Math.min(...values),
    max: Math.max(...values),
  };
}
