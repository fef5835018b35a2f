/**
 * Consumes one alarm queue: one long poll per run, the batch's transitions
 * handed to the sink at once, and only then deleted. What the sink could not
 * take stays on the queue (it returns after its visibility timeout); what
 * cannot be read stays too, hidden for longer at each receive, until the
 * queue's redrive policy moves it to the dead-letter queue.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AlertQueueStatus } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AwsCredentialsError,
  nonAwsAnswerOf,
} from '@mlobs/backstage-plugin-ml-observability-node';
import type { AlertQueueConfig } from '../config';
import { parseAlarmMessage } from './parseMessage';
import type { AlarmTransition, TransitionSink } from './types';

/** Backoff of a failing queue: skipped polls, growing from `initialMs` to `maxMs`. */
export interface QueueBackoff {
  initialMs: number;
  maxMs: number;
}

const DEFAULT_BACKOFF: QueueBackoff = { initialMs: 10_000, maxMs: 300_000 };

/** An unreadable message is hidden for 60 s × its receive count, at most 12 h (SQS's limit). */
const UNPARSEABLE_VISIBILITY_STEP_S = 60;
const MAX_VISIBILITY_S = 43_200;
const DELETE_BATCH = 10;
/**
 * How long one run keeps receiving while batches come back full: a burst drains at the queue's pace,
 * not one batch per run; within the task's timeout (the long poll plus 60 s).
 */
const DRAIN_BUDGET_MS = 30_000;
/** And at most this many receives a run (1,000 messages at 10 a batch). */
const DRAIN_MAX_RECEIVES = 100;

const MISSING = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NonExistentQueue',
]);

const CREDENTIALS_REJECTED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'OverLimit',
]);

const NETWORK =
  /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)\b/;

type QueueState = Exclude<AlertQueueStatus['state'], 'ok' | 'idle'>;

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  errors?: unknown[];
}

function isAbort(error: unknown): boolean {
  return (error as ErrorLike | undefined)?.name === 'AbortError';
}

function networkCode(error: ErrorLike, depth = 0): string | undefined {
  if (error.code && NETWORK.test(error.code)) return error.code;
  for (const inner of [...(error.errors ?? []), error.cause]) {
    if (inner && typeof inner === 'object' && depth < 3) {
      const code = networkCode(inner as ErrorLike, depth + 1);
      if (code) return code;
    }
  }
  return NETWORK.exec(error.message ?? '')?.[1];
}

const AWS_SQS_HOST = /^sqs(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;

/**
 * A queue URL as `/v1/status` shows it to every signed-in user: an AWS queue
 * URL as it is; another endpoint's (a VPC endpoint, LocalStack, an emulator)
 * without its address, which is the network's business, not the portal's:
 * `<endpoint>/123456789012/ml-alarms`. Logs keep the whole URL.
 */
export function shownQueueUrl(queueUrl: string): string {
  let url: URL;
  try {
    url = new URL(queueUrl);
  } catch {
    return '<endpoint>';
  }
  if (url.protocol === 'https:' && AWS_SQS_HOST.test(url.hostname))
    return queueUrl;
  return `<endpoint>${url.pathname}`;
}

/** What a failed ReceiveMessage means for the queue, in words a person can act on. */
export function describeQueueFailure(
  error: unknown,
  queue: AlertQueueConfig,
): { state: QueueState; message: string } {
  const e = (error && typeof error === 'object' ? error : {}) as ErrorLike;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const where = `${shownQueueUrl(queue.queueUrl)} (account ${
    queue.accountId
  }, ${queue.region})`;
  if (error instanceof AwsCredentialsError) {
    return {
      state: error.denied ? 'denied' : 'failing',
      message: error.message,
    };
  }
  const answer = nonAwsAnswerOf(error);
  if (answer) {
    return {
      state: 'failing',
      message: `the alarm queue ${where} answered HTTP ${answer.statusCode} with a non-AWS body; check the queue URL`,
    };
  }
  if (MISSING.has(name)) {
    return {
      state: 'missing',
      message: `the alarm queue ${where} does not exist; check mlObservability.alerts.queues`,
    };
  }
  if (CREDENTIALS_REJECTED.has(name)) {
    return {
      state: 'denied',
      message: `AWS rejected the credentials used for account ${queue.accountId} (${name}); check aws.accounts in the app config`,
    };
  }
  if (name.includes('AccessDenied') || status === 403) {
    return {
      state: 'denied',
      message: `access denied to the alarm queue ${where}; allow sqs:ReceiveMessage, sqs:DeleteMessage and sqs:ChangeMessageVisibility on it (and kms:Decrypt if it is encrypted) for the credentials Backstage uses for account ${queue.accountId}`,
    };
  }
  if (THROTTLING.has(name) || status === 429) {
    return {
      state: 'failing',
      message: `SQS throttled the polls of the alarm queue ${where}; polling backs off`,
    };
  }
  const network = networkCode(e);
  if (network) {
    return {
      state: 'failing',
      message: `could not reach the alarm queue ${where} (${network}); check the network and the queue URL`,
    };
  }
  if (name === 'TimeoutError' || name === 'RequestTimeout') {
    return {
      state: 'failing',
      message: `the alarm queue ${where} did not answer in time`,
    };
  }
  let detail = '';
  if (status !== undefined && status >= 500) {
    detail = ` with a server error (HTTP ${status})`;
  } else if (/^[A-Za-z][A-Za-z0-9.]*$/.test(name) && name !== 'Error') {
    detail = ` (${name})`;
  }
  return {
    state: 'failing',
    message: `polling the alarm queue ${where} failed${detail}`,
  };
}

export interface QueueConsumerOptions {
  queue: AlertQueueConfig;
  client: SQSClient;
  sink: TransitionSink;
  logger: LoggerService;
  backoff?: QueueBackoff;
  /** Tests move time. */
  now?: () => number;
}

interface Parsed {
  message: Message;
  transition: AlarmTransition;
}

/** One queue's consumer; `pollOnce` is the body of its scheduled task. */
export class QueueConsumer {
  private readonly queue: AlertQueueConfig;
  private readonly backoff: QueueBackoff;
  private readonly now: () => number;
  private state: AlertQueueStatus['state'] = 'idle';
  private message?: string;
  private lastPollAt?: string;
  private lastMessageAt?: string;
  private received = 0;
  private handled = 0;
  private unparseable = 0;
  private failures = 0;
  private skipUntil = 0;
  private sinkFailing = false;

  constructor(private readonly options: QueueConsumerOptions) {
    this.queue = options.queue;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
  }

  /** How the queue fares, for the health route and the bench. */
  status(): AlertQueueStatus {
    const { queueUrl, accountId, region } = this.queue;
    return {
      queueUrl: shownQueueUrl(queueUrl),
      accountId,
      region,
      state: this.state,
      ...(this.message ? { message: this.message } : {}),
      ...(this.lastPollAt ? { lastPollAt: this.lastPollAt } : {}),
      ...(this.lastMessageAt ? { lastMessageAt: this.lastMessageAt } : {}),
      received: this.received,
      handled: this.handled,
      unparseable: this.unparseable,
    };
  }

  /**
   * One long poll, and the handling of what it received; while the queue
   * answers full batches (a burst), it receives again at once (for up to
   * DRAIN_BUDGET_MS and DRAIN_MAX_RECEIVES) instead of waiting for the next run. Never throws: a
   * failing queue is a status (and one warning), and polls are skipped for a
   * growing time while it fails.
   */
  async pollOnce(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || this.now() < this.skipUntil) return;
    const started = this.now();
    for (let receives = 1; ; receives++) {
      const { received, handled } = await this.receiveOnce(signal);
      if (
        received < this.queue.maxMessages ||
        !handled ||
        signal?.aborted ||
        receives >= DRAIN_MAX_RECEIVES ||
        this.now() - started >= DRAIN_BUDGET_MS
      ) {
        return;
      }
    }
  }

  /** One ReceiveMessage and its batch; `handled` is false when the poll or the sink failed. */
  private async receiveOnce(
    signal?: AbortSignal,
  ): Promise<{ received: number; handled: boolean }> {
    const { queue } = this;
    let messages: Message[];
    try {
      const output = await this.options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.queueUrl,
          MaxNumberOfMessages: queue.maxMessages,
          WaitTimeSeconds: queue.waitTimeSeconds,
          ...(queue.visibilityTimeoutSeconds !== undefined
            ? { VisibilityTimeout: queue.visibilityTimeoutSeconds }
            : {}),
          MessageSystemAttributeNames: [
            'ApproximateReceiveCount',
            'SentTimestamp',
          ],
        }),
        { abortSignal: signal },
      );
      messages = output.Messages ?? [];
    } catch (error) {
      // Shutdown or the task's timeout: not the queue's fault.
      if (!(signal?.aborted || isAbort(error))) this.failed(error);
      return { received: 0, handled: false };
    }
    this.recovered();
    const at = new Date(this.now()).toISOString();
    this.lastPollAt = at;
    if (messages.length === 0) return { received: 0, handled: true };
    this.lastMessageAt = at;
    this.received += messages.length;
    const handled = await this.handle(messages);
    return { received: messages.length, handled };
  }

  private async handle(messages: Message[]): Promise<boolean> {
    const parsed: Parsed[] = [];
    const unreadable: Message[] = [];
    for (const message of messages) {
      const result = parseAlarmMessage(message.Body ?? '', {
        queue: this.queue,
        messageId: message.MessageId,
      });
      if (result.ok) {
        parsed.push({ message, transition: result.transition });
      } else {
        unreadable.push(message);
        this.options.logger.warn(
          `ML observability: alarm queue message ${message.MessageId} on ${
            this.queue.queueUrl
          } is left for the dead-letter queue (${result.reason}: ${
            result.message
          }; received ${receiveCount(message)} time(s))`,
        );
      }
    }
    this.unparseable += unreadable.length;
    const handled = parsed.length === 0 || (await this.toSink(parsed));
    if (handled && parsed.length > 0) {
      await this.delete(parsed.map(p => p.message));
    }
    await Promise.all(unreadable.map(m => this.hideLonger(m)));
    return handled;
  }

  /** Hands the batch to the sink; false when it could not take it (nothing is then deleted). */
  private async toSink(parsed: Parsed[]): Promise<boolean> {
    try {
      await this.options.sink.handle(parsed.map(p => p.transition));
    } catch (error) {
      if (!this.sinkFailing) {
        this.options.logger.warn(
          `ML observability: alarm transitions from ${
            this.queue.queueUrl
          } could not be handled, their messages return after the visibility timeout: ${String(
            error instanceof Error ? error.message : error,
          )}`,
        );
      }
      this.sinkFailing = true;
      this.message =
        'the last batch could not be handled; its messages return after their visibility timeout';
      return false;
    }
    if (this.sinkFailing) {
      this.options.logger.info(
        `ML observability: alarm transitions from ${this.queue.queueUrl} are handled again`,
      );
      this.sinkFailing = false;
      this.message = undefined;
    }
    this.handled += parsed.length;
    return true;
  }

  private async delete(messages: Message[]): Promise<void> {
    const { client, logger } = this.options;
    for (let start = 0; start < messages.length; start += DELETE_BATCH) {
      const chunk = messages.slice(start, start + DELETE_BATCH);
      try {
        const output = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queue.queueUrl,
            Entries: chunk.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.ReceiptHandle,
            })),
          }),
        );
        for (const failed of output.Failed ?? []) {
          const message = chunk[Number(failed.Id)];
          logger.warn(
            `ML observability: could not delete handled message ${
              message?.MessageId
            } from ${this.queue.queueUrl} (${failed.Code}${
              failed.Message ? `: ${failed.Message}` : ''
            }); it is delivered again and dropped as a duplicate`,
          );
        }
      } catch (error) {
        logger.warn(
          `ML observability: could not delete ${
            chunk.length
          } handled message(s) from ${
            this.queue.queueUrl
          }; they are delivered again and dropped as duplicates: ${
            describeQueueFailure(error, this.queue).message
          }`,
        );
      }
    }
  }

  private async hideLonger(message: Message): Promise<void> {
    if (!message.ReceiptHandle) return;
    const timeout = Math.min(
      UNPARSEABLE_VISIBILITY_STEP_S * receiveCount(message),
      MAX_VISIBILITY_S,
    );
    try {
      await this.options.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queue.queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: timeout,
        }),
      );
    } catch (error) {
      this.options.logger.debug(
        `ML observability: could not hide message ${message.MessageId} of ${
          this.queue.queueUrl
        } for ${timeout} s: ${describeQueueFailure(error, this.queue).message}`,
      );
    }
  }

  private failed(error: unknown): void {
    const failure = describeQueueFailure(error, this.queue);
    this.failures += 1;
    const delay = Math.min(
      this.backoff.initialMs * 2 ** (this.failures - 1),
      this.backoff.maxMs,
    );
    this.skipUntil = this.now() + delay;
    if (failure.state !== this.state || failure.message !== this.message) {
      this.options.logger.warn(
        `ML observability: ${
          failure.message
        } (polls back off, up to every ${Math.round(
          this.backoff.maxMs / 1000,
        )} s)`,
      );
    }
    this.state = failure.state;
    this.message = failure.message;
  }

  private recovered(): void {
    if (this.state !== 'ok' && this.state !== 'idle') {
      this.options.logger.info(
        `ML observability: the alarm queue ${this.queue.queueUrl} is polled again`,
      );
      this.message = undefined;
    }
    this.state = 'ok';
    this.failures = 0;
    this.skipUntil = 0;
  }
}

function receiveCount(message: Message): number {
  const count = Number(message.Attributes?.ApproximateReceiveCount);
  return Number.isInteger(count) && count > 0 ? count : 1;
}
