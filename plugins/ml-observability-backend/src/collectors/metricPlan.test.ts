import type { MonitoringExecutionInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import type { MetricFetch } from './metricData';
import {
  MonitorSchedule,
  PUBLICATION_GRACE_MS,
  applyFetch,
  planCustomSeries,
  planMonitorSeries,
} from './metricPlan';
import { RegionCollectorState, emptyRegionState } from './state';
import type { CollectionTarget } from './types';

const HOUR = 3600_000;
const NOW = new Date('2025-03-12T10:20:00Z');
const LOOKBACK = 24 * HOUR;
const at = (ms: number) => new Date(ms).toISOString();

const schedule: MonitorSchedule = {
  name: 'churn-prod-data-quality',
  endpointName: 'churn-prod',
  type: 'DataQuality',
  owners: ['component:default/churn'],
  forced: false,
};

function execution(
  scheduledHoursAgo: number,
  status: MonitoringExecutionInfo['status'],
  doneMinutesLater = 15,
) {
  const scheduled = NOW.getTime() - scheduledHoursAgo * HOUR;
  return {
    status,
    scheduledTime: at(scheduled),
    lastModifiedTime: at(scheduled + doneMinutesLater * 60_000),
  };
}

function stateWithMetrics(): RegionCollectorState {
  const state = emptyRegionState();
  state.monitorMetrics[schedule.name] = {
    endpoint: 'churn-prod',
    checkedAt: at(NOW.getTime() - HOUR),
    publishes: true,
    metrics: [
      {
        namespace: 'aws/sagemaker/Endpoints/data-metrics',
        name: 'feature_baseline_drift_tenure',
      },
      {
        namespace: 'aws/sagemaker/Endpoints/data-metrics',
        name: 'feature_non_null_tenure',
      },
    ],
  };
  return state;
}

function fetched(
  points: Record<string, Array<{ t: string; v: number }>>,
): MetricFetch {
  return {
    points: new Map(Object.entries(points)),
    failures: new Map(),
    metricsRequested: 0,
  };
}

describe('planMonitorSeries', () => {
  it('reads a cold schedule from the lookback, and only its drift and quality metrics', () => {
    const state = stateWithMetrics();
    const planned = planMonitorSeries(state, [schedule], NOW, LOOKBACK);
    expect(planned).toHaveLength(1);
    expect(planned[0].series).toMatchObject({
      kind: 'drift',
      name: 'tenure',
      key: 'drift:churn-prod:tenure',
    });
    expect(planned[0].query).toMatchObject({
      startMs: NOW.getTime() - LOOKBACK,
      periodSeconds: 3600,
    });
    expect(planned[0].query.afterMs).toBeUndefined();
  });

  it('reads again only after a new execution completed, from the last point', () => {
    const state = stateWithMetrics();
    state.executions[schedule.name] = [execution(1, 'Completed')];
    const first = planMonitorSeries(state, [schedule], NOW, LOOKBACK);
    applyFetch(
      state,
      first,
      fetched({
        [first[0].query.seriesId]: [{ t: at(NOW.getTime() - HOUR), v: 0.1 }],
      }),
      NOW,
    );
    expect(state.scheduleFetch[schedule.name]).toEqual({
      fetchedAt: NOW.toISOString(),
      seenThrough: at(NOW.getTime() - HOUR),
    });

    // Nothing completed since: nothing to read. A run in progress or failed changes nothing.
    expect(planMonitorSeries(state, [schedule], NOW, LOOKBACK)).toEqual([]);
    const later = new Date(NOW.getTime() + HOUR);
    state.executions[schedule.name] = [
      { ...execution(0, 'InProgress'), lastModifiedTime: later.toISOString() },
      execution(1, 'Completed'),
    ];
    expect(planMonitorSeries(state, [schedule], later, LOOKBACK)).toEqual([]);
    state.executions[schedule.name] = [
      { ...execution(0, 'Failed', 20) },
      execution(1, 'Completed'),
    ];
    expect(planMonitorSeries(state, [schedule], later, LOOKBACK)).toEqual([]);

    state.executions[schedule.name] = [
      execution(0, 'CompletedWithViolations'),
      execution(1, 'Completed'),
    ];
    const second = planMonitorSeries(state, [schedule], later, LOOKBACK);
    expect(second).toHaveLength(1);
    expect(second[0].query).toMatchObject({
      startMs: NOW.getTime() - HOUR,
      afterMs: NOW.getTime() - HOUR,
    });
    expect(
      planMonitorSeries(state, [{ ...schedule, forced: true }], NOW, LOOKBACK),
    ).toHaveLength(1);
  });

  it('looks for a late datapoint during the grace period, then gives up', () => {
    const state = stateWithMetrics();
    state.executions[schedule.name] = [execution(0, 'Completed', 10)];
    const completedAt = NOW.getTime() + 10 * 60_000;
    const first = new Date(completedAt + 60_000);
    const planned = planMonitorSeries(state, [schedule], first, LOOKBACK);
    applyFetch(
      state,
      planned,
      fetched({ [planned[0].query.seriesId]: [] }),
      first,
    );
    expect(state.scheduleFetch[schedule.name].seenThrough).toBeUndefined();

    const withinGrace = new Date(completedAt + PUBLICATION_GRACE_MS - 60_000);
    expect(
      planMonitorSeries(state, [schedule], withinGrace, LOOKBACK),
    ).toHaveLength(1);
    const afterGrace = new Date(completedAt + PUBLICATION_GRACE_MS + 60_000);
    expect(planMonitorSeries(state, [schedule], afterGrace, LOOKBACK)).toEqual(
      [],
    );
    // The next run that completes is read as usual.
    state.executions[schedule.name] = [
      { ...execution(-1, 'Completed', 10) },
      execution(0, 'Completed', 10),
    ];
    const nextRun = new Date(NOW.getTime() + HOUR + 11 * 60_000);
    expect(
      planMonitorSeries(state, [schedule], nextRun, LOOKBACK),
    ).toHaveLength(1);
  });

  it('reads nothing for a schedule without discovered metrics', () => {
    const state = emptyRegionState();
    state.executions[schedule.name] = [execution(0, 'Completed')];
    expect(planMonitorSeries(state, [schedule], NOW, LOOKBACK)).toEqual([]);
  });
});

describe('planCustomSeries', () => {
  const targetOf = (name: string): CollectionTarget => ({
    entityRef: `component:default/${name}`,
    accountId: '123456789012',
    region: 'us-east-1',
    endpointNames: [],
    metricSources: [
      {
        namespace: 'ML/ModelPerformance',
        dimensions: [{ name: 'ModelName', value: 'shared' }],
        metricNames: ['Accuracy'],
        periodSeconds: 900,
      },
    ],
  });

  it('reads a metric once its period has passed, one query for models sharing it', () => {
    const state = emptyRegionState();
    const targets = [targetOf('a'), targetOf('b')];
    const cold = planCustomSeries(state, targets, new Set(), NOW, LOOKBACK);
    expect(cold).toHaveLength(1);
    expect(cold[0].owners).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(cold[0].query.completeBucketsOnly).toBe(true);
    applyFetch(
      state,
      cold,
      fetched({
        [cold[0].query.seriesId]: [{ t: at(NOW.getTime() - 900_000), v: 91 }],
      }),
      NOW,
    );

    const tenMinutes = new Date(NOW.getTime() + 10 * 60_000);
    expect(
      planCustomSeries(state, targets, new Set(), tenMinutes, LOOKBACK),
    ).toEqual([]);
    expect(
      planCustomSeries(
        state,
        targets,
        new Set(['component:default/b']),
        tenMinutes,
        LOOKBACK,
      ),
    ).toHaveLength(1);
    const fifteen = new Date(NOW.getTime() + 15 * 60_000 - 2_000);
    const due = planCustomSeries(state, targets, new Set(), fifteen, LOOKBACK);
    expect(due).toHaveLength(1);
    expect(due[0].query.afterMs).toBe(NOW.getTime() - 900_000);
  });

  it('uses discovered names when the annotation names none', () => {
    const state = emptyRegionState();
    const target = targetOf('a');
    delete target.metricSources[0].metricNames;
    expect(planCustomSeries(state, [target], new Set(), NOW, LOOKBACK)).toEqual(
      [],
    );
    state.customNames['ML/ModelPerformance|ModelName=shared'] = {
      discoveredAt: NOW.toISOString(),
      names: ['F1', 'Recall'],
    };
    expect(
      planCustomSeries(state, [target], new Set(), NOW, LOOKBACK).map(
        p => p.series.name,
      ),
    ).toEqual(['F1', 'Recall']);
  });
});
