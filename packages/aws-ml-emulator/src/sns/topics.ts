import { createHash, randomUUID } from 'node:crypto';
import type { QueueStore } from '../sqs/queues';

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: 'sqs';
  /** The queue ARN. */
  endpoint: string;
  owner: string;
  raw: boolean;
}

export interface Topic {
  arn: string;
  account: string;
  region: string;
  name: string;
  subscriptions: Subscription[];
}

export interface PublishInput {
  message: string;
  subject?: string;
}

/** The JSON envelope SNS puts around a message for non-raw SQS subscriptions. */
export function snsEnvelope(
  topic: Topic,
  messageId: string,
  input: PublishInput,
  now: number,
  baseUrl: string,
  subscriptionArn: string,
): string {
  const base = baseUrl.replace(/\/$/, '');
  const timestamp = new Date(now).toISOString();
  const signed = [
    'Message',
    input.message,
    'MessageId',
    messageId,
    ...(input.subject ? ['Subject', input.subject] : []),
    'Timestamp',
    timestamp,
    'TopicArn',
    topic.arn,
    'Type',
    'Notification',
  ].join('\n');
  return JSON.stringify({
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topic.arn,
    ...(input.subject ? { Subject: input.subject } : {}),
    Message: input.message,
    Timestamp: timestamp,
    SignatureVersion: '1',
    // Not a real RSA signature: a stable digest of the signed fields, so it changes with them.
    Signature: createHash('sha256').update(signed).digest('base64'),
    SigningCertURL: `${base}/__emulator/sns/SimpleNotificationService.pem`,
    UnsubscribeURL: `${base}/__emulator/sns/unsubscribe?SubscriptionArn=${encodeURIComponent(
      subscriptionArn,
    )}`,
  });
}

/** Every SNS topic of the emulator, keyed by ARN (account and region are in it). */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();

  constructor(private readonly queues: QueueStore) {}

  create(account: string, region: string, name: string): Topic {
    const arn = `arn:aws:sns:${region}:${account}:${name}`;
    let topic = this.topics.get(arn);
    if (!topic) {
      topic = { arn, account, region, name, subscriptions: [] };
      this.topics.set(arn, topic);
    }
    return topic;
  }

  get(arn: string): Topic | undefined {
    return this.topics.get(arn);
  }

  list(account: string, region: string): Topic[] {
    return [...this.topics.values()]
      .filter(t => t.account === account && t.region === region)
      .sort((a, b) => a.arn.localeCompare(b.arn));
  }

  subscribe(
    topic: Topic,
    endpoint: string,
    owner: string,
    raw: boolean,
  ): Subscription {
    const existing = topic.subscriptions.find(s => s.endpoint === endpoint);
    if (existing) {
      existing.raw = raw;
      return existing;
    }
    const subscription: Subscription = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      protocol: 'sqs',
      endpoint,
      owner,
      raw,
    };
    topic.subscriptions.push(subscription);
    return subscription;
  }

  /** Delivers to every SQS subscription whose queue exists; answers the MessageId. */
  publish(
    topic: Topic,
    input: PublishInput,
    now: number,
    baseUrl: string,
    /** A redelivery of a message keeps its id. */
    messageId: string = randomUUID(),
  ): string {
    for (const subscription of topic.subscriptions) {
      const queue = this.queues.byArn(subscription.endpoint);
      if (!queue) continue;
      queue.send(
        subscription.raw
          ? input.message
          : snsEnvelope(
              topic,
              messageId,
              input,
              now,
              baseUrl,
              subscription.arn,
            ),
        now,
      );
    }
    return messageId;
  }
}
