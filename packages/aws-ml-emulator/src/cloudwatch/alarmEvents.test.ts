import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  PutMetricAlarmCommandInput,
  PutMetricDataCommand,
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
  Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Emulator } from '../emulator';
import {
  HOUR,
  NOW,
  PRIMARY,
  cloudWatch,
  failure,
  sns,
  sqs,
  startTestEmulator,
} from '../__testUtils__/clients';

describe('alarm state changes: EventBridge events, SNS alarm actions, history', () => {
  let emulator: Emulator;
  let cw: CloudWatchClient;
  let queues: SQSClient;
  let topics: SNSClient;
  let events: string;

  const put = (
    input: Partial<PutMetricAlarmCommandInput> & { AlarmName: string },
  ) =>
    cw.send(
      new PutMetricAlarmCommand({
        Namespace: 'Team/Model',
        MetricName: 'feature_baseline_drift_amount',
        Dimensions: [{ Name: 'Endpoint', Value: 'churn' }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0.3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        ...input,
      }),
    );
  const set = (AlarmName: string, StateValue: 'OK' | 'ALARM') =>
    cw.send(
      new SetAlarmStateCommand({
        AlarmName,
        StateValue,
        StateReason: `set to ${StateValue} by the test`,
      }),
    );
  /** Everything on a queue now, deleted as it is read. */
  const drain = async (QueueUrl: string): Promise<Message[]> => {
    const out: Message[] = [];
    for (;;) {
      const { Messages = [] } = await queues.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length === 0) return out;
      out.push(...Messages);
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
  const bodies = async (url: string) =>
    (await drain(url)).map(m => JSON.parse(m.Body!));
  /** Lets the bus deliver what the last call changed (it delivers right after each pass). */
  const settle = () => new Promise(resolve => setImmediate(resolve));

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
  });
  afterEach(async () => {
    cw.destroy();
    queues.destroy();
    topics.destroy();
    await emulator.stop();
  });

  it('delivers SetAlarmState as the documented "CloudWatch Alarm State Change" event', async () => {
    await put({
      AlarmName: 'churn-drift',
      AlarmDescription: 'Drift above 0.3',
    });
    // A new alarm is INSUFFICIENT_DATA until its first evaluation, a minute on.
    emulator.advanceClock(60);
    emulator.evaluateAlarms();
    expect((await bodies(events)).map(e => e.detail.state.value)).toEqual([
      'OK',
    ]);
    expect(emulator.alarmEventsQueueUrl(PRIMARY.account, PRIMARY.region)).toBe(
      events,
    );

    await set('churn-drift', 'ALARM');
    await settle();
    const [event, ...rest] = await bodies(events);
    expect(rest).toEqual([]);
    const { MetricAlarms } = await cw.send(
      new DescribeAlarmsCommand({ AlarmNames: ['churn-drift'] }),
    );
    const updated = MetricAlarms![0].StateUpdatedTimestamp!;
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: PRIMARY.account,
      time: updated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: PRIMARY.region,
      resources: [
        `arn:aws:cloudwatch:us-east-1:${PRIMARY.account}:alarm:churn-drift`,
      ],
      detail: {
        alarmName: 'churn-drift',
        state: {
          value: 'ALARM',
          reason: 'set to ALARM by the test',
          timestamp: updated.toISOString().replace('Z', '+0000'),
        },
        previousState: expect.objectContaining({
          value: 'OK',
          timestamp: expect.stringMatching(/\+0000$/),
        }),
        configuration: {
          description: 'Drift above 0.3',
          metrics: [
            {
              id: 'm1',
              metricStat: {
                metric: {
                  namespace: 'Team/Model',
                  name: 'feature_baseline_drift_amount',
                  dimensions: { Endpoint: 'churn' },
                },
                period: 60,
                stat: 'Maximum',
              },
              returnData: true,
            },
          ],
        },
      },
    });

    // Setting the state it already has announces nothing.
    await set('churn-drift', 'ALARM');
    await settle();
    expect(await drain(events)).toEqual([]);
  });

  it('publishes the alarm notification to the SNS topics of the new state, enveloped and raw', async () => {
    const { TopicArn } = await topics.send(
      new CreateTopicCommand({ Name: 'ml-oncall' }),
    );
    const enveloped = (
      await queues.send(new CreateQueueCommand({ QueueName: 'enveloped' }))
    ).QueueUrl!;
    const raw = (
      await queues.send(new CreateQueueCommand({ QueueName: 'raw' }))
    ).QueueUrl!;
    const arn = (name: string) =>
      `arn:aws:sqs:us-east-1:${PRIMARY.account}:${name}`;
    await topics.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: arn('enveloped'),
      }),
    );
    await topics.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: arn('raw'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await put({
      AlarmName: 'churn-drift',
      AlarmActions: [TopicArn!],
      OKActions: [],
    });
    emulator.advanceClock(60);
    emulator.evaluateAlarms();
    await drain(enveloped);
    await drain(raw);

    await set('churn-drift', 'ALARM');
    await settle();
    const [envelope] = await bodies(enveloped);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn,
      Subject: 'ALARM: "churn-drift" in US East (N. Virginia)',
    });
    const message = JSON.parse(envelope.Message);
    expect(message).toMatchObject({
      AlarmName: 'churn-drift',
      AWSAccountId: PRIMARY.account,
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      NewStateReason: 'set to ALARM by the test',
      StateChangeTime: expect.stringMatching(/^\d{4}-.*\.\d{3}\+0000$/),
      Region: 'US East (N. Virginia)',
      AlarmArn: `arn:aws:cloudwatch:us-east-1:${PRIMARY.account}:alarm:churn-drift`,
      Trigger: expect.objectContaining({
        MetricName: 'feature_baseline_drift_amount',
        Statistic: 'MAXIMUM',
        Threshold: 0.3,
      }),
    });
    expect(await bodies(raw)).toEqual([message]);

    // OKActions is empty: the way back to OK notifies no topic, the EventBridge event still goes out.
    await drain(events);
    await set('churn-drift', 'OK');
    await settle();
    expect(await drain(enveloped)).toEqual([]);
    expect((await bodies(events)).map(e => e.detail.state.value)).toEqual([
      'OK',
    ]);
  });

  it('lists the state changes in DescribeAlarmHistory, the latest at StateUpdatedTimestamp', async () => {
    await put({ AlarmName: 'churn-drift' });
    await set('churn-drift', 'ALARM');
    emulator.advanceClock(1);
    await set('churn-drift', 'OK');
    emulator.advanceClock(1);
    await set('churn-drift', 'ALARM');
    const { MetricAlarms } = await cw.send(
      new DescribeAlarmsCommand({ AlarmNames: ['churn-drift'] }),
    );
    const page1 = await cw.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: 'churn-drift',
        HistoryItemType: 'StateUpdate',
        MaxRecords: 2,
      }),
    );
    expect(page1.AlarmHistoryItems).toHaveLength(2);
    const [latest] = page1.AlarmHistoryItems!;
    expect(latest).toMatchObject({
      AlarmName: 'churn-drift',
      AlarmType: 'MetricAlarm',
      HistoryItemType: 'StateUpdate',
      HistorySummary: 'Alarm updated from OK to ALARM',
    });
    expect(latest.Timestamp).toEqual(MetricAlarms![0].StateUpdatedTimestamp);
    expect(JSON.parse(latest.HistoryData!)).toMatchObject({
      version: '1.0',
      oldState: { stateValue: 'OK', stateReason: 'set to OK by the test' },
      newState: {
        stateValue: 'ALARM',
        stateReason: 'set to ALARM by the test',
      },
    });
    const page2 = await cw.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: 'churn-drift',
        HistoryItemType: 'StateUpdate',
        MaxRecords: 2,
        NextToken: page1.NextToken,
      }),
    );
    const all = [...page1.AlarmHistoryItems!, ...page2.AlarmHistoryItems!];
    const times = all.map(i => i.Timestamp!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(all.map(i => i.HistorySummary)).size).toBeGreaterThan(1);

    const everything = await cw.send(new DescribeAlarmHistoryCommand({}));
    expect(
      everything.AlarmHistoryItems!.some(
        i =>
          i.HistoryItemType === 'ConfigurationUpdate' &&
          i.HistorySummary === 'Alarm "churn-drift" created',
      ),
    ).toBe(true);
    expect(
      await failure(
        cw.send(
          new DescribeAlarmHistoryCommand({
            HistoryItemType: 'Nonsense' as never,
          }),
        ),
      ),
    ).toMatchObject({ status: 400 });
  });

  it('emits the changes an evaluation finds, in time order, once each unless faulted', async () => {
    const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);
    await put({ AlarmName: 'churn-drift' });
    emulator.advanceClock(60);
    emulator.evaluateAlarms();
    await drain(events);
    const data = (value: number, hours: number) =>
      cw.send(
        new PutMetricDataCommand({
          Namespace: 'Team/Model',
          MetricData: [
            {
              MetricName: 'feature_baseline_drift_amount',
              Dimensions: [{ Name: 'Endpoint', Value: 'churn' }],
              Value: value,
              Timestamp: at(hours),
            },
          ],
        }),
      );
    await data(0.9, 0.5);
    await data(0.1, 1);
    emulator.advanceClock(2 * 3600);
    emulator.evaluateAlarms();
    const values = async () =>
      (await bodies(events)).map(e => [e.id, e.detail.state.value]);
    const ordered = await values();
    expect(ordered.map(([, v]) => v)).toEqual(['ALARM', 'OK']);

    await data(0.9, 2.5);
    await data(0.1, 3);
    emulator.setFaults({ alarmEvents: { outOfOrder: true, duplicate: true } });
    emulator.advanceClock(2 * 3600);
    emulator.evaluateAlarms();
    const faulted = await values();
    expect(faulted.map(([, v]) => v)).toEqual(['OK', 'OK', 'ALARM', 'ALARM']);
    expect(faulted[0][0]).toBe(faulted[1][0]);
    expect(faulted[0][0]).not.toBe(faulted[2][0]);
  });

  it("takes messages of one's own through the control API, and counts events it could not deliver", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emulator.url}/__emulator/${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
    const sent = await post('sqs/messages', {
      account: PRIMARY.account,
      region: PRIMARY.region,
      queueName: 'alarm-events',
      body: 'not json',
    });
    expect(sent.status).toBe(200);
    expect((await drain(events)).map(m => m.Body)).toEqual(['not json']);
    expect(
      (
        await post('sqs/messages', {
          account: PRIMARY.account,
          region: PRIMARY.region,
          queueName: 'nowhere',
          body: '{}',
        })
      ).status,
    ).toBe(400);

    // Another account has no such queue: its events go nowhere, and the bus says so.
    const other = cloudWatch(emulator, { account: '210987654321' });
    await other.send(
      new PutMetricAlarmCommand({
        AlarmName: 'elsewhere',
        Namespace: 'Team/Model',
        MetricName: 'x',
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    await other.send(
      new SetAlarmStateCommand({
        AlarmName: 'elsewhere',
        StateValue: 'ALARM',
        StateReason: 'test',
      }),
    );
    other.destroy();
    const stats = await (await post('alarms/evaluate', {})).json();
    expect(stats.undeliverable).toBeGreaterThanOrEqual(1);
    expect(
      emulator.alarmEventsQueueUrl('210987654321', PRIMARY.region),
    ).toBeUndefined();
  });
});

describe("the demo fleet's live alarm changes", () => {
  it('fires and resolves search-ranking-latency-high a few minutes after start, as events', async () => {
    const emulator = await startTestEmulator({ scenario: 'demo' });
    const queues = sqs(emulator);
    try {
      const url = emulator.alarmEventsQueueUrl(
        PRIMARY.account,
        PRIMARY.region,
      )!;
      expect(url).toBe(`${emulator.url}/${PRIMARY.account}/mlobs-alarm-events`);
      const changes = async () => {
        emulator.evaluateAlarms();
        const { Messages = [] } = await queues.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
          }),
        );
        if (Messages.length > 0)
          await queues.send(
            new DeleteMessageBatchCommand({
              QueueUrl: url,
              Entries: Messages.map((m, i) => ({
                Id: String(i),
                ReceiptHandle: m.ReceiptHandle!,
              })),
            }),
          );
        return Messages.map(m => JSON.parse(m.Body!).detail)
          .filter(d => d.alarmName === 'search-ranking-latency-high')
          .map(d => d.state.value);
      };
      expect(await changes()).toEqual([]);
      emulator.advanceClock(3 * 60);
      expect(await changes()).toEqual(['ALARM']);
      emulator.advanceClock(6 * 60);
      expect(await changes()).toEqual(['OK']);
    } finally {
      queues.destroy();
      await emulator.stop();
    }
  });
});
