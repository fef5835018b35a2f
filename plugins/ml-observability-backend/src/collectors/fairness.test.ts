import {
  CloudWatchClient,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  classifyMonitorMetric,
  discoverMonitorMetrics,
  mergeMonitorMetrics,
} from './discovery';
import {
  BIAS_NAMESPACE,
  EXPLAINABILITY_NAMESPACE,
  classifyClarifyMetric,
  identitySuffix,
} from './fairness';
import { MonitorSchedule, applyFetch, planMonitorSeries } from './metricPlan';
import { emptyRegionState } from './state';
import { testRegionContext } from './__testUtils__/regionContext';

const HOUR = 3600_000;
const NOW = new Date('2025-03-12T10:20:00Z');
const at = (ms: number) => new Date(ms).toISOString();

const monitorDims = (schedule: string) => [
  { Name: 'Endpoint', Value: 'credit-prod' },
  { Name: 'MonitoringSchedule', Value: schedule },
];

function biasMetric(name: string, facetValue: string) {
  return {
    MetricName: name,
    Dimensions: [
      ...monitorDims('credit-prod-model-bias'),
      { Name: 'BiasStage', Value: 'Post-training' },
      { Name: 'Label', Value: 'approved' },
      { Name: 'LabelValue', Value: '1' },
      { Name: 'Facet', Value: 'gender' },
      { Name: 'FacetValue', Value: facetValue },
    ],
  };
}

describe('classifying Clarify metrics', () => {
  it('reads every bias-metrics name as a bias metric, without the documented prefix', () => {
    expect(classifyMonitorMetric(BIAS_NAMESPACE, 'bias_metric_DPPL')).toEqual({
      kind: 'bias',
      metric: 'DPPL',
    });
    // A name the documentation never listed is still a bias metric.
    expect(classifyMonitorMetric(BIAS_NAMESPACE, 'CDDPL')).toEqual({
      kind: 'bias',
      metric: 'CDDPL',
    });
  });

  it('reads explainability metrics as the attribution of a feature', () => {
    expect(
      classifyMonitorMetric(EXPLAINABILITY_NAMESPACE, 'feature_income'),
    ).toEqual({ kind: 'attribution', feature: 'income' });
    expect(
      classifyMonitorMetric(EXPLAINABILITY_NAMESPACE, 'expected_value'),
    ).toEqual({ kind: 'attribution', feature: 'expected_value' });
  });

  it('leaves other namespaces and empty names alone', () => {
    expect(classifyClarifyMetric('Custom/Team', 'bias_metric_DI')).toBe(
      undefined,
    );
    expect(classifyClarifyMetric(BIAS_NAMESPACE, '')).toBe(undefined);
  });
});

describe('series identity', () => {
  it('keeps long dimension sets short enough for the series key, and distinct', () => {
    const long = (value: string) => [
      { name: 'Facet', value: 'age' },
      { name: 'FacetValue', value: `${'x'.repeat(900)}${value}` },
    ];
    const a = identitySuffix(long('a'));
    const b = identitySuffix(long('b'));
    expect(a.length).toBeLessThanOrEqual(241);
    expect(a).not.toBe(b);
    expect(identitySuffix(long('a'))).toBe(a);
    expect(identitySuffix([{ name: 'Label', value: 'approved' }])).toBe(
      '|Label=approved',
    );
    expect(identitySuffix([])).toBe('');
  });
});

describe('discovering bias and explainability metrics', () => {
  const cloudwatch = mockClient(CloudWatchClient);
  const ctx = testRegionContext();
  beforeEach(() => cloudwatch.reset());

  it('keeps one entry per facet, with the dimensions besides the schedule', async () => {
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    cloudwatch.on(ListMetricsCommand, { Namespace: BIAS_NAMESPACE }).resolves({
      Metrics: [
        biasMetric('bias_metric_DPPL', 'female'),
        biasMetric('bias_metric_DPPL', 'male'),
        biasMetric('bias_metric_DPPL', 'male'),
      ],
    });
    cloudwatch
      .on(ListMetricsCommand, { Namespace: EXPLAINABILITY_NAMESPACE })
      .resolves({
        Metrics: [
          {
            MetricName: 'feature_income',
            Dimensions: [
              ...monitorDims('credit-prod-model-explainability'),
              { Name: 'Label', Value: 'approved' },
            ],
          },
        ],
      });
    const found = await discoverMonitorMetrics(
      ctx,
      new Set(['credit-prod-model-bias', 'credit-prod-model-explainability']),
      NOW,
    );
    const bias = found.get('credit-prod-model-bias')!.metrics;
    expect(bias).toHaveLength(2);
    expect(bias[0]).toEqual({
      namespace: BIAS_NAMESPACE,
      name: 'bias_metric_DPPL',
      dimensions: [
        { name: 'BiasStage', value: 'Post-training' },
        { name: 'Facet', value: 'gender' },
        { name: 'FacetValue', value: 'female' },
        { name: 'Label', value: 'approved' },
        { name: 'LabelValue', value: '1' },
      ],
    });
    expect(bias[1].dimensions).toContainEqual({
      name: 'FacetValue',
      value: 'male',
    });
    expect(found.get('credit-prod-model-explainability')!.metrics).toEqual([
      {
        namespace: EXPLAINABILITY_NAMESPACE,
        name: 'feature_income',
        dimensions: [{ name: 'Label', value: 'approved' }],
      },
    ]);
  });

  it('merges discoveries by name and dimensions, so a new facet is added', () => {
    const facet = (value: string) => ({
      namespace: BIAS_NAMESPACE,
      name: 'bias_metric_DI',
      dimensions: [{ name: 'FacetValue', value }],
    });
    const merged = mergeMonitorMetrics(
      {
        endpoint: 'credit-prod',
        checkedAt: at(NOW.getTime() - HOUR),
        publishes: true,
        metrics: [facet('female')],
      },
      {
        endpoint: 'credit-prod',
        checkedAt: at(NOW.getTime()),
        publishes: true,
        metrics: [facet('female'), facet('male')],
      },
    );
    expect(merged.metrics).toEqual([facet('female'), facet('male')]);
  });
});

describe('planning bias series', () => {
  const schedule: MonitorSchedule = {
    name: 'credit-prod-model-bias',
    endpointName: 'credit-prod',
    type: 'ModelBias',
    owners: ['component:default/credit'],
    forced: false,
  };
  const facet = (value: string) => ({
    namespace: BIAS_NAMESPACE,
    name: 'bias_metric_DPPL',
    dimensions: [
      { name: 'Facet', value: 'gender' },
      { name: 'FacetValue', value },
    ],
  });

  function state() {
    const s = emptyRegionState();
    s.monitorMetrics[schedule.name] = {
      endpoint: 'credit-prod',
      checkedAt: at(NOW.getTime() - HOUR),
      publishes: true,
      metrics: [facet('female'), facet('male')],
    };
    return s;
  }

  it('gives each facet its own series id, key and query dimensions', () => {
    const planned = planMonitorSeries(state(), [schedule], NOW, 24 * HOUR);
    expect(planned).toHaveLength(2);
    const ids = new Set(planned.map(p => p.query.seriesId));
    const keys = new Set(planned.map(p => p.series.key));
    expect(ids.size).toBe(2);
    expect(keys.size).toBe(2);
    expect(planned[0].series).toMatchObject({
      kind: 'bias',
      name: 'DPPL',
      key: 'bias:credit-prod:DPPL|Facet=gender,FacetValue=female',
      monitoringType: 'ModelBias',
    });
    expect(planned[0].query.dimensions).toEqual([
      { name: 'Endpoint', value: 'credit-prod' },
      { name: 'MonitoringSchedule', value: 'credit-prod-model-bias' },
      { name: 'Facet', value: 'gender' },
      { name: 'FacetValue', value: 'female' },
    ]);
  });

  it('reads them again only after a new execution completed', () => {
    const s = state();
    s.executions[schedule.name] = [
      {
        status: 'Completed',
        scheduledTime: at(NOW.getTime() - 2 * HOUR),
        lastModifiedTime: at(NOW.getTime() - 2 * HOUR + 15 * 60_000),
      },
    ];
    const planned = planMonitorSeries(s, [schedule], NOW, 24 * HOUR);
    applyFetch(
      s,
      planned,
      {
        points: new Map(
          planned.map(p => [
            p.query.seriesId,
            [{ t: at(NOW.getTime() - 2 * HOUR), v: 0.1 }],
          ]),
        ),
        failures: new Map(),
        metricsRequested: planned.length,
      },
      NOW,
    );
    const later = new Date(NOW.getTime() + HOUR);
    expect(planMonitorSeries(s, [schedule], later, 24 * HOUR)).toEqual([]);
    s.executions[schedule.name] = [
      {
        status: 'Completed',
        scheduledTime: at(later.getTime() - 20 * 60_000),
        lastModifiedTime: at(later.getTime() - 5 * 60_000),
      },
      ...s.executions[schedule.name],
    ];
    expect(planMonitorSeries(s, [schedule], later, 24 * HOUR)).toHaveLength(2);
  });
});
