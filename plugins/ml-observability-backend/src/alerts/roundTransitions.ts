import type { AlarmInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import type { AlarmTransition, TransitionOrigin } from './types';

/** The parts of a CloudWatch alarm ARN: `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`. */
export function parseAlarmArn(
  arn: string,
): { region: string; accountId: string; alarmName: string } | undefined {
  const match =
    /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)$/.exec(arn);
  if (!match) return undefined;
  return { region: match[1], accountId: match[2], alarmName: match[3] };
}

/** Millisecond ISO (Z) of a CloudWatch time (`2026-12-04T05:00:00.000+0000` included); undefined when unreadable. */
export function normalizeTime(
  value: string | Date | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  const text =
    typeof value === 'string'
      ? value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
      : value;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/**
 * The key of a change learned without an event id (rounds, CloudWatch's
 * history, raw SNS without a message id): the same alarm, state and time
 * give the same key whichever path saw it.
 */
export function derivedEventId(
  origin: TransitionOrigin,
  alarmArn: string,
  state: string,
  at: string,
): string {
  return `${origin}:${alarmArn}:${state}:${at}`;
}

/**
 * The alarm state changes a round saw: alarms whose state differs from the
 * model's previous snapshot. An alarm seen for the first time is not a
 * change (its past comes from CloudWatch's history instead), and alarms the
 * round could not read are absent from `current` and change nothing.
 */
export function roundTransitions(
  previous: readonly AlarmInfo[] | undefined,
  current: readonly AlarmInfo[] | undefined,
  now: Date,
): AlarmTransition[] {
  if (!previous || !current) return [];
  const before = new Map(previous.map(alarm => [alarm.arn, alarm]));
  const out: AlarmTransition[] = [];
  for (const alarm of current) {
    const last = before.get(alarm.arn);
    if (!last || last.state === alarm.state) continue;
    const parts = parseAlarmArn(alarm.arn);
    if (!parts) continue;
    // StateUpdatedTimestamp, the instant the EventBridge event and the history also carry.
    const at = normalizeTime(alarm.since) ?? now.toISOString();
    out.push({
      eventId: derivedEventId('round', alarm.arn, alarm.state, at),
      alarmArn: alarm.arn,
      alarmName: alarm.name,
      accountId: parts.accountId,
      region: parts.region,
      previousState: last.state,
      state: alarm.state,
      ...(alarm.stateReason ? { reason: alarm.stateReason } : {}),
      at,
      origin: 'round',
    });
  }
  return out;
}
