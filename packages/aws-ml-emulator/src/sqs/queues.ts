import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../server/errors';

/** SQS errors in the awsJson1_0 + awsQueryCompatible shape the SDK resolves. */
export const sqsErrors = {
  nonExistentQueue: () =>
    new AwsError(
      'QueueDoesNotExist',
      'The specified queue does not exist.',
      400,
      'AWS.SimpleQueueService.NonExistentQueue',
    ),
  invalidParameter: (message: string) =>
    new AwsError(
      'InvalidParameterValue',
      message,
      400,
      'InvalidParameterValue',
    ),
  missingParameter: (message: string) =>
    new AwsError('MissingParameter', message, 400, 'MissingParameter'),
  invalidAttributeName: (name: string) =>
    new AwsError(
      'InvalidAttributeName',
      `Unknown Attribute ${name}.`,
      400,
      'InvalidAttributeName',
    ),
  receiptHandleInvalid: (handle: string) =>
    new AwsError(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
      400,
      'ReceiptHandleIsInvalid',
    ),
  messageNotInflight: () =>
    new AwsError(
      'MessageNotInflight',
      'Message does not exist or is not available for visibility timeout change.',
      400,
      'AWS.SimpleQueueService.MessageNotInflight',
    ),
  emptyBatch: () =>
    new AwsError(
      'EmptyBatchRequest',
      'There should be at least one entry in the request.',
      400,
      'AWS.SimpleQueueService.EmptyBatchRequest',
    ),
  tooManyEntries: () =>
    new AwsError(
      'TooManyEntriesInBatchRequest',
      'Maximum number of entries per request are 10.',
      400,
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    ),
  distinctIds: () =>
    new AwsError(
      'BatchEntryIdsNotDistinct',
      'Two or more batch entries in the request have the same Id.',
      400,
      'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    ),
};

export const md5 = (text: string) =>
  createHash('md5').update(text, 'utf8').digest('hex');

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface QueueSettings {
  visibilityTimeoutSeconds: number;
  receiveWaitSeconds: number;
  retentionSeconds: number;
  delaySeconds: number;
  redrive?: RedrivePolicy;
}

export interface QueuedMessage {
  id: string;
  body: string;
  md5: string;
  sentAt: number;
  /** Epoch ms from which the message can be received. */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The receipt handle of the latest receive; older handles no longer change visibility. */
  receipt?: string;
}

/** One standard queue. Time is the emulator's simulated clock (epoch ms). */
export class Queue {
  readonly messages: QueuedMessage[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly account: string,
    readonly region: string,
    readonly name: string,
    readonly createdAt: number,
    public settings: QueueSettings,
  ) {}

  get arn(): string {
    return `arn:aws:sqs:${this.region}:${this.account}:${this.name}`;
  }

  /** Drops messages past the retention period. */
  expire(now: number): void {
    const limit = now - this.settings.retentionSeconds * 1000;
    for (let i = this.messages.length - 1; i >= 0; i--)
      if (this.messages[i].sentAt < limit) this.messages.splice(i, 1);
  }

  send(body: string, now: number, delaySeconds?: number): QueuedMessage {
    const message: QueuedMessage = {
      id: randomUUID(),
      body,
      md5: md5(body),
      sentAt: now,
      visibleAt: now + (delaySeconds ?? this.settings.delaySeconds) * 1000,
      receiveCount: 0,
    };
    this.messages.push(message);
    this.wake();
    return message;
  }

  /** Moves a message in from another queue (dead-letter redrive) keeping its id and send time. */
  adopt(message: QueuedMessage, now: number): void {
    this.messages.push({
      ...message,
      visibleAt: now,
      receipt: undefined,
    });
    this.wake();
  }

  counts(now: number): { visible: number; inFlight: number; delayed: number } {
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.messages) {
      if (m.visibleAt <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  /** Wakes long polls; called when a message is added or made visible. */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves on the next wake-up or after `ms`, whichever comes first. */
  waitForChange(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      const pending: { timer?: ReturnType<typeof setTimeout> } = {};
      const done = () => {
        clearTimeout(pending.timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      pending.timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }
}

const DEFAULT_SETTINGS: QueueSettings = {
  visibilityTimeoutSeconds: 30,
  receiveWaitSeconds: 0,
  retentionSeconds: 345_600,
  delaySeconds: 0,
};

/**
 * Every queue of the emulator, keyed by account, region and name, so a dead-letter target
 * (an ARN) and a queue URL of any account resolve in one place.
 */
export class QueueStore {
  private readonly queues = new Map<string, Queue>();

  private key(account: string, region: string, name: string) {
    return `${account}/${region}/${name}`;
  }

  get(account: string, region: string, name: string): Queue | undefined {
    return this.queues.get(this.key(account, region, name));
  }

  byArn(arn: string): Queue | undefined {
    const m = /^arn:aws:sqs:([^:]+):(\d{12}):(.+)$/.exec(arn);
    return m ? this.get(m[2], m[1], m[3]) : undefined;
  }

  list(account: string, region: string): Queue[] {
    return [...this.queues.values()]
      .filter(q => q.account === account && q.region === region)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  create(
    account: string,
    region: string,
    name: string,
    now: number,
    settings: Partial<QueueSettings> = {},
  ): Queue {
    const existing = this.get(account, region, name);
    if (existing) return existing;
    const queue = new Queue(account, region, name, now, {
      ...DEFAULT_SETTINGS,
      ...settings,
    });
    this.queues.set(this.key(account, region, name), queue);
    return queue;
  }

  delete(queue: Queue): void {
    this.queues.delete(this.key(queue.account, queue.region, queue.name));
    queue.wake();
  }

  /** Hands out visible messages, redriving those received too often to the dead-letter queue. */
  receive(
    queue: Queue,
    max: number,
    visibilitySeconds: number,
    now: number,
  ): QueuedMessage[] {
    queue.expire(now);
    const out: QueuedMessage[] = [];
    for (let i = 0; i < queue.messages.length && out.length < max; ) {
      const message = queue.messages[i];
      if (message.visibleAt > now) {
        i++;
        continue;
      }
      const redrive = queue.settings.redrive;
      const dlq = redrive && this.byArn(redrive.deadLetterTargetArn);
      if (dlq && redrive && message.receiveCount >= redrive.maxReceiveCount) {
        queue.messages.splice(i, 1);
        dlq.adopt(message, now);
        continue;
      }
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receipt = Buffer.from(
        `${queue.account}/${queue.region}/${queue.name}/${
          message.id
        }/${randomUUID()}`,
      ).toString('base64url');
      out.push(message);
      i++;
    }
    return out;
  }
}
