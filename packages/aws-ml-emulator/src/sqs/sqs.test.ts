import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import type { Emulator } from '../emulator';
import {
  EU,
  NOW,
  PRIMARY,
  failure,
  sqs,
  startTestEmulator,
} from '../__testUtils__/clients';

describe('SQS', () => {
  let emulator: Emulator;
  let client: SQSClient;

  beforeEach(async () => {
    emulator = await startTestEmulator({ scenario: 'empty' });
    client = sqs(emulator);
  });
  afterEach(async () => {
    client.destroy();
    await emulator.stop();
  });

  const create = async (name: string, Attributes?: Record<string, string>) =>
    (await client.send(new CreateQueueCommand({ QueueName: name, Attributes })))
      .QueueUrl!;
  const receive = (QueueUrl: string, extra = {}) =>
    client.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MessageSystemAttributeNames: ['All'],
        ...extra,
      }),
    );

  it('creates queues keyed by account with AWS-shaped URLs and ARNs', async () => {
    const url = await create('events', { VisibilityTimeout: '45' });
    expect(url).toBe(`${emulator.url}/${PRIMARY.account}/events`);
    expect(await create('events')).toBe(url);
    const { QueueUrl } = await client.send(
      new GetQueueUrlCommand({ QueueName: 'events' }),
    );
    expect(QueueUrl).toBe(url);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:us-east-1:${PRIMARY.account}:events`,
      VisibilityTimeout: '45',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    const { QueueUrls } = await client.send(new ListQueuesCommand({}));
    expect(QueueUrls).toEqual([url]);

    const other = sqs(emulator, EU);
    const missing = await failure(
      other.send(new GetQueueUrlCommand({ QueueName: 'events' })),
    );
    expect(missing).toMatchObject({ name: 'QueueDoesNotExist', status: 400 });
    const foreign = await failure(
      other.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })),
    );
    expect(foreign.name).toBe('QueueDoesNotExist');
    other.destroy();
  });

  it('sends and receives with MD5s the SDK verifies and system attributes', async () => {
    const url = await create('q');
    const sent = await client.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' }),
    );
    expect(sent.MD5OfMessageBody).toBe(
      createHash('md5').update('hello').digest('hex'),
    );
    const { Messages } = await receive(url);
    expect(Messages).toHaveLength(1);
    expect(Messages![0]).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'hello',
      MD5OfBody: sent.MD5OfMessageBody,
      Attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(NOW.getTime()),
        ApproximateFirstReceiveTimestamp: String(NOW.getTime()),
      },
    });
    expect(Messages![0].ReceiptHandle).toEqual(expect.any(String));
  });

  it('long polls until a message is sent, then answers at once', async () => {
    const url = await create('q');
    const started = Date.now();
    const polled = receive(url, { WaitTimeSeconds: 20 });
    await new Promise(resolve => setTimeout(resolve, 300));
    await client.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'late' }),
    );
    const { Messages } = await polled;
    expect(Messages?.[0].Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('ends an empty short poll at once and a long poll when the server stops', async () => {
    const url = await create('q');
    expect((await receive(url)).Messages).toBeUndefined();
    const started = Date.now();
    const polled = receive(url, { WaitTimeSeconds: 20 }).catch(e => e);
    await new Promise(resolve => setTimeout(resolve, 200));
    await emulator.stop();
    await polled;
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('hides received messages for the visibility timeout and redelivers them', async () => {
    const url = await create('q', { VisibilityTimeout: '30' });
    await client.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'm' }),
    );
    const first = (await receive(url)).Messages![0];
    expect((await receive(url)).Messages).toBeUndefined();
    const attrs = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
        ],
      }),
    );
    expect(attrs.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    emulator.advanceClock(31);
    const second = (await receive(url)).Messages![0];
    expect(second.MessageId).toBe(first.MessageId);
    expect(second.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second.Attributes?.ApproximateFirstReceiveTimestamp).toBe(
      String(NOW.getTime()),
    );
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);

    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: second.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const third = (await receive(url, { VisibilityTimeout: 5 })).Messages![0];
    expect(third.Attributes?.ApproximateReceiveCount).toBe('3');
    await client.send(
      new DeleteMessageCommand({
        QueueUrl: url,
        ReceiptHandle: third.ReceiptHandle,
      }),
    );
    emulator.advanceClock(60);
    expect((await receive(url)).Messages).toBeUndefined();
  });

  it('redrives a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const dlq = await create('q-dlq');
    const url = await create('q', {
      VisibilityTimeout: '10',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:${PRIMARY.account}:q-dlq`,
        maxReceiveCount: 2,
      }),
    });
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['RedrivePolicy'],
      }),
    );
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: `arn:aws:sqs:us-east-1:${PRIMARY.account}:q-dlq`,
      maxReceiveCount: 2,
    });
    const { MessageId } = await client.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }),
    );
    for (let i = 0; i < 2; i++) {
      expect((await receive(url)).Messages![0].MessageId).toBe(MessageId);
      emulator.advanceClock(11);
    }
    expect((await receive(url)).Messages).toBeUndefined();
    const dead = (await receive(dlq)).Messages![0];
    expect(dead).toMatchObject({ MessageId, Body: 'poison' });

    const bad = await failure(
      create('r', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:${PRIMARY.account}:nope`,
          maxReceiveCount: 2,
        }),
      }),
    );
    expect(bad.name).toBe('InvalidParameterValue');
  });

  it('sends in batches and reports a partial delete failure per entry', async () => {
    const url = await create('q');
    const sent = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: ['a', 'b', 'c'].map(id => ({
          Id: id,
          MessageBody: `body-${id}`,
        })),
      }),
    );
    expect(sent.Successful).toHaveLength(3);
    const { Messages } = await receive(url, { MaxNumberOfMessages: 10 });
    expect(Messages!.map(m => m.Body).sort()).toEqual([
      'body-a',
      'body-b',
      'body-c',
    ]);
    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: Messages![0].ReceiptHandle },
          { Id: 'bad', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: 'ok' }]);
    expect(deleted.Failed).toEqual([
      expect.objectContaining({
        Id: 'bad',
        SenderFault: true,
        Code: 'ReceiptHandleIsInvalid',
      }),
    ]);
    const invalid = await failure(receive(url, { MaxNumberOfMessages: 11 }));
    expect(invalid.name).toBe('InvalidParameterValue');
    await client.send(new PurgeQueueCommand({ QueueUrl: url }));
    emulator.advanceClock(60);
    expect((await receive(url)).Messages).toBeUndefined();
  });

  it('counts SQS operations in the call stats', async () => {
    const url = await create('q');
    await receive(url);
    const stats = emulator.stats();
    expect(stats.operations.CreateQueue.calls).toBe(1);
    expect(stats.operations.ReceiveMessage.calls).toBe(1);
    expect(
      stats.accounts[`${PRIMARY.account}/us-east-1`].operations,
    ).toMatchObject({
      CreateQueue: 1,
      ReceiveMessage: 1,
    });
  });
});
