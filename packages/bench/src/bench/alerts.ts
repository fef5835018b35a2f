/**
 * Issue 13's measurement: a burst of alarm transitions over the scale fleet,
 * delivered the way AWS delivers them (SetAlarmState at the emulator, which
 * puts the EventBridge "CloudWatch Alarm State Change" event on the
 * account's queue), read by the real plugin's queue consumer on the real
 * Backstage scheduler. Counts the consumer's AWS calls against the batching
 * floor of the same burst, the notifications against those the pipeline's
 * rule owes, the time from enqueue to notification stored, and the polls of
 * the idle queue afterwards.
 */
import {
  CloudWatchClient,
  paginateDescribeAlarms,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  Emulator,
  emulatorClientConfig,
  EmulatorStats,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import { waitForCatalog } from '../lib/catalogWait';
import { dropDatabases, DatabaseChoice } from '../lib/database';
import { callsBetween, CallCounts, sum } from '../lib/emulatorStats';
import { LatencySummary, summarize } from '../lib/percentiles';
import { FleetProvider, RunningBackend, startBackend } from '../lib/backend';
import {
  ACCOUNT,
  modelEntities,
  modelName,
  orgEntities,
  REGION,
} from '../lib/scaleFleet';
import {
  AlarmStateValue,
  BurstAlarm,
  BurstFloor,
  burstFloor,
  BurstStep,
  IdleRate,
  idleRate,
  owedNotifications,
  planBurst,
  PriorHistory,
} from './alertsBurst';

export interface AlertsSettings {
  models: number;
  seed: string;
  features: number;
  schedules: number;
  /** Seconds the consumer runs on the empty queue after the burst. */
  idleSeconds: number;
  database: DatabaseChoice;
  databaseDescription: string;
}

/** The queue settings the benchmark configures: the plugin's documented defaults. */
const WAIT_TIME_SECONDS = 20;
const POLL_FREQUENCY_SECONDS = 5;
const MAX_MESSAGES = 10;
/** The bench's own calls in the window (the burst itself), not the consumer's. */
const BENCH_OPERATIONS = ['SetAlarmState'];
/** SQS standard queue requests, USD per million (us-east-1, after the free tier). */
export const SQS_USD_PER_MILLION = 0.4;
const DRAIN_TIMEOUT_MS = 30 * 60_000;

export interface AlertsResult {
  models: number;
  alarms: number;
  transitions: number;
  /** Events the emulator put on the queue for the burst. */
  messages: number;
  /** Events of the emulator's own evaluations before the burst (handled before it starts). */
  eventsBeforeBurst: number;
  byState: Record<AlarmStateValue, number>;
  waitTimeSeconds: number;
  pollFrequencySeconds: number;
  maxMessages: number;
  database: string;
  catalogMs: number;
  roundMs: number;
  /** Wall time of the SetAlarmState calls of the burst. */
  enqueueMs: number;
  burst: {
    counts: CallCounts;
    consumerCalls: Record<string, number>;
    receives: number;
    deleteBatches: number;
    total: number;
    windowMs: number;
    /** From the last message handled to the end of the window. */
    emptyQueueMs: number;
    floor: BurstFloor;
  };
  notifications: {
    owed: number;
    owedByState: Record<AlarmStateValue, number>;
    /** Sent while the burst was handled. */
    sent: number;
    /** Sent by the end of the idle window (the retry sweep has run by then). */
    sentAfterIdle: number;
    /** Of `sentAfterIdle`, those the retry sweep sent. */
    bySweep: number;
    /** Alarms whose notifications differ in number or state from what is owed. */
    mismatchedAlarms: string[];
  };
  /** Enqueue (SetAlarmState answered) → notification stored, over the owed notifications matched. */
  latency?: LatencySummary;
  /** First enqueue → last notification. */
  drainMs?: number;
  idle: IdleRate & { calls: Record<string, number> };
  wallMs: number;
}

interface Recorded {
  at: number;
  scope?: string;
  title: string;
  /**
   * Not sent from a consumer's batch (AlertPipeline.handle is not on the
   * async stack of the send): the retry sweep sent it.
   */
  bySweep: boolean;
}

/** The async call stack of the caller, deep enough to reach the pipeline. */
function callStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  try {
    return new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const emptyStates = (): Record<AlarmStateValue, number> => ({
  OK: 0,
  ALARM: 0,
  INSUFFICIENT_DATA: 0,
});
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const receivesOf = (s: EmulatorStats) =>
  s.operations.ReceiveMessage?.calls ?? 0;

export class AlertsRun {
  private emulator!: Emulator;
  /** The emulator's clock: still, except 1 ms per change of the burst, so each change has its own instant. */
  private simNow = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
  private backend?: RunningBackend;
  private readonly sent: Recorded[] = [];

  constructor(
    private readonly settings: AlertsSettings,
    private readonly log: (line: string) => void,
  ) {}

  async run(): Promise<AlertsResult> {
    const started = performance.now();
    const { settings } = this;
    this.emulator = await startEmulator({
      scenario: 'scale',
      models: settings.models,
      seed: settings.seed,
      features: settings.features,
      schedules: settings.schedules,
      now: () => new Date(this.simNow),
      // Alarms change only when the bench sets them: no evaluation timer during the run.
      alarmEvents: { evaluateEverySeconds: 86_400 },
    });
    try {
      return await this.measure(started);
    } finally {
      await this.backend?.stop();
      await this.emulator.stop();
      await dropDatabases(settings.database);
    }
  }

  private queueUrl(): string {
    const url = this.emulator.alarmEventsQueueUrl(ACCOUNT, REGION);
    if (!url) throw new Error('the emulator has no alarm events queue');
    return url;
  }

  private async measure(started: number): Promise<AlertsResult> {
    const { settings, log } = this;
    const models = settings.models;
    this.backend = await startBackend({
      emulatorUrl: this.emulator.url,
      accounts: [ACCOUNT],
      database: settings.database,
      provider: new FleetProvider([...modelEntities(models), ...orgEntities()]),
      mlObservability: {
        lookbackDays: 0.25,
        // One round, run by the bench once the catalog holds the fleet: it builds the index that
        // routes an alarm to its model. No round during the burst.
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 15 },
          initialDelay: { hours: 23 },
        },
        alerts: {
          queues: [
            {
              queueUrl: this.queueUrl(),
              accountId: ACCOUNT,
              region: REGION,
              waitTimeSeconds: WAIT_TIME_SECONDS,
              maxMessages: MAX_MESSAGES,
            },
          ],
          pollFrequency: { seconds: POLL_FREQUENCY_SECONDS },
          // Nothing in the history before the burst but what the bench reads back below.
          backfill: { alarmsPerRound: 0 },
        },
      },
      // The scheduler the plugin runs on in production: its cadence is part of what is measured.
      scheduler: schedulerServiceFactory,
      services: [
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) => {
              this.sent.push({
                at: Date.now(),
                scope: options.payload.scope,
                title: options.payload.title,
                bySweep: !/\bAlertPipeline\.handle\b/.test(callStack()),
              });
            },
          }),
        }),
      ],
    });
    const baseUrl = this.backend.url;
    const catalogMs = await waitForCatalog({
      baseUrl,
      filter: 'spec.type=ml-model',
      count: models,
      timeoutMs: 60_000 + models * 100,
    });
    log(
      `  catalog serves ${models} models after ${(catalogMs / 1000).toFixed(
        1,
      )} s`,
    );
    const roundStarted = performance.now();
    const summary = await this.backend.captured.service!.collectFleet();
    const roundMs = performance.now() - roundStarted;
    log(
      `  first round: ${summary.outcome}, ${
        summary.failedModels
      } models failed, ${(roundMs / 1000).toFixed(1)} s`,
    );
    if (summary.failedModels > 0)
      throw new Error(
        `the first round failed for ${summary.failedModels} models`,
      );

    const settled = await this.settle(baseUrl);
    log(
      `  before the burst: ${settled.events} alarm events from the emulator's own evaluations, ${settled.handled} handled`,
    );
    const alarms = await this.alarms();
    const prior = await this.priorHistory(baseUrl, models);
    const steps = planBurst(alarms, MAX_MESSAGES);
    const owed = owedNotifications(steps, prior, MAX_MESSAGES);
    const byState = emptyStates();
    for (const s of steps) byState[s.state]++;
    const owedByState = emptyStates();
    for (const o of owed) owedByState[o.state]++;
    log(
      `  burst: ${steps.length} changes of ${
        new Set(steps.map(s => s.arn)).size
      } of ${alarms.length} alarms over ${models} models; ${
        owed.length
      } notifications owed`,
    );
    const sentBefore = this.sent.length;

    // The window starts with a poll: the one the first messages arrive in is counted.
    const before = await this.nextPollStart();
    const eventsBefore = await this.eventsDelivered();
    if (eventsBefore !== settled.events)
      throw new Error(
        `the emulator delivered ${
          eventsBefore - settled.events
        } alarm events after the history was read; the owed count would be stale`,
      );
    const enqueueStarted = Date.now();
    const enqueuedAt = await this.enqueue(steps);
    const enqueueMs = Date.now() - enqueueStarted;
    const messages = (await this.eventsDelivered()) - eventsBefore;
    if (messages !== steps.length)
      throw new Error(
        `the emulator delivered ${messages} events for ${steps.length} SetAlarmState changes`,
      );
    log(
      `  enqueued in ${(enqueueMs / 1000).toFixed(
        1,
      )} s; draining at the consumer's cadence (one receive of ≤ ${MAX_MESSAGES} per run, every ${POLL_FREQUENCY_SECONDS} s at most)`,
    );
    const handledAt = await this.waitHandled(
      baseUrl,
      settled.handled + messages,
      messages,
    );
    // The DeleteMessageBatch of the last batch follows its handling at once.
    await sleep(500);
    const after = this.emulator.stats();
    const end = Date.now();
    const windowMs = end - enqueueStarted;
    const sentInBurst = this.sent.slice(sentBefore);

    const counts = callsBetween(before, after);
    const consumerCalls = Object.fromEntries(
      Object.entries(counts.attempts).filter(
        ([op]) => !BENCH_OPERATIONS.includes(op),
      ),
    );
    const receives = consumerCalls.ReceiveMessage ?? 0;
    const deleteBatches = consumerCalls.DeleteMessageBatch ?? 0;
    const total = sum(consumerCalls);
    const floor = burstFloor({
      messages,
      receives,
      deleteBatches,
      total,
      emptyQueueMs: end - handledAt,
      waitTimeSeconds: WAIT_TIME_SECONDS,
      maxMessages: MAX_MESSAGES,
    });
    log(
      `  burst handled in ${(windowMs / 1000).toFixed(
        0,
      )} s: ${receives} ReceiveMessage, ${deleteBatches} DeleteMessageBatch, ${total} calls vs floor ${
        floor.total
      } (${floor.ratio.toFixed(3)}); ${sentInBurst.length} of ${
        owed.length
      } notifications`,
    );

    const idle = await this.idle();
    const sentAfterIdle = this.sent.length - sentBefore;
    const { latency, drainMs, mismatchedAlarms } = this.match(
      steps,
      owed,
      enqueuedAt,
      this.sent.slice(sentBefore),
    );
    return {
      models,
      alarms: alarms.length,
      transitions: steps.length,
      messages,
      eventsBeforeBurst: settled.events,
      byState,
      waitTimeSeconds: WAIT_TIME_SECONDS,
      pollFrequencySeconds: POLL_FREQUENCY_SECONDS,
      maxMessages: MAX_MESSAGES,
      database: settings.databaseDescription,
      catalogMs,
      roundMs,
      enqueueMs,
      burst: {
        counts,
        consumerCalls,
        receives,
        deleteBatches,
        total,
        windowMs,
        emptyQueueMs: end - handledAt,
        floor,
      },
      notifications: {
        owed: owed.length,
        owedByState,
        sent: sentInBurst.length,
        sentAfterIdle,
        bySweep: this.sent.slice(sentBefore).filter(r => r.bySweep).length,
        mismatchedAlarms,
      },
      ...(latency ? { latency } : {}),
      ...(drainMs !== undefined ? { drainMs } : {}),
      idle,
      wallMs: performance.now() - started,
    };
  }

  /** Every alarm of the fleet and its state, as the emulator holds them, in model order. */
  private async alarms(): Promise<BurstAlarm[]> {
    const client = this.cloudwatch();
    const out: BurstAlarm[] = [];
    for await (const page of paginateDescribeAlarms(
      { client },
      { MaxRecords: 100 },
    )) {
      for (const a of page.MetricAlarms ?? [])
        out.push({
          arn: a.AlarmArn!,
          name: a.AlarmName!,
          state: a.StateValue as AlarmStateValue,
        });
    }
    client.destroy();
    const claimed = new Set(
      Array.from({ length: this.settings.models }, (_, i) => modelName(i + 1)),
    );
    const fleet = out.filter(a =>
      claimed.has(a.name.replace(/-(drift|quality)$/, '')),
    );
    return fleet.sort((a, b) => a.name.localeCompare(b.name));
  }

  private cloudwatch(): CloudWatchClient {
    return new CloudWatchClient(
      emulatorClientConfig({
        url: this.emulator.url,
        accountId: ACCOUNT,
        region: REGION,
      }),
    );
  }

  /** The alert history of every model before the burst, through the plugin's own route. */
  private async priorHistory(
    baseUrl: string,
    models: number,
  ): Promise<PriorHistory> {
    const prior = new Map<string, AlarmStateValue[]>();
    for (let i = 1; i <= models; i++) {
      const response = await fetch(
        `${baseUrl}/api/ml-observability/v1/models/default/component/${modelName(
          i,
        )}/alerts`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      if (!response.ok)
        throw new Error(
          `the alert history of ${modelName(i)} answered HTTP ${
            response.status
          }`,
        );
      const body = (await response.json()) as {
        transitions: Array<{ alarmArn: string; state: AlarmStateValue }>;
      };
      // Newest first in the answer; oldest first here.
      for (const t of [...body.transitions].reverse())
        prior.set(t.alarmArn, [...(prior.get(t.alarmArn) ?? []), t.state]);
    }
    return prior;
  }

  /** Stats from just before the consumer's next ReceiveMessage: the burst goes into that poll. */
  private async nextPollStart(): Promise<EmulatorStats> {
    const deadline = Date.now() + (WAIT_TIME_SECONDS + 60) * 1000;
    let previous = this.emulator.stats();
    for (;;) {
      await sleep(5);
      const now = this.emulator.stats();
      if (receivesOf(now) > receivesOf(previous)) return previous;
      previous = now;
      if (Date.now() > deadline)
        throw new Error(
          'the queue consumer made no ReceiveMessage call; is it scheduled?',
        );
    }
  }

  private async eventsDelivered(): Promise<number> {
    const response = await fetch(`${this.emulator.url}/__emulator/health`);
    const body = (await response.json()) as {
      alarmEvents?: { events: number; pending: number };
    };
    if (!body.alarmEvents)
      throw new Error('the emulator sends no alarm events');
    if (body.alarmEvents.pending > 0) {
      await sleep(10);
      return this.eventsDelivered();
    }
    return body.alarmEvents.events;
  }

  /** The burst, one SetAlarmState after another, each at its own instant; when each was answered. */
  private async enqueue(steps: BurstStep[]): Promise<number[]> {
    const client = this.cloudwatch();
    const at: number[] = [];
    try {
      for (const step of steps) {
        this.simNow += 1;
        await client.send(
          new SetAlarmStateCommand({
            AlarmName: step.name,
            StateValue: step.state,
            StateReason: `bench burst: ${step.previous} to ${step.state}`,
          }),
        );
        at.push(Date.now());
      }
    } finally {
      client.destroy();
    }
    return at;
  }

  /** Until the consumer reports `messages` handled (its /v1/status); when it did. */
  /** Messages the consumer has handled so far (its /v1/status). */
  private async handled(baseUrl: string): Promise<number> {
    const response = await fetch(`${baseUrl}/api/ml-observability/v1/status`, {
      headers: { authorization: mockCredentials.user.header() },
    });
    const body = (await response.json()) as {
      alertQueues?: Array<{ handled: number }>;
    };
    return body.alertQueues?.[0]?.handled ?? 0;
  }

  /**
   * Until the consumer has handled every event the emulator delivered so far
   * (its own evaluations may have changed alarms before the burst), so the
   * history read before the burst is the one the burst meets.
   */
  private async settle(baseUrl: string): Promise<{
    events: number;
    handled: number;
  }> {
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      const events = await this.eventsDelivered();
      const handled = await this.handled(baseUrl);
      if (handled >= events) return { events, handled };
      if (Date.now() > deadline)
        throw new Error(
          `the consumer handled ${handled} of the ${events} events delivered before the burst`,
        );
      await sleep(200);
    }
  }

  /** Until the consumer has handled `target` messages in all; when it had. */
  private async waitHandled(baseUrl: string, target: number, messages: number) {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    const first = target - messages;
    let lastLogged = Date.now();
    for (;;) {
      const n = await this.handled(baseUrl);
      if (n >= target) return Date.now();
      if (Date.now() - lastLogged > 60_000) {
        this.log(`    ${n - first} of ${messages} handled`);
        lastLogged = Date.now();
      }
      if (Date.now() > deadline)
        throw new Error(
          `the consumer handled ${n - first} of ${messages} messages in ${
            DRAIN_TIMEOUT_MS / 60_000
          } minutes`,
        );
      await sleep(100);
    }
  }

  /** The consumer on the empty queue: when each ReceiveMessage started, and what else it called. */
  private async idle(): Promise<AlertsResult['idle']> {
    const windowMs = this.settings.idleSeconds * 1000;
    const start = this.emulator.stats();
    const began = Date.now();
    const starts: number[] = [];
    let previous = start;
    while (Date.now() - began < windowMs) {
      await sleep(20);
      const now = this.emulator.stats();
      const d = receivesOf(now) - receivesOf(previous);
      for (let k = 0; k < d; k++) starts.push(Date.now());
      previous = now;
    }
    const calls = callsBetween(start, previous).attempts;
    this.log(
      `  idle ${this.settings.idleSeconds} s: ${
        starts.length
      } ReceiveMessage (${JSON.stringify(calls)})`,
    );
    return {
      ...idleRate(starts, Date.now() - began, WAIT_TIME_SECONDS),
      calls,
    };
  }

  /**
   * Pairs each owed notification with the one sent for its alarm, in order,
   * and describes every alarm whose notifications differ from those owed.
   */
  private match(
    steps: BurstStep[],
    owed: ReturnType<typeof owedNotifications>,
    enqueuedAt: number[],
    sent: Recorded[],
  ) {
    const byScope = new Map<string, Recorded[]>();
    for (const s of sent) {
      const list = byScope.get(s.scope ?? '') ?? [];
      list.push(s);
      byScope.set(s.scope ?? '', list);
    }
    const owedByArn = new Map<string, typeof owed>();
    for (const o of owed)
      owedByArn.set(o.arn, [...(owedByArn.get(o.arn) ?? []), o]);
    const changesOf = new Map<string, BurstStep[]>();
    for (const step of steps)
      changesOf.set(step.arn, [...(changesOf.get(step.arn) ?? []), step]);
    const kind = (r: Recorded) =>
      `${r.title.includes('is in ALARM') ? 'ALARM' : 'end'}${
        r.bySweep ? ' (sweep)' : ''
      }`;
    const mismatched: string[] = [];
    const latencies: number[] = [];
    let last: number | undefined;
    for (const arn of new Set([...changesOf.keys(), ...byScope.keys()])) {
      const list = owedByArn.get(arn) ?? [];
      const got = byScope.get(arn) ?? [];
      let differs = got.length !== list.length;
      for (const [k, o] of list.entries()) {
        const n = got[k];
        if (!n) continue;
        if (n.title.includes('is in ALARM') !== (o.state === 'ALARM'))
          differs = true;
        latencies.push(n.at - enqueuedAt[o.step]);
        last = Math.max(last ?? 0, n.at);
      }
      if (!differs) continue;
      const changes = changesOf.get(arn) ?? [];
      mismatched.push(
        `${changes[0]?.name ?? (arn || '(no scope)')}: changes ${
          changes.map(c => `${c.previous}>${c.state}`).join(', ') || 'none'
        }; owed ${list.map(o => o.state).join(', ') || 'none'}; sent ${
          got.map(kind).join(', ') || 'none'
        }`,
      );
    }
    return {
      latency: latencies.length ? summarize(latencies) : undefined,
      drainMs: last !== undefined ? last - enqueuedAt[0] : undefined,
      mismatchedAlarms: mismatched.sort(),
    };
  }
}
