/** Latency figures of one series of samples, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/**
 * The nearest-rank percentile: the smallest sample such that at least `p`
 * percent of the samples are at or below it. Unlike interpolation it always
 * returns a value that was actually observed.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) {
    throw new Error('percentile of an empty series: take samples first');
  }
  if (!(p > 0 && p <= 100)) {
    throw new Error(`percentile must be in (0, 100], got ${p}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sum = samples.reduce((a, b) => a + b, 0);
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    mean: sum / samples.length,
  };
}

/** `a / b`, or undefined when `b` is zero, so a ratio is never Infinity in a report. */
export function ratio(a: number, b: number): number | undefined {
  return b === 0 ? undefined : a / b;
}
