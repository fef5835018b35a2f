import { listedMetricKey, uniqueListedMetrics } from './listedMetrics';

describe('uniqueListedMetrics', () => {
  const ns = 'aws/sagemaker/Endpoints/data-metrics';
  it('drops a metric listed twice, whatever the dimension order', () => {
    const a = {
      Namespace: ns,
      MetricName: 'feature_baseline_drift_age',
      Dimensions: [
        { Name: 'Endpoint', Value: 'e1' },
        { Name: 'MonitoringSchedule', Value: 's1' },
      ],
    };
    const b = { ...a, Dimensions: [...a.Dimensions].reverse() };
    const c = { ...a, MetricName: 'feature_baseline_drift_income' };
    expect(uniqueListedMetrics([a, b, c, a])).toEqual([a, c]);
  });

  it('keeps metrics that differ only in a dimension value or namespace', () => {
    const a = {
      Namespace: ns,
      MetricName: 'm',
      Dimensions: [{ Name: 'Endpoint', Value: 'e1' }],
    };
    const b = { ...a, Dimensions: [{ Name: 'Endpoint', Value: 'e2' }] };
    const c = { ...a, Namespace: 'Custom' };
    expect(uniqueListedMetrics([a, b, c])).toHaveLength(3);
    expect(listedMetricKey(a)).not.toBe(listedMetricKey(b));
  });
});
