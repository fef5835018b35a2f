import type { AlarmInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  normalizeTime,
  parseAlarmArn,
  roundTransitions,
} from './roundTransitions';

const ARN = 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:fraud-latency';
const now = new Date('2026-12-04T06:00:00Z');

function alarm(
  state: AlarmInfo['state'],
  since?: string,
  arn = ARN,
): AlarmInfo {
  return {
    name: arn.split(':alarm:')[1],
    arn,
    type: 'metric',
    state,
    stateReason: `now ${state}`,
    ...(since ? { since } : {}),
  };
}

describe('roundTransitions', () => {
  it('reports an alarm whose state differs from the previous snapshot, at its state time', () => {
    expect(
      roundTransitions(
        [alarm('OK', '2026-12-01T00:00:00Z')],
        [alarm('ALARM', '2026-12-04T05:58:00.000+0000')],
        now,
      ),
    ).toEqual([
      {
        eventId: `round:${ARN}:ALARM:2026-12-04T05:58:00.000Z`,
        alarmArn: ARN,
        alarmName: 'fraud-latency',
        accountId: '210987654321',
        region: 'eu-west-1',
        previousState: 'OK',
        state: 'ALARM',
        reason: 'now ALARM',
        at: '2026-12-04T05:58:00.000Z',
        origin: 'round',
      },
    ]);
  });

  it('says nothing of unchanged, new or unread alarms, nor of a model seen for the first time', () => {
    const other = 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:new-one';
    expect(
      roundTransitions(
        [alarm('OK')],
        [alarm('OK'), alarm('ALARM', undefined, other)],
        now,
      ),
    ).toEqual([]);
    expect(roundTransitions([alarm('OK')], undefined, now)).toEqual([]);
    expect(roundTransitions(undefined, [alarm('ALARM')], now)).toEqual([]);
    expect(roundTransitions([alarm('OK')], [], now)).toEqual([]);
  });

  it('uses the round time when the alarm has no state time, and skips ARNs it cannot read', () => {
    const [t] = roundTransitions([alarm('ALARM')], [alarm('OK')], now);
    expect(t.at).toBe(now.toISOString());
    expect(
      roundTransitions(
        [alarm('OK', undefined, 'arn:x')],
        [alarm('ALARM', undefined, 'arn:x')],
        now,
      ),
    ).toEqual([]);
  });
});

describe('parseAlarmArn and normalizeTime', () => {
  it('reads partition, region, account and names with colons', () => {
    expect(
      parseAlarmArn('arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:a:b'),
    ).toEqual({
      region: 'cn-north-1',
      accountId: '123456789012',
      alarmName: 'a:b',
    });
    expect(
      parseAlarmArn('arn:aws:sqs:us-east-1:123456789012:q'),
    ).toBeUndefined();
  });

  it('normalises CloudWatch offsets to millisecond ISO', () => {
    expect(normalizeTime('2026-12-04T05:00:00.000+0000')).toBe(
      '2026-12-04T05:00:00.000Z',
    );
    expect(normalizeTime('2026-12-04T07:00:00+0200')).toBe(
      '2026-12-04T05:00:00.000Z',
    );
    expect(normalizeTime(new Date('2026-12-04T05:00:00Z'))).toBe(
      '2026-12-04T05:00:00.000Z',
    );
    expect(normalizeTime('yesterday')).toBeUndefined();
    expect(normalizeTime(undefined)).toBeUndefined();
  });
});
