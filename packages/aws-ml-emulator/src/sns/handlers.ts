import { AwsError } from '../server/errors';
import type { TopicStore } from './topics';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** The SNS operations the emulator serves (awsQuery, form-encoded `Action=`). */
export const SNS_ACTIONS = new Set([
  'CreateTopic',
  'ListTopics',
  'Subscribe',
  'ListSubscriptionsByTopic',
  'Publish',
]);

export const snsErrors = {
  notFound: (message: string) => new AwsError('NotFound', message, 404),
  invalidParameter: (message: string) =>
    new AwsError('InvalidParameter', message, 400),
};

export interface SnsCaller {
  account: string;
  region: string;
  now: number;
  requestId: string;
  baseUrl: string;
}

function escape(text: string): string {
  return text.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`);
}

function xml(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** The SNS error document, as the SDK's awsQuery deserializer reads it. */
export function snsErrorXml(error: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.fault}</Type>` +
    `<Code>${escape(error.queryCode)}</Code><Message>${escape(
      error.message,
    )}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** `Attributes.entry.N.key/value` of an awsQuery map. */
function queryMap(params: URLSearchParams, prefix: string) {
  const map: Record<string, string> = {};
  for (let i = 1; params.has(`${prefix}.entry.${i}.key`); i++)
    map[params.get(`${prefix}.entry.${i}.key`)!] =
      params.get(`${prefix}.entry.${i}.value`) ?? '';
  return map;
}

const PAGE = 100;

/** Answers one SNS action as XML; throws AwsError for the caller's mistakes. */
export function handleSns(
  topics: TopicStore,
  action: string,
  params: URLSearchParams,
  caller: SnsCaller,
): string {
  const topicOf = () => {
    const arn = params.get('TopicArn') ?? '';
    const topic = topics.get(arn);
    if (
      !topic ||
      topic.account !== caller.account ||
      topic.region !== caller.region
    )
      throw snsErrors.notFound('Topic does not exist');
    return topic;
  };
  const page = <T>(items: T[]) => {
    const start = Number(params.get('NextToken') ?? 0) || 0;
    const next = start + PAGE < items.length ? String(start + PAGE) : '';
    return {
      items: items.slice(start, start + PAGE),
      next: next ? `<NextToken>${next}</NextToken>` : '',
    };
  };
  switch (action) {
    case 'CreateTopic': {
      const name = params.get('Name') ?? '';
      if (!/^[A-Za-z0-9_-]{1,256}$/.test(name))
        throw snsErrors.invalidParameter('Invalid parameter: Topic Name');
      const topic = topics.create(caller.account, caller.region, name);
      return xml(
        action,
        `<TopicArn>${escape(topic.arn)}</TopicArn>`,
        caller.requestId,
      );
    }
    case 'ListTopics': {
      const { items, next } = page(topics.list(caller.account, caller.region));
      const members = items
        .map(t => `<member><TopicArn>${escape(t.arn)}</TopicArn></member>`)
        .join('');
      return xml(
        action,
        `<Topics>${members}</Topics>${next}`,
        caller.requestId,
      );
    }
    case 'Subscribe': {
      const topic = topicOf();
      const protocol = params.get('Protocol');
      const endpoint = params.get('Endpoint') ?? '';
      if (protocol !== 'sqs')
        throw snsErrors.invalidParameter(
          'Invalid parameter: Protocol (the emulator delivers to sqs only)',
        );
      if (!/^arn:aws:sqs:[^:]+:\d{12}:.+$/.test(endpoint))
        throw snsErrors.invalidParameter('Invalid parameter: SQS endpoint ARN');
      const attributes = queryMap(params, 'Attributes');
      const subscription = topics.subscribe(
        topic,
        endpoint,
        caller.account,
        attributes.RawMessageDelivery === 'true',
      );
      return xml(
        action,
        `<SubscriptionArn>${escape(subscription.arn)}</SubscriptionArn>`,
        caller.requestId,
      );
    }
    case 'ListSubscriptionsByTopic': {
      const { items, next } = page(topicOf().subscriptions);
      const members = items
        .map(
          s =>
            `<member><TopicArn>${escape(s.topicArn)}</TopicArn><Protocol>${
              s.protocol
            }</Protocol><SubscriptionArn>${escape(
              s.arn,
            )}</SubscriptionArn><Owner>${s.owner}</Owner><Endpoint>${escape(
              s.endpoint,
            )}</Endpoint></member>`,
        )
        .join('');
      return xml(
        action,
        `<Subscriptions>${members}</Subscriptions>${next}`,
        caller.requestId,
      );
    }
    case 'Publish': {
      const topic = topicOf();
      const message = params.get('Message');
      if (!message)
        throw snsErrors.invalidParameter('Invalid parameter: Empty message');
      const subject = params.get('Subject') ?? undefined;
      const messageId = topics.publish(
        topic,
        { message, subject },
        caller.now,
        caller.baseUrl,
      );
      return xml(
        action,
        `<MessageId>${messageId}</MessageId>`,
        caller.requestId,
      );
    }
    default:
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action}`,
        400,
      );
  }
}
