import {
  CloudWatchClient,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  MODEL_MONITOR_NAMESPACES,
  discoverCustomMetricNames,
  discoverMonitorMetrics,
} from './discovery';
import { testRegionContext } from './__testUtils__/regionContext';

const NOW = new Date('2025-03-12T10:20:00Z');

describe('discovery with duplicate ListMetrics results', () => {
  const cloudwatch = mockClient(CloudWatchClient);
  const ctx = testRegionContext();
  beforeEach(() => cloudwatch.reset());

  it('keeps a Model Monitor metric listed twice (across pages) once', async () => {
    const drift = {
      MetricName: 'feature_baseline_drift_age',
      Dimensions: [
        { Name: 'Endpoint', Value: 'e1' },
        { Name: 'MonitoringSchedule', Value: 's1' },
      ],
    };
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    cloudwatch
      .on(ListMetricsCommand, { Namespace: MODEL_MONITOR_NAMESPACES.data })
      .resolvesOnce({ Metrics: [drift, drift], NextToken: 't' })
      .resolves({
        Metrics: [{ ...drift, Dimensions: [...drift.Dimensions].reverse() }],
      });
    const found = await discoverMonitorMetrics(ctx, new Set(['s1']), NOW);
    expect(found.get('s1')?.metrics).toEqual([
      {
        namespace: MODEL_MONITOR_NAMESPACES.data,
        name: 'feature_baseline_drift_age',
      },
    ]);
  });

  it('lists a custom metric listed twice once', async () => {
    const m = {
      MetricName: 'drift_score',
      Dimensions: [{ Name: 'ModelName', Value: 'm1' }],
    };
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [m, m] });
    const names = await discoverCustomMetricNames(ctx, {
      namespace: 'Custom',
      dimensions: [{ name: 'ModelName', value: 'm1' }],
      periodSeconds: 300,
    });
    expect(names).toEqual(['drift_score']);
  });
});
