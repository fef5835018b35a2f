/**
 * Alarm alerts (issue 13): the real plugin consuming the emulator's
 * EventBridge queue of the primary demo account, its notifications recorded
 * by a NotificationService that can be made to fail. Each case sends what
 * AWS (or a stranger) could put on the queue and checks the invariant of the
 * response loop: every change stored once, every change that should reach
 * people told once, nothing else told. The truth is a ledger of what was
 * sent, each change carrying a unique token in its state reason, compared
 * with the plugin's `model_events` table and the notifications sent.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  DEMO_ACCOUNTS,
  Emulator,
  emulatorClientConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import type {
  AlarmState,
  AlertQueueStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { randomUUID } from 'node:crypto';
import {
  awsAccessKeyId,
  FleetProvider,
  RunningBackend,
  startBackend,
} from '../lib/backend';
import { waitForCatalog } from '../lib/catalogWait';
import { adminConnection } from '../lib/database';
import type { RestartablePostgres } from '../lib/postgres';
import {
  DEMO_ACCOUNT_IDS,
  DEMO_MODELS,
  demoCatalogConfig,
  readFleet,
  USER,
} from './demoFleet';
import { Part, PartResult, Suite } from './harness';

export interface AlertsOptions {
  postgres: RestartablePostgres;
  quick: boolean;
}

const PRIMARY = DEMO_ACCOUNTS.primary;
const EU = DEMO_ACCOUNTS.eu;
const QUEUE = 'mlobs-alarm-events';
const DLQ = 'mlobs-alarm-events-dlq';
const MAX_RECEIVE_COUNT = 2;
/** The queue's visibility timeout as the plugin asks for it (seconds of the emulator's clock). */
const VISIBILITY_S = 30;
const FALLBACK = 'group:default/ml-platform-team';
const SWEEP_TASK = 'ml-observability-alerts-sweep';
/** What the plugin's sweep leaves to the batch handling a change (SWEEP_GRACE_MS in its plugin.ts). */
const SWEEP_GRACE_MS = 15_000;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The notifications backend as the plugin sees it: records what it is given, or refuses. */
class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  refused = 0;
  down = false;
  delayMs = 0;

  async send(options: NotificationSendOptions): Promise<void> {
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.down) {
      this.refused++;
      throw new Error('notifications backend unavailable (HTTP 503)');
    }
    this.sent.push(options);
  }
}

/** One change the suite put on the queue (or had the emulator put there), and what must come of it. */
interface Expected {
  caseId: string;
  token: string;
  arn: string;
  state: AlarmState;
  /** Stored in `model_events` exactly once (else never). */
  stored: boolean;
  /** Notified exactly once (else never). */
  notified: boolean;
}

interface Alarm {
  arn: string;
  name: string;
  claimed: boolean;
}

/** What the suite sent, and the state each alarm is in as far as the suite knows. */
class Ledger {
  readonly entries: Expected[] = [];
  private readonly states = new Map<string, AlarmState>();
  private serial = 0;
  /** The synthetic changes' clock (epoch ms), ahead of every real change of the emulator. */
  private at: number;

  constructor(start: number) {
    this.at = start;
  }

  knowState(arn: string, state: AlarmState) {
    this.states.set(arn, state);
  }

  stateOf(arn: string): AlarmState {
    return this.states.get(arn) ?? 'OK';
  }

  token(caseId: string): string {
    this.serial++;
    return `[rel-${caseId}-${String(this.serial).padStart(5, '0')}]`;
  }

  tick(): number {
    this.at += 1000;
    return this.at;
  }

  expect(entry: Expected): Expected {
    this.entries.push(entry);
    if (entry.stored && entry.notified) this.states.set(entry.arn, entry.state);
    return entry;
  }

  /** The next change of an alarm that people must be told about: into ALARM, or out of it. */
  next(caseId: string, alarm: Alarm, at = this.tick()) {
    const previous = this.stateOf(alarm.arn);
    const state: AlarmState = previous === 'ALARM' ? 'OK' : 'ALARM';
    const token = this.token(caseId);
    const entry = this.expect({
      caseId,
      token,
      arn: alarm.arn,
      state,
      stored: true,
      notified: true,
    });
    return {
      entry,
      body: alarmEvent({ alarm, state, previous, at, reason: token }),
    };
  }

  of(caseId: string) {
    return this.entries.filter(e => e.caseId === caseId);
  }
}

/** A "CloudWatch Alarm State Change" event as EventBridge delivers it. */
function alarmEvent(o: {
  alarm: Alarm;
  state: AlarmState;
  previous: AlarmState;
  at: number;
  reason: string;
  id?: string;
  account?: string;
  region?: string;
}): string {
  const cloudwatchTime = (ms: number) =>
    new Date(ms).toISOString().replace(/Z$/, '+0000');
  return JSON.stringify({
    version: '0',
    id: o.id ?? randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: o.account ?? PRIMARY.account,
    time: new Date(o.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: o.region ?? PRIMARY.region,
    resources: [o.alarm.arn],
    detail: {
      alarmName: o.alarm.name,
      state: {
        value: o.state,
        reason: o.reason,
        timestamp: cloudwatchTime(o.at),
      },
      previousState: {
        value: o.previous,
        reason: 'before',
        timestamp: cloudwatchTime(o.at - 60_000),
      },
      configuration: { metrics: [] },
    },
  });
}

type EventRow = {
  event_id: string;
  alarm_arn: string;
  state: string;
  reason: string | null;
  at: string | number;
  notified_at: string | number | null;
};

class AlertsBench {
  readonly consumerTask: string;
  /** Notifications of changes the emulator made on its own (an alarm brought up to its data). */
  readonly emulatorOwn = new Set<NotificationSendOptions>();
  private readonly sqs: SQSClient;

  constructor(
    readonly part: Part,
    readonly emulator: Emulator,
    readonly backend: RunningBackend,
    readonly scheduler: { triggerTask(id: string): Promise<void> },
    readonly notifications: RecordingNotifications,
    readonly ledger: Ledger,
    readonly postgres: RestartablePostgres,
    readonly database: { url: string; name: string },
    readonly queueUrl: string,
    readonly dlqUrl: string,
    consumerTask: string,
  ) {
    this.consumerTask = consumerTask;
    this.sqs = new SQSClient(
      emulatorClientConfig({
        url: emulator.url,
        accountId: PRIMARY.account,
        region: PRIMARY.region,
      }),
    );
  }

  inject(body: string): void {
    this.emulator.injectMessage(PRIMARY.account, PRIMARY.region, QUEUE, body);
  }

  poll(): Promise<void> {
    return this.scheduler.triggerTask(this.consumerTask);
  }

  sweep(): Promise<void> {
    return this.scheduler.triggerTask(SWEEP_TASK);
  }

  async counts(url = this.queueUrl) {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
        ],
      }),
    );
    return {
      visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(
        out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0,
      ),
    };
  }

  /** Polls until no message is visible; answers how many polls it took. */
  async drain(limit = 1000): Promise<number> {
    let polls = 0;
    while (polls < limit && (await this.counts()).visible > 0) {
      await this.poll();
      polls++;
    }
    return polls;
  }

  /**
   * Moves the emulator's clock past the hiding of unreadable messages (60 s × receive count) and polls, until
   * they have been received `MAX_RECEIVE_COUNT` times and the next receive redrives them. `between` runs before each poll.
   */
  async redrive(between: () => void = () => {}): Promise<void> {
    for (let receive = 2; receive <= MAX_RECEIVE_COUNT + 1; receive++) {
      this.emulator.advanceClock(60 * (receive - 1) + 1);
      between();
      await this.poll();
    }
  }

  /** The DLQ's messages, read without consuming them for long. */
  async deadLetters(): Promise<string[]> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
      }),
    );
    return (out.Messages ?? []).map(m => m.Body ?? '');
  }

  async status(): Promise<{
    status?: string;
    queue?: AlertQueueStatus;
  }> {
    const answer = await this.part.send({
      method: 'GET',
      url: `${this.backend.url}/api/ml-observability/v1/status`,
      headers: { authorization: USER },
    });
    if (answer.status !== 200) return {};
    const body = JSON.parse(answer.text);
    return { status: body.status, queue: body.alertQueues?.[0] };
  }

  /** Rows of the alert history carrying a suite token, read from the plugin's database. */
  async rows(): Promise<EventRow[]> {
    const db = adminConnection(this.database.url, this.database.name);
    try {
      return await db<EventRow>('model_events')
        .select('event_id', 'alarm_arn', 'state', 'reason', 'at', 'notified_at')
        .where('reason', 'like', '%[rel-%');
    } finally {
      await db.destroy();
    }
  }

  /** The latest stored state of an alarm (by the time of the change). */
  async latest(arn: string): Promise<string | undefined> {
    const db = adminConnection(this.database.url, this.database.name);
    try {
      const row = await db('model_events')
        .select('state')
        .where('alarm_arn', arn)
        .orderBy('at', 'desc')
        .first();
      return row?.state;
    } finally {
      await db.destroy();
    }
  }

  sendsWith(token: string): NotificationSendOptions[] {
    return this.notifications.sent.filter(s =>
      (s.payload.description ?? '').includes(token),
    );
  }

  /**
   * The invariant, for the ledger's entries of one case (or all): what must
   * be stored is, once; what must be told is, once; nothing else.
   */
  async invariant(label: string, entries: Expected[]): Promise<boolean> {
    const rows = await this.rows();
    const byToken = new Map<string, number>();
    for (const row of rows) {
      const token = /\[rel-[^\]]+\]/.exec(row.reason ?? '')?.[0];
      if (token) byToken.set(token, (byToken.get(token) ?? 0) + 1);
    }
    const lost: string[] = [];
    const storedTwice: string[] = [];
    const storedWrongly: string[] = [];
    const untold: string[] = [];
    const toldTwice: string[] = [];
    const toldWrongly: string[] = [];
    for (const e of entries) {
      const stored = byToken.get(e.token) ?? 0;
      const told = this.sendsWith(e.token).length;
      if (e.stored && stored === 0) lost.push(e.token);
      if (stored > 1) storedTwice.push(`${e.token} ×${stored}`);
      if (!e.stored && stored > 0) storedWrongly.push(e.token);
      if (e.notified && told === 0) untold.push(`${e.token} ${e.state}`);
      if (told > 1) toldTwice.push(`${e.token} ×${told}`);
      if (!e.notified && told > 0) toldWrongly.push(`${e.token} ${e.state}`);
    }
    const mustStore = entries.filter(e => e.stored).length;
    const mustTell = entries.filter(e => e.notified).length;
    const list = (items: string[]) => items.slice(0, 4).join(', ');
    const a = this.part.check(
      `${label}: nothing lost, nothing stored twice`,
      lost.length + storedTwice.length + storedWrongly.length === 0,
      [
        `${mustStore - lost.length} of ${mustStore} changes stored once`,
        entries.length > mustStore
          ? `${entries.length - mustStore} that must not be stored: ${
              storedWrongly.length
            } stored`
          : '',
        lost.length ? `lost: ${list(lost)}` : '',
        storedTwice.length ? `twice: ${list(storedTwice)}` : '',
        storedWrongly.length ? `stored wrongly: ${list(storedWrongly)}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
    const b = this.part.check(
      `${label}: every change due told once, nothing told twice`,
      untold.length + toldTwice.length + toldWrongly.length === 0,
      [
        `${mustTell - untold.length} of ${mustTell} told once`,
        entries.length > mustTell
          ? `${entries.length - mustTell} not to be told: ${
              toldWrongly.length
            } told`
          : '',
        untold.length ? `never told: ${list(untold)}` : '',
        toldTwice.length ? `told twice: ${list(toldTwice)}` : '',
        toldWrongly.length ? `told wrongly: ${list(toldWrongly)}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
    return a && b;
  }
}

export async function alertsPart(
  suite: Suite,
  options: AlertsOptions,
): Promise<PartResult> {
  const part = new Part('Alarm alerts', suite);
  part.note(
    `The plugin consumes the emulator's EventBridge queue ${QUEUE} of account ${PRIMARY.account} (${PRIMARY.region}), ` +
      `given a redrive policy to ${DLQ} (maxReceiveCount ${MAX_RECEIVE_COUNT}); a long poll per scheduler run (received again at once while batches come back full), the runs ` +
      `triggered by the suite; the emulator's own alarm evaluation is off so every change on the queue is the suite's. ` +
      `Notifications go to a recording NotificationService that can refuse (throw) on demand. Each change carries a unique ` +
      `token in its state reason; the truth is the suite's ledger, compared with the plugin's model_events table and the ` +
      `notifications sent. PostgreSQL: ${options.postgres.description}.`,
  );
  for (const account of DEMO_ACCOUNT_IDS)
    suite.addAccessKeyId(awsAccessKeyId(account));
  const emulator = await startEmulator({
    scenario: 'demo',
    alarmEvents: { evaluateEverySeconds: 86_400 },
  });
  suite.addInternalUrl(emulator.url);
  const sqs = new SQSClient(
    emulatorClientConfig({
      url: emulator.url,
      accountId: PRIMARY.account,
      region: PRIMARY.region,
    }),
  );
  const queueUrl = emulator.alarmEventsQueueUrl(
    PRIMARY.account,
    PRIMARY.region,
  )!;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: DLQ }));
  const dlqArn = (
    await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: dlq.QueueUrl,
        AttributeNames: ['QueueArn'],
      }),
    )
  ).Attributes!.QueueArn!;
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn,
          maxReceiveCount: MAX_RECEIVE_COUNT,
        }),
      },
    }),
  );

  const notifications = new RecordingNotifications();
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & {
    factory(options: object): ReturnType<typeof mockServices.scheduler.factory>;
    triggerTask(id: string): Promise<void>;
  };
  const database = options.postgres.database('alerts');
  if (database.kind !== 'postgres')
    throw new Error('the alerts part needs PostgreSQL (it restarts it)');
  const backend = await startBackend({
    emulatorUrl: emulator.url,
    accounts: DEMO_ACCOUNT_IDS,
    database,
    provider: new FleetProvider([]),
    config: demoCatalogConfig(),
    scheduler: scheduler.factory({ skipTaskRunOnStartup: true }),
    services: [
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications,
      }),
    ],
    mlObservability: {
      lookbackDays: 1,
      aws: { maxAttempts: 2, requestTimeoutMs: 5000, concurrency: 4 },
      alerts: {
        queues: [
          {
            queueUrl,
            accountId: PRIMARY.account,
            region: PRIMARY.region,
            waitTimeSeconds: 0,
            visibilityTimeoutSeconds: VISIBILITY_S,
          },
        ],
        fallbackRecipients: [FALLBACK],
      },
    },
  });
  try {
    await waitForCatalog({
      baseUrl: backend.url,
      filter: 'spec.type=ml-model',
      count: DEMO_MODELS.length,
      timeoutMs: 60_000,
    });
    // The first round builds the index that routes an alarm to its models, and backfills history.
    const round = await backend.captured.service!.collectFleet();
    part.check(
      'setup: the first collection round succeeds',
      round.outcome === 'ok',
      round.outcome,
    );
    const { reports } = await readFleet(part, backend.url);
    const claimed = new Map<string, Alarm & { state: AlarmState }>();
    for (const report of reports.values())
      for (const a of report.alarms)
        if (a.arn.includes(`:${PRIMARY.account}:alarm:`))
          claimed.set(a.arn, {
            arn: a.arn,
            name: a.name,
            claimed: true,
            state: a.state,
          });
    const euAlarm = [...reports.values()]
      .flatMap(r => r.alarms)
      .find(a => a.arn.includes(`:${EU.account}:alarm:`));
    const [pluginDb] = (
      await options.postgres.databasesWithPrefix(database.prefix)
    ).filter(n => n.endsWith('ml-observability'));
    const tasks = await scheduler.getScheduledTasks();
    const consumerTask = tasks.find(
      t => t.id.startsWith('ml-observability-alerts-') && t.id !== SWEEP_TASK,
    )?.id;
    part.check(
      'setup: the plugin scheduled a consumer for the queue and the retry sweep',
      !!consumerTask && tasks.some(t => t.id === SWEEP_TASK),
      tasks.map(t => t.id).join(', '),
    );
    if (!consumerTask || !pluginDb || claimed.size < 6 || !euAlarm) {
      part.check(
        'setup: the demo fleet gives the alarms the cases need',
        false,
        `${claimed.size} claimed alarms in ${PRIMARY.account}, EU alarm ${
          euAlarm?.arn ?? 'none'
        }, plugin database ${pluginDb ?? 'none'}`,
      );
      return part.finish();
    }
    const ledger = new Ledger(
      Math.max(Date.now(), emulator.now().getTime()) + 60_000,
    );
    for (const a of claimed.values()) ledger.knowState(a.arn, a.state);
    const bench = new AlertsBench(
      part,
      emulator,
      backend,
      scheduler,
      notifications,
      ledger,
      options.postgres,
      { url: database.url, name: pluginDb },
      queueUrl,
      dlq.QueueUrl!,
      consumerTask,
    );
    // What the queue held before (the emulator's warm-up) is not the suite's.
    await bench.drain();
    const baseline = notifications.sent.length;

    const all = [...claimed.values()];
    // One alarm is driven through CloudWatch itself (SetAlarmState): its changes carry the emulator's time. Not
    // the one the demo scripts an incident for: SetAlarmState first brings an alarm up to its data.
    const viaCloudWatch = all.filter(a => !/latency-high/.test(a.name)).at(-1)!;
    const synthetic = all.filter(a => a !== viaCloudWatch);
    const unclaimed = (n: number): Alarm[] =>
      Array.from({ length: n }, (_, i) => {
        const name = `rel-unclaimed-${String(i).padStart(4, '0')}`;
        return {
          arn: `arn:aws:cloudwatch:${PRIMARY.region}:${PRIMARY.account}:alarm:${name}`,
          name,
          claimed: false,
        };
      });
    // Case 4 runs first: cases 1, 2, 7 and 8 move the emulator's clock, after which the alarm driven through
    // CloudWatch could be re-evaluated on its data by SetAlarmState.
    const cases: Array<[string, () => Promise<void>]> = [
      ['4', () => duplicateCase(bench, synthetic[1], viaCloudWatch)],
      ['1', () => malformedCase(bench, synthetic[0])],
      ['2', () => otherAccountCase(bench, euAlarm)],
      ['3', () => unknownAlarmCase(bench)],
      ['5', () => outOfOrderCase(bench, synthetic[2], synthetic[3])],
      [
        '6',
        () =>
          burstCase(bench, {
            events: options.quick ? 200 : 1000,
            alarms: [...synthetic.slice(4), ...unclaimed(40)],
            quick: options.quick,
          }),
      ],
      ['7', () => notificationsDownCase(bench, unclaimed(60).slice(40))],
      [
        '8',
        () =>
          restartCase(bench, [
            ...synthetic.slice(4),
            ...unclaimed(100).slice(60),
          ]),
      ],
    ];
    const caseTimes: string[] = [];
    for (const [id, run] of cases) {
      const caseStarted = performance.now();
      try {
        await run();
      } catch (error) {
        part.check(
          `${id}. the case ran to its end`,
          false,
          (error as Error).message,
        );
      } finally {
        notifications.down = false;
        notifications.delayMs = 0;
        emulator.clearFaults();
        caseTimes.push(
          `${id}: ${((performance.now() - caseStarted) / 1000).toFixed(1)} s`,
        );
      }
    }
    part.note(
      `Wall time of each case (in the order run): ${caseTimes.join(', ')}.`,
    );

    // Late effects (a sweep, a redelivery) may double what a case saw right: the ledger as a whole, at the end.
    await bench.sweep();
    await bench.invariant('end: every change of every case', ledger.entries);
    const ours = new Set(ledger.entries.map(e => e.arn));
    const strays = notifications.sent
      .slice(baseline)
      .filter(
        s =>
          !bench.emulatorOwn.has(s) &&
          ours.has(String(s.payload.scope)) &&
          !/\[rel-[^\]]+\]/.test(s.payload.description ?? ''),
      );
    part.check(
      "end: no notification about the suite's alarms that the ledger does not explain",
      strays.length === 0,
      strays
        .slice(0, 3)
        .map(s => s.payload.title)
        .join('; '),
    );
    const final = await bench.status();
    part.check(
      'end: /v1/status shows the queue polled, state ok',
      final.queue?.state === 'ok',
      final.queue
        ? `${final.queue.received} received, ${final.queue.handled} handled, ${final.queue.unparseable} unparseable`
        : 'no alertQueues',
    );
  } finally {
    await backend.stop();
    await emulator.stop();
  }
  // Case 4 ran first; the report lists the cases in their order.
  const order = (line: string) => {
    if (line.startsWith('setup')) return 0;
    if (line.startsWith('end')) return 10;
    return Number(/^(\d)\./.exec(line)?.[1] ?? 9);
  };
  part.result.tried.sort((x, y) => order(x) - order(y));
  part.result.checks.sort((x, y) => order(x.what) - order(y.what));
  return part.finish();
}

/** 1. Malformed messages: counted, kept for redrive, reach the DLQ; good events still flow. */
async function malformedCase(bench: AlertsBench, alarm: Alarm) {
  const { part } = bench;
  const bad = [
    '{"detail-type": "CloudWatch Alarm State Change", "source": "aws.cloudwatch", "detail": ',
    JSON.stringify({ hello: 'world', items: [1, 2, 3] }),
    JSON.stringify({
      version: '0',
      id: randomUUID(),
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: PRIMARY.account,
      region: PRIMARY.region,
      time: new Date().toISOString(),
      resources: [alarm.arn],
      detail: { alarmName: alarm.name, previousState: { value: 'OK' } },
    }),
  ];
  const before = (await bench.status()).queue;
  for (const body of bad) bench.inject(body);
  const good = bench.ledger.next('1', alarm);
  bench.inject(good.body);
  await bench.poll();
  const after = (await bench.status()).queue;
  const counted = (after?.unparseable ?? 0) - (before?.unparseable ?? 0);
  part.check(
    '1. malformed: each is counted unparseable on /v1/status alertQueues',
    counted === bad.length,
    `${counted} counted for ${bad.length} sent`,
  );
  part.check(
    '1. malformed: the good event in the same batch is handled and told',
    bench.sendsWith(good.entry.token).length === 1,
  );
  const held = await bench.counts();
  part.check(
    '1. malformed: not deleted (hidden for redrive, still on the queue)',
    held.inFlight === bad.length && held.visible === 0,
    `${held.inFlight} in flight, ${held.visible} visible`,
  );
  // Each receive hides them longer (60 s × receive count); move the emulator's clock instead of waiting.
  const later: ReturnType<Ledger['next']>[] = [];
  await bench.redrive(() => {
    const next = bench.ledger.next('1', alarm);
    later.push(next);
    bench.inject(next.body);
  });
  const dead = await bench.deadLetters();
  const allBad = bad.every(b => dead.includes(b));
  part.check(
    `1. malformed: after ${MAX_RECEIVE_COUNT} receives they reach the dead-letter queue, unchanged`,
    allBad && dead.length === bad.length,
    `${dead.length} on ${DLQ}; main queue: ${JSON.stringify(
      await bench.counts(),
    )}`,
  );
  part.check(
    '1. malformed: the consumer keeps handling good events after them',
    later.every(l => bench.sendsWith(l.entry.token).length === 1),
    `${later.length} good events sent after the malformed ones`,
  );
  part.tried(
    `1. malformed: ${bad.length} messages (not JSON; JSON of another shape; an EventBridge event without detail.state) ` +
      `with a good event, then ${later.length} more good events while the clock moved past their hiding time`,
  );
  await bench.invariant('1. malformed', bench.ledger.of('1'));
}

/** 2. An event of another account on this account's queue: not stored, not told. */
async function otherAccountCase(
  bench: AlertsBench,
  euAlarm: { arn: string; name: string },
) {
  const { part, ledger } = bench;
  const before = (await bench.status()).queue;
  // The EU alarm announced as of the EU account, then with the queue's account in the event but the
  // EU alarm's ARN; both on the primary account's queue.
  for (const place of [{ account: EU.account, region: EU.region }, {}]) {
    const token = ledger.token('2');
    ledger.expect({
      caseId: '2',
      token,
      arn: euAlarm.arn,
      state: 'ALARM',
      stored: false,
      notified: false,
    });
    bench.inject(
      alarmEvent({
        alarm: { ...euAlarm, claimed: true },
        state: 'ALARM',
        previous: 'OK',
        at: ledger.tick(),
        reason: token,
        ...place,
      }),
    );
  }
  const deadBefore = (await bench.deadLetters()).length;
  await bench.poll();
  const after = (await bench.status()).queue;
  const held = await bench.counts();
  part.check(
    '2. other account: refused as unparseable and not deleted',
    (after?.unparseable ?? 0) - (before?.unparseable ?? 0) === 2 &&
      held.inFlight === 2,
    `${(after?.unparseable ?? 0) - (before?.unparseable ?? 0)} of 2 counted; ${
      held.inFlight
    } hidden on the queue`,
  );
  await bench.redrive();
  const dead = (await bench.deadLetters()).length - deadBefore;
  const left = await bench.counts();
  part.check(
    '2. other account: both reach the dead-letter queue',
    dead === 2 && left.inFlight + left.visible === 0,
    `${dead} more on ${DLQ}; main queue ${JSON.stringify(left)}`,
  );
  part.tried(
    `2. other account: an event of account ${EU.account} for its alarm ${euAlarm.name}, and one naming account ${PRIMARY.account} with that alarm's ARN, on the queue of ${PRIMARY.account}`,
  );
  await bench.invariant('2. other account', ledger.of('2'));
}

/** 3. An alarm no model claims: stored, told to the fallback recipients once, deleted. */
async function unknownAlarmCase(bench: AlertsBench) {
  const { part, ledger } = bench;
  const name = `rel-nobody-${randomUUID().slice(0, 8)}`;
  const alarm: Alarm = {
    arn: `arn:aws:cloudwatch:${PRIMARY.region}:${PRIMARY.account}:alarm:${name}`,
    name,
    claimed: false,
  };
  const change = ledger.next('3', alarm);
  const held = await bench.counts();
  bench.inject(change.body);
  const before = (await bench.status()).queue;
  const polls = await bench.drain(5);
  const after = (await bench.status()).queue;
  const [sent] = bench.sendsWith(change.entry.token);
  const recipients = sent?.recipients as
    | { type: string; entityRef?: string[] }
    | undefined;
  part.check(
    '3. unknown alarm: told to mlObservability.alerts.fallbackRecipients, as unclaimed',
    recipients?.type === 'entity' &&
      JSON.stringify(recipients.entityRef) === JSON.stringify([FALLBACK]) &&
      sent?.payload.topic === 'unclaimed alarms',
    sent
      ? `${JSON.stringify(recipients)} topic "${sent.payload.topic}"`
      : 'nothing sent',
  );
  const counts = await bench.counts();
  part.check(
    '3. unknown alarm: handled and deleted in one poll (no loop, no crash)',
    polls === 1 &&
      counts.visible + counts.inFlight === held.visible + held.inFlight &&
      (after?.handled ?? 0) - (before?.handled ?? 0) === 1,
    `${polls} poll(s), ${
      (after?.handled ?? 0) - (before?.handled ?? 0)
    } handled, queue ${JSON.stringify(counts)}`,
  );
  part.tried(
    `3. unknown alarm: an event for ${name}, which no model claims, with fallback recipient ${FALLBACK} configured (routing.ts / AlarmNotifier: unclaimed alarms go to the fallback, or are only logged without one)`,
  );
  await bench.invariant('3. unknown alarm', ledger.of('3'));
}

/** 4. Duplicates: the emulator's duplicate fault, and one message injected twice (same batch and later). */
async function duplicateCase(
  bench: AlertsBench,
  alarm: Alarm,
  viaCloudWatch: Alarm,
) {
  const { part, ledger, emulator } = bench;
  const cloudwatch = new CloudWatchClient(
    emulatorClientConfig({
      url: emulator.url,
      accountId: PRIMARY.account,
      region: PRIMARY.region,
    }),
  );
  // The alarm as CloudWatch has it now (reading it brings it up to its data; what that changes is the emulator's).
  const sentBefore = bench.notifications.sent.length;
  const described = await cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNames: [viaCloudWatch.name] }),
  );
  const real = described.MetricAlarms?.[0]?.StateValue as
    | AlarmState
    | undefined;
  if (real) ledger.knowState(viaCloudWatch.arn, real);
  await bench.drain(5);
  for (const s of bench.notifications.sent.slice(sentBefore))
    bench.emulatorOwn.add(s);
  if (bench.emulatorOwn.size > 0)
    part.note(
      `4. ${viaCloudWatch.name} changed on its own data when read (${bench.emulatorOwn.size} notification(s), not the suite's).`,
    );
  // (a) EventBridge delivering each event twice, through a real alarm change.
  emulator.setFaults({ alarmEvents: { duplicate: true } });
  const delivered: string[] = [];
  for (let i = 0; i < 2; i++) {
    const previous = ledger.stateOf(viaCloudWatch.arn);
    const state: AlarmState = previous === 'ALARM' ? 'OK' : 'ALARM';
    const token = ledger.token('4');
    ledger.expect({
      caseId: '4',
      token,
      arn: viaCloudWatch.arn,
      state,
      stored: true,
      notified: true,
    });
    await cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: viaCloudWatch.name,
        StateValue: state,
        StateReason: token,
      }),
    );
    await sleep(20);
    delivered.push(`${state} ×${(await bench.counts()).visible}`);
    await bench.drain(5);
  }
  emulator.clearFaults();
  // (b) One message injected twice into one batch, and again after it was handled.
  const change = ledger.next('4', alarm);
  bench.inject(change.body);
  bench.inject(change.body);
  await bench.poll();
  bench.inject(change.body);
  await bench.drain(5);
  part.tried(
    `4. duplicates: alarmEvents.duplicate fault on two SetAlarmState changes of ${
      viaCloudWatch.name
    } (on the queue: ${delivered.join(', ')}); one event of ${
      alarm.name
    } injected twice into one batch and a third time after it was handled`,
  );
  part.check(
    '4. duplicates: the fault really delivered each change twice',
    delivered.every(d => d.endsWith('×2')),
    delivered.join(', '),
  );
  await bench.invariant('4. duplicates', ledger.of('4'));
}

/** 5. Out of order: an older OK after a newer ALARM, in another batch and in the same one. */
async function outOfOrderCase(bench: AlertsBench, a: Alarm, b: Alarm) {
  const { part, ledger } = bench;
  const problems: string[] = [];
  for (const [alarm, sameBatch] of [
    [a, false],
    [b, true],
  ] as const) {
    // Make sure the alarm is OK first (told), so that the ALARM is a change.
    if (ledger.stateOf(alarm.arn) === 'ALARM') {
      bench.inject(ledger.next('5', alarm).body);
      await bench.drain(5);
    }
    const okAt = ledger.tick();
    const alarmAt = ledger.tick();
    const newer = ledger.next('5', alarm, alarmAt);
    const olderToken = ledger.token('5');
    ledger.expect({
      caseId: '5',
      token: olderToken,
      arn: alarm.arn,
      state: 'OK',
      stored: true,
      notified: false,
    });
    const older = alarmEvent({
      alarm,
      state: 'OK',
      previous: 'ALARM',
      at: okAt,
      reason: olderToken,
    });
    bench.inject(newer.body);
    if (!sameBatch) await bench.drain(5);
    bench.inject(older);
    await bench.drain(5);
    const latest = await bench.latest(alarm.arn);
    if (latest !== 'ALARM')
      problems.push(`${alarm.name}: latest stored state ${latest}`);
    const resolved = bench.notifications.sent.filter(
      s =>
        s.payload.scope === alarm.arn &&
        (s.payload.description ?? '').includes(olderToken),
    );
    if (resolved.length > 0)
      problems.push(`${alarm.name}: "${resolved[0].payload.title}" sent`);
    const told = bench.sendsWith(newer.entry.token)[0];
    if (!told || !/is in ALARM/.test(told.payload.title))
      problems.push(
        `${alarm.name}: the ALARM notification is "${told?.payload.title}"`,
      );
  }
  part.tried(
    `5. out of order: for ${a.name} an ALARM, then in a later poll an OK of one second before it; for ${b.name} the same two in one batch, newest first (what alarmEvents.outOfOrder delivers)`,
  );
  part.check(
    '5. out of order: the alarm stays ALARM in the store\'s latest and nothing says "resolved"',
    problems.length === 0,
    problems.join('; '),
  );
  await bench.invariant('5. out of order', ledger.of('5'));
}

/** 6. A burst over many alarms, round-robin (each batch of 10 is ten alarms, each change latest when read). */
async function burstCase(
  bench: AlertsBench,
  o: { events: number; alarms: Alarm[]; quick: boolean },
) {
  const { part, ledger } = bench;
  const before = (await bench.status()).queue;
  const sentBefore = bench.notifications.sent.length;
  for (let i = 0; i < o.events; i++) {
    const alarm = o.alarms[i % o.alarms.length];
    bench.inject(ledger.next('6', alarm).body);
  }
  const started = performance.now();
  const polls = await bench.drain(o.events);
  const ms = performance.now() - started;
  const after = (await bench.status()).queue;
  const handled = (after?.handled ?? 0) - (before?.handled ?? 0);
  const claimed = o.alarms.filter(a => a.claimed).length;
  part.tried(
    `6. burst: ${o.events} events${
      o.quick ? ' (quick form; the full run sends 1,000)' : ''
    } over ${o.alarms.length} alarms (${claimed} claimed by demo models, ${
      o.alarms.length - claimed
    } unclaimed, told to the fallback), alternating ALARM/OK, all on the queue before the first poll`,
  );
  part.check(
    `6. burst: ${o.events} handled in ${(ms / 1000).toFixed(1)} s (${Math.round(
      (handled / ms) * 1000,
    )} events/s, ${polls} polls), ${
      bench.notifications.sent.length - sentBefore
    } notifications`,
    handled === o.events,
    `${handled} of ${o.events} handled by the consumer`,
  );
  await bench.invariant('6. burst', ledger.of('6'));
}

/** 7. The notifications backend down: stored meanwhile, sent by the sweep once it is back, once. */
async function notificationsDownCase(bench: AlertsBench, alarms: Alarm[]) {
  const { part, ledger, notifications, emulator } = bench;
  notifications.down = true;
  const heldBefore = (await bench.counts()).inFlight;
  for (const alarm of alarms) bench.inject(ledger.next('7', alarm).body);
  const polls = await bench.drain(10);
  const rows = await bench.rows();
  const tokens = new Set(ledger.of('7').map(e => e.token));
  const storedWhileDown = rows.filter(r =>
    tokens.has(/\[rel-[^\]]+\]/.exec(r.reason ?? '')?.[0] ?? ''),
  ).length;
  const down = await bench.status();
  part.check(
    '7. notifications down: every change is stored meanwhile, none lost',
    storedWhileDown === alarms.length,
    `${storedWhileDown} of ${alarms.length} stored; ${notifications.refused} sends refused`,
  );
  part.check(
    '7. notifications down: the queue keeps the messages and /v1/status says the batch could not be handled',
    (await bench.counts()).inFlight - heldBefore === alarms.length &&
      /could not be handled/.test(down.queue?.message ?? ''),
    `${JSON.stringify(await bench.counts())}; "${down.queue?.message ?? ''}"`,
  );
  // A sweep while still down sends nothing and loses nothing.
  await bench.sweep();
  notifications.down = false;
  // The sweep leaves a change received in the last 15 s to the batch that may still be sending it.
  await new Promise(resolve => setTimeout(resolve, SWEEP_GRACE_MS + 1000));
  const sweepStarted = performance.now();
  await bench.sweep();
  const sweepMs = performance.now() - sweepStarted;
  const afterSweep = ledger
    .of('7')
    .filter(e => bench.sendsWith(e.token).length === 1).length;
  part.check(
    '7. notifications back: the pipeline sweep sends every pending change',
    afterSweep === alarms.length,
    `${afterSweep} of ${alarms.length} sent by one sweep in ${(
      sweepMs / 1000
    ).toFixed(1)} s`,
  );
  // The messages come back after their visibility timeout: already told, they are only deleted.
  emulator.advanceClock(VISIBILITY_S + 1);
  const redelivered = (await bench.counts()).visible;
  await bench.drain(10);
  part.tried(
    `7. notifications down: ${alarms.length} events over ${alarms.length} alarms polled ${polls} time(s) while every send threw; ` +
      `a sweep while down, the backend back, a sweep; then the ${redelivered} messages redelivered after their visibility timeout`,
  );
  await bench.invariant('7. notifications down', ledger.of('7'));
}

/** 8. PostgreSQL restarted while a batch is being handled. */
async function restartCase(bench: AlertsBench, alarms: Alarm[]) {
  const { part, ledger, notifications, emulator, postgres } = bench;
  // Slow sends keep each batch (10 messages) busy for about a second.
  notifications.delayMs = 100;
  for (const alarm of alarms) bench.inject(ledger.next('8', alarm).body);
  let polling = true;
  let polls = 0;
  const poller = (async () => {
    while (polling) {
      await bench.poll();
      polls++;
      if ((await bench.counts().catch(() => ({ visible: 1 }))).visible === 0)
        break;
    }
  })();
  await sleep(1500);
  const hit = (await bench.counts()).visible > 0;
  const restartStarted = performance.now();
  await postgres.restart();
  const restartMs = performance.now() - restartStarted;
  await poller;
  polling = false;
  notifications.delayMs = 0;
  // What failed during the restart returns after the visibility timeout; the sweep sends what was stored only.
  const broken = (await bench.counts()).inFlight;
  let rounds = 0;
  for (; rounds < 5; rounds++) {
    emulator.advanceClock(VISIBILITY_S + 1);
    await bench.drain(20);
    await bench.sweep();
    const c = await bench.counts();
    if (c.visible + c.inFlight === 0) break;
  }
  const left = await bench.counts();
  part.tried(
    `8. PostgreSQL restart: ${alarms.length} events over ${
      alarms.length
    } alarms, sends slowed to 100 ms, restart ${(restartMs / 1000).toFixed(
      1,
    )} s long 1.5 s into polling (${polls} polls until then and after); ${broken} messages of the batches it broke ` +
      `kept on the queue; then ${
        rounds + 1
      } round(s) of redelivery (clock past the visibility timeout), polls and a sweep`,
  );
  part.check(
    '8. PostgreSQL restart: the restart hit while messages were being handled, and broke a batch',
    hit && broken > 0,
    `${broken} messages not deleted when polling ended`,
  );
  part.check(
    '8. PostgreSQL restart: the queue is empty afterwards (every message handled and deleted)',
    left.visible + left.inFlight === 0,
    JSON.stringify(left),
  );
  await bench.invariant('8. PostgreSQL restart', ledger.of('8'));
}
