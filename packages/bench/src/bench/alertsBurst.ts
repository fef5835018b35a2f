/**
 * The pure side of the alerts benchmark: the burst of alarm transitions the
 * bench sends, how many notifications the pipeline's rule owes for them, the
 * batching floor of the consumer's AWS calls, and the rate of an idle queue.
 */

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface BurstAlarm {
  arn: string;
  name: string;
  /** The alarm's state before the burst, as the emulator holds it. */
  state: AlarmStateValue;
}

/** One SetAlarmState of the burst, in send order. */
export interface BurstStep {
  arn: string;
  name: string;
  previous: AlarmStateValue;
  state: AlarmStateValue;
}

/**
 * What each alarm does in the burst, by its position: fire then resolve (two
 * changes), fire (one), a quiet change between OK and INSUFFICIENT_DATA
 * (one, which tells nobody anything), nothing. 1,000 alarms give 1,000 changes.
 */
const PATTERN = ['fire-resolve', 'fire', 'quiet', 'none'] as const;
type Kind = (typeof PATTERN)[number];

function statesOf(kind: Kind, from: AlarmStateValue): AlarmStateValue[] {
  switch (kind) {
    case 'fire-resolve':
      return from === 'ALARM' ? ['OK', 'ALARM'] : ['ALARM', 'OK'];
    case 'fire':
      return [from === 'ALARM' ? 'OK' : 'ALARM'];
    case 'quiet':
      return [from === 'OK' ? 'INSUFFICIENT_DATA' : 'OK'];
    default:
      return [];
  }
}

/**
 * The burst: every alarm's first change in alarm order, then the second
 * changes in the same order, so two changes of one alarm are always more
 * than a receive batch apart (`batch`). Each step changes the state (a
 * SetAlarmState to the state an alarm has announces nothing).
 */
export function planBurst(
  alarms: readonly BurstAlarm[],
  batch = 10,
): BurstStep[] {
  const sequences = alarms.map((alarm, i) => {
    const states = statesOf(PATTERN[i % PATTERN.length], alarm.state);
    let previous = alarm.state;
    return states.map(state => {
      const step = { arn: alarm.arn, name: alarm.name, previous, state };
      previous = state;
      return step;
    });
  });
  const steps: BurstStep[] = [];
  for (let round = 0; sequences.some(s => s.length > round); round++)
    for (const s of sequences) if (s[round]) steps.push(s[round]);
  assertSpread(steps, batch);
  return steps;
}

/** Throws unless two changes of one alarm are at least `batch` positions apart. */
export function assertSpread(steps: readonly BurstStep[], batch: number) {
  const last = new Map<string, number>();
  steps.forEach((step, i) => {
    const before = last.get(step.arn);
    if (before !== undefined && i - before < batch)
      throw new Error(
        `changes ${before} and ${i} of ${step.name} could share a receive batch of ${batch}`,
      );
    last.set(step.arn, i);
  });
}

/** What the alert history holds of an alarm before the burst, newest last. */
export type PriorHistory = ReadonlyMap<string, readonly AlarmStateValue[]>;

export interface OwedNotification {
  /** Position of the change in the burst. */
  step: number;
  arn: string;
  state: AlarmStateValue;
}

/**
 * The notifications the pipeline owes for a burst delivered in send order
 * (alerts/pipeline.ts, store/EventStore.ts, alerts/notificationText.ts): a
 * change is told when it is new, not notified yet and the latest of its
 * alarm when its batch is stored, and it says something: an ALARM, or an OK
 * or INSUFFICIENT_DATA that ends one (the alarm's previous stored change is
 * an ALARM). Two changes of one alarm in one batch would make the earlier
 * one not latest; `planBurst` keeps them apart, and this refuses a burst
 * where they could meet, because the answer would then depend on batching.
 */
export function owedNotifications(
  steps: readonly BurstStep[],
  prior: PriorHistory,
  batch = 10,
): OwedNotification[] {
  assertSpread(steps, batch);
  const lastStored = new Map<string, AlarmStateValue | undefined>();
  for (const [arn, states] of prior) lastStored.set(arn, states.at(-1));
  const owed: OwedNotification[] = [];
  steps.forEach((step, i) => {
    const before = lastStored.get(step.arn);
    const ends = step.state !== 'ALARM' && before === 'ALARM';
    if (step.state === 'ALARM' || ends)
      owed.push({ step: i, arn: step.arn, state: step.state });
    lastStored.set(step.arn, step.state);
  });
  return owed;
}

export interface BurstCalls {
  /** Messages the emulator put on the queue for the burst. */
  messages: number;
  /** ReceiveMessage calls in the window (the poll the burst arrived in included). */
  receives: number;
  deleteBatches: number;
  /** Every request of the consumer in the window (other SQS operations included). */
  total: number;
  /**
   * Time of the window in which the queue held no message to receive: after
   * the last message was handled (the burst itself arrives in a poll already
   * waiting, and the queue is not empty again until its last batch).
   */
  emptyQueueMs: number;
  waitTimeSeconds: number;
  maxMessages: number;
}

export interface BurstFloor {
  receives: number;
  deletes: number;
  /** Receives that came back empty: every non-empty receive is followed by one DeleteMessageBatch. */
  emptyPolls: number;
  /** Of those, what a long poll of `waitTimeSeconds` needs at most while the queue is empty. */
  emptyPollsNeeded: number;
  total: number;
  ratio: number;
}

/**
 * The batching floor of a burst: ceil(n/10) full receives, ceil(n/10)
 * DeleteMessageBatch calls, and the empty polls the window needed: one per
 * `waitTimeSeconds` (started) of the time the queue was empty, and none while
 * it held messages. A short poller's extra empty polls count against it.
 */
export function burstFloor(calls: BurstCalls): BurstFloor {
  const batches = Math.ceil(calls.messages / calls.maxMessages);
  const deletes = Math.ceil(calls.messages / 10);
  const emptyPolls = Math.max(0, calls.receives - calls.deleteBatches);
  const emptyPollsNeeded = Math.min(
    emptyPolls,
    Math.ceil(
      Math.max(0, calls.emptyQueueMs) /
        1000 /
        Math.max(1, calls.waitTimeSeconds),
    ),
  );
  const total = batches + emptyPollsNeeded + deletes;
  let ratio = calls.total / total;
  if (total === 0) ratio = calls.total === 0 ? 1 : Infinity;
  return {
    receives: batches + emptyPollsNeeded,
    deletes,
    emptyPolls,
    emptyPollsNeeded,
    total,
    ratio,
  };
}

export interface IdleRate {
  polls: number;
  windowMs: number;
  /** Receives per hour from the spacing of the polls seen (first to last start). */
  perHour?: number;
  /** 3600 / WaitTimeSeconds: one long poll after another. */
  floorPerHour: number;
}

/** The ReceiveMessage rate of an idle queue from the instants polls started (ms). */
export function idleRate(
  starts: readonly number[],
  windowMs: number,
  waitTimeSeconds: number,
): IdleRate {
  const floorPerHour = 3600 / Math.max(1, waitTimeSeconds);
  const span = starts.length >= 2 ? starts.at(-1)! - starts[0] : 0;
  return {
    polls: starts.length,
    windowMs,
    ...(span > 0 ? { perHour: ((starts.length - 1) / span) * 3_600_000 } : {}),
    floorPerHour,
  };
}

export const ALERTS_START = '<!-- bench:alerts:start -->';
export const ALERTS_END = '<!-- bench:alerts:end -->';

/** `doc` with its alerts section replaced by `section` (appended when it has none). */
export function replaceAlertsSection(doc: string, section: string): string {
  const block = `${ALERTS_START}\n${section.trim()}\n${ALERTS_END}`;
  const start = doc.indexOf(ALERTS_START);
  const end = doc.indexOf(ALERTS_END);
  if (start >= 0 && end > start)
    return `${doc.slice(0, start)}${block}${doc.slice(
      end + ALERTS_END.length,
    )}`;
  return `${doc.trimEnd()}\n\n${block}\n`;
}
