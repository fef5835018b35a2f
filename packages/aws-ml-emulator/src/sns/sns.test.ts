import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Emulator } from '../emulator';
import {
  EU,
  NOW,
  PRIMARY,
  failure,
  sns,
  sqs,
  startTestEmulator,
} from '../__testUtils__/clients';

describe('SNS', () => {
  let emulator: Emulator;
  let topics: SNSClient;
  let queues: SQSClient;

  beforeEach(async () => {
    emulator = await startTestEmulator({ scenario: 'empty' });
    topics = sns(emulator);
    queues = sqs(emulator);
  });
  afterEach(async () => {
    topics.destroy();
    queues.destroy();
    await emulator.stop();
  });

  const queue = async (name: string) =>
    (await queues.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const arnOf = (name: string) =>
    `arn:aws:sqs:us-east-1:${PRIMARY.account}:${name}`;
  const one = async (url: string) =>
    (await queues.send(new ReceiveMessageCommand({ QueueUrl: url })))
      .Messages?.[0];

  it('creates, lists and subscribes topics per account', async () => {
    const { TopicArn } = await topics.send(
      new CreateTopicCommand({ Name: 'alarms' }),
    );
    expect(TopicArn).toBe(`arn:aws:sns:us-east-1:${PRIMARY.account}:alarms`);
    expect((await topics.send(new ListTopicsCommand({}))).Topics).toEqual([
      { TopicArn },
    ]);
    const { SubscriptionArn } = await topics.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: arnOf('inbox'),
      }),
    );
    expect(SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
    const { Subscriptions } = await topics.send(
      new ListSubscriptionsByTopicCommand({ TopicArn }),
    );
    expect(Subscriptions).toEqual([
      {
        TopicArn,
        Protocol: 'sqs',
        SubscriptionArn,
        Owner: PRIMARY.account,
        Endpoint: arnOf('inbox'),
      },
    ]);
    const other = sns(emulator, EU);
    expect((await other.send(new ListTopicsCommand({}))).Topics ?? []).toEqual(
      [],
    );
    const missing = await failure(
      other.send(new PublishCommand({ TopicArn, Message: 'x' })),
    );
    expect(missing).toMatchObject({ name: 'NotFoundException', status: 404 });
    other.destroy();
  });

  it('delivers raw messages and SNS envelopes to subscribed queues', async () => {
    const raw = await queue('raw');
    const wrapped = await queue('wrapped');
    const { TopicArn } = await topics.send(
      new CreateTopicCommand({ Name: 'alarms' }),
    );
    await topics.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: arnOf('raw'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const { SubscriptionArn } = await topics.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: arnOf('wrapped'),
      }),
    );
    const { MessageId } = await topics.send(
      new PublishCommand({ TopicArn, Subject: 'ALARM', Message: '{"a":1}' }),
    );
    expect((await one(raw))?.Body).toBe('{"a":1}');
    const envelope = JSON.parse((await one(wrapped))!.Body!);
    expect(envelope).toEqual({
      Type: 'Notification',
      MessageId,
      TopicArn,
      Subject: 'ALARM',
      Message: '{"a":1}',
      Timestamp: NOW.toISOString(),
      SignatureVersion: '1',
      Signature: expect.any(String),
      SigningCertURL: expect.stringMatching(/^http:\/\/.*\.pem$/),
      UnsubscribeURL: expect.stringContaining(
        encodeURIComponent(SubscriptionArn!),
      ),
    });
    expect(emulator.stats().operations.Publish.calls).toBe(1);
  });
});
