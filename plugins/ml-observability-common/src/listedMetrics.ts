/**
 * ListMetrics results without repeats: CloudWatch (and some endpoints) can
 * return the same metric, same name and same dimension set, more than once
 * across or within pages. Every ListMetrics caller passes its results here.
 */

/** The fields of a ListMetrics `Metric` that identify it. */
export interface ListedMetric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name?: string; Value?: string }[];
}

/** Identity of a listed metric: namespace, name and sorted dimension set. */
export function listedMetricKey(metric: ListedMetric): string {
  const dims = (metric.Dimensions ?? [])
    .map(d => `${d.Name ?? ''}=${d.Value ?? ''}`)
    .sort();
  return [metric.Namespace ?? '', metric.MetricName ?? '', ...dims].join(
    '\u0000',
  );
}

/** The metrics in first-seen order, each identity kept once. */
export function uniqueListedMetrics<T extends ListedMetric>(metrics: T[]): T[] {
  const seen = new Set<string>();
  return metrics.filter(m => {
    const key = listedMetricKey(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
