/**
 * GetMetricData in batches of 500 queries, the most one call takes.
 * GetMetricData is billed per metric requested, so the caller decides which
 * series are due; this module only packs them tightly.
 */
import {
  GetMetricDataCommand,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { MetricDimension } from '@mlobs/backstage-plugin-ml-observability-common';
import { chunk } from '../lib/chunk';
import type { RegionContext } from './context';
import type { SourceFailure } from './errors';

export const MAX_QUERIES_PER_CALL = 500;

export interface MetricQuery {
  /** Unique per series; queries with the same id are sent once. */
  seriesId: string;
  namespace: string;
  name: string;
  dimensions: MetricDimension[];
  stat: string;
  periodSeconds: number;
  /** Epoch ms: read from here on. */
  startMs: number;
  /** Epoch ms of the newest point already read; only later points are new. */
  afterMs?: number;
  /**
   * Keep only buckets that have closed by `now`: an open bucket of a
   * continuously published metric would be read half-filled and never again.
   */
  completeBucketsOnly: boolean;
}

export interface Point {
  t: string;
  v: number;
}

export interface MetricFetch {
  points: Map<string, Point[]>;
  failures: Map<string, SourceFailure>;
  /** Queries sent, counting each page (what AWS bills). */
  metricsRequested: number;
}

function zipPoints(result: MetricDataResult): Array<{ t: number; v: number }> {
  const times = result.Timestamps ?? [];
  const values = result.Values ?? [];
  const out: Array<{ t: number; v: number }> = [];
  for (let i = 0; i < Math.min(times.length, values.length); i++) {
    if (Number.isFinite(values[i]))
      out.push({ t: times[i].getTime(), v: values[i] });
  }
  return out;
}

async function fetchChunk(
  ctx: RegionContext,
  queries: MetricQuery[],
  now: Date,
  into: MetricFetch,
): Promise<void> {
  const maxPeriod = Math.max(...queries.map(q => q.periodSeconds)) * 1000;
  // Aligned to the longest period so every query's buckets start on their own boundary.
  const start =
    Math.floor(Math.min(...queries.map(q => q.startMs)) / maxPeriod) *
    maxPeriod;
  const byId = new Map(queries.map((q, i) => [`q${i}`, q]));
  const raw = new Map<string, Array<{ t: number; v: number }>>();
  const failed = new Map<string, SourceFailure>();
  const metricDataQueries = [...byId.entries()].map(([id, q]) => ({
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: q.namespace,
        MetricName: q.name,
        Dimensions: q.dimensions.map(d => ({ Name: d.name, Value: d.value })),
      },
      Period: q.periodSeconds,
      Stat: q.stat,
    },
  }));
  try {
    const pages = await ctx.pages('CloudWatch', 'GetMetricData', token => {
      // Every page requests every metric again, and is billed so.
      into.metricsRequested += queries.length;
      return ctx.clients.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: now,
          ScanBy: 'TimestampAscending',
          NextToken: token,
          MetricDataQueries: metricDataQueries,
        }),
        ctx.http,
      );
    });
    for (const result of pages.flatMap(p => p.MetricDataResults ?? [])) {
      const q = result.Id ? byId.get(result.Id) : undefined;
      if (!q) continue;
      if (
        result.StatusCode === 'Forbidden' ||
        result.StatusCode === 'InternalError'
      ) {
        failed.set(q.seriesId, {
          outcome: result.StatusCode === 'Forbidden' ? 'denied' : 'error',
          message:
            result.StatusCode === 'Forbidden'
              ? `access denied to metric ${q.namespace} ${q.name} in ${ctx.where}; allow cloudwatch:GetMetricData for it`
              : `CloudWatch could not read metric ${q.namespace} ${q.name} in ${ctx.where}`,
        });
        continue;
      }
      const list = raw.get(q.seriesId) ?? [];
      list.push(...zipPoints(result));
      raw.set(q.seriesId, list);
    }
  } catch (error) {
    const failure = ctx.failureOf(error, 'metric data');
    for (const q of queries) into.failures.set(q.seriesId, failure);
    return;
  }
  for (const q of queries) {
    const failure = failed.get(q.seriesId);
    if (failure) {
      into.failures.set(q.seriesId, failure);
      continue;
    }
    const seen = new Set<number>();
    const points = (raw.get(q.seriesId) ?? [])
      .filter(p => p.t >= q.startMs - q.periodSeconds * 1000)
      .filter(p => q.afterMs === undefined || p.t > q.afterMs)
      .filter(
        p =>
          !q.completeBucketsOnly ||
          p.t + q.periodSeconds * 1000 <= now.getTime(),
      )
      .filter(p => (seen.has(p.t) ? false : (seen.add(p.t), true)))
      .sort((a, b) => a.t - b.t)
      .map(p => ({ t: new Date(p.t).toISOString(), v: p.v }));
    into.points.set(q.seriesId, points);
  }
}

/** Reads every query, 500 to a call, the calls in parallel within the region's bound. */
export async function fetchMetricData(
  ctx: RegionContext,
  queries: MetricQuery[],
  now: Date,
): Promise<MetricFetch> {
  const unique = new Map<string, MetricQuery>();
  for (const q of queries) {
    const existing = unique.get(q.seriesId);
    if (!existing || q.startMs < existing.startMs) unique.set(q.seriesId, q);
  }
  // Queries that start close together share a call, so no call reads far more history than it needs.
  const sorted = [...unique.values()].sort((a, b) => a.startMs - b.startMs);
  const result: MetricFetch = {
    points: new Map(),
    failures: new Map(),
    metricsRequested: 0,
  };
  await Promise.all(
    chunk(sorted, MAX_QUERIES_PER_CALL).map(c =>
      fetchChunk(ctx, c, now, result),
    ),
  );
  return result;
}
