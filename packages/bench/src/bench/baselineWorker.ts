/**
 * The per-entity baseline in its own process with its own emulator (same
 * seed, same fleet, its own rate-limit buckets), so that a baseline waiting
 * on the rate limits for minutes can run beside the other measurements.
 */
import { startEmulator } from '@mlobs/aws-ml-emulator';
import { callsBetween, CallCounts } from '../lib/emulatorStats';
import {
  ACCOUNT,
  customSource,
  endpointOf,
  modelName,
  REGION,
} from '../lib/scaleFleet';
import { serveCommands } from '../lib/worker';
import { BaselineModel, PerEntityBaseline } from './baseline';
import { Conditions, faultsFor } from './emulatorFaults';
import { EmulatorInventory, MetricRef } from './inventory';

export interface BaselineRun {
  models: number;
  conditions: Conditions;
  wallMs: number;
  cpuMs: number;
  failedModels: number;
  firstFailure?: string;
  counts: CallCounts;
  metricsPerModel: number;
}

async function models(
  inventory: EmulatorInventory,
  count: number,
): Promise<BaselineModel[]> {
  const [{ schedules }, monitor] = await Promise.all([
    inventory.read(),
    inventory.monitorMetrics(),
  ]);
  const byEndpoint = new Map<string, MetricRef[]>();
  for (const [name, schedule] of schedules) {
    const refs = byEndpoint.get(schedule.endpoint) ?? [];
    refs.push(...(monitor.get(name) ?? []));
    byEndpoint.set(schedule.endpoint, refs);
  }
  return Array.from({ length: count }, (_, i) => {
    const name = modelName(i + 1);
    const custom = customSource(name);
    return {
      name,
      endpointName: endpointOf(name),
      metrics: [
        ...(byEndpoint.get(endpointOf(name)) ?? []),
        ...custom.metricNames!.map(metric => ({
          namespace: custom.namespace,
          name: metric,
          dimensions: custom.dimensions.map(d => ({
            Name: d.name,
            Value: d.value,
          })),
        })),
      ],
    };
  });
}

const handlers = {
  async run(arg: {
    models: number;
    seed: string;
    conditions: Conditions;
    concurrency: number;
    maxAttempts: number;
  }): Promise<BaselineRun> {
    const emulator = await startEmulator({
      scenario: 'scale',
      models: arg.models,
      seed: arg.seed,
    });
    const target = { url: emulator.url, accountId: ACCOUNT, region: REGION };
    const inventory = new EmulatorInventory(target);
    const baseline = new PerEntityBaseline({
      ...target,
      concurrency: arg.concurrency,
      maxAttempts: arg.maxAttempts,
      rangeSeconds: 24 * 3600,
    });
    try {
      const fleet = await models(inventory, arg.models);
      emulator.setFaults(faultsFor(arg.conditions));
      const before = emulator.stats();
      const cpu = process.cpuUsage();
      const result = await baseline.refresh(fleet, emulator.now());
      const used = process.cpuUsage(cpu);
      return {
        models: arg.models,
        conditions: arg.conditions,
        wallMs: result.wallMs,
        cpuMs: (used.user + used.system) / 1000,
        failedModels: result.failedModels,
        ...(result.firstFailure ? { firstFailure: result.firstFailure } : {}),
        counts: callsBetween(before, emulator.stats()),
        metricsPerModel:
          fleet.reduce((n, m) => n + m.metrics.length, 0) / fleet.length,
      };
    } finally {
      baseline.close();
      inventory.close();
      await emulator.stop();
    }
  },
};

export type BaselineWorkerHandlers = typeof handlers;

serveCommands(handlers);
