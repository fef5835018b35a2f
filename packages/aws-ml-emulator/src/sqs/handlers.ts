import type { Handler, RequestContext } from '../server/context';
import {
  Queue,
  QueueSettings,
  QueueStore,
  QueuedMessage,
  RedrivePolicy,
  sqsErrors,
} from './queues';

/** What the SQS handlers share beyond one account's state. */
export interface SqsServices {
  queues: QueueStore;
  /** The emulator's base URL, the prefix of every queue URL. */
  baseUrl(): string;
  /** Simulated now, read again while a long poll waits. */
  now(): number;
  /** Aborted when the server closes; ends long polls. */
  closing: AbortSignal;
}

/** `<emulator base url>/<accountId>/<name>`, the URL CreateQueue and GetQueueUrl answer. */
export function queueUrlOf(baseUrl: string, account: string, name: string) {
  return `${baseUrl.replace(/\/$/, '')}/${account}/${name}`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function intAttr(
  attrs: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = attrs[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw sqsErrors.invalidParameter(
      `Invalid value for the parameter ${name}.`,
    );
  return value;
}

function parseSettings(
  input: unknown,
  queues: QueueStore,
): Partial<QueueSettings> {
  const attrs = (input ?? {}) as Record<string, unknown>;
  const known = new Set([
    'VisibilityTimeout',
    'ReceiveMessageWaitTimeSeconds',
    'MessageRetentionPeriod',
    'DelaySeconds',
    'RedrivePolicy',
    'MaximumMessageSize',
    'Policy',
    'SqsManagedSseEnabled',
    'KmsMasterKeyId',
    'KmsDataKeyReusePeriodSeconds',
  ]);
  for (const name of Object.keys(attrs))
    if (!known.has(name)) throw sqsErrors.invalidAttributeName(name);
  const settings: Partial<QueueSettings> = {};
  const set = <K extends keyof QueueSettings>(
    key: K,
    value: QueueSettings[K] | undefined,
  ) => {
    if (value !== undefined) settings[key] = value;
  };
  set(
    'visibilityTimeoutSeconds',
    intAttr(attrs, 'VisibilityTimeout', 0, 43200),
  );
  set(
    'receiveWaitSeconds',
    intAttr(attrs, 'ReceiveMessageWaitTimeSeconds', 0, 20),
  );
  set(
    'retentionSeconds',
    intAttr(attrs, 'MessageRetentionPeriod', 60, 1_209_600),
  );
  set('delaySeconds', intAttr(attrs, 'DelaySeconds', 0, 900));
  if (attrs.RedrivePolicy !== undefined) {
    let policy: Partial<RedrivePolicy>;
    try {
      policy = JSON.parse(String(attrs.RedrivePolicy));
    } catch {
      throw sqsErrors.invalidParameter(
        'Value for parameter RedrivePolicy is invalid. Reason: Invalid JSON.',
      );
    }
    const maxReceiveCount = Number(policy.maxReceiveCount);
    if (
      typeof policy.deadLetterTargetArn !== 'string' ||
      !Number.isInteger(maxReceiveCount) ||
      maxReceiveCount < 1 ||
      maxReceiveCount > 1000
    )
      throw sqsErrors.invalidParameter(
        'Value for parameter RedrivePolicy is invalid. Reason: Redrive policy requires deadLetterTargetArn and maxReceiveCount (1-1000).',
      );
    if (!queues.byArn(policy.deadLetterTargetArn))
      throw sqsErrors.invalidParameter(
        'Value for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.',
      );
    settings.redrive = {
      deadLetterTargetArn: policy.deadLetterTargetArn,
      maxReceiveCount,
    };
  }
  return settings;
}

/** Resolves a QueueUrl of the caller's account and region (the path is `/<account>/<name>`). */
function queueOf(
  body: Record<string, unknown>,
  ctx: RequestContext,
  sqs: SqsServices,
): Queue {
  const url = str(body.QueueUrl);
  if (!url) throw sqsErrors.missingParameter('QueueUrl is required.');
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  const [, account, name] = /^\/?(\d{12})\/([^/]+)\/?$/.exec(path) ?? [];
  if (!account || account !== ctx.account) throw sqsErrors.nonExistentQueue();
  const queue = sqs.queues.get(account, ctx.region, name);
  if (!queue) throw sqsErrors.nonExistentQueue();
  return queue;
}

function batchEntries(body: Record<string, unknown>) {
  const entries = Array.isArray(body.Entries)
    ? (body.Entries as Record<string, unknown>[])
    : [];
  if (entries.length === 0) throw sqsErrors.emptyBatch();
  if (entries.length > 10) throw sqsErrors.tooManyEntries();
  const ids = new Set(entries.map(e => String(e.Id)));
  if (ids.size !== entries.length) throw sqsErrors.distinctIds();
  return entries;
}

function failedEntry(id: string, code: string, message: string) {
  return { Id: id, SenderFault: true, Code: code, Message: message };
}

function findByReceipt(
  queue: Queue,
  handle: string | undefined,
): QueuedMessage | undefined | 'invalid' {
  if (!handle) return 'invalid';
  const decoded = Buffer.from(handle, 'base64url').toString('utf8');
  const parts = decoded.split('/');
  if (parts.length !== 5 || parts[2] !== queue.name) return 'invalid';
  return queue.messages.find(m => m.id === parts[3]);
}

const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SentTimestamp',
  'SenderId',
] as const;

function systemAttributes(
  message: QueuedMessage,
  names: string[],
  ctx: RequestContext,
): Record<string, string> | undefined {
  const all = names.includes('All');
  const wanted = SYSTEM_ATTRIBUTES.filter(n => all || names.includes(n));
  if (wanted.length === 0) return undefined;
  const values: Record<string, string> = {
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(
      message.firstReceivedAt ?? message.sentAt,
    ),
    SentTimestamp: String(message.sentAt),
    SenderId: ctx.account,
  };
  return Object.fromEntries(wanted.map(n => [n, values[n]]));
}

const MAX_BODY = 262_144;

/** The SQS operations (awsJson1_0, X-Amz-Target `AmazonSQS.<Op>`). */
export function sqsHandlers(sqs: SqsServices): Record<string, Handler> {
  const url = (q: Queue) => queueUrlOf(sqs.baseUrl(), q.account, q.name);
  const sendOne = (
    queue: Queue,
    body: unknown,
    delay: unknown,
    now: number,
  ) => {
    if (typeof body !== 'string' || body.length === 0)
      throw sqsErrors.missingParameter(
        'The request must contain the parameter MessageBody.',
      );
    if (Buffer.byteLength(body) > MAX_BODY)
      throw sqsErrors.invalidParameter(
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_BODY} bytes.`,
      );
    const delaySeconds = delay === undefined ? undefined : Number(delay);
    if (
      delaySeconds !== undefined &&
      (!Number.isInteger(delaySeconds) ||
        delaySeconds < 0 ||
        delaySeconds > 900)
    )
      throw sqsErrors.invalidParameter('Invalid value for DelaySeconds.');
    return queue.send(body, now, delaySeconds);
  };
  const changeVisibility = (
    queue: Queue,
    handle: unknown,
    timeout: unknown,
  ) => {
    const seconds = Number(timeout);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43200)
      throw sqsErrors.invalidParameter(
        'Value for parameter VisibilityTimeout is invalid.',
      );
    const found = findByReceipt(queue, str(handle));
    if (found === 'invalid')
      throw sqsErrors.receiptHandleInvalid(String(handle));
    const now = sqs.now();
    if (!found || found.receipt !== handle || found.visibleAt <= now)
      throw sqsErrors.messageNotInflight();
    found.visibleAt = now + seconds * 1000;
    if (seconds === 0) queue.wake();
  };

  return {
    CreateQueue: (body, ctx) => {
      const name = str(body.QueueName);
      if (!name || !/^[A-Za-z0-9_-]{1,80}$/.test(name))
        throw sqsErrors.invalidParameter(
          'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
        );
      const settings = parseSettings(body.Attributes, sqs.queues);
      const queue = sqs.queues.create(
        ctx.account,
        ctx.region,
        name,
        ctx.now,
        settings,
      );
      return { QueueUrl: url(queue) };
    },
    GetQueueUrl: (body, ctx) => {
      const owner = str(body.QueueOwnerAWSAccountId) ?? ctx.account;
      const queue = sqs.queues.get(
        owner,
        ctx.region,
        str(body.QueueName) ?? '',
      );
      if (!queue || owner !== ctx.account) throw sqsErrors.nonExistentQueue();
      return { QueueUrl: url(queue) };
    },
    ListQueues: (body, ctx) => {
      const prefix = str(body.QueueNamePrefix) ?? '';
      const max =
        body.MaxResults === undefined ? 1000 : Number(body.MaxResults);
      const start = Number(str(body.NextToken) ?? 0) || 0;
      const all = sqs.queues
        .list(ctx.account, ctx.region)
        .filter(q => q.name.startsWith(prefix));
      const page = all.slice(start, start + max);
      const next =
        body.MaxResults !== undefined && start + max < all.length
          ? String(start + max)
          : undefined;
      return {
        QueueUrls: page.length ? page.map(url) : undefined,
        NextToken: next,
      };
    },
    DeleteQueue: (body, ctx) => {
      sqs.queues.delete(queueOf(body, ctx, sqs));
      return {};
    },
    GetQueueAttributes: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      const names = Array.isArray(body.AttributeNames)
        ? (body.AttributeNames as string[])
        : [];
      const now = sqs.now();
      queue.expire(now);
      const counts = queue.counts(now);
      const s = queue.settings;
      const values: Record<string, string | undefined> = {
        QueueArn: queue.arn,
        ApproximateNumberOfMessages: String(counts.visible),
        ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
        ApproximateNumberOfMessagesDelayed: String(counts.delayed),
        VisibilityTimeout: String(s.visibilityTimeoutSeconds),
        ReceiveMessageWaitTimeSeconds: String(s.receiveWaitSeconds),
        MessageRetentionPeriod: String(s.retentionSeconds),
        DelaySeconds: String(s.delaySeconds),
        MaximumMessageSize: String(MAX_BODY),
        CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
        LastModifiedTimestamp: String(Math.floor(queue.createdAt / 1000)),
        RedrivePolicy: s.redrive ? JSON.stringify(s.redrive) : undefined,
      };
      const all = names.includes('All');
      for (const n of names)
        if (n !== 'All' && !(n in values))
          throw sqsErrors.invalidAttributeName(n);
      const attributes = Object.fromEntries(
        Object.entries(values).filter(
          ([n, v]) => v !== undefined && (all || names.includes(n)),
        ),
      );
      return Object.keys(attributes).length ? { Attributes: attributes } : {};
    },
    SetQueueAttributes: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      queue.settings = {
        ...queue.settings,
        ...parseSettings(body.Attributes, sqs.queues),
      };
      return {};
    },
    SendMessage: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      const message = sendOne(
        queue,
        body.MessageBody,
        body.DelaySeconds,
        sqs.now(),
      );
      return { MessageId: message.id, MD5OfMessageBody: message.md5 };
    },
    SendMessageBatch: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of batchEntries(body)) {
        const id = String(entry.Id);
        try {
          const m = sendOne(
            queue,
            entry.MessageBody,
            entry.DelaySeconds,
            sqs.now(),
          );
          Successful.push({ Id: id, MessageId: m.id, MD5OfMessageBody: m.md5 });
        } catch (e) {
          const error = e as { queryCode?: string; message: string };
          Failed.push(
            failedEntry(
              id,
              error.queryCode ?? 'InvalidParameterValue',
              error.message,
            ),
          );
        }
      }
      return { Successful, Failed };
    },
    ReceiveMessage: async (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      const max =
        body.MaxNumberOfMessages === undefined
          ? 1
          : Number(body.MaxNumberOfMessages);
      if (!Number.isInteger(max) || max < 1 || max > 10)
        throw sqsErrors.invalidParameter(
          `Value ${body.MaxNumberOfMessages} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
        );
      const wait =
        body.WaitTimeSeconds === undefined
          ? queue.settings.receiveWaitSeconds
          : Number(body.WaitTimeSeconds);
      if (!Number.isInteger(wait) || wait < 0 || wait > 20)
        throw sqsErrors.invalidParameter(
          `Value ${body.WaitTimeSeconds} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`,
        );
      const visibility =
        body.VisibilityTimeout === undefined
          ? queue.settings.visibilityTimeoutSeconds
          : Number(body.VisibilityTimeout);
      if (!Number.isInteger(visibility) || visibility < 0 || visibility > 43200)
        throw sqsErrors.invalidParameter(
          'Value for parameter VisibilityTimeout is invalid.',
        );
      const names = [
        ...(Array.isArray(body.AttributeNames) ? body.AttributeNames : []),
        ...(Array.isArray(body.MessageSystemAttributeNames)
          ? body.MessageSystemAttributeNames
          : []),
      ].map(String);
      // Real time: a long poll waits up to WaitTimeSeconds of wall clock, re-checking the
      // simulated clock so messages whose visibility ends (or that arrive) are returned at once.
      const deadline = Date.now() + wait * 1000;
      let messages = sqs.queues.receive(queue, max, visibility, sqs.now());
      while (
        messages.length === 0 &&
        Date.now() < deadline &&
        !sqs.closing.aborted &&
        sqs.queues.get(queue.account, queue.region, queue.name) === queue
      ) {
        await queue.waitForChange(
          Math.min(250, deadline - Date.now()),
          sqs.closing,
        );
        messages = sqs.queues.receive(queue, max, visibility, sqs.now());
      }
      return {
        Messages: messages.length
          ? messages.map(m => ({
              MessageId: m.id,
              ReceiptHandle: m.receipt,
              MD5OfBody: m.md5,
              Body: m.body,
              Attributes: systemAttributes(m, names, ctx),
            }))
          : undefined,
      };
    },
    DeleteMessage: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      const handle = str(body.ReceiptHandle);
      const found = findByReceipt(queue, handle);
      if (found === 'invalid')
        throw sqsErrors.receiptHandleInvalid(String(handle));
      if (found) queue.messages.splice(queue.messages.indexOf(found), 1);
      return {};
    },
    DeleteMessageBatch: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of batchEntries(body)) {
        const id = String(entry.Id);
        const handle = str(entry.ReceiptHandle);
        const found = findByReceipt(queue, handle);
        if (found === 'invalid') {
          Failed.push(
            failedEntry(
              id,
              'ReceiptHandleIsInvalid',
              `The input receipt handle "${handle}" is not a valid receipt handle.`,
            ),
          );
          continue;
        }
        if (found) queue.messages.splice(queue.messages.indexOf(found), 1);
        Successful.push({ Id: id });
      }
      return { Successful, Failed };
    },
    ChangeMessageVisibility: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      changeVisibility(queue, body.ReceiptHandle, body.VisibilityTimeout);
      return {};
    },
    ChangeMessageVisibilityBatch: (body, ctx) => {
      const queue = queueOf(body, ctx, sqs);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of batchEntries(body)) {
        const id = String(entry.Id);
        try {
          changeVisibility(queue, entry.ReceiptHandle, entry.VisibilityTimeout);
          Successful.push({ Id: id });
        } catch (e) {
          const error = e as { type?: string; message: string };
          Failed.push(
            failedEntry(
              id,
              error.type ?? 'InvalidParameterValue',
              error.message,
            ),
          );
        }
      }
      return { Successful, Failed };
    },
    PurgeQueue: (body, ctx) => {
      queueOf(body, ctx, sqs).messages.length = 0;
      return {};
    },
  };
}
