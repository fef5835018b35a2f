import type { Handler } from '../server/context';
import { cloudwatchErrors } from '../server/errors';
import {
  compareTuples,
  decodeToken,
  encodeToken,
  pageSize,
  pageSorted,
} from '../util/pagination';
import { DAY, parseTimestamp, toEpochSeconds } from '../util/time';
import type { AlarmState } from './alarmRule';
import type { AlarmRecord } from './alarmStore';

export type HistoryItemType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';

/** One item of an alarm's history, as DescribeAlarmHistory lists it. */
export interface HistoryEntry {
  at: number;
  type: HistoryItemType;
  summary: string;
  /** HistoryData: JSON text. */
  data: string;
  /** Order of writing: ties of one instant keep it in pages. */
  seq?: number;
}

let written = 0;

/** CloudWatch keeps alarm history for two weeks. */
const RETENTION = 14 * DAY;
/** A bound per alarm, so a flapping alarm replayed over two weeks stays small. */
const MAX_ENTRIES = 500;

const HISTORY_TYPES: HistoryItemType[] = [
  'ConfigurationUpdate',
  'StateUpdate',
  'Action',
];

export function addHistory(record: AlarmRecord, entry: HistoryEntry): void {
  const history = record.history;
  entry.seq = ++written;
  // Replays find changes in time order; keep the list sorted for the odd one that is not.
  let i = history.length;
  while (i > 0 && history[i - 1].at > entry.at) i--;
  history.splice(i, 0, entry);
  const limit = history[history.length - 1].at - RETENTION;
  let drop = 0;
  while (drop < history.length && history[drop].at < limit) drop++;
  drop = Math.max(drop, history.length - MAX_ENTRIES);
  if (drop > 0) history.splice(0, drop);
}

export interface StateSnapshot {
  state: AlarmState;
  reason: string;
  reasonData?: string;
}

/** The StateUpdate item CloudWatch writes when an alarm changes state. */
export function stateUpdateEntry(
  previous: StateSnapshot,
  next: StateSnapshot,
  at: number,
): HistoryEntry {
  const state = (s: StateSnapshot) => ({
    stateValue: s.state,
    stateReason: s.reason,
    ...(s.reasonData ? { stateReasonData: safeJson(s.reasonData) } : {}),
  });
  return {
    at,
    type: 'StateUpdate',
    summary: `Alarm updated from ${previous.state} to ${next.state}`,
    data: JSON.stringify({
      version: '1.0',
      oldState: state(previous),
      newState: state(next),
    }),
  };
}

export function configurationEntry(
  record: Pick<AlarmRecord, 'name' | 'input' | 'kind'>,
  at: number,
  created: boolean,
): HistoryEntry {
  return {
    at,
    type: 'ConfigurationUpdate',
    summary: `Alarm "${record.name}" ${created ? 'created' : 'updated'}`,
    data: JSON.stringify({
      version: '1.0',
      type: created ? 'Create' : 'Update',
      [created ? 'createdAlarm' : 'updatedAlarm']: {
        alarmName: record.name,
        ...record.input,
      },
    }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * DescribeAlarmHistory: one alarm's (AlarmName) or every alarm's history of the caller's
 * account and region, newest first unless ScanBy is TimestampAscending. An alarm's state is
 * brought up to date first, so its latest StateUpdate item carries the same instant as
 * DescribeAlarms' StateUpdatedTimestamp.
 */
export const describeAlarmHistory: Handler = (body, ctx) => {
  const limit = pageSize(body.MaxRecords, {
    max: 100,
    fallback: 100,
    name: 'maxRecords',
    service: 'cloudwatch',
  });
  const type = body.HistoryItemType;
  if (type !== undefined && !HISTORY_TYPES.includes(type as HistoryItemType)) {
    throw cloudwatchErrors.invalidParameter(
      `Invalid HistoryItemType ${String(type)}.`,
    );
  }
  const scanBy = body.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw cloudwatchErrors.invalidParameter(
      `Invalid ScanBy ${String(scanBy)}.`,
    );
  }
  const start = parseTimestamp(body.StartDate) ?? -Infinity;
  const end = parseTimestamp(body.EndDate) ?? Infinity;
  if (start > end) {
    throw cloudwatchErrors.invalidParameter(
      'StartDate must be before EndDate.',
    );
  }
  const types: string[] = Array.isArray(body.AlarmTypes)
    ? (body.AlarmTypes as string[])
    : ['MetricAlarm', 'CompositeAlarm'];
  const store = ctx.state.alarms;
  const name = body.AlarmName;
  const records =
    typeof name === 'string' && name !== ''
      ? [store.alarms.get(name)].filter((a): a is AlarmRecord => !!a)
      : [...store.alarms.values()];
  const items: Array<{ record: AlarmRecord; entry: HistoryEntry }> = [];
  for (const record of records) {
    if (
      !types.includes(
        record.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm',
      )
    )
      continue;
    store.refresh(record, ctx.now);
    for (const entry of record.history) {
      if (entry.at < start || entry.at > end) continue;
      if (type !== undefined && entry.type !== type) continue;
      items.push({ record, entry });
    }
  }
  const sign = scanBy === 'TimestampAscending' ? 1 : -1;
  const key = (i: { record: AlarmRecord; entry: HistoryEntry }) =>
    [sign * i.entry.at, i.record.name, sign * (i.entry.seq ?? 0)] as [
      number,
      string,
      number,
    ];
  items.sort((a, b) => compareTuples(key(a), key(b)));
  const after = decodeToken<[number, string, number]>(
    'cloudwatch',
    'DescribeAlarmHistory',
    body.NextToken,
  );
  const { page, next } = pageSorted(items, key, compareTuples, after, limit);
  return {
    AlarmHistoryItems: page.map(({ record, entry }) => ({
      AlarmName: record.name,
      AlarmType: record.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm',
      Timestamp: toEpochSeconds(entry.at),
      HistoryItemType: entry.type,
      HistorySummary: entry.summary,
      HistoryData: entry.data,
    })),
    ...(next ? { NextToken: encodeToken('DescribeAlarmHistory', next) } : {}),
  };
};
