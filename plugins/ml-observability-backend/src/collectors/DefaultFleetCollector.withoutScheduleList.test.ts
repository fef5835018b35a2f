/**
 * Model Monitor drift and quality when the schedule operations answer an HTML
 * 500 page, through the real SDK against the emulator: the metrics are found
 * by their `Endpoint` dimension and keep the schedule of their
 * `MonitoringSchedule` dimension, are read at most hourly, and the same
 * series (same ids) are priced by executions again once the list recovers.
 */
import {
  Fixture,
  PRIMARY,
  PRIMARY_REGION,
  demoTargets,
  startFixture,
} from './__testUtils__/emulatorFixture';
import { MONITOR_PERIOD_SECONDS } from './metricPlan';
import { loadState } from './state';
import type { CollectionResult, CollectorState } from './types';

const WHERE = `${PRIMARY}/${PRIMARY_REGION}`;
const SCHEDULE_OPERATIONS = [
  'ListMonitoringSchedules',
  'DescribeMonitoringSchedule',
  'ListMonitoringExecutions',
];

const scheduleOperationsFail = {
  accounts: {
    [PRIMARY]: {
      operations: Object.fromEntries(
        SCHEDULE_OPERATIONS.map(op => [op, { nonAwsErrorRate: 1 }]),
      ),
    },
  },
};

/** Model, series key and schedule of every Model Monitor series observed. */
function monitorSeries(result: CollectionResult): string[] {
  return result.observations
    .flatMap(o =>
      o.series
        .filter(s => s.kind !== 'custom')
        .map(s => `${o.entityRef} ${s.key} ${s.scheduleName}`),
    )
    .sort();
}

function monitorSeriesIds(state: CollectorState): string[] {
  return Object.keys(monitorReads(state)).sort();
}

/** When each Model Monitor series was last read, by series id (of one account/region, or all). */
function monitorReads(
  state: CollectorState,
  scope?: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(loadState(state).regions)
      .filter(([key]) => !scope || key === scope)
      .flatMap(([, r]) => Object.entries(r.series))
      .filter(([id]) => id.startsWith('mm|'))
      .map(([id, cursor]) => [id, cursor.fetchedAt]),
  );
}

const readAt = (reads: Record<string, string>, when: Date) =>
  Object.keys(reads)
    .filter(id => reads[id] === when.toISOString())
    .sort();

describe('DefaultFleetCollector without the schedule list (emulator, real SDK)', () => {
  let f: Fixture;
  let healthy: CollectionResult;

  beforeAll(async () => {
    f = await startFixture({ scenario: 'demo', aws: { maxAttempts: 3 } });
    healthy = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
  });
  afterEach(() => {
    f.emulator.clearFaults();
    f.emulator.resetStats();
  });
  afterAll(() => f.close());

  async function round(
    state: CollectorState,
    seconds: number,
    options: { discoverMetrics?: boolean } = {},
  ) {
    f.emulator.advanceClock(seconds);
    f.emulator.resetStats();
    const result = await f.collector.collect(demoTargets(), state, {
      now: f.emulator.now(),
      lookbackDays: 1,
      ...options,
    });
    return { result, stats: f.emulator.stats() };
  }

  it('finds every Model Monitor series of a cold round by the endpoints, under the same schedule', async () => {
    expect(healthy.stats.failedSources).toBe(0);
    const expected = monitorSeries(healthy);
    expect(expected.some(s => s.includes(' drift:'))).toBe(true);
    expect(expected.some(s => s.includes(' quality:'))).toBe(true);

    f.emulator.setFaults(scheduleOperationsFail);
    f.emulator.resetStats();
    const cold = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
    expect(monitorSeries(cold)).toEqual(expected);
    expect(monitorSeriesIds(cold.state)).toEqual(
      monitorSeriesIds(healthy.state),
    );
    const churn = cold.observations.find(o =>
      o.entityRef.endsWith('/churn-prediction'),
    )!;
    expect(churn.sources.schedules?.outcome).toBe('unsupported');
    expect(churn.sources.metrics?.outcome).toBe('ok');
    expect(
      churn.series.find(
        s => s.key === 'quality:churn-prediction-prod:accuracy',
      ),
    ).toMatchObject({
      scheduleName: 'churn-prediction-prod-model-quality',
      monitoringType: 'ModelQuality',
      endpointName: 'churn-prediction-prod',
    });
    // The list was called once, not retried, and nothing depending on it was called.
    const calls = f.emulator.stats().accounts[WHERE].operations;
    expect(calls.ListMonitoringSchedules).toBe(1);
    expect(calls.ListMonitoringExecutions).toBeUndefined();
    expect(calls.DescribeMonitoringSchedule).toBeUndefined();
  });

  it('reads those series at most once an hour, with no more calls than a healthy round, and goes back to executions when the list recovers', async () => {
    f.emulator.setFaults(scheduleOperationsFail);
    const cold = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
    const ids = monitorSeriesIds(cold.state);
    // The faulted account's series; the other account's stay priced by executions.
    const faulted = Object.keys(monitorReads(cold.state, WHERE)).sort();
    expect(faulted.length).toBeGreaterThan(0);

    // Five minutes later: nothing new can have been published since the read.
    const steady = await round(cold.state, 300);
    expect(
      readAt(monitorReads(steady.result.state, WHERE), f.emulator.now()),
    ).toEqual([]);
    expect(steady.stats.operations.ListMonitoringSchedules?.calls).toBe(2);

    // An hour after the read, each such series is read once more, and not again five minutes later.
    const hourly = await round(
      steady.result.state,
      MONITOR_PERIOD_SECONDS - 300,
    );
    expect(
      readAt(monitorReads(hourly.result.state, WHERE), f.emulator.now()),
    ).toEqual(faulted);
    const again = await round(hourly.result.state, 300);
    expect(
      readAt(monitorReads(again.result.state, WHERE), f.emulator.now()),
    ).toEqual([]);

    // The same steady round with the list healthy costs at least as many calls.
    f.emulator.clearFaults();
    const recovered = await round(again.result.state, 300);
    expect(recovered.result.stats.failedSources).toBe(0);
    expect(monitorSeriesIds(recovered.result.state)).toEqual(ids);
    const healthySteady = await round(recovered.result.state, 300);
    f.emulator.setFaults(scheduleOperationsFail);
    const failingSteady = await round(healthySteady.result.state, 300);
    expect(failingSteady.stats.totals.calls).toBeLessThanOrEqual(
      healthySteady.stats.totals.calls,
    );
    expect(monitorSeriesIds(failingSteady.result.state)).toEqual(ids);
  });

  it('reads the listed schedules when their next value is due while no execution can be read', async () => {
    const base = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
    f.emulator.setFaults({
      accounts: {
        [PRIMARY]: {
          // The list answers; neither the executions walk nor a Describe (its last execution) does.
          operations: {
            ListMonitoringExecutions: { nonAwsErrorRate: 1 },
            DescribeMonitoringSchedule: { nonAwsErrorRate: 1 },
          },
        },
      },
    });
    const soon = await round(base.state, 300);
    const churn = soon.result.observations.find(o =>
      o.entityRef.endsWith('/churn-prediction'),
    )!;
    expect(churn.sources.schedules?.outcome).toBe('ok');
    expect(churn.sources.executions?.outcome).toBe('unsupported');
    expect(
      readAt(monitorReads(soon.result.state, WHERE), f.emulator.now()),
    ).toEqual([]);
    // An hour on, the hourly schedules' next values are due: read without a single execution seen.
    const later = await round(soon.result.state, MONITOR_PERIOD_SECONDS);
    expect(
      readAt(monitorReads(later.result.state, WHERE), f.emulator.now()),
    ).not.toEqual([]);
    expect(later.stats.operations.ListMonitoringExecutions?.calls).toBe(2);
  });

  it('keeps reading the schedules it knew when the list starts failing, and a refresh reads them now', async () => {
    f.emulator.setFaults(scheduleOperationsFail);
    // Known from the healthy round: no discovery needed to read them an hour later.
    const later = await round(healthy.state, MONITOR_PERIOD_SECONDS);
    expect(monitorSeries(later.result).length).toBeGreaterThan(0);
    expect(later.stats.operations.ListMetrics).toBeUndefined();

    const churn = demoTargets().find(t =>
      t.entityRef.endsWith('/churn-prediction'),
    )!;
    f.emulator.advanceClock(60);
    const refresh = await f.collector.collectModel(churn, later.result.state, {
      now: f.emulator.now(),
      lookbackDays: 1,
      forceEntityRefs: [churn.entityRef],
    });
    expect(refresh.observations[0].sources.schedules?.outcome).toBe(
      'unsupported',
    );
    expect(
      readAt(monitorReads(refresh.state), f.emulator.now()).filter(id =>
        id.startsWith('mm|churn-prediction-prod-model-quality|'),
      ),
    ).not.toEqual([]);
  });
});
