import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { readAlarmHistory } from './alarmHistory';
import { testRegionContext } from './__testUtils__/regionContext';

const cloudwatch = mockClient(CloudWatchClient);
const ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-accuracy';
const alarm = { arn: ARN, name: 'churn-accuracy' };
const now = new Date('2026-12-04T06:00:00Z');
const since = new Date('2026-11-20T06:00:00Z');

function item(
  at: string,
  from: string,
  to: string,
  reason = 'Threshold crossed',
) {
  return {
    AlarmName: 'churn-accuracy',
    AlarmType: 'MetricAlarm' as const,
    Timestamp: new Date(at),
    HistoryItemType: 'StateUpdate' as const,
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({
      version: '1.0',
      oldState: { stateValue: from, stateReason: 'before' },
      newState: { stateValue: to, stateReason: reason },
    }),
  };
}

beforeEach(() => cloudwatch.reset());

describe('readAlarmHistory', () => {
  it('turns StateUpdate items into backfill transitions, oldest first, across pages', async () => {
    cloudwatch
      .on(DescribeAlarmHistoryCommand)
      .resolvesOnce({
        AlarmHistoryItems: [item('2026-12-03T10:42:00.000Z', 'ALARM', 'OK')],
        NextToken: 't1',
      })
      .resolvesOnce({
        AlarmHistoryItems: [item('2026-12-03T10:00:00.000Z', 'OK', 'ALARM')],
      });
    const transitions = await readAlarmHistory(
      testRegionContext(),
      alarm,
      since,
      now,
    );
    expect(transitions).toEqual([
      {
        eventId: `backfill:${ARN}:ALARM:2026-12-03T10:00:00.000Z`,
        alarmArn: ARN,
        alarmName: 'churn-accuracy',
        accountId: '123456789012',
        region: 'us-east-1',
        previousState: 'OK',
        state: 'ALARM',
        reason: 'Threshold crossed',
        at: '2026-12-03T10:00:00.000Z',
        origin: 'backfill',
      },
      expect.objectContaining({ state: 'OK', previousState: 'ALARM' }),
    ]);
    const calls = cloudwatch.commandCalls(DescribeAlarmHistoryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toMatchObject({
      AlarmName: 'churn-accuracy',
      HistoryItemType: 'StateUpdate',
      StartDate: since,
      EndDate: now,
    });
    expect(calls[1].args[0].input.NextToken).toBe('t1');
  });

  it('stops after a few pages, and skips unreadable, foreign and duplicate items', async () => {
    cloudwatch.on(DescribeAlarmHistoryCommand).resolves({
      AlarmHistoryItems: [
        item('2026-12-03T10:00:00.000Z', 'OK', 'ALARM'),
        item('2026-12-03T10:00:00.000Z', 'OK', 'ALARM'),
        {
          ...item('2026-12-03T09:00:00.000Z', 'OK', 'ALARM'),
          HistoryData: '<html>',
        },
        {
          ...item('2026-12-03T08:00:00.000Z', 'OK', 'ALARM'),
          AlarmName: 'other',
        },
        {
          ...item('2026-12-03T07:00:00.000Z', 'OK', 'ALARM'),
          HistoryItemType: 'Action',
        },
        { ...item('2026-12-03T06:00:00.000Z', 'OK', 'SOMETIMES') },
        {
          ...item('2026-12-03T05:00:00.000Z', 'OK', 'ALARM'),
          Timestamp: undefined,
        },
      ],
      NextToken: 'again',
    });
    const transitions = await readAlarmHistory(
      testRegionContext(),
      alarm,
      since,
      now,
    );
    expect(transitions.map(t => t.at)).toEqual(['2026-12-03T10:00:00.000Z']);
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(
      3,
    );
  });

  it('fails as an AWS call error when the history cannot be read', async () => {
    cloudwatch
      .on(DescribeAlarmHistoryCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(
      readAlarmHistory(testRegionContext(), alarm, since, now),
    ).rejects.toThrow(/DescribeAlarmHistory/);
  });
});
