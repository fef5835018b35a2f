import {
  CloudWatchClient,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { MODEL_MONITOR_NAMESPACES } from './discovery';
import { MONITOR_PERIOD_SECONDS, dueWithoutExecutions } from './metricPlan';
import {
  discoverMonitorByEndpoint,
  unlistedSchedules,
} from './monitorWithoutList';
import { claimSchedules } from './regionCollector';
import { emptyRegionState } from './state';
import { testRegionContext } from './__testUtils__/regionContext';

const NOW = new Date('2025-03-12T10:20:00Z');
const dims = (endpoint: string, schedule: string) => [
  { Name: 'Endpoint', Value: endpoint },
  { Name: 'MonitoringSchedule', Value: schedule },
];

describe('Model Monitor metrics without the schedule list', () => {
  const cloudwatch = mockClient(CloudWatchClient);
  const ctx = testRegionContext();
  beforeEach(() => cloudwatch.reset());

  it('attributes the metrics of the claimed endpoints to the schedule of their dimension', async () => {
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    cloudwatch
      .on(ListMetricsCommand, { Namespace: MODEL_MONITOR_NAMESPACES.data })
      .resolves({
        Metrics: [
          {
            MetricName: 'feature_baseline_drift_age',
            Dimensions: dims('e1', 's1'),
          },
          // Listed twice: kept once.
          {
            MetricName: 'feature_baseline_drift_age',
            Dimensions: dims('e1', 's1'),
          },
          {
            MetricName: 'feature_baseline_drift_age',
            Dimensions: dims('other', 's9'),
          },
          // No schedule dimension: not a Model Monitor series.
          {
            MetricName: 'feature_baseline_drift_age',
            Dimensions: [{ Name: 'Endpoint', Value: 'e1' }],
          },
        ],
      });
    const state = emptyRegionState();
    const failure = await discoverMonitorByEndpoint(
      { ctx, state, now: NOW, discoverMetrics: true },
      new Set(['e1']),
    );
    expect(failure).toBeUndefined();
    expect(Object.keys(state.monitorMetrics)).toEqual(['s1']);
    expect(state.monitorMetrics.s1).toEqual({
      endpoint: 'e1',
      checkedAt: NOW.toISOString(),
      publishes: true,
      metrics: [
        {
          namespace: MODEL_MONITOR_NAMESPACES.data,
          name: 'feature_baseline_drift_age',
        },
      ],
    });
    // One walk per namespace for the region, not one per endpoint.
    expect(cloudwatch.commandCalls(ListMetricsCommand)).toHaveLength(
      Object.keys(MODEL_MONITOR_NAMESPACES).length,
    );
  });

  it('makes no call outside a discovery round and keeps a failed walk as a value', async () => {
    const state = emptyRegionState();
    expect(
      await discoverMonitorByEndpoint(
        { ctx, state, now: NOW, discoverMetrics: false },
        new Set(['e1']),
      ),
    ).toBeUndefined();
    expect(cloudwatch.commandCalls(ListMetricsCommand)).toHaveLength(0);

    cloudwatch
      .on(ListMetricsCommand)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
      );
    const failure = await discoverMonitorByEndpoint(
      { ctx, state, now: NOW, discoverMetrics: true },
      new Set(['e1']),
    );
    expect(failure?.outcome).toBe('denied');
    expect(state.monitorMetrics).toEqual({});
  });

  it('stands known schedules in for the list, typed by their namespace, owned through their endpoint', () => {
    const state = emptyRegionState();
    state.monitorMetrics['e1-model'] = {
      endpoint: 'e1',
      checkedAt: NOW.toISOString(),
      publishes: true,
      metrics: [{ namespace: MODEL_MONITOR_NAMESPACES.model, name: 'f1' }],
    };
    state.monitorMetrics['e2-data'] = {
      endpoint: 'e2',
      checkedAt: NOW.toISOString(),
      publishes: true,
      metrics: [{ namespace: MODEL_MONITOR_NAMESPACES.data, name: 'x' }],
    };
    const owners = new Map([['e1', ['component:default/a']]]);
    expect(
      unlistedSchedules(state, owners, new Set(['component:default/a'])),
    ).toEqual([
      {
        name: 'e1-model',
        endpointName: 'e1',
        type: 'ModelQuality',
        owners: ['component:default/a'],
        forced: true,
        withoutExecutions: true,
      },
    ]);
  });

  it('reads an unlisted schedule when its next value is due, at most once per monitor period', () => {
    const MIN = 60_000;
    const HOUR = MONITOR_PERIOD_SECONDS * 1000;
    const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
    const ids = ['mm|s1|ns|a', 'mm|s1|ns|b'];
    const state = emptyRegionState();
    const due = () => dueWithoutExecutions(state, 's1', ids, NOW);
    const readAgo = (ms: number) => {
      state.scheduleFetch.s1 = { fetchedAt: ago(ms) };
    };
    // Never read: due. Read without a point yet, interval unknown: hourly.
    expect(due()).toBe(true);
    readAgo(5 * MIN);
    expect(due()).toBe(false);
    readAgo(HOUR - MIN);
    expect(due()).toBe(false);
    // A round a few seconds early still counts as an hour later.
    readAgo(HOUR - 2000);
    expect(due()).toBe(true);

    // Newest point (of any series of the schedule) 80 minutes ago: an hourly schedule's next one is due.
    readAgo(HOUR);
    state.series[ids[0]] = { fetchedAt: ago(HOUR), lastPointAt: ago(80 * MIN) };
    state.series[ids[1]] = {
      fetchedAt: ago(HOUR),
      lastPointAt: ago(40 * HOUR),
    };
    expect(due()).toBe(true);

    // A daily schedule (the cron of an earlier Describe): due a day after its newest point.
    state.schedules.s1 = {
      modified: ago(30 * HOUR),
      details: { cron: 'cron(0 3 ? * * *)' },
    };
    expect(due()).toBe(false);
    state.series[ids[0]].lastPointAt = ago(24 * HOUR);
    expect(due()).toBe(true);
    // Looked for an hour after it was due and still missing: next looked for a day after that read.
    state.series[ids[0]].lastPointAt = ago(28 * HOUR);
    readAgo(2 * HOUR);
    expect(due()).toBe(false);
    readAgo(24 * HOUR);
    expect(due()).toBe(true);
    // Without any point, a day after the last read.
    delete state.series[ids[0]].lastPointAt;
    delete state.series[ids[1]].lastPointAt;
    readAgo(23 * HOUR);
    expect(due()).toBe(false);
  });

  it('forgets a schedule known from its metrics once the list answers without it', () => {
    const state = emptyRegionState();
    for (const name of ['gone', 'kept']) {
      state.monitorMetrics[name] = {
        endpoint: 'e1',
        checkedAt: NOW.toISOString(),
        publishes: true,
        metrics: [{ namespace: MODEL_MONITOR_NAMESPACES.data, name: 'x' }],
      };
      state.series[`mm|${name}|${MODEL_MONITOR_NAMESPACES.data}|x`] = {
        fetchedAt: NOW.toISOString(),
      };
    }
    const { claimed } = claimSchedules(
      state,
      [{ MonitoringScheduleName: 'kept', EndpointName: 'e1' } as never],
      new Set(['e1']),
    );
    expect(claimed.map(s => s.MonitoringScheduleName)).toEqual(['kept']);
    expect(Object.keys(state.monitorMetrics)).toEqual(['kept']);
    expect(Object.keys(state.series)).toEqual([
      `mm|kept|${MODEL_MONITOR_NAMESPACES.data}|x`,
    ]);
  });
});
