/**
 * Everything measured at one fleet size, in one run: our collector's rounds
 * through the real plugin (cold, then steady under the rate limits) with the
 * floor of each moment, page latency against the catalog, memory, and the
 * simulated five-minute schedule the bill is computed from.
 */
import { Emulator, startEmulator } from '@mlobs/aws-ml-emulator';
import { join } from 'node:path';
import { dropDatabases, DatabaseChoice } from '../lib/database';
import { callsBetween, sum } from '../lib/emulatorStats';
import {
  ACCOUNT,
  CUSTOM_PERIOD_SECONDS,
  customSource,
  endpointOf,
  modelName,
  REGION,
} from '../lib/scaleFleet';
import {
  pluginDatabase,
  StatementCounter,
  StatementCounts,
  statementsBetween,
} from '../lib/statements';
import { Worker } from '../lib/worker';
import { AwsReplay, COLLECTOR_AWS } from './awsReplay';
import type { BackendWorkerHandlers } from './backendWorker';
import { Conditions, faultsFor } from './emulatorFaults';
import { CustomSeries, FLOOR_OPERATIONS, FloorTracker } from './floor';
import { EmulatorInventory } from './inventory';
import { measureRefresh } from './refresh';
import { measureScheduleFailure } from './scheduleFailure';
import { measureServing } from './serving';
import type {
  BenchSettings,
  MeasuredRound,
  SizeResult,
  TaskTimeout,
} from './types';

const DISCOVERY_EVERY_SECONDS = 3600;
/** The collector alone, for counts only: latency would not change them. */
const COUNTS_ONLY: Conditions = { latencyMs: 0, jitterMs: 0, limits: false };
const PLUGIN_ID = 'ml-observability';
/** The documented default of `mlObservability.schedule.timeout`, when the scheduled task cannot be read. */
const DOCUMENTED_TIMEOUT_MS = 4 * 60_000;

interface Step {
  source: MeasuredRound['source'];
  kind: MeasuredRound['kind'];
  conditions: Conditions;
  discovery: boolean;
  /** Replay the round's AWS calls alone right after it. */
  replayAws?: boolean;
  run: () => Promise<{ wallMs: number; degradedSources: number }>;
}

/** What the floor needs of the fleet, read once from the emulator. */
interface Fleet {
  claimed: Set<string>;
  monitor: Map<string, number>;
  custom: CustomSeries[];
  /** Metrics in each Model Monitor namespace. */
  namespaceSizes: number[];
}

/** Statement counting for the plugin rounds: a counter on the benchmark's own cluster, or why not. */
export type StatementCounting =
  | { counter: StatementCounter }
  | { notCounted: string };

export class SizeRun {
  private emulator!: Emulator;
  private simNow = Date.now();
  private inventory!: EmulatorInventory;
  private worker!: Worker<BackendWorkerHandlers>;
  private floor!: FloorTracker;
  private previousAt = 0;
  private lastInventory?: {
    endpoints: string[];
    schedules: string[];
    /** Schedules by endpoint. */
    monitoring: Map<string, number>;
  };
  readonly rounds: MeasuredRound[] = [];

  constructor(
    private readonly models: number,
    private readonly settings: BenchSettings,
    private readonly database: DatabaseChoice,
    private readonly logDir: string,
    private readonly log: (line: string) => void,
    private readonly statements: StatementCounting = {
      notCounted: 'not asked for',
    },
  ) {}

  async run(): Promise<Omit<SizeResult, 'baseline'>> {
    const { settings, models } = this;
    this.emulator = await startEmulator({
      scenario: 'scale',
      models,
      seed: settings.seed,
      features: settings.features,
      schedules: settings.schedules,
      // The clock stands still during a round and its inventory, so the floor sees what the round saw.
      now: () => new Date(this.simNow),
    });
    this.inventory = new EmulatorInventory({
      url: this.emulator.url,
      accountId: ACCOUNT,
      region: REGION,
    });
    this.worker = Worker.start<BackendWorkerHandlers>(
      // Run from source with tsx (never built), so the worker is the .ts file next to this one.
      // eslint-disable-next-line no-restricted-syntax
      join(__dirname, 'backendWorker.ts'),
      join(this.logDir, `backend-${models}.log`),
    );
    try {
      return await this.measure();
    } finally {
      await this.worker.stop();
      this.inventory.close();
      await this.emulator.stop();
      await dropDatabases(this.database);
    }
  }

  private async measure(): Promise<Omit<SizeResult, 'baseline'>> {
    const started = performance.now();
    const { settings, models } = this;
    const { port, ingestMs, fleet } = await this.startBackend();
    const baseUrl = `http://127.0.0.1:${port}`;
    const serving = await this.pluginRounds(baseUrl, fleet);
    const refresh = await this.refreshes(baseUrl);
    const memory = await this.worker.call('memory', { reset: false });
    const taskTimeout = await this.taskTimeout();
    const simulation =
      settings.billModels === models
        ? await this.simulateSchedule(fleet)
        : undefined;
    const scheduleFailure = await this.scheduleFailure(fleet);
    return {
      models,
      catalogIngestMs: ingestMs,
      rounds: this.rounds,
      serving,
      memory,
      refresh,
      taskTimeout,
      ...('notCounted' in this.statements
        ? { statementsNotCounted: this.statements.notCounted }
        : {}),
      ...(simulation ? { simulation } : {}),
      scheduleFailure,
      wallMs: performance.now() - started,
    };
  }

  /** Starts the backend, waits for the catalog and reads what the floor needs of the fleet. */
  private async startBackend() {
    const { settings, models } = this;
    const { port } = await this.worker.call('start', {
      models,
      emulatorUrl: this.emulator.url,
      database: this.database,
      lookbackDays: settings.lookbackDays,
    });
    const ingest = await this.worker.call('waitForCatalog', {
      timeoutMs: 60_000 + models * 100,
    });
    this.log(
      `  catalog serves ${models} models after ${(ingest.ms / 1000).toFixed(
        1,
      )} s`,
    );
    const claimed = new Set(
      Array.from({ length: models }, (_, i) => endpointOf(modelName(i + 1))),
    );
    const monitor = new Map(
      [...(await this.inventory.monitorMetrics())].map(([k, v]) => [
        k,
        v.length,
      ]),
    );
    const custom: CustomSeries[] = Array.from({ length: models }, (_, i) => ({
      key: modelName(i + 1),
      periodMs: CUSTOM_PERIOD_SECONDS * 1000,
    }));
    const namespaceSizes = await this.inventory.monitorNamespaceSizes();
    return {
      port,
      ingestMs: ingest.ms,
      fleet: { claimed, monitor, custom, namespaceSizes },
    };
  }

  /** Floor of the fleet's rounds, from what the emulator holds. */
  private floorOf(fleet: Fleet): FloorTracker {
    return new FloorTracker(
      fleet.monitor,
      fleet.custom,
      fleet.claimed,
      fleet.namespaceSizes,
    );
  }

  /** An hour of steady rounds with the schedule operations healthy, then one with them failing. */
  private async scheduleFailure(fleet: Fleet) {
    this.simNow = Math.max(this.simNow, Date.now());
    const measured = await measureScheduleFailure({
      emulator: this.emulator,
      inventory: this.inventory,
      floor: this.floorOf(fleet),
      clock: {
        now: () => this.simNow,
        advance: ms => {
          this.simNow += ms;
        },
      },
      lookbackDays: this.settings.lookbackDays,
      intervalSeconds: this.settings.intervalSeconds,
      collect: async round => {
        await this.worker.call('collectDirect', {
          now: round.now.toISOString(),
          discoverMetrics: round.discoverMetrics,
          cold: round.cold,
        });
      },
    });
    const total = (list: 'healthy' | 'failing') =>
      measured.rounds
        .filter(r => r.scheduleList === list)
        .reduce((n, r) => n + sum(r.counts.attempts), 0);
    this.log(
      `  an hour of steady rounds: ${total(
        'healthy',
      )} AWS calls with the schedule list, ${total(
        'failing',
      )} with the schedule operations failing`,
    );
    return measured;
  }

  /** Through the plugin: a cold round, page latency, then steady rounds under the limits. */
  private async pluginRounds(baseUrl: string, fleet: Fleet) {
    const { settings, models } = this;
    await this.worker.call('memory', { reset: true });
    this.floor = this.floorOf(fleet);
    const pluginRound = async () => {
      const r = await this.worker.call('collectFleet', {});
      if (r.outcome !== 'ok')
        throw new Error(`the plugin's collection round failed`);
      return { wallMs: r.wallMs, degradedSources: r.stats?.failedSources ?? 0 };
    };
    this.simNow = Math.max(this.simNow, Date.now());
    await this.round({
      source: 'plugin',
      kind: 'cold',
      conditions: settings.cold,
      discovery: true,
      run: pluginRound,
    });
    const serving = await measureServing({
      baseUrl,
      models,
      samples: settings.samples,
      fleetEvery: models >= 1000 ? 10 : 4,
      budgetMs: settings.quick ? 20_000 : 45_000,
      warmup: 10,
    });
    this.log(
      `  p95: report ${serving.report.p95.toFixed(
        1,
      )} ms, fleet ${serving.fleet.p95.toFixed(
        1,
      )} ms, catalog lookup ${serving.catalog.p95.toFixed(
        1,
      )} ms, catalog page ${serving.catalogPage?.p95.toFixed(1)} ms`,
    );
    for (let i = 0; i < settings.steadyRounds; i++) {
      this.simNow = Math.max(this.simNow, Date.now());
      await this.round({
        source: 'plugin',
        kind: 'steady',
        conditions: settings.steady,
        discovery: false,
        replayAws: true,
        run: pluginRound,
      });
    }
    return serving;
  }

  /** A user's refresh of single models, after the steady rounds, under the steady conditions. */
  private async refreshes(baseUrl: string) {
    const refresh = await measureRefresh({
      baseUrl,
      emulator: this.emulator,
      models: this.models,
      conditions: this.settings.steady,
      schedulesOf: model =>
        this.lastInventory?.monitoring.get(endpointOf(model)) ?? 0,
    });
    this.log(
      `  refresh of one model: ${refresh.samples
        .map(
          r =>
            `${r.status === 200 ? r.calls : `HTTP ${r.status}`} calls in ${(
              r.wallMs / 1000
            ).toFixed(2)} s`,
        )
        .join(', ')}`,
    );
    return refresh;
  }

  /** The timeout the plugin gave its collection task, read from the scheduler it was given. */
  private async taskTimeout(): Promise<TaskTimeout> {
    const tasks = (await this.worker.call('scheduledTasks', {})).filter(
      t => t.pluginId === PLUGIN_ID,
    );
    const task = tasks.find(t => t.timeoutMs !== undefined);
    if (task) {
      return {
        ms: task.timeoutMs,
        source: `the schedule of task \`${task.id}\` (${task.timeout})`,
      };
    }
    return {
      ms: DOCUMENTED_TIMEOUT_MS,
      source: `the documented default (4 minutes); the plugin scheduled ${
        tasks.length
          ? tasks.map(t => `${t.id} ${t.timeout}`).join(', ')
          : 'no task'
      }`,
    };
  }

  /**
   * The collector alone at simulated five-minute intervals, with its own
   * state, discovery once an hour as the plugin does.
   */
  private async simulateSchedule(
    fleet: Fleet,
  ): Promise<NonNullable<SizeResult['simulation']>> {
    const { settings } = this;
    this.floor = this.floorOf(fleet);
    this.simNow = Math.max(this.simNow, Date.now());
    const direct = (cold: boolean, discoverMetrics: boolean) => async () => {
      const r = await this.worker.call('collectDirect', {
        now: new Date(this.simNow).toISOString(),
        discoverMetrics,
        cold,
      });
      return { wallMs: r.wallMs, degradedSources: r.stats.failedSources };
    };
    await this.round({
      source: 'simulated',
      kind: 'cold',
      conditions: COUNTS_ONLY,
      discovery: true,
      run: direct(true, true),
    });
    const rounds = Math.round(
      (settings.billHours * 3600) / settings.intervalSeconds,
    );
    const perDiscovery = Math.round(
      DISCOVERY_EVERY_SECONDS / settings.intervalSeconds,
    );
    for (let r = 1; r <= rounds; r++) {
      this.simNow += settings.intervalSeconds * 1000;
      const discovery = r % perDiscovery === 0;
      await this.round(
        {
          source: 'simulated',
          kind: 'steady',
          conditions: COUNTS_ONLY,
          discovery,
          run: direct(false, discovery),
        },
        r % 12 !== 0,
      );
    }
    this.log(
      `  simulated ${rounds} rounds ${settings.intervalSeconds} s apart`,
    );
    return {
      intervalSeconds: settings.intervalSeconds,
      windowSeconds: rounds * settings.intervalSeconds,
    };
  }

  /** The floor of the moment, from the emulator's resources with its faults off. */
  private async priceMoment(step: Step) {
    const at = this.simNow;
    this.emulator.clearFaults();
    const inventory = await this.inventory.read();
    const since =
      step.kind === 'cold'
        ? at - this.settings.lookbackDays * 86_400_000
        : this.previousAt;
    const executions = await this.inventory.executionsModifiedAfter(
      new Date(since),
    );
    const floor =
      step.kind === 'cold'
        ? this.floor.cold(inventory, executions.length, at)
        : this.floor.steady(inventory, executions, at, step.discovery);
    const monitoring = new Map<string, number>();
    for (const { endpoint } of inventory.schedules.values())
      monitoring.set(endpoint, (monitoring.get(endpoint) ?? 0) + 1);
    this.lastInventory = {
      endpoints: [...inventory.endpoints.keys()],
      schedules: [...inventory.schedules.keys()],
      monitoring,
    };
    return { at, since, floor };
  }

  /** Runs the step under its conditions: its AWS calls by the emulator, its statements by PostgreSQL. */
  private async counted(step: Step) {
    const counter =
      step.source === 'plugin' && 'counter' in this.statements
        ? this.statements.counter
        : undefined;
    const statementsBefore = await counter?.snapshot();
    this.emulator.setFaults(faultsFor(step.conditions));
    const before = this.emulator.stats();
    let outcome: { wallMs: number; degradedSources: number };
    try {
      outcome = await step.run();
    } finally {
      this.emulator.clearFaults();
    }
    const counts = callsBetween(before, this.emulator.stats());
    let statements: StatementCounts | undefined;
    if (counter && statementsBefore && this.database.kind === 'postgres') {
      const own = pluginDatabase(this.database.prefix, PLUGIN_ID);
      statements = statementsBetween(
        statementsBefore,
        await counter.snapshot(),
        name => name === own,
      );
    }
    return { outcome, counts, statements };
  }

  /** Prices the moment, runs the round under its conditions and counts what it cost. */
  private async round(step: Step, quiet = false): Promise<void> {
    const { at, since, floor } = await this.priceMoment(step);
    const { outcome, counts, statements } = await this.counted(step);
    const awsAlone = step.replayAws
      ? await this.replay(step.conditions, counts, new Date(at), since)
      : undefined;
    this.previousAt = at;
    const measured: MeasuredRound = {
      source: step.source,
      kind: step.kind,
      at: new Date(at).toISOString(),
      conditions: step.conditions,
      wallMs: outcome.wallMs,
      counts,
      floor,
      floorOperationCalls: sum(counts.answered, FLOOR_OPERATIONS),
      discovery: step.discovery,
      degradedSources: outcome.degradedSources,
      ...(statements ? { statements } : {}),
      ...(awsAlone ? { awsAlone } : {}),
    };
    this.rounds.push(measured);
    if (!quiet) {
      this.log(
        `  ${step.source} ${step.kind}: ${measured.floorOperationCalls} calls, floor ${floor.total}, ` +
          `${counts.throttled} throttled, ${
            counts.metricsRequested
          } metrics, ${(outcome.wallMs / 1000).toFixed(1)} s${
            statements ? `, ${statements.total} statements` : ''
          }${
            awsAlone
              ? `; its AWS calls alone ${(awsAlone.wallMs / 1000).toFixed(1)} s`
              : ''
          }`,
      );
    }
  }

  /** The round's answered calls again, alone, under the round's conditions (fresh rate-limit buckets, as the round had). */
  private async replay(
    conditions: Conditions,
    counts: ReturnType<typeof callsBetween>,
    at: Date,
    since: number,
  ) {
    const replay = new AwsReplay({
      target: { url: this.emulator.url, accountId: ACCOUNT, region: REGION },
      ...COLLECTOR_AWS,
    });
    this.emulator.setFaults(faultsFor(conditions));
    try {
      return await replay.replay(counts.answered, counts.metricsRequested, {
        endpoints: this.lastInventory?.endpoints ?? [],
        schedules: this.lastInventory?.schedules ?? [],
        metrics: Array.from({ length: this.models }, (_, i) => {
          const source = customSource(modelName(i + 1));
          return {
            namespace: source.namespace,
            name: source.metricNames?.[0] ?? 'Accuracy',
            dimensions: source.dimensions.map(d => ({
              Name: d.name,
              Value: d.value,
            })),
          };
        }),
        at,
        since: new Date(since),
      });
    } finally {
      this.emulator.clearFaults();
      replay.close();
    }
  }
}
