import type { Knex } from 'knex';
import type {
  AlarmStateValue,
  AlarmTransition,
  RecordedTransition,
  TransitionOrigin,
  TransitionRecorder,
} from '../alerts/types';
import { chunk } from '../lib/chunk';
import { rowsPerStatement, toMs } from './util';

const EVENTS = 'model_events';
/** Longest state reason kept (the column's length). */
export const MAX_REASON_LENGTH = 1000;
/** ARNs per `IN` list. */
const ARNS_PER_QUERY = 500;

type EventRow = {
  event_id: string;
  alarm_arn: string;
  alarm_name: string;
  account_id: string;
  region: string;
  previous_state: string | null;
  state: string;
  reason: string | null;
  at: number | string;
  origin: string;
  received_at: number | string;
  notified_at: number | string | null;
};

/** Epoch ms of a transition time; CloudWatch's `+0000` offsets included. */
export function transitionTime(at: string): number {
  const ms = new Date(at.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).getTime();
  if (Number.isNaN(ms)) throw new Error(`Invalid transition time '${at}'`);
  return ms;
}

const changeKey = (arn: string, state: string, at: number) =>
  `${arn}\u0000${state}\u0000${at}`;

function toTransition(row: EventRow): AlarmTransition {
  return {
    eventId: row.event_id,
    alarmArn: row.alarm_arn,
    alarmName: row.alarm_name,
    accountId: row.account_id,
    region: row.region,
    ...(row.previous_state
      ? { previousState: row.previous_state as AlarmStateValue }
      : {}),
    state: row.state as AlarmStateValue,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    at: new Date(toMs(row.at)).toISOString(),
    origin: row.origin as TransitionOrigin,
  };
}

/**
 * For an OK/INSUFFICIENT_DATA at `at`: when the run of ALARM just before it
 * began. `history` is the alarm's rows, oldest first.
 */
function alarmingSince(
  history: EventRow[],
  state: string,
  at: number,
): string | undefined {
  if (state === 'ALARM') return undefined;
  let since: number | undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const row = history[i];
    const rowAt = toMs(row.at);
    if (rowAt >= at) continue;
    if (row.state !== 'ALARM') break;
    since = rowAt;
  }
  return since === undefined ? undefined : new Date(since).toISOString();
}

/**
 * The alert history (`model_events`): every alarm state change once,
 * whichever origin delivered it and in whichever order.
 */
export class EventStore implements TransitionRecorder {
  constructor(private readonly db: Knex) {}

  /**
   * Stores the changes not stored yet (by event id, or by alarm + state +
   * time) and says what each is. A change already stored is `isNew: false`
   * and is described by the stored row (its `eventId` is the stored one, the
   * id `markNotified` takes). Duplicates within `transitions` count once: the
   * first is new, the others are not.
   */
  async record(
    transitions: AlarmTransition[],
    now: Date = new Date(),
  ): Promise<RecordedTransition[]> {
    const normalised = transitions.map(t => ({ t, ms: transitionTime(t.at) }));
    const seenIds = new Set<string>();
    const seenKeys = new Set<string>();
    const candidates: EventRow[] = [];
    for (const { t, ms } of normalised) {
      const key = changeKey(t.alarmArn, t.state, ms);
      if (seenIds.has(t.eventId) || seenKeys.has(key)) continue;
      seenIds.add(t.eventId);
      seenKeys.add(key);
      candidates.push({
        event_id: t.eventId,
        alarm_arn: t.alarmArn,
        alarm_name: t.alarmName,
        account_id: t.accountId,
        region: t.region,
        previous_state: t.previousState ?? null,
        state: t.state,
        reason:
          t.reason === undefined ? null : t.reason.slice(0, MAX_REASON_LENGTH),
        at: ms,
        origin: t.origin,
        received_at: now.getTime(),
        notified_at: null,
      });
    }
    // Rows another replica (or an earlier delivery) stored are ignored by the unique constraints.
    const inserted = new Set<string>();
    for (const part of chunk(candidates, rowsPerStatement(12))) {
      const rows: { event_id: string }[] = await this.db(EVENTS)
        .insert(part)
        .onConflict()
        .ignore()
        .returning('event_id');
      for (const row of rows) inserted.add(row.event_id);
    }

    const history = await this.historyOf([
      ...new Set(transitions.map(t => t.alarmArn)),
    ]);
    const claimed = new Set<string>();
    return normalised.map(({ t, ms }) => {
      const rows = history.get(t.alarmArn) ?? [];
      const stored = rows.find(
        r =>
          r.event_id === t.eventId ||
          (r.state === t.state && toMs(r.at) === ms),
      );
      if (!stored) {
        // Pruned between insert and read: describe the input as it came.
        return {
          transition: t,
          isNew: false,
          isLatest: false,
          notified: false,
        };
      }
      const isNew =
        inserted.has(stored.event_id) && !claimed.has(stored.event_id);
      claimed.add(stored.event_id);
      const since = alarmingSince(rows, stored.state, ms);
      return {
        transition: toTransition(stored),
        isNew,
        isLatest: !rows.some(r => toMs(r.at) > ms),
        ...(since ? { alarmingSince: since } : {}),
        notified: stored.notified_at !== null,
      };
    });
  }

  /** Marks changes as notified; a change marked before keeps its first time. */
  async markNotified(
    eventIds: string[],
    now: Date = new Date(),
  ): Promise<void> {
    for (const part of chunk([...new Set(eventIds)], ARNS_PER_QUERY)) {
      await this.db(EVENTS)
        .whereIn('event_id', part)
        .whereNull('notified_at')
        .update({ notified_at: now.getTime() });
    }
  }

  /**
   * The latest change of each alarm that was received after `since`, is not
   * backfill and was never notified: what the retry sweep sends again. Oldest
   * received first.
   */
  async pendingNotifications(options: {
    since: Date;
    /** Only what was received before this: a change received since may still be in its batch's hands. */
    receivedBefore?: Date;
    limit: number;
  }): Promise<RecordedTransition[]> {
    const rows: EventRow[] = await this.db<EventRow>(`${EVENTS} as e`)
      .select('e.*')
      .whereNull('e.notified_at')
      .whereNot('e.origin', 'backfill')
      .where('e.received_at', '>', options.since.getTime())
      .modify(q => {
        if (options.receivedBefore)
          q.where('e.received_at', '<', options.receivedBefore.getTime());
      })
      .whereNotExists(
        this.db(`${EVENTS} as later`)
          .select(this.db.raw('1'))
          .whereRaw('later.alarm_arn = e.alarm_arn')
          .whereRaw('later.at > e.at'),
      )
      .orderBy([
        { column: 'e.received_at', order: 'asc' },
        { column: 'e.id', order: 'asc' },
      ])
      .limit(options.limit);
    const history = await this.historyOf([
      ...new Set(rows.map(r => r.alarm_arn)),
    ]);
    return rows.map(row => {
      const since = alarmingSince(
        history.get(row.alarm_arn) ?? [],
        row.state,
        toMs(row.at),
      );
      return {
        transition: toTransition(row),
        isNew: false,
        isLatest: true,
        ...(since ? { alarmingSince: since } : {}),
        notified: false,
      };
    });
  }

  /** Stored changes of these alarms, newest first. */
  async listForAlarms(
    arns: string[],
    options: { since?: Date; limit?: number } = {},
  ): Promise<AlarmTransition[]> {
    const out: EventRow[] = [];
    for (const part of chunk([...new Set(arns)], ARNS_PER_QUERY)) {
      const query = this.db<EventRow>(EVENTS)
        .whereIn('alarm_arn', part)
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
      if (options.since) query.where('at', '>=', options.since.getTime());
      if (options.limit !== undefined) query.limit(options.limit);
      out.push(...(await query));
    }
    out.sort((a, b) => toMs(b.at) - toMs(a.at));
    const rows =
      options.limit === undefined ? out : out.slice(0, options.limit);
    return rows.map(toTransition);
  }

  /**
   * How many times each group's alarms went into ALARM (from another state) since `since`: one
   * query for a page of models (keys are the caller's, e.g. entity refs).
   */
  async firedCounts(
    arnsByKey: Map<string, string[]>,
    since: Date,
  ): Promise<Map<string, number>> {
    const arns = [...new Set([...arnsByKey.values()].flat())];
    const byArn = new Map<string, number>();
    for (const part of chunk(arns, ARNS_PER_QUERY)) {
      const rows: { alarm_arn: string; fired: number | string }[] =
        await this.db(EVENTS)
          .select('alarm_arn')
          .count({ fired: '*' })
          .whereIn('alarm_arn', part)
          .where('state', 'ALARM')
          .where(q =>
            q.whereNull('previous_state').orWhereNot('previous_state', 'ALARM'),
          )
          .where('at', '>=', since.getTime())
          .groupBy('alarm_arn');
      for (const row of rows) byArn.set(row.alarm_arn, Number(row.fired));
    }
    const out = new Map<string, number>();
    for (const [key, list] of arnsByKey) {
      out.set(
        key,
        [...new Set(list)].reduce((sum, arn) => sum + (byArn.get(arn) ?? 0), 0),
      );
    }
    return out;
  }

  /** Which of these alarms have any stored change (the others were never seen: backfill them). */
  async knownAlarms(arns: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const part of chunk([...new Set(arns)], ARNS_PER_QUERY)) {
      const rows: { alarm_arn: string }[] = await this.db(EVENTS)
        .distinct('alarm_arn')
        .whereIn('alarm_arn', part);
      for (const row of rows) known.add(row.alarm_arn);
    }
    return known;
  }

  /** Forgets changes older than `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    return await this.db(EVENTS).where('at', '<', before.getTime()).delete();
  }

  /** Every stored row of these alarms, oldest first, by alarm. */
  private async historyOf(arns: string[]): Promise<Map<string, EventRow[]>> {
    const out = new Map<string, EventRow[]>();
    for (const part of chunk(arns, ARNS_PER_QUERY)) {
      const rows: EventRow[] = await this.db<EventRow>(EVENTS)
        .whereIn('alarm_arn', part)
        .orderBy([
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      for (const row of rows) {
        const list = out.get(row.alarm_arn) ?? [];
        list.push(row);
        out.set(row.alarm_arn, list);
      }
    }
    return out;
  }
}
