import type { Handler } from '../server/context';
import { cloudwatchErrors } from '../server/errors';
import { decodeToken, encodeToken } from '../util/pagination';
import {
  DAY,
  HOUR,
  MINUTE,
  floorTo,
  parseTimestamp,
  toEpochSeconds,
} from '../util/time';
import type { ListCursor } from './metricStore';
import { parseQueries, runQueries, validateDimensions } from './query';
import { Point, pointOf } from './stats';

export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];
const DEFAULT_MAX_DATAPOINTS = 100_800;

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null) {
    throw cloudwatchErrors.missingParameter(
      `The parameter ${name} is required.`,
    );
  }
  return value;
}

/** CloudWatch rounds StartTime down by the age of the data (1 min / 5 min / 1 h resolution). */
function roundStart(start: number, now: number): number {
  const age = now - start;
  if (age < 15 * DAY) return floorTo(start, MINUTE);
  if (age < 63 * DAY) return floorTo(start, 5 * MINUTE);
  return floorTo(start, HOUR);
}

const getMetricData: Handler = (body, ctx) => {
  const queries = parseQueries(body.MetricDataQueries, 'MetricDataQueries');
  const start = parseTimestamp(required(body.StartTime, 'StartTime'));
  const end = parseTimestamp(required(body.EndTime, 'EndTime'));
  if (start === undefined || end === undefined) {
    throw cloudwatchErrors.invalidParameter(
      'StartTime and EndTime must be timestamps.',
    );
  }
  if (start >= end) {
    throw cloudwatchErrors.validation(
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  }
  const scanBy = body.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw cloudwatchErrors.invalidParameter(
      `Invalid ScanBy ${String(scanBy)}.`,
    );
  }
  const maxDatapoints = body.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (
    typeof maxDatapoints !== 'number' ||
    !Number.isInteger(maxDatapoints) ||
    maxDatapoints < 1
  ) {
    throw cloudwatchErrors.invalidParameter(
      'MaxDatapoints must be a positive integer.',
    );
  }
  const cursor = decodeToken<[number, number]>(
    'cloudwatch',
    'GetMetricData',
    body.NextToken,
  ) ?? [0, 0];
  ctx.usage.metricsRequested += queries.filter(q => q.metricStat).length;

  const results = runQueries(
    ctx.state,
    queries,
    roundStart(start, ctx.now),
    end,
    Infinity,
  ).filter(r => r.returnData);
  let budget = maxDatapoints;
  let next: [number, number] | undefined;
  const out = [];
  for (let i = cursor[0]; i < results.length; i++) {
    const r = results[i];
    const entries = [...r.series];
    if (scanBy === 'TimestampDescending') entries.reverse();
    const offset = i === cursor[0] ? cursor[1] : 0;
    const slice = entries.slice(offset, offset + budget);
    budget -= slice.length;
    const partial = offset + slice.length < entries.length;
    out.push({
      Id: r.id,
      Label: r.label,
      Timestamps: slice.map(([t]) => toEpochSeconds(t)),
      Values: slice.map(([, v]) => v),
      StatusCode: partial ? 'PartialData' : 'Complete',
    });
    ctx.usage.datapointsReturned += slice.length;
    if (partial) {
      next = [i, offset + slice.length];
      break;
    }
    if (budget === 0 && i + 1 < results.length) {
      next = [i + 1, 0];
      break;
    }
  }
  return {
    MetricDataResults: out,
    Messages: [],
    ...(next ? { NextToken: encodeToken('GetMetricData', next) } : {}),
  };
};

const listMetrics: Handler = (body, ctx) => {
  const filters = body.Dimensions;
  if (
    filters !== undefined &&
    (!Array.isArray(filters) || filters.length > 10)
  ) {
    throw cloudwatchErrors.invalidParameter(
      'Dimensions must be a list of at most 10 filters.',
    );
  }
  const dimensions = ((filters as Array<Record<string, unknown>>) ?? []).map(
    (f, i) => {
      if (typeof f?.Name !== 'string' || f.Name === '') {
        throw cloudwatchErrors.missingParameter(
          `The parameter Dimensions.member.${i + 1}.Name is required.`,
        );
      }
      return {
        Name: f.Name,
        Value: typeof f.Value === 'string' ? f.Value : undefined,
      };
    },
  );
  if (body.RecentlyActive !== undefined && body.RecentlyActive !== 'PT3H') {
    throw cloudwatchErrors.invalidParameter('RecentlyActive must be PT3H.');
  }
  const cursor = decodeToken<ListCursor>(
    'cloudwatch',
    'ListMetrics',
    body.NextToken,
  );
  const { metrics, next } = ctx.state.metrics.list(
    {
      namespace:
        typeof body.Namespace === 'string' ? body.Namespace : undefined,
      metricName:
        typeof body.MetricName === 'string' ? body.MetricName : undefined,
      dimensions,
      recentlyActive: body.RecentlyActive === 'PT3H',
    },
    cursor,
    500,
    ctx.now,
  );
  return {
    Metrics: metrics,
    ...(body.IncludeLinkedAccounts === true
      ? { OwningAccounts: metrics.map(() => ctx.account) }
      : {}),
    ...(next ? { NextToken: encodeToken('ListMetrics', next) } : {}),
  };
};

function datumPoint(d: Record<string, any>, where: string, now: number): Point {
  const t = d.Timestamp === undefined ? now : parseTimestamp(d.Timestamp);
  if (t === undefined)
    throw cloudwatchErrors.invalidParameter(
      `${where}.Timestamp is not a valid timestamp.`,
    );
  if (t < now - 14 * DAY || t > now + 2 * HOUR) {
    throw cloudwatchErrors.invalidParameter(
      `The parameter ${where}.Timestamp must specify a time no more than two weeks in the past or two hours in the future.`,
    );
  }
  if (d.Unit !== undefined && !STANDARD_UNITS.includes(d.Unit)) {
    throw cloudwatchErrors.invalidParameter(
      `The value ${d.Unit} for parameter ${where}.Unit is not valid.`,
    );
  }
  const kinds = [
    d.Value !== undefined,
    d.StatisticValues !== undefined,
    d.Values !== undefined,
  ];
  if (kinds.filter(Boolean).length !== 1) {
    throw cloudwatchErrors.invalidCombination(
      `Exactly one of ${where}.Value, StatisticValues and Values must be specified.`,
    );
  }
  const finite = (v: unknown): v is number =>
    typeof v === 'number' && Number.isFinite(v);
  let point: Point;
  if (d.Value !== undefined) {
    if (!finite(d.Value))
      throw cloudwatchErrors.invalidParameter(
        `${where}.Value must be a finite number.`,
      );
    point = pointOf(t, d.Value);
  } else if (d.StatisticValues !== undefined) {
    const s = d.StatisticValues;
    if (
      ![s?.SampleCount, s?.Sum, s?.Minimum, s?.Maximum].every(finite) ||
      s.SampleCount <= 0
    ) {
      throw cloudwatchErrors.invalidParameter(
        `${where}.StatisticValues needs SampleCount, Sum, Minimum and Maximum.`,
      );
    }
    point = {
      t,
      sum: s.Sum,
      count: s.SampleCount,
      min: s.Minimum,
      max: s.Maximum,
    };
  } else {
    const values = d.Values;
    const counts = d.Counts ?? values.map(() => 1);
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.length > 150 ||
      !values.every(finite)
    ) {
      throw cloudwatchErrors.invalidParameter(
        `${where}.Values must hold 1 to 150 finite numbers.`,
      );
    }
    if (
      !Array.isArray(counts) ||
      counts.length !== values.length ||
      !counts.every(finite)
    ) {
      throw cloudwatchErrors.invalidParameter(
        `${where}.Counts must match ${where}.Values in length.`,
      );
    }
    point = {
      t,
      sum: values.reduce(
        (acc: number, v: number, i: number) => acc + v * counts[i],
        0,
      ),
      count: counts.reduce((acc: number, c: number) => acc + c, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      values: [...values],
      counts: [...counts],
    };
  }
  return { ...point, unit: d.Unit ?? 'None' };
}

const putMetricData: Handler = (body, ctx) => {
  const namespace = body.Namespace;
  if (typeof namespace !== 'string' || namespace === '') {
    throw cloudwatchErrors.missingParameter(
      'The parameter Namespace is required.',
    );
  }
  if (namespace.startsWith('AWS/')) {
    throw cloudwatchErrors.invalidParameter(
      `The value ${namespace} for parameter Namespace is invalid.`,
    );
  }
  const data = body.MetricData;
  if (!Array.isArray(data) || data.length === 0) {
    throw cloudwatchErrors.missingParameter(
      'The parameter MetricData is required.',
    );
  }
  if (data.length > 1000) {
    throw cloudwatchErrors.validation(
      'The collection MetricData must not have a size greater than 1000.',
    );
  }
  const prepared = data.map((d: Record<string, any>, i: number) => {
    const where = `MetricData.member.${i + 1}`;
    if (typeof d?.MetricName !== 'string' || d.MetricName === '') {
      throw cloudwatchErrors.missingParameter(
        `The parameter ${where}.MetricName is required.`,
      );
    }
    return {
      name: d.MetricName as string,
      dimensions: validateDimensions(d.Dimensions, where),
      point: datumPoint(d, where, ctx.now),
    };
  });
  for (const p of prepared)
    ctx.state.metrics.put(namespace, p.dimensions, p.name, p.point);
  return {};
};

export const metricHandlers: Record<string, Handler> = {
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
  PutMetricData: putMetricData,
};
