import {
  Dimension,
  NAMESPACES,
  SimSeries,
  modelSeries,
  resolveSimSeries,
  seriesKey,
} from '../sim/series';
import { DAY, HOUR } from '../util/time';
import type { RegionState } from '../world';
import { Point, pointOf } from './stats';

export interface StoredSeries {
  key: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  /** Sorted by timestamp; at most one point per timestamp (later puts merge into it). */
  points: Point[];
}

export interface MetricIdentity {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
}

export interface ListFilter {
  namespace?: string;
  metricName?: string;
  dimensions?: Array<{ Name: string; Value?: string }>;
  recentlyActive?: boolean;
}

/** Position in the virtual metric list: simulated (model, series) first, then stored keys. */
export type ListCursor = ['sim', number, number] | ['put', string];

const SIMULATED_NAMESPACES = Object.values(NAMESPACES) as string[];
const RESOLUTION_CACHE_LIMIT = 200_000;

/** CloudWatch metrics of one account/region: simulated series plus PutMetricData points. */
export class MetricStore {
  private readonly stored = new Map<string, StoredSeries>();
  private readonly resolved = new Map<string, SimSeries | null>();
  /** Bumped by every PutMetricData so alarms know to re-evaluate. */
  version = 0;

  constructor(private readonly state: RegionState) {}

  simSeries(
    namespace: string,
    metricName: string,
    dimensions: Dimension[],
    key = seriesKey(namespace, metricName, dimensions),
  ): SimSeries | undefined {
    if (!SIMULATED_NAMESPACES.includes(namespace)) return undefined;
    // The simulated fleet is fixed at start-up, so resolutions never go stale.
    let resolved = this.resolved.get(key);
    if (resolved === undefined) {
      if (this.resolved.size >= RESOLUTION_CACHE_LIMIT) this.resolved.clear();
      resolved =
        resolveSimSeries(this.state, namespace, metricName, dimensions) ?? null;
      this.resolved.set(key, resolved);
    }
    return resolved ?? undefined;
  }

  /** Datapoints with from <= t < to; stored points replace simulated ones at the same instant. */
  points(
    metric: {
      namespace: string;
      metricName: string;
      dimensions: Dimension[];
      key: string;
      unit?: string;
    },
    from: number,
    to: number,
    asOf: number,
  ): Point[] {
    const unit = metric.unit;
    const sim = this.simSeries(
      metric.namespace,
      metric.metricName,
      metric.dimensions,
      metric.key,
    );
    const stored = this.stored.get(metric.key);
    const simulated: Point[] = [];
    if (sim && (!unit || unit === sim.unit)) {
      for (const s of sim.samples(
        from,
        Math.min(to, asOf + 1),
        Math.min(asOf, this.state.clock()),
      )) {
        simulated.push(pointOf(s.t, s.v));
      }
    }
    if (!stored) return simulated;
    const real = stored.points.filter(
      p =>
        p.t >= from &&
        p.t < to &&
        p.t <= asOf &&
        (!unit || (p.unit ?? 'None') === unit),
    );
    if (simulated.length === 0) return real;
    const overridden = new Set(real.map(p => p.t));
    return [...simulated.filter(p => !overridden.has(p.t)), ...real].sort(
      (a, b) => a.t - b.t,
    );
  }

  put(
    namespace: string,
    dimensions: Dimension[],
    metricName: string,
    point: Point,
  ): void {
    const key = seriesKey(namespace, metricName, dimensions);
    let series = this.stored.get(key);
    if (!series) {
      series = { key, namespace, metricName, dimensions, points: [] };
      this.stored.set(key, series);
    }
    const points = series.points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid].t < point.t) lo = mid + 1;
      else hi = mid;
    }
    const existing = points[lo];
    if (existing && existing.t === point.t) {
      points[lo] = merge(existing, point);
    } else {
      points.splice(lo, 0, point);
    }
    this.version++;
  }

  /** One page of ListMetrics; AWS lists only metrics with data in the last two weeks. */
  list(
    filter: ListFilter,
    cursor: ListCursor | undefined,
    limit: number,
    now: number,
  ) {
    const horizon = now - (filter.recentlyActive ? 3 * HOUR : 14 * DAY);
    const out: MetricIdentity[] = [];
    let next: ListCursor | undefined;
    const accepts = (identity: {
      namespace: string;
      metricName: string;
      dimensions: Dimension[];
    }) =>
      (!filter.namespace || identity.namespace === filter.namespace) &&
      (!filter.metricName || identity.metricName === filter.metricName) &&
      (filter.dimensions ?? []).every(f =>
        identity.dimensions.some(
          d =>
            d.Name === f.Name && (f.Value === undefined || d.Value === f.Value),
        ),
      );
    const models = this.candidateModels(filter);
    const simNamespaceOk =
      !filter.namespace || SIMULATED_NAMESPACES.includes(filter.namespace);
    if (simNamespaceOk && (!cursor || cursor[0] === 'sim')) {
      const [, startModel, startSeries] = cursor ?? ['sim', 0, 0];
      for (let m = startModel; m < models.length && !next; m++) {
        const series = modelSeries(models[m], filter.namespace);
        for (
          let s = m === startModel ? startSeries : 0;
          s < series.length;
          s++
        ) {
          const candidate = series[s];
          if (!accepts(candidate)) continue;
          const last = candidate.lastSampleAt(now);
          if (last === undefined || last < horizon) continue;
          if (out.length === limit) {
            next = ['sim', m, s];
            break;
          }
          out.push(identityOf(candidate));
        }
      }
    }
    if (!next) {
      const startKey = cursor?.[0] === 'put' ? cursor[1] : undefined;
      const keys = [...this.stored.keys()].sort();
      for (const key of keys) {
        if (startKey !== undefined && key < startKey) continue;
        const series = this.stored.get(key)!;
        if (!accepts(series)) continue;
        const last = series.points[series.points.length - 1];
        if (!last || last.t < horizon) continue;
        // A put into a simulated series is listed once, with the simulated series.
        const simLast = simNamespaceOk
          ? this.simSeries(
              series.namespace,
              series.metricName,
              series.dimensions,
            )?.lastSampleAt(now)
          : undefined;
        if (simLast !== undefined && simLast >= horizon) continue;
        if (out.length === limit) {
          next = ['put', key];
          break;
        }
        out.push(identityOf(series));
      }
    }
    return { metrics: out, next };
  }

  /** Narrows the scan to one model when the filter names it by a dimension. */
  private candidateModels(filter: ListFilter) {
    for (const d of filter.dimensions ?? []) {
      if (d.Value === undefined) continue;
      if (d.Name === 'ModelName')
        return this.state.models.filter(m => m.name === d.Value);
      if (d.Name === 'Endpoint' || d.Name === 'EndpointName') {
        return this.state.models.filter(m => m.spec.endpoint?.name === d.Value);
      }
      if (d.Name === 'MonitoringSchedule') {
        const owner = this.state.scheduleSim(d.Value)?.model;
        return owner ? [owner] : [];
      }
    }
    return this.state.models;
  }
}

function identityOf(series: {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}): MetricIdentity {
  return {
    Namespace: series.namespace,
    MetricName: series.metricName,
    Dimensions: series.dimensions,
  };
}

function merge(a: Point, b: Point): Point {
  const values = a.values && b.values ? [...a.values, ...b.values] : undefined;
  const counts =
    values && (a.counts || b.counts)
      ? [
          ...(a.counts ?? a.values!.map(() => 1)),
          ...(b.counts ?? b.values!.map(() => 1)),
        ]
      : undefined;
  return {
    t: a.t,
    sum: a.sum + b.sum,
    count: a.count + b.count,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    values,
    counts,
    unit: a.unit ?? b.unit,
  };
}
