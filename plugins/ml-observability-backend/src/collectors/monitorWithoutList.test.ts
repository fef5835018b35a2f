import {
  CloudWatchClient,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { RegionContext } from './context';
import { MODEL_MONITOR_NAMESPACES } from './discovery';
import { Limiter } from './limit';
import { MONITOR_PERIOD_SECONDS, unlistedScheduleDue } from './metricPlan';
import {
  discoverMonitorByEndpoint,
  unlistedSchedules,
} from './monitorWithoutList';
import { claimSchedules } from './regionCollector';
import { emptyRegionState } from './state';

const NOW = new Date('2025-03-12T10:20:00Z');
const dims = (endpoint: string, schedule: string) => [
  { Name: 'Endpoint', Value: endpoint },
  { Name: 'MonitoringSchedule', Value: schedule },
];

describe('Model Monitor metrics without the schedule list', () => {
  const cloudwatch = mockClient(CloudWatchClient);
  const ctx = new RegionContext(
    '123456789012',
    'us-east-1',
    {
      cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
      sagemaker: new SageMakerClient({ region: 'us-east-1' }),
    },
    new Limiter(2),
    1000,
  );
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
        unlisted: true,
      },
    ]);
  });

  it('reads an unlisted schedule at most once per monitor period', () => {
    const state = emptyRegionState();
    expect(unlistedScheduleDue(state, 's1', NOW)).toBe(true);
    const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
    state.scheduleFetch.s1 = { fetchedAt: ago(300) };
    expect(unlistedScheduleDue(state, 's1', NOW)).toBe(false);
    state.scheduleFetch.s1 = { fetchedAt: ago(MONITOR_PERIOD_SECONDS - 60) };
    expect(unlistedScheduleDue(state, 's1', NOW)).toBe(false);
    // A round a few seconds early still counts as an hour later.
    state.scheduleFetch.s1 = { fetchedAt: ago(MONITOR_PERIOD_SECONDS - 2) };
    expect(unlistedScheduleDue(state, 's1', NOW)).toBe(true);
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
