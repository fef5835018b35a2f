import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AlarmEventBus,
  DEFAULT_ALARM_EVENTS_QUEUE,
} from './cloudwatch/alarmEvents';
import { TopicStore } from './sns/topics';
import { QueueStore } from './sqs/queues';
import { queueUrlOf } from './sqs/handlers';
import { StsSessions } from './sts/handlers';
import { createControlHandler } from './server/control';
import { FaultConfig, FaultInjector } from './server/faults';
import { createRequestListener } from './server/http';
import { EmulatorStats, StatsCollector } from './server/stats';
import { ScenarioName, buildScenario } from './scenarios';
import { ModelSim } from './sim/modelSim';
import { Clock } from './util/clock';
import { RegionState, World } from './world';

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  scenario?: ScenarioName;
  /** Seed of all simulated values; the same seed gives the same fleet and data. */
  seed?: string | number;
  /** Base clock (defaults to the system clock); the control API can move it forward. */
  now?: () => Date;
  /** Scale scenario: number of models, features per model, monitoring schedules per model (1-4). */
  models?: number;
  features?: number;
  schedules?: number;
  faults?: FaultConfig;
  /** Enforce AWS-like per-operation call rates (throttling beyond them). */
  awsLimits?: boolean;
  /** How long UpdateEndpoint / CreateEndpoint take, in seconds of simulated time (default 30). */
  endpointTransitionSeconds?: number;
  /**
   * Alarm state changes delivered as EventBridge "CloudWatch Alarm State Change" events to a
   * queue of each account and region (as an adopter's EventBridge rule does), and alarms
   * evaluated on a timer so changes happen without anyone asking. Default: on for the demo
   * scenario, off for the others. SNS alarm actions are delivered either way.
   */
  alarmEvents?:
    | false
    | {
        /** The rule's target queue, created in every account/region of the fleet. Default: mlobs-alarm-events. */
        queueName?: string;
        /** Real seconds between evaluations of every alarm. Default: 10. */
        evaluateEverySeconds?: number;
      };
  log?: (message: string) => void;
}

export interface Emulator {
  url: string;
  port: number;
  host: string;
  scenario: ScenarioName;
  seed: string;
  /** The instant the scenario's relative events are measured from. */
  anchor: Date;
  now(): Date;
  advanceClock(seconds: number): void;
  stats(): EmulatorStats;
  resetStats(): void;
  faults(): FaultConfig;
  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  /** The queue alarm state change events go to in one account/region; undefined when off. */
  alarmEventsQueueUrl(account: string, region: string): string | undefined;
  /** Evaluates every alarm now and delivers the events and notifications of what changed. */
  evaluateAlarms(): void;
  /** Puts a message of one's own on a queue (as another sender would); answers its MessageId. */
  injectMessage(
    account: string,
    region: string,
    queueName: string,
    body: string,
  ): string;
  stop(): Promise<void>;
}

export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  const scenarioName = options.scenario ?? 'demo';
  const seed = String(options.seed ?? 'mlobs');
  const base = options.now;
  const clock = new Clock(base ? () => base().getTime() : Date.now);
  const log = options.log ?? (() => {});
  const events = resolveAlarmEvents(options, scenarioName);
  const queues = new QueueStore();
  const topics = new TopicStore(queues);
  let url = '';
  const faults = new FaultInjector(seed, {
    ...options.faults,
    ...(options.awsLimits ? { awsLimits: true } : {}),
  });
  // The bus asks the world about mute rules and alarms; the world is built after it.
  const regions: { of?: (account: string, region: string) => RegionState } = {};
  const bus = new AlarmEventBus({
    queues,
    topics,
    queueName: events?.queueName,
    liveSince: clock.now(),
    now: () => clock.now(),
    baseUrl: () => url,
    faults: () => faults.alarmEventFaults(),
    muted: (account, region, name, at) =>
      regions.of!(account, region).muteRules.mutes(name, at),
    alarm: (account, region, name) =>
      regions.of!(account, region).alarms.alarms.get(name),
  });
  const world = new World(
    () => clock.now(),
    bus.listener,
    (account, region, names, at) => bus.unmuted(account, region, names, at),
  );
  regions.of = (account, region) => world.get(account, region);
  const scenario = buildScenario(scenarioName, {
    seed,
    anchor: clock.now(),
    models: options.models,
    features: options.features,
    schedules: options.schedules,
  });
  for (const spec of scenario.models) {
    world.get(spec.account, spec.region).addModel(new ModelSim(spec, seed));
  }
  for (const alarm of scenario.alarms) {
    const store = world.get(alarm.account, alarm.region).alarms;
    if (alarm.composite) store.putCompositeAlarm(alarm.input, alarm.createdAt);
    else store.putMetricAlarm(alarm.input, alarm.createdAt);
  }
  for (const pipeline of scenario.pipelines ?? []) {
    world
      .get(pipeline.account, pipeline.region)
      .sagemaker.pipelines.add(pipeline, seed);
  }

  if (events) {
    for (const state of world.all())
      queues.create(
        state.account,
        state.region,
        events.queueName,
        clock.now(),
        { receiveWaitSeconds: 20 },
      );
  }
  const stats = new StatsCollector(() => clock.now());
  const host = options.host ?? '127.0.0.1';
  let warmUp = { done: () => false, cancel: () => {} };
  const startedAt = Date.now();
  const closing = new AbortController();
  const evaluateAlarms = () => {
    const now = clock.now();
    for (const state of world.all())
      for (const alarm of state.alarms.alarms.values())
        state.alarms.refresh(alarm, now);
    bus.flush();
  };
  const injectMessage = (
    account: string,
    region: string,
    queueName: string,
    body: string,
  ) => {
    const queue = queues.get(account, region, queueName);
    if (!queue)
      throw new Error(
        `No queue ${queueName} in account ${account}, region ${region}.`,
      );
    return queue.send(body, clock.now()).id;
  };
  const server = createServer(
    createRequestListener({
      world,
      clock,
      faults,
      stats,
      settings: {
        endpointTransitionMs: (options.endpointTransitionSeconds ?? 30) * 1000,
      },
      sts: new StsSessions(),
      sqs: {
        queues,
        baseUrl: () => url,
        now: () => clock.now(),
        closing: closing.signal,
      },
      topics,
      log,
      control: createControlHandler({
        clock,
        faults,
        stats,
        alarmEvents: {
          evaluate: evaluateAlarms,
          inject: injectMessage,
          stats: () => bus.stats(),
        },
        health: () => ({
          status: 'ok',
          url,
          scenario: scenarioName,
          seed,
          anchor: new Date(scenario.anchor).toISOString(),
          now: new Date(clock.now()).toISOString(),
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          models: scenario.models.length,
          alarmsWarmedUp: warmUp.done(),
          alarmEvents: events
            ? { queueName: events.queueName, ...bus.stats() }
            : false,
        }),
      }),
    }),
  );
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  warmUp = warmUpAlarms(world, clock);
  const evaluator = events
    ? setInterval(() => {
        if (warmUp.done()) evaluateAlarms();
      }, events.evaluateEverySeconds * 1000)
    : undefined;
  evaluator?.unref();
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopped: Promise<void> | undefined;

  return {
    url,
    port,
    host,
    scenario: scenarioName,
    seed,
    anchor: new Date(scenario.anchor),
    now: () => new Date(clock.now()),
    advanceClock: seconds => clock.advance(seconds * 1000),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    faults: () => faults.get(),
    setFaults: config => faults.set(config),
    clearFaults: () => faults.set({}),
    alarmEventsQueueUrl: (account, region) =>
      events && queues.get(account, region, events.queueName)
        ? queueUrlOf(url, account, events.queueName)
        : undefined,
    evaluateAlarms,
    injectMessage,
    stop: () => {
      warmUp.cancel();
      if (evaluator) clearInterval(evaluator);
      bus.cancel();
      closing.abort();
      stopped ??= new Promise<void>(resolve => {
        server.close(() => resolve());
        // Hanging responses and idle keep-alive sockets would otherwise keep the server open.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

function resolveAlarmEvents(
  options: EmulatorOptions,
  scenario: ScenarioName,
): { queueName: string; evaluateEverySeconds: number } | undefined {
  const given = options.alarmEvents;
  if (given === false || (given === undefined && scenario !== 'demo'))
    return undefined;
  const queueName = given?.queueName ?? DEFAULT_ALARM_EVENTS_QUEUE;
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(queueName))
    throw new Error(
      `alarmEvents.queueName "${queueName}" is not a queue name (1-80 letters, digits, - and _)`,
    );
  const evaluateEverySeconds = given?.evaluateEverySeconds ?? 10;
  if (!(evaluateEverySeconds > 0))
    throw new Error('alarmEvents.evaluateEverySeconds must be positive');
  return { queueName, evaluateEverySeconds };
}

/**
 * Replays alarm history in small chunks between requests, so the first DescribeAlarms of a
 * large fleet does not pay for evaluating thousands of alarms at once.
 */
function warmUpAlarms(world: World, clock: Clock) {
  const queue = world
    .all()
    .flatMap(state =>
      [...state.alarms.alarms.values()].map(alarm => ({ state, alarm })),
    );
  let index = 0;
  let timer: NodeJS.Immediate | undefined;
  const step = () => {
    const end = Math.min(queue.length, index + 10);
    for (; index < end; index++)
      queue[index].state.alarms.refresh(queue[index].alarm, clock.now());
    timer = index < queue.length ? setImmediate(step) : undefined;
  };
  timer = setImmediate(step);
  return {
    done: () => index >= queue.length,
    cancel: () => {
      if (timer) clearImmediate(timer);
      index = queue.length;
    },
  };
}
