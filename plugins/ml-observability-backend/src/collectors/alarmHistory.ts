import {
  AlarmHistoryItem,
  DescribeAlarmHistoryCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmState } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  derivedEventId,
  normalizeTime,
  parseAlarmArn,
} from '../alerts/roundTransitions';
import type { AlarmTransition } from '../alerts/types';
import type { RegionContext } from './context';

/** An alarm whose past state changes are asked for. */
export interface AlarmRef {
  arn: string;
  name: string;
}

/** CloudWatch keeps alarm history for two weeks; a backfill reads at most this many changes of one alarm. */
const MAX_HISTORY_PAGES = 3;
const STATES = new Set<AlarmState>(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

/**
 * The state changes of one alarm since `since`, from DescribeAlarmHistory
 * (StateUpdate items, newest first, at most a few pages). Items whose
 * HistoryData cannot be read are skipped: history is a best effort, the
 * events and rounds that follow are not.
 */
export async function readAlarmHistory(
  ctx: RegionContext,
  alarm: AlarmRef,
  since: Date,
  now: Date,
): Promise<AlarmTransition[]> {
  const parts = parseAlarmArn(alarm.arn);
  if (!parts) return [];
  const items: AlarmHistoryItem[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const nextToken = token;
    const answer = await ctx.send('CloudWatch', 'DescribeAlarmHistory', () =>
      ctx.clients.cloudwatch.send(
        new DescribeAlarmHistoryCommand({
          AlarmName: alarm.name,
          HistoryItemType: 'StateUpdate',
          StartDate: since,
          EndDate: now,
          ScanBy: 'TimestampDescending',
          MaxRecords: 100,
          NextToken: nextToken,
        }),
        ctx.http,
      ),
    );
    items.push(...(answer.AlarmHistoryItems ?? []));
    token = answer.NextToken;
    if (!token) break;
  }
  const out = new Map<string, AlarmTransition>();
  for (const item of items) {
    const transition = transitionOfItem(item, alarm, parts);
    // Stand-ins may list an item twice.
    if (transition) out.set(transition.eventId, transition);
  }
  return [...out.values()].sort((a, b) => a.at.localeCompare(b.at));
}

function transitionOfItem(
  item: AlarmHistoryItem,
  alarm: AlarmRef,
  parts: { region: string; accountId: string },
): AlarmTransition | undefined {
  // An alarm name is unique in its account and region; the history of another name is not this alarm's.
  if (item.AlarmName !== undefined && item.AlarmName !== alarm.name)
    return undefined;
  if (item.HistoryItemType && item.HistoryItemType !== 'StateUpdate')
    return undefined;
  const at = normalizeTime(item.Timestamp);
  if (!at || !item.HistoryData) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(item.HistoryData);
  } catch {
    return undefined;
  }
  const newState = stateOf(data, 'newState');
  if (!newState) return undefined;
  const oldState = stateOf(data, 'oldState');
  return {
    eventId: derivedEventId('backfill', alarm.arn, newState.value, at),
    alarmArn: alarm.arn,
    alarmName: alarm.name,
    accountId: parts.accountId,
    region: parts.region,
    ...(oldState ? { previousState: oldState.value } : {}),
    state: newState.value,
    ...(newState.reason ? { reason: newState.reason } : {}),
    at,
    origin: 'backfill',
  };
}

function stateOf(
  data: unknown,
  key: 'newState' | 'oldState',
): { value: AlarmState; reason?: string } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const state = (data as Record<string, unknown>)[key];
  if (typeof state !== 'object' || state === null) return undefined;
  const { stateValue, stateReason } = state as Record<string, unknown>;
  if (typeof stateValue !== 'string' || !STATES.has(stateValue as AlarmState))
    return undefined;
  return {
    value: stateValue as AlarmState,
    ...(typeof stateReason === 'string' ? { reason: stateReason } : {}),
  };
}
