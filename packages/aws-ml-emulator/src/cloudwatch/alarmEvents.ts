import { randomUUID } from 'node:crypto';
import type { TopicStore } from '../sns/topics';
import type { QueueStore } from '../sqs/queues';
import type { AlarmChange, AlarmRecord } from './alarmStore';

/** The queue an adopter's EventBridge rule targets, by default, in each account and region. */
export const DEFAULT_ALARM_EVENTS_QUEUE = 'mlobs-alarm-events';

/** How deliveries misbehave, as EventBridge and SNS may (both are at-least-once, unordered). */
export interface AlarmEventFaults {
  /** Every event and alarm notification is delivered twice (same event id / MessageId). */
  duplicate?: boolean;
  /** The changes found in one evaluation pass are delivered newest first. */
  outOfOrder?: boolean;
}

export interface AlarmEventBusOptions {
  queues: QueueStore;
  topics: TopicStore;
  /** The queue (per account and region) the EventBridge rule delivers to; undefined: no rule. */
  queueName?: string;
  /** Changes before this instant (epoch ms, simulated) are history, not events. */
  liveSince: number;
  now: () => number;
  baseUrl: () => string;
  faults: () => AlarmEventFaults;
  /**
   * Whether a mute rule mutes the alarm's actions at the change: its SNS notifications are then
   * not sent (the state change, its history and the EventBridge event happen as usual).
   */
  muted?: (
    account: string,
    region: string,
    alarmName: string,
    at: number,
  ) => boolean;
  /** The alarm of an account and region, as it is now (for actions that trigger on unmute). */
  alarm?: (
    account: string,
    region: string,
    name: string,
  ) => AlarmRecord | undefined;
}

/** `2026-12-04T05:00:00.123+0000`, the form CloudWatch puts in events and notifications. */
export function cloudwatchTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '+0000');
}

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
};

type Json = Record<string, any>;

function eventMetric(m: Json): Json {
  const stat = m.MetricStat as Json | undefined;
  return {
    id: m.Id,
    ...(stat
      ? {
          metricStat: {
            metric: {
              namespace: stat.Metric?.Namespace,
              name: stat.Metric?.MetricName,
              dimensions: dimensionMap(stat.Metric?.Dimensions),
            },
            period: stat.Period,
            stat: stat.Stat,
          },
        }
      : {}),
    ...(m.Expression !== undefined ? { expression: m.Expression } : {}),
    ...(m.Label !== undefined ? { label: m.Label } : {}),
    returnData: m.ReturnData ?? true,
  };
}

function dimensionMap(dimensions: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(dimensions))
    for (const d of dimensions) out[String(d.Name)] = String(d.Value);
  return out;
}

/** The alarm's `detail.configuration`, as EventBridge describes it. */
function configuration(change: AlarmChange): Json {
  const input = change.record.input as Json;
  const description =
    input.AlarmDescription !== undefined
      ? { description: input.AlarmDescription }
      : {};
  if (change.record.kind === 'composite') {
    return { ...description, alarmRule: input.AlarmRule };
  }
  const metrics = Array.isArray(input.Metrics)
    ? input.Metrics.map(eventMetric)
    : [
        {
          id: 'm1',
          metricStat: {
            metric: {
              namespace: input.Namespace,
              name: input.MetricName,
              dimensions: dimensionMap(input.Dimensions),
            },
            period: input.Period,
            stat: input.Statistic ?? input.ExtendedStatistic,
          },
          returnData: true,
        },
      ];
  return { ...description, metrics };
}

/** The documented EventBridge event "CloudWatch Alarm State Change". */
export function alarmStateChangeEvent(change: AlarmChange, id: string): Json {
  const { record, previous } = change;
  const state = (value: string, reason: string, data: string | undefined) => ({
    value,
    reason,
    ...(data ? { reasonData: data } : {}),
  });
  return {
    version: '0',
    id,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: change.account,
    time: new Date(change.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: change.region,
    resources: [record.arn],
    detail: {
      alarmName: record.name,
      state: {
        ...state(record.state, record.reason, record.reasonData),
        timestamp: cloudwatchTime(change.at),
      },
      previousState: {
        ...state(previous.state, previous.reason, previous.reasonData),
        timestamp: cloudwatchTime(previous.at),
      },
      configuration: configuration(change),
    },
  };
}

/** The message CloudWatch publishes to an alarm action's SNS topic, and its subject. */
export function alarmNotification(change: AlarmChange): {
  subject: string;
  message: string;
} {
  const { record, previous } = change;
  const input = record.input as Json;
  const regionName = REGION_NAMES[change.region] ?? change.region;
  const trigger =
    record.kind === 'composite'
      ? undefined
      : {
          ...(input.MetricName !== undefined
            ? {
                MetricName: input.MetricName,
                Namespace: input.Namespace,
                StatisticType: input.Statistic
                  ? 'Statistic'
                  : 'ExtendedStatistic',
                Statistic: String(
                  input.Statistic ?? input.ExtendedStatistic,
                ).toUpperCase(),
                Unit: input.Unit ?? null,
                Dimensions: (input.Dimensions ?? []).map((d: Json) => ({
                  value: d.Value,
                  name: d.Name,
                })),
                Period: input.Period,
              }
            : { Metrics: input.Metrics }),
          EvaluationPeriods: input.EvaluationPeriods,
          DatapointsToAlarm: input.DatapointsToAlarm ?? input.EvaluationPeriods,
          ComparisonOperator: input.ComparisonOperator,
          Threshold: input.Threshold,
          TreatMissingData: input.TreatMissingData ?? 'missing',
          EvaluateLowSampleCountPercentile: '',
        };
  const message = {
    AlarmName: record.name,
    AlarmDescription: input.AlarmDescription ?? null,
    AWSAccountId: change.account,
    AlarmConfigurationUpdatedTimestamp: cloudwatchTime(record.configUpdatedAt),
    NewStateValue: record.state,
    NewStateReason: record.reason,
    StateChangeTime: cloudwatchTime(change.at),
    Region: regionName,
    AlarmArn: record.arn,
    OldStateValue: previous.state,
    OKActions: input.OKActions ?? [],
    AlarmActions: input.AlarmActions ?? [],
    InsufficientDataActions: input.InsufficientDataActions ?? [],
    ...(trigger ? { Trigger: trigger } : { AlarmRule: input.AlarmRule }),
  };
  return {
    subject: `${record.state}: "${record.name}" in ${regionName}`.slice(0, 100),
    message: JSON.stringify(message),
  };
}

const ACTIONS_OF_STATE = {
  ALARM: 'AlarmActions',
  OK: 'OKActions',
  INSUFFICIENT_DATA: 'InsufficientDataActions',
} as const;

function actionsFor(change: AlarmChange): string[] {
  const input = change.record.input as Json;
  if (input.ActionsEnabled === false) return [];
  const key = ACTIONS_OF_STATE[change.record.state];
  const actions = input[key];
  return Array.isArray(actions)
    ? actions.filter((a): a is string => typeof a === 'string')
    : [];
}

type Delivery = () => void;

/**
 * Turns live alarm state changes into what AWS delivers for them: the EventBridge event to
 * the rule's SQS queue and the alarm notification to each SNS topic of the new state's
 * actions. Deliveries of one synchronous evaluation pass go out together, right after it.
 */
export class AlarmEventBus {
  private pending: Delivery[] = [];
  private scheduled?: NodeJS.Immediate;
  private counts = { events: 0, notifications: 0, undeliverable: 0, muted: 0 };
  /** Per account/region/alarm: the last change whose notifications a mute rule suppressed. */
  private readonly suppressed = new Map<string, AlarmChange>();

  constructor(private readonly options: AlarmEventBusOptions) {}

  readonly listener = (change: AlarmChange): void => {
    if (change.at < this.options.liveSince) return;
    const { queues, queueName } = this.options;
    if (queueName) {
      const body = JSON.stringify(alarmStateChangeEvent(change, randomUUID()));
      const { account, region } = change;
      this.enqueue(() => {
        // EventBridge drops what its target refuses (a deleted queue); the rule's DLQ is not emulated.
        const queue = queues.get(account, region, queueName);
        if (!queue) {
          this.counts.undeliverable++;
          return;
        }
        queue.send(body, this.options.now());
        this.counts.events++;
      });
    }
    this.notify(change);
  };

  /**
   * A mute rule stopped muting these alarms early (it was deleted): as CloudWatch documents it,
   * an alarm in ALARM then triggers its actions, here the notification of the change it muted.
   */
  unmuted(account: string, region: string, alarmNames: string[], at: number) {
    for (const name of alarmNames) {
      const key = `${account}/${region}/${name}`;
      const change = this.suppressed.get(key);
      const record = this.options.alarm?.(account, region, name);
      if (!change || !record || record !== change.record) continue;
      if (record.state !== 'ALARM' || record.stateUpdatedAt !== change.at)
        continue;
      if (this.options.muted?.(account, region, name, at)) continue;
      this.suppressed.delete(key);
      this.notify(change);
    }
  }

  private notify(change: AlarmChange) {
    const { topics } = this.options;
    const actions = actionsFor(change).filter(a =>
      a.startsWith('arn:aws:sns:'),
    );
    if (actions.length === 0) return;
    const key = `${change.account}/${change.region}/${change.record.name}`;
    if (
      this.options.muted?.(
        change.account,
        change.region,
        change.record.name,
        change.at,
      )
    ) {
      this.counts.muted += actions.length;
      this.suppressed.set(key, change);
      return;
    }
    this.suppressed.delete(key);
    const notification = alarmNotification(change);
    for (const arn of actions) {
      const messageId = randomUUID();
      this.enqueue(() => {
        const topic = topics.get(arn);
        if (!topic) {
          this.counts.undeliverable++;
          return;
        }
        topics.publish(
          topic,
          notification,
          this.options.now(),
          this.options.baseUrl(),
          messageId,
        );
        this.counts.notifications++;
      });
    }
  }

  /** Delivers everything pending now (the evaluation timer and the control API call it). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    let batch = this.pending;
    this.pending = [];
    const faults = this.options.faults();
    if (faults.outOfOrder) batch = [...batch].reverse();
    for (const deliver of batch) {
      deliver();
      if (faults.duplicate) deliver();
    }
  }

  stats() {
    return { ...this.counts, pending: this.pending.length };
  }

  cancel(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.pending = [];
  }

  private enqueue(delivery: Delivery) {
    this.pending.push(delivery);
    this.scheduled ??= setImmediate(() => this.flush());
  }
}
