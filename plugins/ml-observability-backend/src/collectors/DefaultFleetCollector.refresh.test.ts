/**
 * One model's refresh and an aborted round, through the real SDK against the
 * emulator: a refresh costs the same at every fleet size (no region walk),
 * and a round stops calling AWS once its signal fired.
 */
import { Fixture, startFixture, target } from './__testUtils__/emulatorFixture';
import type { CollectionResult, CollectionTarget } from './types';

const LOOKBACK_DAYS = 0.25;

function fleet(models: number): CollectionTarget[] {
  return Array.from({ length: models }, (_, i) => {
    const name = `scale-model-${String(i + 1).padStart(5, '0')}`;
    return target(name, [`${name}-endpoint`], {
      metricSources: [
        {
          namespace: 'ML/ModelPerformance',
          dimensions: [{ name: 'ModelName', value: name }],
          metricNames: ['Accuracy'],
          periodSeconds: 900,
        },
      ],
    });
  });
}

interface Refresh {
  calls: Record<string, number>;
  fleetRound: CollectionResult;
  refresh: CollectionResult;
}

/** A cold fleet round, then one model's refresh from the state and alarms it left. */
async function refreshAt(models: number, pick: number): Promise<Refresh> {
  const f: Fixture = await startFixture({ scenario: 'scale', models });
  try {
    const targets = fleet(models);
    const now = f.emulator.now();
    const fleetRound = await f.collector.collect(
      targets,
      {},
      { now, lookbackDays: LOOKBACK_DAYS, discoverMetrics: true },
    );
    const model = targets[pick];
    const keys = f.collector.modelStateKeys(model);
    const mine = Object.fromEntries(
      Object.entries(keys).map(([scope, list]) => [
        scope,
        Object.fromEntries(
          list.flatMap(k =>
            fleetRound.state[scope]?.[k] !== undefined
              ? [[k, fleetRound.state[scope][k]]]
              : [],
          ),
        ),
      ]),
    );
    const observed = fleetRound.observations.find(
      o => o.entityRef === model.entityRef,
    )!;
    f.emulator.advanceClock(65 * 60);
    f.emulator.resetStats();
    const refresh = await f.collector.collectModel(model, mine, {
      now: f.emulator.now(),
      lookbackDays: LOOKBACK_DAYS,
      forceEntityRefs: [model.entityRef],
      knownAlarmNames: (observed.alarms ?? []).map(a => a.name),
    });
    const stats = f.emulator.stats();
    const calls = Object.fromEntries(
      Object.entries(stats.operations)
        .filter(([, s]) => s.calls > 0)
        .map(([op, s]) => [op, s.calls]),
    );
    return { calls, fleetRound, refresh };
  } finally {
    await f.close();
  }
}

const total = (calls: Record<string, number>) =>
  Object.values(calls).reduce((a, b) => a + b, 0);

describe('DefaultFleetCollector.collectModel (emulator, real SDK)', () => {
  it('costs the same at 20 and 300 models, addresses only the model, and sees what the round saw', async () => {
    const small = await refreshAt(20, 7);
    const large = await refreshAt(300, 7);
    expect(large.calls).toEqual(small.calls);
    expect(total(large.calls)).toBeLessThanOrEqual(12);
    expect(large.calls.ListEndpoints).toBeUndefined();
    // One endpoint, two schedules: one Describe, one filtered list, one execution page each.
    expect(large.calls).toMatchObject({
      DescribeEndpoint: 1,
      ListMonitoringSchedules: 1,
      ListMonitoringExecutions: 2,
      DescribeAlarms: 1,
      GetMetricData: 1,
    });
    // Nothing moved but the executions: no schedule is described again.
    expect(large.calls.DescribeMonitoringSchedule).toBeUndefined();

    const [refreshed] = large.refresh.observations;
    const seen = large.fleetRound.observations.find(
      o => o.entityRef === refreshed.entityRef,
    )!;
    expect(refreshed.endpoints?.map(e => e.name)).toEqual(
      seen.endpoints?.map(e => e.name),
    );
    expect(refreshed.monitoringSchedules?.map(s => s.name).sort()).toEqual(
      seen.monitoringSchedules?.map(s => s.name).sort(),
    );
    expect(refreshed.alarms?.map(a => a.name).sort()).toEqual(
      seen.alarms?.map(a => a.name).sort(),
    );
    expect(seen.alarms?.length).toBeGreaterThan(0);
    expect(
      Object.values(refreshed.sources).every(s => s.outcome === 'ok'),
    ).toBe(true);
    // Forced: the model's due series were read again.
    expect(large.refresh.stats.metricsRequested).toBeGreaterThan(0);
    // Only the model's own entries come back, and nothing of the region's.
    const scopes = Object.values(large.refresh.state);
    expect(scopes).toHaveLength(1);
    expect(Object.keys(scopes[0]).sort()).toEqual([
      'custom:ML/ModelPerformance|ModelName=scale-model-00008',
      'endpoint:scale-model-00008-endpoint',
    ]);
  }, 120_000);
});

describe('an aborted round (emulator, real SDK)', () => {
  it('makes no AWS call once aborted, and rejects instead of returning half a state', async () => {
    const f = await startFixture({
      scenario: 'scale',
      models: 100,
      faults: { default: { latencyMs: 40 } },
    });
    try {
      const controller = new AbortController();
      const round = f.collector.collect(
        fleet(100),
        {},
        {
          now: f.emulator.now(),
          lookbackDays: LOOKBACK_DAYS,
          discoverMetrics: true,
          signal: controller.signal,
        },
      );
      const callsOf = () =>
        Object.values(f.emulator.stats().operations).reduce(
          (n, s) => n + s.calls,
          0,
        );
      // Let the round get going, then abort it.
      while (callsOf() === 0) await new Promise(r => setTimeout(r, 10));
      controller.abort(new Error('task timed out'));
      await expect(round).rejects.toThrow('task timed out');
      // Calls already on the wire when it fired may still land; then nothing more comes.
      await new Promise(resolve => setTimeout(resolve, 300));
      const atAbort = callsOf();
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(callsOf()).toBe(atAbort);
      // A full round makes more than 300 calls.
      expect(atAbort).toBeLessThan(100);
    } finally {
      await f.close();
    }
  }, 60_000);
});
