import type { AlarmState } from './resourceTypes';

/**
 * Alert history: the alarm state changes the backend stored (from alarm
 * events on a queue, from collection rounds, or backfilled from CloudWatch's
 * alarm history), and what they say about an alarm's habits.
 */

/** Where a transition was learned from. @public */
export type TransitionOrigin = 'eventbridge' | 'sns' | 'round' | 'backfill';

/** One stored alarm state change. @public */
export interface AlertTransition {
  alarmArn: string;
  alarmName: string;
  previousState?: AlarmState;
  state: AlarmState;
  /** CloudWatch's state reason. */
  reason?: string;
  /** When the alarm changed state (ISO 8601). */
  at: string;
  origin: TransitionOrigin;
}

/**
 * When an alarm counts as noisy (flapping): at least `transitions` state
 * changes within any `windowHours` window of the last 7 days. @public
 */
export interface NoisyRule {
  transitions: number;
  windowHours: number;
}

/** The default noisy rule: 6 state changes within 24 hours. @public */
export const DEFAULT_NOISY_RULE: NoisyRule = {
  transitions: 6,
  windowHours: 24,
};

/** The habits of one alarm over the stored history. @public */
export interface AlarmAlertStats {
  alarmArn: string;
  alarmName: string;
  /** The state of the latest stored transition. */
  state?: AlarmState;
  lastTransitionAt?: string;
  /** Transitions into ALARM in the last 7 and 30 days. */
  firedIn7d: number;
  firedIn30d: number;
  /** Milliseconds spent in ALARM in the last 30 days (an ALARM still open counts up to now). */
  timeInAlarmMs30d: number;
  /** Median milliseconds from ALARM to the next OK/INSUFFICIENT_DATA over 30 days; absent when none recovered. */
  medianRecoveryMs?: number;
  /** Whether the alarm matched the noisy rule in the last 7 days. */
  noisy: boolean;
}

/** Answer of `GET /v1/models/{namespace}/{kind}/{name}/alerts`. @public */
export interface ModelAlertHistory {
  entityRef: string;
  /** ISO; the time the figures were computed at. */
  generatedAt: string;
  /** How many days of transitions the backend keeps. */
  retentionDays: number;
  noisyRule: NoisyRule;
  /** Over all of the model's alarms. */
  totals: Omit<
    AlarmAlertStats,
    'alarmArn' | 'alarmName' | 'state' | 'lastTransitionAt'
  >;
  /** One per alarm with stored transitions or on the model now, most fired first. */
  alarms: AlarmAlertStats[];
  /** The latest transitions of the model's alarms, newest first (at most 50). */
  transitions: AlertTransition[];
}

/**
 * How the consumer of one alarm queue fares: `ok` when the last poll
 * succeeded, `denied` (no permission, or credentials refused), `missing` (no
 * such queue), `failing` (throttled, unreachable, or an answer that is not
 * AWS's), `idle` before the first poll. @public
 */
export interface AlertQueueStatus {
  queueUrl: string;
  accountId: string;
  region: string;
  state: 'ok' | 'denied' | 'missing' | 'failing' | 'idle';
  /** What is wrong, in words a person can act on; absent when all is well. */
  message?: string;
  /** ISO; the last poll that reached the queue. */
  lastPollAt?: string;
  /** ISO; the last poll that received messages. */
  lastMessageAt?: string;
  /** Messages received, handled (stored and deleted) and left unparseable since start. */
  received: number;
  handled: number;
  unparseable: number;
}
