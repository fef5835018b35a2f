/**
 * The backend under measurement, in its own process: the real catalog with
 * the scale fleet and the real ML observability plugin against the
 * emulator. The orchestrator drives collection rounds over IPC and measures
 * HTTP latency from outside; memory is sampled here.
 */
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import type {
  CollectionStats,
  CollectionTarget,
  CollectorState,
} from '@mlobs/backstage-plugin-ml-observability-backend';
import { FleetProvider, RunningBackend, startBackend } from '../lib/backend';
import { recordingScheduler, ScheduledTaskRecord } from '../lib/scheduler';
import { waitForCatalog } from '../lib/catalogWait';
import type { DatabaseChoice } from '../lib/database';
import { MemorySampler } from '../lib/memory';
import {
  ACCOUNT,
  customSource,
  endpointOf,
  modelEntities,
  modelName,
  modelRef,
  orgEntities,
  REGION,
} from '../lib/scaleFleet';
import { serveCommands } from '../lib/worker';

let backend: RunningBackend | undefined;
let models = 0;
let lookbackDays = 0.25;
let directState: CollectorState = {};
const memory = new MemorySampler();
const scheduled: ScheduledTaskRecord[] = [];

function running(): RunningBackend {
  if (!backend) throw new Error('the backend has not been started');
  return backend;
}

function targets(): CollectionTarget[] {
  return Array.from({ length: models }, (_, i) => {
    const name = modelName(i + 1);
    return {
      entityRef: modelRef(name),
      accountId: ACCOUNT,
      region: REGION,
      endpointNames: [endpointOf(name)],
      metricSources: [customSource(name)],
    };
  });
}

const handlers = {
  async start(arg: {
    models: number;
    emulatorUrl: string;
    database: DatabaseChoice;
    lookbackDays: number;
  }) {
    models = arg.models;
    lookbackDays = arg.lookbackDays;
    backend = await startBackend({
      emulatorUrl: arg.emulatorUrl,
      accounts: [ACCOUNT],
      database: arg.database,
      provider: new FleetProvider([
        ...modelEntities(arg.models),
        ...orgEntities(),
      ]),
      // Refreshes of different models never wait for each other; a low cooldown keeps repeats possible.
      mlObservability: {
        lookbackDays: arg.lookbackDays,
        refreshCooldownSeconds: 1,
      },
      scheduler: recordingScheduler(scheduled),
    });
    return { port: backend.port };
  },

  /** The tasks the plugins scheduled, with the schedule they asked for (the collection task's timeout). */
  async scheduledTasks(_: {}) {
    return scheduled;
  },

  /** Waits until the catalog serves every model. */
  async waitForCatalog(arg: { timeoutMs: number }) {
    const ms = await waitForCatalog({
      baseUrl: running().url,
      filter: 'spec.type=ml-model',
      count: models,
      timeoutMs: arg.timeoutMs,
    });
    return { ms };
  },

  /** One round of the plugin's scheduled task: catalog → AWS → snapshots. */
  async collectFleet(_: {}) {
    const started = performance.now();
    const summary = await running().captured.service!.collectFleet();
    return {
      wallMs: performance.now() - started,
      outcome: summary.outcome,
      failedModels: summary.failedModels,
      stats: summary.stats,
    };
  },

  /**
   * One round of the plugin's collector alone, at a simulated instant, with
   * its own state: rounds five minutes apart without waiting five minutes.
   */
  async collectDirect(arg: {
    now: string;
    discoverMetrics: boolean;
    cold: boolean;
  }) {
    if (arg.cold) directState = {};
    const started = performance.now();
    const result = await running().captured.collector!.collect(
      targets(),
      directState,
      {
        now: new Date(arg.now),
        lookbackDays,
        discoverMetrics: arg.discoverMetrics,
      },
    );
    directState = result.state;
    const stats: CollectionStats = result.stats;
    return { wallMs: performance.now() - started, stats };
  },

  async memory(arg: { reset: boolean }) {
    const peak = memory.peak();
    if (arg.reset) memory.reset();
    return peak;
  },
};

export type BackendWorkerHandlers = typeof handlers;

serveCommands(handlers);
