/**
 * Reads one message of an alarm queue into a transition. AWS delivers alarm
 * state changes in three shapes: the EventBridge "CloudWatch Alarm State
 * Change" event (rule → SQS target), and CloudWatch's SNS alarm notification
 * through an SNS → SQS subscription, either in the SNS envelope or bare
 * (RawMessageDelivery). Anything else is reported, never thrown: the consumer
 * leaves such a message for the queue's redrive policy.
 */
import type { AlertQueueConfig } from '../config';
import type { AlarmStateValue, AlarmTransition } from './types';

/** Why a message is not a transition the consumer may handle. */
export type ParseFailureReason = 'not-json' | 'unrecognized' | 'other-account';

/** A parsed message, or why it is not one. */
export type ParseAlarmMessageResult =
  | { ok: true; transition: AlarmTransition }
  | { ok: false; reason: ParseFailureReason; message: string };

const STATES: ReadonlySet<string> = new Set([
  'OK',
  'ALARM',
  'INSUFFICIENT_DATA',
]);

const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:.+$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

class Unrecognized extends Error {}

function state(value: unknown, what: string): AlarmStateValue {
  if (typeof value !== 'string' || !STATES.has(value)) {
    throw new Unrecognized(
      value === undefined
        ? `${what} is missing`
        : `${what} ${JSON.stringify(
            value,
          )} is not OK, ALARM or INSUFFICIENT_DATA`,
    );
  }
  return value as AlarmStateValue;
}

function optionalState(
  value: unknown,
  what: string,
): AlarmStateValue | undefined {
  return value === undefined || value === null ? undefined : state(value, what);
}

const ISO_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * A timestamp as millisecond ISO in UTC, the form every origin's dedup key
 * uses. CloudWatch writes offsets without a colon ("…000+0000"), which
 * `Date` does not read everywhere; anything but ISO 8601 with a zone is
 * refused rather than guessed in local time.
 */
export function normaliseAlarmTime(value: string): string | undefined {
  if (!ISO_WITH_ZONE.test(value)) return undefined;
  const withColon = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(withColon);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function time(value: unknown, what: string): string {
  const raw = text(value);
  const at = raw ? normaliseAlarmTime(raw) : undefined;
  if (!at) {
    throw new Unrecognized(
      raw
        ? `${what} ${JSON.stringify(raw)} is not a time`
        : `${what} is missing`,
    );
  }
  return at;
}

function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The key of a change delivered without an id of its own: the same for the same change. */
export function derivedEventId(
  alarmArn: string,
  alarmState: AlarmStateValue,
  at: string,
): string {
  return `${alarmArn}|${alarmState}|${at}`;
}

function fromEventBridge(event: Json): AlarmTransition {
  const detail = isObject(event.detail) ? event.detail : undefined;
  if (!detail) throw new Unrecognized('the event has no detail');
  const alarmName = text(detail.alarmName);
  if (!alarmName) throw new Unrecognized('detail.alarmName is missing');
  const current = isObject(detail.state) ? detail.state : {};
  const previous = isObject(detail.previousState) ? detail.previousState : {};
  const resources = Array.isArray(event.resources) ? event.resources : [];
  const alarmArn =
    resources.find(
      (r): r is string => typeof r === 'string' && ALARM_ARN.test(r),
    ) ?? text(detail.alarmArn);
  if (!alarmArn) throw new Unrecognized('the event names no alarm ARN');
  const eventId = text(event.id);
  if (!eventId) throw new Unrecognized('the event has no id');
  const accountId = text(event.account) ?? ALARM_ARN.exec(alarmArn)?.[2];
  const region = text(event.region) ?? ALARM_ARN.exec(alarmArn)?.[1];
  if (!accountId || !region) {
    throw new Unrecognized('the event names no account or region');
  }
  const reason = text(current.reason);
  const previousState = optionalState(
    previous.value,
    'detail.previousState.value',
  );
  return {
    eventId,
    alarmArn,
    alarmName,
    accountId,
    region,
    ...(previousState ? { previousState } : {}),
    state: state(current.value, 'detail.state.value'),
    ...(reason ? { reason } : {}),
    at: time(current.timestamp, 'detail.state.timestamp'),
    origin: 'eventbridge',
  };
}

/** CloudWatch's alarm notification, as SNS carries it (enveloped or raw). */
function fromAlarmNotification(
  notification: Json,
  options: { queue: AlertQueueConfig; eventId?: string },
): AlarmTransition {
  const alarmName = text(notification.AlarmName);
  if (!alarmName) throw new Unrecognized('AlarmName is missing');
  const givenArn = text(notification.AlarmArn);
  const arnParts = givenArn ? ALARM_ARN.exec(givenArn) : undefined;
  if (givenArn && !arnParts) {
    throw new Unrecognized(
      `AlarmArn ${JSON.stringify(givenArn)} is not an alarm ARN`,
    );
  }
  const accountId = text(notification.AWSAccountId) ?? arnParts?.[2];
  if (!accountId) throw new Unrecognized('AWSAccountId is missing');
  // `Region` is a long name ("EU (Ireland)"); the code comes from the ARN, or the queue.
  const region = arnParts?.[1] ?? options.queue.region;
  const alarmArn =
    givenArn ??
    `arn:${partition(
      region,
    )}:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
  const newState = state(notification.NewStateValue, 'NewStateValue');
  const at = time(notification.StateChangeTime, 'StateChangeTime');
  const previousState = optionalState(
    notification.OldStateValue,
    'OldStateValue',
  );
  const reason = text(notification.NewStateReason);
  return {
    eventId: options.eventId ?? derivedEventId(alarmArn, newState, at),
    alarmArn,
    alarmName,
    accountId,
    region,
    ...(previousState ? { previousState } : {}),
    state: newState,
    ...(reason ? { reason } : {}),
    at,
    origin: 'sns',
  };
}

function fromSnsEnvelope(
  envelope: Json,
  queue: AlertQueueConfig,
): AlarmTransition {
  if (envelope.Type !== 'Notification') {
    throw new Unrecognized(
      `an SNS ${String(envelope.Type)} message, not a Notification`,
    );
  }
  const messageId = text(envelope.MessageId);
  if (!messageId) throw new Unrecognized('the SNS message has no MessageId');
  let inner: unknown;
  try {
    inner = JSON.parse(String(envelope.Message));
  } catch {
    throw new Unrecognized('the SNS Message is not JSON');
  }
  if (!isObject(inner) || !('NewStateValue' in inner)) {
    throw new Unrecognized(
      'the SNS Message is not a CloudWatch alarm notification',
    );
  }
  return fromAlarmNotification(inner, { queue, eventId: messageId });
}

function transitionOf(
  value: Json,
  options: { queue: AlertQueueConfig; messageId?: string },
): AlarmTransition {
  if (
    value.source === 'aws.cloudwatch' &&
    value['detail-type'] === 'CloudWatch Alarm State Change'
  ) {
    return fromEventBridge(value);
  }
  if (typeof value.Type === 'string' && 'TopicArn' in value) {
    return fromSnsEnvelope(value, options.queue);
  }
  if ('NewStateValue' in value && 'AlarmName' in value) {
    return fromAlarmNotification(value, {
      queue: options.queue,
      eventId: options.messageId,
    });
  }
  throw new Unrecognized(
    'neither a CloudWatch Alarm State Change event nor an SNS alarm notification',
  );
}

/**
 * The transition a queue message carries. The event id is the EventBridge
 * event's `id`, the SNS `MessageId`, or for a raw notification the SQS
 * message id (a key derived from alarm, state and time without it). Never
 * throws.
 */
export function parseAlarmMessage(
  body: string,
  options: { queue: AlertQueueConfig; messageId?: string },
): ParseAlarmMessageResult {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not-json', message: 'the body is not JSON' };
  }
  if (!isObject(value)) {
    return {
      ok: false,
      reason: 'unrecognized',
      message: 'the body is not a JSON object',
    };
  }
  let transition: AlarmTransition;
  try {
    transition = transitionOf(value, options);
  } catch (error) {
    return {
      ok: false,
      reason: 'unrecognized',
      message: error instanceof Unrecognized ? error.message : String(error),
    };
  }
  const arnAccount = ALARM_ARN.exec(transition.alarmArn)?.[2];
  const expected = options.queue.accountId;
  if (
    transition.accountId !== expected ||
    (arnAccount && arnAccount !== expected)
  ) {
    return {
      ok: false,
      reason: 'other-account',
      message: `alarm ${transition.alarmArn} of account ${transition.accountId} arrived on the queue of account ${expected}`,
    };
  }
  return { ok: true, transition };
}
