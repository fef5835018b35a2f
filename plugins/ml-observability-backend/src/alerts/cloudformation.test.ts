/**
 * The CloudFormation template adopters deploy (cloudformation/alarm-events-queue.yaml), checked without AWS:
 * every reference resolves, the rule's event pattern matches the alarm state change events this backend reads
 * (taken from the emulator's EventBridge delivery), the queue policy lets that rule send, and the read policy
 * allows every SQS call the consumer makes.
 */
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  DEMO_ACCOUNTS,
  Emulator,
  emulatorClientConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseAlarmMessage } from './parseMessage';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const TEMPLATE_PATH = resolve(
  __dirname,
  '../../cloudformation/alarm-events-queue.yaml',
);
const template = parse(readFileSync(TEMPLATE_PATH, 'utf8')) as Obj;
const resources = template.Resources as Record<string, Obj>;

const isObj = (v: Json | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What `Ref: AWS::NoValue` resolves to: the member is dropped. */
const NO_VALUE = '\u0000no-value';

/**
 * Resolves intrinsic functions for one set of parameter values: a Ref to a resource becomes
 * `ref:<Logical>`, a GetAtt `att:<Logical>.<Attr>`; a reference to an undeclared or absent
 * (condition false) resource throws.
 */
class Resolver {
  readonly conditions = new Map<string, boolean>();

  constructor(readonly parameters: Record<string, string>) {
    for (const [name, expr] of Object.entries(template.Conditions as Obj)) {
      this.conditions.set(name, Boolean(this.resolve(expr)));
    }
  }

  exists(logical: string): boolean {
    const resource = resources[logical];
    if (!resource) return false;
    const condition = resource.Condition;
    return typeof condition !== 'string' || this.condition(condition);
  }

  condition(name: string): boolean {
    const value = this.conditions.get(name);
    if (value === undefined) throw new Error(`no condition ${name}`);
    return value;
  }

  private ref(name: string): string {
    if (name === 'AWS::AccountId') return '123456789012';
    if (name === 'AWS::Region') return 'eu-west-1';
    if (name in this.parameters) return this.parameters[name];
    const declared = (template.Parameters as Record<string, Obj>)[name];
    if (declared) return String(declared.Default);
    if (!this.exists(name)) throw new Error(`Ref to absent ${name}`);
    return `ref:${name}`;
  }

  resolve(value: Json): Json {
    if (Array.isArray(value)) {
      return value
        .map(v => this.resolve(v))
        .filter(v => v !== NO_VALUE) as Json[];
    }
    if (!isObj(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = value[key];
      switch (key) {
        case 'Ref':
          if (arg === 'AWS::NoValue') return NO_VALUE;
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [logical, attribute] = arg as string[];
          if (!this.exists(logical))
            throw new Error(`GetAtt of absent ${logical}`);
          return `att:${logical}.${attribute}`;
        }
        case 'Fn::Sub':
          return String(arg).replace(/\$\{([^}]+)\}/g, (_, name: string) =>
            this.ref(name),
          );
        case 'Fn::If': {
          const [name, yes, no] = arg as [string, Json, Json];
          return this.resolve(this.condition(name) ? yes : no);
        }
        case 'Fn::Equals': {
          const [a, b] = (arg as Json[]).map(v => this.resolve(v));
          return a === b;
        }
        case 'Fn::Not':
          return !this.resolve((arg as Json[])[0]);
        default:
          if (key.startsWith('Fn::')) throw new Error(`unhandled ${key}`);
      }
    }
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const resolved = this.resolve(v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  /** The stack's resources for these parameters, resolved. */
  stack(): Record<string, Obj> {
    return Object.fromEntries(
      Object.keys(resources)
        .filter(logical => this.exists(logical))
        .map(logical => [logical, this.resolve(resources[logical]) as Obj]),
    );
  }
}

/** EventBridge pattern matching, for the parts of the syntax the template uses (values and prefix). */
function matches(pattern: Json, event: Json | undefined): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some(p =>
      isObj(p) && typeof p.prefix === 'string'
        ? typeof event === 'string' && event.startsWith(p.prefix)
        : p === event,
    );
  }
  if (!isObj(pattern) || !isObj(event)) return false;
  return Object.entries(pattern).every(([k, p]) => matches(p, event[k]));
}

function rulesOf(stack: Record<string, Obj>) {
  return Object.entries(stack).filter(
    ([, r]) => r.Type === 'AWS::Events::Rule',
  );
}

describe('the alarm events CloudFormation template', () => {
  const { account, region } = DEMO_ACCOUNTS.primary;
  let emulator: Emulator;
  /** Events as the emulator's EventBridge delivers them: one of "ml-churn-drift", one of "billing-estimate". */
  const delivered = new Map<string, Obj>();

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'demo' });
    const config = emulatorClientConfig({
      url: emulator.url,
      accountId: account,
      region,
    });
    const cw = new CloudWatchClient(config);
    const sqs = new SQSClient(config);
    const QueueUrl = emulator.alarmEventsQueueUrl(account, region)!;
    const drain = async () => {
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
          }),
        );
        if (Messages.length === 0) return;
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.ReceiptHandle!,
            })),
          }),
        );
        for (const m of Messages) {
          const event = JSON.parse(m.Body!) as Obj;
          const detail = event.detail as Obj;
          delivered.set(String(detail.alarmName), event);
        }
      }
    };
    await drain();
    delivered.clear();
    for (const AlarmName of ['ml-churn-drift', 'billing-estimate']) {
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName,
          Namespace: 'Team/Model',
          MetricName: 'nothing_publishes_this',
          Statistic: 'Maximum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'ignore',
        }),
      );
      await cw.send(
        new SetAlarmStateCommand({
          AlarmName,
          StateValue: 'ALARM',
          StateReason: 'set by the test',
        }),
      );
    }
    await new Promise(r => setImmediate(r));
    await drain();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('resolves every reference, with and without a prefix and a role', () => {
    const sets: Record<string, string>[] = [
      {},
      { AlarmNamePrefix: 'ml-', BackstageRoleName: 'backstage' },
    ];
    for (const parameters of sets) {
      const stack = new Resolver(parameters).stack();
      expect(rulesOf(stack)).toHaveLength(1);
      expect(Object.keys(stack)).toEqual(
        expect.arrayContaining([
          'Queue',
          'DeadLetterQueue',
          'QueuePolicy',
          'ReadPolicy',
        ]),
      );
      new Resolver(parameters).resolve(template.Outputs as Obj);
    }
  });

  it('sends the events the backend reads to the queue, and with a prefix only those alarms', () => {
    const churn = delivered.get('ml-churn-drift')!;
    const billing = delivered.get('billing-estimate')!;
    expect(churn).toBeDefined();
    expect(billing).toBeDefined();
    // The backend reads them as alarm state changes.
    expect(
      parseAlarmMessage(JSON.stringify(churn), {
        queue: {
          queueUrl: emulator.alarmEventsQueueUrl(account, region)!,
          accountId: account,
          region,
          waitTimeSeconds: 0,
          maxMessages: 10,
        },
      }),
    ).toMatchObject({ ok: true });

    const every = rulesOf(new Resolver({}).stack());
    expect(every).toHaveLength(1);
    const [[, rule]] = every;
    const properties = rule.Properties as Obj;
    expect(matches(properties.EventPattern, churn)).toBe(true);
    expect(matches(properties.EventPattern, billing)).toBe(true);
    expect(properties.Targets).toEqual([
      expect.objectContaining({ Arn: 'att:Queue.Arn' }),
    ]);

    const [[, prefixed]] = rulesOf(
      new Resolver({ AlarmNamePrefix: 'ml-' }).stack(),
    );
    const pattern = (prefixed.Properties as Obj).EventPattern;
    expect(matches(pattern, churn)).toBe(true);
    expect(matches(pattern, billing)).toBe(false);
  });

  it('lets only the rule send to the queue, and moves unreadable messages to the dead-letter queue', () => {
    const sets: Record<string, string>[] = [{}, { AlarmNamePrefix: 'ml-' }];
    for (const parameters of sets) {
      const stack = new Resolver(parameters).stack();
      const [[ruleName]] = rulesOf(stack);
      const policy = (stack.QueuePolicy.Properties as Obj)
        .PolicyDocument as Obj;
      expect(policy.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: expect.arrayContaining(['att:Queue.Arn']),
          Condition: {
            ArnEquals: { 'aws:SourceArn': `att:${ruleName}.Arn` },
          },
        }),
      ]);
      expect((stack.Queue.Properties as Obj).RedrivePolicy).toEqual({
        deadLetterTargetArn: 'att:DeadLetterQueue.Arn',
        maxReceiveCount: '5',
      });
    }
  });

  it('allows every SQS call the consumer makes, on the queue', () => {
    const source = readFileSync(resolve(__dirname, 'QueueConsumer.ts'), 'utf8');
    const calls = [...source.matchAll(/new (\w+)Command\(/g)].map(m => m[1]);
    expect(calls).toContain('ReceiveMessage');
    // Batch calls are authorised by the action of the single call.
    const needed = [
      ...new Set(calls.map(c => `sqs:${c.replace(/Batch$/, '')}`)),
    ];

    const roles = (parameters: Record<string, string>) => {
      const read = new Resolver(parameters).stack().ReadPolicy
        .Properties as Obj;
      const [statement] = (read.PolicyDocument as Obj).Statement as Obj[];
      expect(statement.Resource).toBe('att:Queue.Arn');
      expect(statement.Action).toEqual(expect.arrayContaining(needed));
      return read.Roles;
    };
    expect(roles({ BackstageRoleName: 'backstage' })).toEqual(['backstage']);
    expect(roles({})).toBeUndefined();
  });
});
