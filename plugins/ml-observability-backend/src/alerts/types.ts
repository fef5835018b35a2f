/**
 * The response loop's shared vocabulary: an alarm state change as it reaches
 * the backend (from an EventBridge event or SNS message on a queue, from a
 * round that saw the state differ from the last snapshot, or from
 * DescribeAlarmHistory backfill), what the alert history made of it, and the
 * pipeline stages that pass it on.
 */

import type {
  AlarmState,
  TransitionOrigin,
} from '@mlobs/backstage-plugin-ml-observability-common';

export type { TransitionOrigin };
/** CloudWatch alarm states. */
export type AlarmStateValue = AlarmState;

export interface AlarmTransition {
  /**
   * Deduplication key: the EventBridge event `id`, the SNS `MessageId`, or a
   * key derived from alarm ARN + state + state timestamp for rounds and
   * backfill. The same change delivered twice has the same key.
   */
  eventId: string;
  alarmArn: string;
  alarmName: string;
  accountId: string;
  region: string;
  previousState?: AlarmStateValue;
  state: AlarmStateValue;
  /** CloudWatch's state reason, as delivered. */
  reason?: string;
  /** When the alarm changed state (ISO 8601), not when we heard of it. */
  at: string;
  origin: TransitionOrigin;
}

/** What the alert history did with one transition. */
export interface RecordedTransition {
  transition: AlarmTransition;
  /** false when this change (by eventId, or by alarm + state + time) was already stored: never notify twice. */
  isNew: boolean;
  /**
   * true when no newer transition of the same alarm is stored: an older OK
   * delivered after a newer ALARM is stored but is not latest, and must not
   * resolve anything.
   */
  isLatest: boolean;
  /** For an OK/INSUFFICIENT_DATA that ends an ALARM: when that ALARM began (ISO). */
  alarmingSince?: string;
  /**
   * Whether a notification for this change was already sent (marked with
   * `markNotified`). A redelivered change that was stored but never notified
   * (the notifications backend was down) is notified on redelivery or by the
   * retry sweep.
   */
  notified: boolean;
}

/** Stores transitions (idempotent, out-of-order safe). */
export interface TransitionRecorder {
  record(transitions: AlarmTransition[]): Promise<RecordedTransition[]>;
  /** Marks changes as notified (by eventId); a notified change is never notified again. */
  markNotified(eventIds: string[]): Promise<void>;
  /**
   * Latest transitions (per alarm) stored but not notified, changed after
   * `since`: what the retry sweep sends again.
   */
  pendingNotifications(options: {
    since: Date;
    receivedBefore?: Date;
    limit: number;
  }): Promise<RecordedTransition[]>;
}

/** Receives transitions from any origin: records them, then notifies. */
export interface TransitionSink {
  handle(transitions: AlarmTransition[]): Promise<void>;
}
