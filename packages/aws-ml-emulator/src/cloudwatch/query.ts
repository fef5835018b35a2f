import { cloudwatchErrors } from '../server/errors';
import { Dimension, seriesKey } from '../sim/series';
import type { RegionState } from '../world';
import { Series, evaluateExpression, referencedIds } from './math';
import { Stat, aggregate, parseStat } from './stats';

export interface MetricStatQuery {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  period: number;
  stat: Stat;
  statName: string;
  unit?: string;
  /** Series identity key, computed once at parse time. */
  key: string;
}

export interface MetricQuery {
  id: string;
  label?: string;
  returnData: boolean;
  period?: number;
  metricStat?: MetricStatQuery;
  expression?: string;
}

export interface QueryResult {
  id: string;
  label: string;
  returnData: boolean;
  series: Series;
}

const ID_PATTERN = /^[a-z][a-zA-Z0-9_]{0,254}$/;
const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 20, 30];

export function validPeriod(period: unknown): period is number {
  return (
    typeof period === 'number' &&
    Number.isInteger(period) &&
    period > 0 &&
    (HIGH_RESOLUTION_PERIODS.includes(period) || period % 60 === 0)
  );
}

export function validateDimensions(raw: unknown, where: string): Dimension[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 30) {
    throw cloudwatchErrors.invalidParameter(
      `${where}.Dimensions must be a list of at most 30 dimensions.`,
    );
  }
  return raw.map((d, i) => {
    if (
      typeof d?.Name !== 'string' ||
      d.Name === '' ||
      typeof d.Value !== 'string' ||
      d.Value === ''
    ) {
      throw cloudwatchErrors.invalidParameter(
        `${where}.Dimensions.member.${i + 1} needs a Name and a Value.`,
      );
    }
    return { Name: d.Name, Value: d.Value };
  });
}

/** Validates MetricDataQueries with the rules GetMetricData and metric-math alarms share. */
export function parseQueries(raw: unknown, member: string): MetricQuery[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw cloudwatchErrors.missingParameter(
      `The parameter ${member} is required.`,
    );
  }
  if (raw.length > 500) {
    throw cloudwatchErrors.validation(
      `The collection ${member} must not have a size greater than 500.`,
    );
  }
  const seen = new Set<string>();
  const queries = raw.map((q: Record<string, any>, i): MetricQuery => {
    const where = `${member}.member.${i + 1}`;
    if (typeof q?.Id !== 'string' || !ID_PATTERN.test(q.Id)) {
      throw cloudwatchErrors.validation(
        `The value ${q?.Id} for parameter ${where}.Id is not valid. The Id must start with a lowercase letter and contain only letters, numbers and underscores.`,
      );
    }
    if (seen.has(q.Id))
      throw cloudwatchErrors.validation(
        `The Id ${q.Id} is used more than once.`,
      );
    seen.add(q.Id);
    const hasStat = q.MetricStat !== undefined && q.MetricStat !== null;
    const hasExpression =
      typeof q.Expression === 'string' && q.Expression !== '';
    if (hasStat === hasExpression) {
      throw cloudwatchErrors.validation(
        `Exactly one of MetricStat and Expression must be set in ${where}.`,
      );
    }
    if (q.Period !== undefined && !validPeriod(q.Period)) {
      throw cloudwatchErrors.validation(
        `${where}.Period must be 1, 5, 10, 20, 30 or a multiple of 60.`,
      );
    }
    const query: MetricQuery = {
      id: q.Id,
      label: typeof q.Label === 'string' ? q.Label : undefined,
      returnData: q.ReturnData !== false,
      period: q.Period,
    };
    if (hasExpression) {
      query.expression = q.Expression;
      return query;
    }
    const stat = q.MetricStat;
    const metric = stat.Metric ?? {};
    if (
      typeof metric.Namespace !== 'string' ||
      typeof metric.MetricName !== 'string'
    ) {
      throw cloudwatchErrors.missingParameter(
        `${where}.MetricStat.Metric needs Namespace and MetricName.`,
      );
    }
    if (!validPeriod(stat.Period)) {
      throw cloudwatchErrors.validation(
        `${where}.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60.`,
      );
    }
    const parsed =
      typeof stat.Stat === 'string' ? parseStat(stat.Stat) : undefined;
    if (!parsed) {
      throw cloudwatchErrors.validation(
        `The statistic ${stat.Stat} in ${where}.MetricStat.Stat is not supported (Average, Sum, Minimum, Maximum, SampleCount, pNN).`,
      );
    }
    const dimensions = validateDimensions(
      metric.Dimensions,
      `${where}.MetricStat.Metric`,
    );
    query.metricStat = {
      namespace: metric.Namespace,
      metricName: metric.MetricName,
      dimensions,
      period: stat.Period,
      stat: parsed,
      statName: stat.Stat,
      unit: typeof stat.Unit === 'string' ? stat.Unit : undefined,
      key: seriesKey(metric.Namespace, metric.MetricName, dimensions),
    };
    return query;
  });
  for (const q of queries) {
    if (!q.expression) continue;
    for (const ref of referencedIds(q.expression)) {
      if (!seen.has(ref)) {
        throw cloudwatchErrors.validation(
          `The expression "${q.expression}" references unknown id ${ref}.`,
        );
      }
    }
  }
  return queries;
}

/** Buckets one metric's datapoints into periods starting at `start`. */
export function metricSeries(
  state: RegionState,
  stat: MetricStatQuery,
  start: number,
  end: number,
  asOf: number,
): { series: Series; samples: number } {
  const period = stat.period * 1000;
  const points = state.metrics.points(stat, start, end, asOf);
  const buckets = new Map<number, typeof points>();
  for (const p of points) {
    const bucket = start + Math.floor((p.t - start) / period) * period;
    let list = buckets.get(bucket);
    if (!list) buckets.set(bucket, (list = []));
    list.push(p);
  }
  const series: Series = new Map();
  for (const [t, list] of buckets) {
    const value = aggregate(list, stat.stat);
    if (value !== undefined) series.set(t, value);
  }
  return { series, samples: points.length };
}

/** Evaluates all queries over [start, end); expressions after the ids they reference. */
export function runQueries(
  state: RegionState,
  queries: MetricQuery[],
  start: number,
  end: number,
  asOf: number,
): QueryResult[] {
  const results = new Map<string, QueryResult>();
  const byId = new Map(queries.map(q => [q.id, q]));
  const visiting = new Set<string>();
  const periodOf = (q: MetricQuery): number => {
    if (q.metricStat) return q.metricStat.period;
    if (q.period) return q.period;
    for (const ref of referencedIds(q.expression!)) {
      const inner = byId.get(ref);
      if (inner && !visiting.has(ref)) return periodOf(inner);
    }
    return 60;
  };
  const evaluate = (q: MetricQuery): QueryResult => {
    const done = results.get(q.id);
    if (done) return done;
    if (visiting.has(q.id))
      throw cloudwatchErrors.validation(
        `The expression of ${q.id} is circular.`,
      );
    visiting.add(q.id);
    let series: Series;
    if (q.metricStat) {
      series = metricSeries(state, q.metricStat, start, end, asOf).series;
    } else {
      const env = new Map<string, Series>();
      for (const ref of referencedIds(q.expression!))
        env.set(ref, evaluate(byId.get(ref)!).series);
      if (/METRICS\s*\(/i.test(q.expression!)) {
        for (const other of queries)
          if (other.metricStat) env.set(other.id, evaluate(other).series);
      }
      const period = periodOf(q) * 1000;
      const grid: number[] = [];
      for (let t = start; t < end && grid.length < 100_800; t += period)
        grid.push(t);
      series = new Map(
        [...evaluateExpression(q.expression!, env, grid)].sort(
          (a, b) => a[0] - b[0],
        ),
      );
    }
    visiting.delete(q.id);
    const result: QueryResult = {
      id: q.id,
      label: q.label ?? (q.metricStat ? q.metricStat.metricName : q.id),
      returnData: q.returnData,
      series: new Map([...series].sort((a, b) => a[0] - b[0])),
    };
    results.set(q.id, result);
    return result;
  };
  return queries.map(evaluate);
}
