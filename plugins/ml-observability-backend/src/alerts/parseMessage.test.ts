import type { AlertQueueConfig } from '../config';
import { parseAlarmMessage } from './parseMessage';

const queue: AlertQueueConfig = {
  queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ml-alarms',
  accountId: '123456789012',
  region: 'eu-west-1',
  waitTimeSeconds: 20,
  maxMessages: 10,
};

const ARN =
  'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:churn-model-latency';

/** The documented "CloudWatch Alarm State Change" event (metric alarm). */
function eventBridgeEvent(overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: '2026-12-04T05:00:01Z',
    region: 'eu-west-1',
    resources: [ARN],
    detail: {
      alarmName: 'churn-model-latency',
      state: {
        value: 'ALARM',
        reason:
          'Threshold Crossed: 1 out of the last 1 datapoints [812.0 (04/12/26 04:59:00)] was greater than the threshold (500.0).',
        reasonData:
          '{"version":"1.0","queryDate":"2026-12-04T05:00:00.000+0000"}',
        timestamp: '2026-12-04T05:00:00.000+0000',
      },
      previousState: {
        value: 'OK',
        reason:
          'Threshold Crossed: no datapoints were greater than the threshold.',
        timestamp: '2026-12-03T22:10:00.000+0000',
      },
      configuration: {
        description: 'p99 latency of churn-model',
        metrics: [
          {
            id: 'm1',
            metricStat: {
              metric: {
                namespace: 'AWS/SageMaker',
                name: 'ModelLatency',
                dimensions: {
                  EndpointName: 'churn-model',
                  VariantName: 'AllTraffic',
                },
              },
              period: 60,
              stat: 'p99',
            },
            returnData: true,
          },
        ],
      },
    },
    ...overrides,
  };
}

/** CloudWatch's alarm notification, the body SNS carries. */
function alarmNotification(overrides: Record<string, unknown> = {}) {
  return {
    AlarmName: 'churn-model-latency',
    AlarmDescription: 'p99 latency of churn-model',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2026-11-01T10:00:00.000+0000',
    NewStateValue: 'ALARM',
    NewStateReason:
      'Threshold Crossed: 1 out of the last 1 datapoints [812.0 (04/12/26 04:59:00)] was greater than the threshold (500.0).',
    StateChangeTime: '2026-12-04T05:00:00.000+0000',
    Region: 'EU (Ireland)',
    AlarmArn: ARN,
    OldStateValue: 'OK',
    OKActions: [],
    AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ml-alarms'],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'ModelLatency',
      Namespace: 'AWS/SageMaker',
      StatisticType: 'ExtendedStatistic',
      ExtendedStatistic: 'p99',
      Dimensions: [{ value: 'churn-model', name: 'EndpointName' }],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 500,
      TreatMissingData: 'missing',
    },
    ...overrides,
  };
}

function snsEnvelope(
  message: unknown,
  overrides: Record<string, unknown> = {},
) {
  return {
    Type: 'Notification',
    MessageId: '3f0a4c2e-6a1b-5b7e-9d61-0c7a2e0f9b11',
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ml-alarms',
    Subject: 'ALARM: "churn-model-latency" in EU (Ireland)',
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2026-12-04T05:00:01.123Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLEpH+..',
    SigningCertURL:
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
    UnsubscribeURL:
      'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:123456789012:ml-alarms:0',
    ...overrides,
  };
}

const expected = {
  alarmArn: ARN,
  alarmName: 'churn-model-latency',
  accountId: '123456789012',
  region: 'eu-west-1',
  previousState: 'OK',
  state: 'ALARM',
  reason: expect.stringMatching(/^Threshold Crossed: 1 out of/),
  at: '2026-12-04T05:00:00.000Z',
};

describe('parseAlarmMessage', () => {
  it.each([
    [
      'an EventBridge event',
      eventBridgeEvent(),
      undefined,
      {
        ...expected,
        eventId: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
        origin: 'eventbridge',
      },
    ],
    [
      'an SNS notification in its envelope',
      snsEnvelope(alarmNotification()),
      'sqs-message-1',
      {
        ...expected,
        eventId: '3f0a4c2e-6a1b-5b7e-9d61-0c7a2e0f9b11',
        origin: 'sns',
      },
    ],
    [
      'a raw SNS notification (RawMessageDelivery)',
      alarmNotification(),
      'sqs-message-1',
      { ...expected, eventId: 'sqs-message-1', origin: 'sns' },
    ],
    [
      'a raw notification without a message id',
      alarmNotification(),
      undefined,
      {
        ...expected,
        eventId: `${ARN}|ALARM|2026-12-04T05:00:00.000Z`,
        origin: 'sns',
      },
    ],
    [
      'an older notification without AlarmArn (built from account, queue region and name)',
      alarmNotification({ AlarmArn: undefined }),
      'm-2',
      { ...expected, eventId: 'm-2', origin: 'sns' },
    ],
    [
      'an EventBridge event whose ARN is in the detail only',
      eventBridgeEvent({
        resources: [],
        detail: { ...eventBridgeEvent().detail, alarmArn: ARN },
      }),
      undefined,
      { ...expected, eventId: expect.any(String), origin: 'eventbridge' },
    ],
  ])('reads %s', (_, body, messageId, transition) => {
    expect(
      parseAlarmMessage(JSON.stringify(body), { queue, messageId }),
    ).toEqual({ ok: true, transition });
  });

  it('gives a first state change (no previous state) and no reason without those fields', () => {
    const result = parseAlarmMessage(
      JSON.stringify(
        alarmNotification({
          OldStateValue: undefined,
          NewStateReason: undefined,
          NewStateValue: 'INSUFFICIENT_DATA',
        }),
      ),
      { queue },
    );
    expect(result.ok && result.transition).toEqual(
      expect.not.objectContaining({ previousState: expect.anything() }),
    );
    expect(result.ok && result.transition.reason).toBeUndefined();
    expect(result.ok && result.transition.state).toBe('INSUFFICIENT_DATA');
  });

  it('normalises other offsets and UTC forms to millisecond ISO', () => {
    const at = (timestamp: string) => {
      const result = parseAlarmMessage(
        JSON.stringify(alarmNotification({ StateChangeTime: timestamp })),
        { queue },
      );
      return result.ok ? result.transition.at : result.message;
    };
    expect(at('2026-12-04T06:30:00.250+0130')).toBe('2026-12-04T05:00:00.250Z');
    expect(at('2026-12-04T05:00:00Z')).toBe('2026-12-04T05:00:00.000Z');
    expect(at('2026-12-04T00:00:00.000-0500')).toBe('2026-12-04T05:00:00.000Z');
  });

  it.each([
    ['not JSON', 'ALARM: churn-model-latency', 'not-json', /not JSON/],
    ['an empty body', '', 'not-json', /not JSON/],
    [
      'a JSON array',
      JSON.stringify([alarmNotification()]),
      'unrecognized',
      /not a JSON object/,
    ],
    ['JSON null', 'null', 'unrecognized', /not a JSON object/],
    [
      'another JSON object',
      JSON.stringify({ hello: 'world' }),
      'unrecognized',
      /neither/,
    ],
    [
      'an event of another source',
      JSON.stringify(eventBridgeEvent({ source: 'aws.ec2' })),
      'unrecognized',
      /neither/,
    ],
    [
      'an event without state',
      JSON.stringify(
        eventBridgeEvent({
          detail: { ...eventBridgeEvent().detail, state: undefined },
        }),
      ),
      'unrecognized',
      /detail.state.value is missing/,
    ],
    [
      'an event with an unknown state',
      JSON.stringify(
        eventBridgeEvent({
          detail: {
            ...eventBridgeEvent().detail,
            state: {
              value: 'FIRING',
              timestamp: '2026-12-04T05:00:00.000+0000',
            },
          },
        }),
      ),
      'unrecognized',
      /"FIRING" is not OK, ALARM or INSUFFICIENT_DATA/,
    ],
    [
      'an event with a bad timestamp',
      JSON.stringify(
        eventBridgeEvent({
          detail: {
            ...eventBridgeEvent().detail,
            state: { value: 'OK', timestamp: 'yesterday' },
          },
        }),
      ),
      'unrecognized',
      /"yesterday" is not a time/,
    ],
    [
      'an event without id',
      JSON.stringify(eventBridgeEvent({ id: undefined })),
      'unrecognized',
      /no id/,
    ],
    [
      'an event without an alarm ARN',
      JSON.stringify(eventBridgeEvent({ resources: ['arn:aws:ec2:x'] })),
      'unrecognized',
      /no alarm ARN/,
    ],
    [
      'a raw notification without NewStateValue',
      JSON.stringify(alarmNotification({ NewStateValue: undefined })),
      'unrecognized',
      /neither/,
    ],
    [
      'a raw notification with a null state',
      JSON.stringify(alarmNotification({ NewStateValue: null })),
      'unrecognized',
      /NewStateValue null is not/,
    ],
    [
      'a raw notification with a bad StateChangeTime',
      JSON.stringify(
        alarmNotification({ StateChangeTime: '04/12/2026 05:00' }),
      ),
      'unrecognized',
      /StateChangeTime "04\/12\/2026 05:00" is not a time/,
    ],
    [
      'a raw notification with an unknown old state',
      JSON.stringify(alarmNotification({ OldStateValue: 'PENDING' })),
      'unrecognized',
      /OldStateValue "PENDING"/,
    ],
    [
      'a raw notification with a malformed AlarmArn',
      JSON.stringify(alarmNotification({ AlarmArn: 'churn-model-latency' })),
      'unrecognized',
      /is not an alarm ARN/,
    ],
    [
      'an SNS SubscriptionConfirmation',
      JSON.stringify({
        Type: 'SubscriptionConfirmation',
        MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
        Token: '2336412f37...',
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ml-alarms',
        Message:
          'You have chosen to subscribe to the topic arn:aws:sns:eu-west-1:123456789012:ml-alarms.',
        SubscribeURL:
          'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
        Timestamp: '2026-12-04T05:00:00.000Z',
      }),
      'unrecognized',
      /SubscriptionConfirmation message, not a Notification/,
    ],
    [
      'an SNS notification whose Message is text',
      JSON.stringify(snsEnvelope('deploy finished')),
      'unrecognized',
      /Message is not JSON/,
    ],
    [
      'an SNS notification whose Message is another JSON',
      JSON.stringify(snsEnvelope({ build: 42 })),
      'unrecognized',
      /not a CloudWatch alarm notification/,
    ],
    [
      'an SNS notification of a broken alarm notification',
      JSON.stringify(snsEnvelope(alarmNotification({ NewStateValue: 'BAD' }))),
      'unrecognized',
      /NewStateValue "BAD"/,
    ],
    [
      'an EventBridge event of another account',
      JSON.stringify(
        eventBridgeEvent({
          account: '210987654321',
          resources: ['arn:aws:cloudwatch:eu-west-1:210987654321:alarm:x'],
        }),
      ),
      'other-account',
      /of account 210987654321 arrived on the queue of account 123456789012/,
    ],
    [
      'a notification whose ARN names another account',
      JSON.stringify(
        alarmNotification({
          AlarmArn: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:x',
        }),
      ),
      'other-account',
      /arrived on the queue of account 123456789012/,
    ],
    [
      'an enveloped notification of another account',
      JSON.stringify(
        snsEnvelope(
          alarmNotification({
            AWSAccountId: '210987654321',
            AlarmArn: undefined,
          }),
        ),
      ),
      'other-account',
      /alarm arn:aws:cloudwatch:eu-west-1:210987654321:alarm:churn-model-latency/,
    ],
  ])('refuses %s', (_, body, reason, message) => {
    const result = parseAlarmMessage(body, { queue, messageId: 'm-1' });
    expect(result).toEqual({
      ok: false,
      reason,
      message: expect.stringMatching(message),
    });
  });

  it('builds the ARN in the partition of the queue region', () => {
    const result = parseAlarmMessage(
      JSON.stringify(alarmNotification({ AlarmArn: undefined })),
      { queue: { ...queue, region: 'cn-north-1' } },
    );
    expect(result.ok && result.transition.alarmArn).toBe(
      'arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:churn-model-latency',
    );
  });
});
