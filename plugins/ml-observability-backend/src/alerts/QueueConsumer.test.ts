import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  Message,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SQSClient,
  SQSServiceException,
} from '@aws-sdk/client-sqs';
import { mockServices } from '@backstage/backend-test-utils';
import { NonAwsAnswerError } from '@mlobs/backstage-plugin-ml-observability-node';
import { mockClient } from 'aws-sdk-client-mock';
import type { AlertQueueConfig } from '../config';
import { NotificationDeferredError } from './pipeline';
import { QueueConsumer, shownQueueUrl } from './QueueConsumer';
import type { AlarmTransition, TransitionSink } from './types';

const queue: AlertQueueConfig = {
  queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ml-alarms',
  accountId: '123456789012',
  region: 'eu-west-1',
  waitTimeSeconds: 20,
  maxMessages: 10,
  visibilityTimeoutSeconds: 30,
};

function event(n: number, account = '123456789012'): string {
  return JSON.stringify({
    version: '0',
    id: `event-${n}`,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account,
    time: '2026-12-04T05:00:01Z',
    region: 'eu-west-1',
    resources: [`arn:aws:cloudwatch:eu-west-1:${account}:alarm:alarm-${n}`],
    detail: {
      alarmName: `alarm-${n}`,
      state: { value: 'ALARM', timestamp: '2026-12-04T05:00:00.000+0000' },
      previousState: {
        value: 'OK',
        timestamp: '2026-12-04T04:00:00.000+0000',
      },
    },
  });
}

function message(n: number, body = event(n), receiveCount = 1): Message {
  return {
    MessageId: `message-${n}`,
    ReceiptHandle: `receipt-${n}`,
    Body: body,
    Attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1796360401000',
    },
  };
}

function awsError(name: string, status: number): SQSServiceException {
  return new SQSServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: `${name} for arn:aws:iam::123456789012:role/secret-role`,
  });
}

class RecordingSink implements TransitionSink {
  readonly batches: AlarmTransition[][] = [];
  failWith?: unknown;
  async handle(transitions: AlarmTransition[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.batches.push(transitions);
  }
}

function setup() {
  const client = new SQSClient({ region: 'eu-west-1' });
  const sqs = mockClient(client);
  sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  const logger = mockServices.logger.mock();
  const sink = new RecordingSink();
  let time = Date.parse('2026-12-04T05:00:05Z');
  const consumer = new QueueConsumer({
    queue,
    client,
    sink,
    logger,
    backoff: { initialMs: 10_000, maxMs: 300_000 },
    now: () => time,
  });
  const advance = (ms: number) => {
    time += ms;
  };
  return { sqs, logger, sink, consumer, advance };
}

describe('QueueConsumer', () => {
  it('long-polls the queue as configured, hands the batch to the sink once, then deletes it in one DeleteMessageBatch', async () => {
    const { sqs, sink, consumer, logger } = setup();
    sqs
      .on(ReceiveMessageCommand)
      .resolves({ Messages: [message(1), message(2), message(3)] });
    expect(consumer.status()).toMatchObject({ state: 'idle', received: 0 });

    await consumer.pollOnce();

    expect(sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input).toEqual({
      QueueUrl: queue.queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 20,
      VisibilityTimeout: 30,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
    });
    expect(sink.batches).toHaveLength(1);
    expect(sink.batches[0].map(t => t.eventId)).toEqual([
      'event-1',
      'event-2',
      'event-3',
    ]);
    const deletes = sqs.commandCalls(DeleteMessageBatchCommand);
    expect(deletes).toHaveLength(1);
    expect(deletes[0].args[0].input).toEqual({
      QueueUrl: queue.queueUrl,
      Entries: [
        { Id: '0', ReceiptHandle: 'receipt-1' },
        { Id: '1', ReceiptHandle: 'receipt-2' },
        { Id: '2', ReceiptHandle: 'receipt-3' },
      ],
    });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    expect(consumer.status()).toEqual({
      queueUrl: queue.queueUrl,
      accountId: '123456789012',
      region: 'eu-west-1',
      state: 'ok',
      lastPollAt: '2026-12-04T05:00:05.000Z',
      lastMessageAt: '2026-12-04T05:00:05.000Z',
      received: 3,
      handled: 3,
      unparseable: 0,
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('leaves out VisibilityTimeout when the queue has none configured, and calls nothing else on an empty poll', async () => {
    const client = new SQSClient({ region: 'eu-west-1' });
    const sqs = mockClient(client);
    sqs.on(ReceiveMessageCommand).resolves({});
    const sink = new RecordingSink();
    const consumer = new QueueConsumer({
      queue: { ...queue, visibilityTimeoutSeconds: undefined },
      client,
      sink,
      logger: mockServices.logger.mock(),
    });
    await consumer.pollOnce();
    expect(
      sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input,
    ).not.toHaveProperty('VisibilityTimeout');
    expect(sqs.calls()).toHaveLength(1);
    expect(sink.batches).toHaveLength(0);
    expect(consumer.status()).toMatchObject({ state: 'ok', received: 0 });
    expect(consumer.status().lastMessageAt).toBeUndefined();
  });

  it('deletes nothing when the sink throws, warns once per failure streak, and deletes once it takes the batch again', async () => {
    const { sqs, sink, consumer, logger } = setup();
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [message(1)] });
    sink.failWith = new Error('connect ECONNREFUSED 127.0.0.1:5432');

    await consumer.pollOnce();
    sink.failWith = new NotificationDeferredError(1, new Error('down'));
    await consumer.pollOnce();

    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /could not be handled, their messages return after the visibility timeout: connect ECONNREFUSED/,
    );
    expect(consumer.status()).toMatchObject({
      state: 'ok',
      message: expect.stringMatching(/could not be handled/),
      received: 2,
      handled: 0,
    });

    sink.failWith = undefined;
    await consumer.pollOnce();
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(1);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/are handled again/),
    );
    expect(consumer.status()).toMatchObject({ handled: 1 });
    expect(consumer.status().message).toBeUndefined();
  });

  it('leaves an unparseable message on the queue, logs it, and hides it for longer at each receive', async () => {
    const { sqs, sink, consumer, logger } = setup();
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message(1, 'not json', 3)] })
      .resolvesOnce({ Messages: [message(1, 'not json', 1000)] });

    await consumer.pollOnce();
    await consumer.pollOnce();

    expect(sink.batches).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    expect(
      sqs
        .commandCalls(ChangeMessageVisibilityCommand)
        .map(c => c.args[0].input),
    ).toEqual([
      {
        QueueUrl: queue.queueUrl,
        ReceiptHandle: 'receipt-1',
        VisibilityTimeout: 180,
      },
      {
        QueueUrl: queue.queueUrl,
        ReceiptHandle: 'receipt-1',
        VisibilityTimeout: 43_200,
      },
    ]);
    expect(logger.warn.mock.calls[0][0]).toBe(
      `ML observability: alarm queue message message-1 on ${queue.queueUrl} is left for the dead-letter queue (not-json: the body is not JSON; received 3 time(s))`,
    );
    expect(consumer.status()).toMatchObject({
      state: 'ok',
      received: 2,
      unparseable: 2,
      handled: 0,
    });
  });

  it('handles and deletes the readable part of a mixed batch, leaving the others (another account, not JSON)', async () => {
    const { sqs, sink, consumer, logger } = setup();
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        message(1),
        message(2, event(2, '210987654321'), 2),
        message(3),
        message(4, '<html/>'),
      ],
    });

    await consumer.pollOnce();

    expect(sink.batches.map(b => b.map(t => t.eventId))).toEqual([
      ['event-1', 'event-3'],
    ]);
    expect(
      sqs.commandCalls(DeleteMessageBatchCommand)[0].args[0].input.Entries,
    ).toEqual([
      { Id: '0', ReceiptHandle: 'receipt-1' },
      { Id: '1', ReceiptHandle: 'receipt-3' },
    ]);
    expect(
      sqs
        .commandCalls(ChangeMessageVisibilityCommand)
        .map(c => [
          c.args[0].input.ReceiptHandle,
          c.args[0].input.VisibilityTimeout,
        ]),
    ).toEqual([
      ['receipt-2', 120],
      ['receipt-4', 60],
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/message-2 .*\(other-account: .*received 2 time/),
    );
    expect(consumer.status()).toMatchObject({
      received: 4,
      handled: 2,
      unparseable: 2,
    });
  });

  it('drains a burst in one run: receives again at once while batches come back full', async () => {
    const { sqs, sink, consumer } = setup();
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => message(from + i));
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: batch(0, 10) })
      .resolvesOnce({ Messages: batch(10, 10) })
      .resolvesOnce({ Messages: batch(20, 4) })
      .resolves({ Messages: batch(30, 10) });

    await consumer.pollOnce();
    // Full, full, then 4: the queue is drained; the next run long-polls again.
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(3);
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(3);
    expect(sink.batches.map(b => b.length)).toEqual([10, 10, 4]);
    expect(consumer.status()).toMatchObject({ received: 24, handled: 24 });

    // A queue that never empties: the run stops after its receive budget.
    await consumer.pollOnce();
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(3 + 100);
  });

  it('stops draining when the sink fails, so the batch is not received again and again', async () => {
    const { sqs, sink, consumer } = setup();
    sink.failWith = new Error('database restarting');
    sqs
      .on(ReceiveMessageCommand)
      .resolves({ Messages: Array.from({ length: 10 }, (_, i) => message(i)) });
    await consumer.pollOnce();
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(1);
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
  });

  it('deletes a batch of more than ten in chunks of ten', async () => {
    const { sqs, consumer } = setup();
    const messages = Array.from({ length: 12 }, (_, i) => message(i));
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: messages })
      .resolves({});
    await consumer.pollOnce();
    expect(
      sqs
        .commandCalls(DeleteMessageBatchCommand)
        .map(c => c.args[0].input.Entries?.length),
    ).toEqual([10, 2]);
  });

  it('logs the failed entries of a partial DeleteMessageBatch', async () => {
    const { sqs, consumer, logger } = setup();
    sqs
      .on(ReceiveMessageCommand)
      .resolves({ Messages: [message(1), message(2)] });
    sqs.on(DeleteMessageBatchCommand).resolves({
      Successful: [{ Id: '0' }],
      Failed: [
        {
          Id: '1',
          Code: 'ReceiptHandleIsInvalid',
          SenderFault: true,
          Message: 'The receipt handle has expired',
        },
      ],
    });
    await consumer.pollOnce();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toBe(
      `ML observability: could not delete handled message message-2 from ${queue.queueUrl} (ReceiptHandleIsInvalid: The receipt handle has expired); it is delivered again and dropped as a duplicate`,
    );
    expect(consumer.status()).toMatchObject({ state: 'ok', handled: 2 });
  });

  it('is denied with one warning across failing polls, skips polls with a growing backoff, and recovers', async () => {
    const { sqs, consumer, logger, advance } = setup();
    sqs.on(ReceiveMessageCommand).rejects(awsError('AccessDenied', 403));

    // Five failing polls, each once its backoff (10, 20, 40, 80 s) has passed.
    await consumer.pollOnce();
    for (const wait of [10_000, 20_000, 40_000, 80_000]) {
      advance(wait - 1);
      await consumer.pollOnce(); // still backing off: skipped
      advance(1);
      await consumer.pollOnce();
    }
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(5);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [warning] = logger.warn.mock.calls[0];
    expect(warning).toMatch(
      /access denied to the alarm queue https:\/\/sqs.eu-west-1.amazonaws.com\/123456789012\/ml-alarms \(account 123456789012, eu-west-1\); allow sqs:ReceiveMessage/,
    );
    expect(warning).not.toMatch(/secret-role/);
    expect(consumer.status()).toMatchObject({
      state: 'denied',
      message: expect.stringMatching(/^access denied/),
    });
    expect(consumer.status().lastPollAt).toBeUndefined();

    // The backoff is capped at 5 minutes.
    for (let i = 0; i < 4; i += 1) {
      advance(300_000);
      await consumer.pollOnce();
    }
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(9);

    sqs.on(ReceiveMessageCommand).resolves({ Messages: [message(1)] });
    advance(300_000);
    await consumer.pollOnce();
    expect(consumer.status()).toMatchObject({ state: 'ok', handled: 1 });
    expect(consumer.status().message).toBeUndefined();
    expect(logger.info).toHaveBeenCalledWith(
      `ML observability: the alarm queue ${queue.queueUrl} is polled again`,
    );
    // After recovery a poll is not skipped any more.
    await consumer.pollOnce();
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(11);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a missing queue',
      new QueueDoesNotExist({
        message: 'The specified queue does not exist.',
        $metadata: { httpStatusCode: 400 },
      }),
      'missing',
      /does not exist; check mlObservability.alerts.queues/,
    ],
    [
      'the query protocol code of a missing queue',
      awsError('AWS.SimpleQueueService.NonExistentQueue', 400),
      'missing',
      /does not exist/,
    ],
    [
      'rejected credentials',
      awsError('InvalidClientTokenId', 403),
      'denied',
      /AWS rejected the credentials used for account 123456789012 \(InvalidClientTokenId\)/,
    ],
    [
      'throttling',
      awsError('ThrottlingException', 400),
      'failing',
      /SQS throttled the polls/,
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
        code: 'ECONNREFUSED',
      }),
      'failing',
      /could not reach the alarm queue .* \(ECONNREFUSED\)/,
    ],
    [
      'a non-AWS 5xx body',
      new NonAwsAnswerError({ statusCode: 502, contentType: 'text/html' }),
      'failing',
      /answered HTTP 502 with a non-AWS body/,
    ],
    [
      'a server error',
      awsError('InternalFailure', 500),
      'failing',
      /failed with a server error \(HTTP 500\)/,
    ],
  ])('reports %s as a degraded status', async (_, error, state, text) => {
    const { sqs, consumer, logger } = setup();
    sqs.on(ReceiveMessageCommand).rejects(error);
    await consumer.pollOnce();
    expect(consumer.status()).toMatchObject({
      state,
      message: expect.stringMatching(text),
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('warns again when the failure changes', async () => {
    const { sqs, consumer, logger, advance } = setup();
    sqs
      .on(ReceiveMessageCommand)
      .rejectsOnce(awsError('AccessDenied', 403))
      .rejectsOnce(awsError('AWS.SimpleQueueService.NonExistentQueue', 400));
    await consumer.pollOnce();
    advance(10_000);
    await consumer.pollOnce();
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(consumer.status().state).toBe('missing');
  });

  it('passes the abort signal to the long poll, and an aborted poll is neither a failure nor a poll', async () => {
    const { sqs, consumer, logger } = setup();
    const controller = new AbortController();
    sqs.on(ReceiveMessageCommand).callsFake(async () => {
      controller.abort();
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    });

    await consumer.pollOnce(controller.signal);

    expect((sqs.send.getCall(0).args as unknown[])[1]).toEqual({
      abortSignal: controller.signal,
    });
    expect(consumer.status()).toMatchObject({ state: 'idle' });
    expect(logger.warn).not.toHaveBeenCalled();

    // Already aborted: no call at all.
    await consumer.pollOnce(controller.signal);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(1);
  });
});

describe('shownQueueUrl', () => {
  it('shows an AWS queue URL as it is, and hides the address of any other endpoint', () => {
    expect(
      shownQueueUrl(
        'https://sqs.eu-west-1.amazonaws.com/123456789012/ml-alarms',
      ),
    ).toBe('https://sqs.eu-west-1.amazonaws.com/123456789012/ml-alarms');
    expect(
      shownQueueUrl(
        'https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/ml-alarms',
      ),
    ).toBe(
      'https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/ml-alarms',
    );
    expect(
      shownQueueUrl(
        'https://vpce-0abc-1234.sqs.eu-west-1.vpce.amazonaws.com/123456789012/ml-alarms',
      ),
    ).toBe('<endpoint>/123456789012/ml-alarms');
    expect(shownQueueUrl('http://10.1.2.3:4566/000000000000/ml-alarms')).toBe(
      '<endpoint>/000000000000/ml-alarms',
    );
    // Not AWS either: plain http, or a look-alike host.
    expect(
      shownQueueUrl('http://sqs.eu-west-1.amazonaws.com/123456789012/q'),
    ).toBe('<endpoint>/123456789012/q');
    expect(
      shownQueueUrl('https://sqs.eu-west-1.amazonaws.com.evil.test/1/q'),
    ).toBe('<endpoint>/1/q');
    expect(shownQueueUrl('not a url')).toBe('<endpoint>');
  });

  it('keeps the address of a private endpoint out of the status and its messages', async () => {
    const client = new SQSClient({ region: 'eu-west-1' });
    const sqs = mockClient(client);
    sqs.on(ReceiveMessageCommand).rejects(awsError('AccessDenied', 403));
    const consumer = new QueueConsumer({
      queue: {
        ...queue,
        queueUrl: 'http://10.1.2.3:4566/123456789012/ml-alarms',
      },
      client,
      sink: new RecordingSink(),
      logger: mockServices.logger.mock(),
    });
    await consumer.pollOnce();
    const status = consumer.status();
    expect(status.queueUrl).toBe('<endpoint>/123456789012/ml-alarms');
    expect(status.message).toMatch(
      /^access denied to the alarm queue <endpoint>\/123456789012\/ml-alarms \(account 123456789012, eu-west-1\)/,
    );
    expect(JSON.stringify(status)).not.toContain('10.1.2.3');
  });
});
