/**
 * All alarms of a region in one DescribeAlarms walk, matched to models in
 * memory: DescribeAlarmsForMetric needs every dimension and misses metric
 * math and composite alarms, and would cost a call per model.
 */
import {
  CompositeAlarm,
  DescribeAlarmsCommand,
  Dimension,
  MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  AlarmInfo,
  AlarmState,
  CustomMetricSource,
  MetricDimension,
  cloudWatchAlarmUrl,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { chunk } from '../lib/chunk';
import type { RegionContext } from './context';
import { iso } from './sagemaker';

export interface CollectedAlarm {
  info: AlarmInfo;
  /** Every metric the alarm watches (one, or several for metric math). */
  watches: Array<{
    namespace: string;
    name?: string;
    dimensions: MetricDimension[];
  }>;
  /** Names of the alarms a composite alarm's rule refers to. */
  refersTo: string[];
}

const MODEL_MONITOR_PREFIX = 'aws/sagemaker/Endpoints/';
const SAGEMAKER_NAMESPACE = 'AWS/SageMaker';
/** DescribeAlarms takes at most 100 names. */
const MAX_ALARM_NAMES = 100;

export async function describeAllAlarms(
  ctx: RegionContext,
): Promise<CollectedAlarm[]> {
  const pages = await ctx.pages('CloudWatch', 'DescribeAlarms', token =>
    ctx.clients.cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: token,
      }),
      ctx.http,
    ),
  );
  return pages.flatMap(page => alarmsOfPage(page, ctx.region));
}

/**
 * The alarms of the given names (composite or metric), at most 100 names a
 * call: a model's own alarms without walking the region's.
 */
export async function describeAlarmsNamed(
  ctx: RegionContext,
  names: string[],
): Promise<CollectedAlarm[]> {
  const out: CollectedAlarm[] = [];
  for (const part of chunk([...new Set(names)], MAX_ALARM_NAMES)) {
    const pages = await ctx.pages('CloudWatch', 'DescribeAlarms', token =>
      ctx.clients.cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmNames: part,
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 100,
          NextToken: token,
        }),
        ctx.http,
      ),
    );
    out.push(...pages.flatMap(page => alarmsOfPage(page, ctx.region)));
  }
  return out;
}

function alarmsOfPage(
  page: { MetricAlarms?: MetricAlarm[]; CompositeAlarms?: CompositeAlarm[] },
  region: string,
): CollectedAlarm[] {
  return [
    ...(page.MetricAlarms ?? []).map(a => metricAlarmOf(a, region)),
    ...(page.CompositeAlarms ?? []).map(a => compositeAlarmOf(a, region)),
  ];
}

function stateOf(value: string | undefined): AlarmState {
  return value === 'OK' || value === 'ALARM' ? value : 'INSUFFICIENT_DATA';
}

function dimensionsOf(dimensions: Dimension[] | undefined): MetricDimension[] {
  return (dimensions ?? [])
    .filter(d => d.Name !== undefined && d.Value !== undefined)
    .map(d => ({ name: d.Name!, value: d.Value! }));
}

function commonInfo(a: MetricAlarm | CompositeAlarm, region: string) {
  const name = a.AlarmName ?? '';
  return {
    name,
    arn: a.AlarmArn ?? '',
    state: stateOf(a.StateValue),
    ...(a.StateReason ? { stateReason: a.StateReason } : {}),
    ...(a.StateTransitionedTimestamp || a.StateUpdatedTimestamp
      ? { since: iso(a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp) }
      : {}),
    ...(a.ActionsEnabled !== undefined
      ? { actionsEnabled: a.ActionsEnabled }
      : {}),
    consoleUrl: cloudWatchAlarmUrl(region, name),
  };
}

function metricAlarmOf(a: MetricAlarm, region: string): CollectedAlarm {
  const single =
    a.Namespace && a.MetricName
      ? {
          namespace: a.Namespace,
          name: a.MetricName,
          dimensions: dimensionsOf(a.Dimensions),
        }
      : undefined;
  const watches = single
    ? [single]
    : (a.Metrics ?? [])
        .map(q => q.MetricStat?.Metric)
        .filter(m => m?.Namespace)
        .map(m => ({
          namespace: m!.Namespace!,
          name: m!.MetricName,
          dimensions: dimensionsOf(m!.Dimensions),
        }));
  const stat = a.Statistic ?? a.ExtendedStatistic;
  return {
    info: {
      ...commonInfo(a, region),
      type: 'metric',
      ...(single
        ? {
            metric: {
              ...single,
              ...(stat ? { stat } : {}),
              ...(a.Period ? { periodSeconds: a.Period } : {}),
            },
          }
        : {}),
      ...(a.Threshold !== undefined ? { threshold: a.Threshold } : {}),
      ...(a.ComparisonOperator ? { comparison: a.ComparisonOperator } : {}),
    },
    watches,
    refersTo: [],
  };
}

const RULE_REFERENCE =
  /\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+))\s*\)/g;

/** Alarm names referred to by a composite rule; ARNs are reduced to the name. */
export function alarmRuleReferences(rule: string): string[] {
  const names = new Set<string>();
  for (const m of rule.matchAll(RULE_REFERENCE)) {
    const ref = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    const arnName = /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(ref);
    names.add(arnName ? arnName[1] : ref);
  }
  return [...names];
}

function compositeAlarmOf(a: CompositeAlarm, region: string): CollectedAlarm {
  return {
    info: {
      ...commonInfo(a, region),
      type: 'composite',
      ...(a.AlarmRule ? { alarmRule: a.AlarmRule } : {}),
    },
    watches: [],
    refersTo: a.AlarmRule ? alarmRuleReferences(a.AlarmRule) : [],
  };
}

export interface AlarmOwner {
  endpointNames: string[];
  /** The model's monitoring schedules, when known. */
  scheduleNames?: string[];
  metricSources: CustomMetricSource[];
}

function valueOf(
  dimensions: MetricDimension[],
  name: string,
): string | undefined {
  return dimensions.find(d => d.name === name)?.value;
}

/**
 * Endpoint names are unique in an account and region, but `Endpoint` is a
 * common dimension name, so it counts in Model Monitor namespaces or next to
 * a MonitoringSchedule (a team's own monitoring metrics); `EndpointName` in
 * SageMaker's own namespace; a schedule of the model in any namespace.
 */
/** @internal Exported for the reference check in the tests. */
export function watchesModel(
  watch: CollectedAlarm['watches'][number],
  owner: AlarmOwner,
  endpoints: Set<string>,
  schedules: Set<string>,
): boolean {
  const schedule = valueOf(watch.dimensions, 'MonitoringSchedule');
  if (schedule !== undefined && schedules.has(schedule)) return true;
  const endpoint = valueOf(watch.dimensions, 'Endpoint');
  if (
    endpoint !== undefined &&
    endpoints.has(endpoint) &&
    (watch.namespace.startsWith(MODEL_MONITOR_PREFIX) || schedule !== undefined)
  ) {
    return true;
  }
  if (watch.namespace === SAGEMAKER_NAMESPACE) {
    const name = valueOf(watch.dimensions, 'EndpointName');
    if (name !== undefined && endpoints.has(name)) return true;
  }
  return owner.metricSources.some(
    source =>
      source.namespace === watch.namespace &&
      (source.dimensions.length === 0
        ? watch.dimensions.length === 0
        : source.dimensions.every(
            d => valueOf(watch.dimensions, d.name) === d.value,
          )),
  );
}

/**
 * Where an alarm could belong, by the cheap keys `watchesModel` tests first:
 * a schedule, an endpoint, or (for custom sources) a namespace and one
 * dimension. Candidates
 * are checked exactly; the index only spares looking at every alarm of the
 * region once per model.
 */
class AlarmIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly compositesReferring = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();

  constructor(readonly alarms: CollectedAlarm[]) {
    alarms.forEach((alarm, at) => {
      const keys = new Set<string>();
      for (const w of alarm.watches) {
        const schedule = valueOf(w.dimensions, 'MonitoringSchedule');
        if (schedule !== undefined) keys.add(`schedule\n${schedule}`);
        const endpoint = valueOf(w.dimensions, 'Endpoint');
        if (endpoint !== undefined) keys.add(`endpoint\n${endpoint}`);
        const endpointName = valueOf(w.dimensions, 'EndpointName');
        if (endpointName !== undefined) keys.add(`endpoint\n${endpointName}`);
        // Custom sources: every dimension of the source must match, so one suffices as a key.
        if (w.dimensions.length === 0) keys.add(`bare\n${w.namespace}`);
        for (const d of w.dimensions) {
          keys.add(`dimension\n${w.namespace}\n${d.name}\n${d.value}`);
        }
      }
      for (const key of keys) add(this.byKey, key, at);
      add(this.byName, alarm.info.name, at);
      if (alarm.info.type === 'composite') {
        for (const ref of new Set(alarm.refersTo)) {
          add(this.compositesReferring, ref, at);
        }
      }
    });
  }

  candidates(owner: AlarmOwner): Set<number> {
    const found = new Set<number>();
    const take = (key: string) => {
      for (const at of this.byKey.get(key) ?? []) found.add(at);
    };
    for (const s of owner.scheduleNames ?? []) take(`schedule\n${s}`);
    for (const e of owner.endpointNames) take(`endpoint\n${e}`);
    for (const source of owner.metricSources) {
      const [first] = source.dimensions;
      take(
        first
          ? `dimension\n${source.namespace}\n${first.name}\n${first.value}`
          : `bare\n${source.namespace}`,
      );
    }
    return found;
  }

  byNameOf(name: string): number[] {
    return this.byName.get(name) ?? [];
  }

  /** Composite alarms whose rule names an alarm called `name`. */
  referring(name: string): number[] {
    return this.compositesReferring.get(name) ?? [];
  }
}

function add(map: Map<string, number[]>, key: string, at: number): void {
  const list = map.get(key);
  if (list) list.push(at);
  else map.set(key, [at]);
}

const alarmIndexes = new WeakMap<CollectedAlarm[], AlarmIndex>();

function alarmIndexOf(alarms: CollectedAlarm[]): AlarmIndex {
  let index = alarmIndexes.get(alarms);
  if (!index) {
    index = new AlarmIndex(alarms);
    alarmIndexes.set(alarms, index);
  }
  return index;
}

/**
 * The model's alarms: metric alarms on its endpoints' and schedules' metrics
 * or on its custom sources, then composite alarms whose rule names one of
 * those (transitively), in the order they were listed. The alarms of one
 * reading are indexed once, so a round costs what its models own rather
 * than models × alarms.
 */
export function alarmsOfModel(
  alarms: CollectedAlarm[],
  owner: AlarmOwner,
): AlarmInfo[] {
  const index = alarmIndexOf(alarms);
  const endpoints = new Set(owner.endpointNames);
  const schedules = new Set(owner.scheduleNames ?? []);
  const mine = new Set<number>();
  const names = new Set<string>();
  for (const at of index.candidates(owner)) {
    const a = alarms[at];
    if (a.watches.some(w => watchesModel(w, owner, endpoints, schedules))) {
      mine.add(at);
      names.add(a.info.name);
    }
  }
  // Composites, transitively: a composite naming one of mine is mine.
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop()!;
    for (const at of index.referring(name)) {
      if (mine.has(at)) continue;
      mine.add(at);
      const composite = alarms[at].info.name;
      if (!names.has(composite)) {
        names.add(composite);
        queue.push(composite);
      }
    }
  }
  // Every alarm listed under a name of mine, as before: names are unique per region.
  for (const name of names) {
    for (const at of index.byNameOf(name)) mine.add(at);
  }
  return [...mine].sort((a, b) => a - b).map(at => alarms[at].info);
}
