import {
  CloudWatchClient,
  DeleteAlarmMuteRuleCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetAlarmMuteRuleCommand,
  ListAlarmMuteRulesCommand,
  PutAlarmMuteRuleCommand,
  PutAlarmMuteRuleCommandInput,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Emulator } from '../emulator';
import {
  EU,
  NOW,
  PRIMARY,
  cloudWatch,
  failure,
  sns,
  sqs,
  startTestEmulator,
} from '../__testUtils__/clients';

const MINUTE = 60_000;
/** `at(...)` of an instant, in UTC wall-clock time. */
const at = (ms: number) => `at(${new Date(ms).toISOString().slice(0, 16)})`;

describe('CloudWatch alarm mute rules', () => {
  let emulator: Emulator;
  let cw: CloudWatchClient;
  let queues: SQSClient;
  let topics: SNSClient;
  let events: string;
  let oncall: string;
  let topicArn: string;

  const drain = async (QueueUrl: string): Promise<any[]> => {
    const out: any[] = [];
    for (;;) {
      const { Messages = [] } = await queues.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length === 0) return out;
      out.push(...Messages.map(m => JSON.parse(m.Body!)));
      await queues.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Messages.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle!,
          })),
        }),
      );
    }
  };
  const settle = () => new Promise(resolve => setImmediate(resolve));
  const set = async (AlarmName: string, StateValue: 'OK' | 'ALARM') => {
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName,
        StateValue,
        StateReason: `set to ${StateValue} by the test`,
      }),
    );
    await settle();
  };
  const putAlarm = (AlarmName: string) =>
    cw.send(
      new PutMetricAlarmCommand({
        AlarmName,
        Namespace: 'Team/Model',
        MetricName: 'drift',
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0.3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topicArn],
      }),
    );
  const mute = (
    Name: string,
    Expression: string,
    Duration: string,
    extra: Partial<PutAlarmMuteRuleCommandInput> = {},
  ) =>
    cw.send(
      new PutAlarmMuteRuleCommand({
        Name,
        Rule: { Schedule: { Expression, Duration } },
        MuteTargets: { AlarmNames: ['churn-drift'] },
        ...extra,
      }),
    );
  const get = (AlarmMuteRuleName: string) =>
    cw.send(new GetAlarmMuteRuleCommand({ AlarmMuteRuleName }));
  /** Moves the clock, lets every alarm evaluate, and forgets what that delivered. */
  const advance = async (seconds: number) => {
    emulator.advanceClock(seconds);
    emulator.evaluateAlarms();
    await drain(events);
    await drain(oncall);
  };

  beforeEach(async () => {
    emulator = await startTestEmulator({
      scenario: 'empty',
      alarmEvents: { queueName: 'alarm-events' },
    });
    cw = cloudWatch(emulator);
    queues = sqs(emulator);
    topics = sns(emulator);
    events = (
      await queues.send(new CreateQueueCommand({ QueueName: 'alarm-events' }))
    ).QueueUrl!;
    oncall = (
      await queues.send(new CreateQueueCommand({ QueueName: 'oncall' }))
    ).QueueUrl!;
    topicArn = (
      await topics.send(new CreateTopicCommand({ Name: 'ml-oncall' }))
    ).TopicArn!;
    await topics.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:us-east-1:${PRIMARY.account}:oncall`,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await putAlarm('churn-drift');
    await advance(60);
  });
  afterEach(async () => {
    cw.destroy();
    queues.destroy();
    topics.destroy();
    await emulator.stop();
  });

  it('mutes the SNS actions during an at() window, but not the state changes, history and EventBridge events', async () => {
    const start = NOW.getTime() + 10 * MINUTE;
    await mute('deploy-window', at(start), 'PT1H', {
      Description: 'planned retraining',
    });
    const scheduled = await get('deploy-window');
    expect(scheduled).toMatchObject({
      Name: 'deploy-window',
      AlarmMuteRuleArn: `arn:aws:cloudwatch:us-east-1:${PRIMARY.account}:alarm-mute-rule:deploy-window`,
      Description: 'planned retraining',
      Rule: { Schedule: { Expression: at(start), Duration: 'PT1H' } },
      MuteTargets: { AlarmNames: ['churn-drift'] },
      Status: 'SCHEDULED',
      MuteType: 'ONE_TIME',
    });
    expect(scheduled.LastUpdatedTimestamp!.getTime()).toBe(
      NOW.getTime() + 60_000,
    );

    // Before the window the alarm action is delivered.
    await set('churn-drift', 'ALARM');
    expect((await drain(oncall)).map(m => m.NewStateValue)).toEqual(['ALARM']);
    await set('churn-drift', 'OK');

    await advance(15 * 60);
    expect((await get('deploy-window')).Status).toBe('ACTIVE');
    await set('churn-drift', 'ALARM');
    expect(await drain(oncall)).toEqual([]);
    // The alarm did change state: DescribeAlarms, its history and the EventBridge event say so.
    const { MetricAlarms } = await cw.send(
      new DescribeAlarmsCommand({ AlarmNames: ['churn-drift'] }),
    );
    expect(MetricAlarms![0].StateValue).toBe('ALARM');
    const history = await cw.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: 'churn-drift',
        HistoryItemType: 'StateUpdate',
        MaxRecords: 1,
      }),
    );
    expect(history.AlarmHistoryItems![0].HistorySummary).toBe(
      'Alarm updated from OK to ALARM',
    );
    expect((await drain(events)).map(e => e.detail.state.value)).toEqual([
      'ALARM',
    ]);
    const health = await (
      await fetch(`${emulator.url}/__emulator/health`)
    ).json();
    expect(health.alarmEvents).toMatchObject({ muted: 1, notifications: 1 });

    // After the window: delivered again, and the one-time rule is over.
    await set('churn-drift', 'OK');
    await advance(60 * 60);
    expect((await get('deploy-window')).Status).toBe('EXPIRED');
    await set('churn-drift', 'ALARM');
    expect((await drain(oncall)).map(m => m.NewStateValue)).toEqual(['ALARM']);
  });

  it('delivers the muted ALARM action when the active rule is deleted; deleting again succeeds', async () => {
    await mute('incident', at(NOW.getTime()), 'PT2H');
    expect((await get('incident')).Status).toBe('ACTIVE');
    await set('churn-drift', 'ALARM');
    expect(await drain(oncall)).toEqual([]);
    // A second rule still mutes it: deleting the first one alone delivers nothing.
    await mute('second', at(NOW.getTime()), 'PT2H');
    await cw.send(
      new DeleteAlarmMuteRuleCommand({ AlarmMuteRuleName: 'incident' }),
    );
    await settle();
    expect(await drain(oncall)).toEqual([]);
    await cw.send(
      new DeleteAlarmMuteRuleCommand({ AlarmMuteRuleName: 'second' }),
    );
    await settle();
    const [message, ...rest] = await drain(oncall);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({
      AlarmName: 'churn-drift',
      NewStateValue: 'ALARM',
      NewStateReason: 'set to ALARM by the test',
    });
    await cw.send(
      new DeleteAlarmMuteRuleCommand({ AlarmMuteRuleName: 'second' }),
    );
    expect(await failure(get('incident'))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
  });

  it('reads schedules in their time zone, recurring cron windows, StartDate and ExpireDate', async () => {
    // Now is Wednesday 2026-11-25 14:38 UTC, 09:38 in New York.
    await mute('ny', 'at(2026-11-25T09:30)', 'PT30M', {
      Rule: {
        Schedule: {
          Expression: 'at(2026-11-25T09:30)',
          Duration: 'PT30M',
          Timezone: 'America/New_York',
        },
      },
    });
    expect((await get('ny')).Status).toBe('ACTIVE');
    await mute('utc', 'at(2026-11-25T09:30)', 'PT30M');
    expect((await get('utc')).Status).toBe('EXPIRED');
    await mute('weekly', 'cron(0 14 * * WED)', 'PT1H');
    await mute('weekdays', 'cron(30 14 * * MON-TUE,THU)', 'PT1H');
    await mute('later', at(NOW.getTime()), 'PT2H', {
      StartDate: new Date(NOW.getTime() + 30 * MINUTE),
    });
    await mute('over', at(NOW.getTime()), 'PT2H', {
      ExpireDate: new Date(NOW.getTime() - MINUTE),
    });
    const status = async (name: string) => (await get(name)).Status;
    expect(await status('weekly')).toBe('ACTIVE');
    expect((await get('weekly')).MuteType).toBe('RECURRING');
    expect(await status('weekdays')).toBe('SCHEDULED');
    expect(await status('later')).toBe('SCHEDULED');
    expect(await status('over')).toBe('EXPIRED');
    await advance(30 * 60);
    expect(await status('later')).toBe('ACTIVE');
    expect(await status('weekly')).toBe('SCHEDULED');
    // Next Wednesday the weekly window opens again.
    await advance(7 * 24 * 3600 - 60 * 60);
    expect(await status('weekly')).toBe('ACTIVE');
  });

  it('lists the rules with filters and pages, and validates like CloudWatch', async () => {
    await putAlarm('other-alarm');
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      await mute(name, at(NOW.getTime() + 5 * 24 * 3600_000), 'PT1H', {
        MuteTargets: {
          AlarmNames: name === 'e' ? ['other-alarm'] : ['churn-drift'],
        },
      });
    }
    await mute('now', at(NOW.getTime()), 'PT1H');
    const arns: string[] = [];
    let next: string | undefined;
    do {
      const page = await cw.send(
        new ListAlarmMuteRulesCommand({ MaxRecords: 2, NextToken: next }),
      );
      arns.push(...page.AlarmMuteRuleSummaries!.map(s => s.AlarmMuteRuleArn!));
      next = page.NextToken;
    } while (next);
    expect(arns.map(a => a.split(':').pop())).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'now',
    ]);
    const active = await cw.send(
      new ListAlarmMuteRulesCommand({ Statuses: ['ACTIVE'] }),
    );
    expect(active.AlarmMuteRuleSummaries).toEqual([
      expect.objectContaining({
        AlarmMuteRuleArn: expect.stringMatching(/:alarm-mute-rule:now$/),
        Status: 'ACTIVE',
        MuteType: 'ONE_TIME',
      }),
    ]);
    const ofOther = await cw.send(
      new ListAlarmMuteRulesCommand({ AlarmName: 'other-alarm' }),
    );
    expect(
      ofOther.AlarmMuteRuleSummaries!.map(s =>
        s.AlarmMuteRuleArn!.split(':').pop(),
      ),
    ).toEqual(['e']);
    // Rules are per account and region.
    const eu = await cloudWatch(emulator, EU).send(
      new ListAlarmMuteRulesCommand({}),
    );
    expect(eu.AlarmMuteRuleSummaries).toEqual([]);

    // Put again updates the rule.
    emulator.advanceClock(60);
    await mute('a', at(NOW.getTime()), 'PT3H');
    const updated = await get('a');
    expect(updated.Status).toBe('ACTIVE');
    expect(updated.LastUpdatedTimestamp!.getTime()).toBe(
      NOW.getTime() + 2 * 60_000,
    );

    const errors = await Promise.all([
      failure(cw.send(new ListAlarmMuteRulesCommand({ NextToken: 'bogus' }))),
      failure(cw.send(new ListAlarmMuteRulesCommand({ AlarmName: 'nope' }))),
      failure(mute('bad', at(NOW.getTime()), 'PT30S')),
      failure(mute('bad', at(NOW.getTime()), 'P16D')),
      failure(mute('bad', 'rate(5 minutes)', 'PT1H')),
      failure(mute('bad', 'cron(0 2 * *)', 'PT1H')),
      failure(
        mute('bad', at(NOW.getTime()), 'PT1H', {
          MuteTargets: { AlarmNames: ['no-such-alarm'] },
        }),
      ),
      failure(
        mute('bad', at(NOW.getTime()), 'PT1H', {
          Rule: {
            Schedule: {
              Expression: at(NOW.getTime()),
              Duration: 'PT1H',
              Timezone: 'Mars/Olympus',
            },
          },
        }),
      ),
      failure(
        mute('bad', at(NOW.getTime()), 'PT1H', {
          StartDate: NOW,
          ExpireDate: NOW,
        }),
      ),
    ]);
    expect(errors.map(e => e.name)).toEqual([
      'InvalidNextToken',
      'ResourceNotFoundException',
      ...Array(7).fill('ValidationException'),
    ]);
    expect(errors[6].message).toContain('no-such-alarm');
    expect((await failure(get('bad'))).name).toBe('ResourceNotFoundException');
  });
});
