import {
  parseRunbook,
  Runbook,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { stringify } from 'yaml';
import { RUNBOOK_YAML, testConfig } from '../__testUtils__/fixtures';
import type { ModelRecord, ModelSeries } from '../domain/types';
import { buildReport } from './buildReport';
import { ATTRIBUTION_TOP_N, fairnessOf } from './fairness';

const REF = 'component:default/loan-approval';
const NOW = new Date('2025-03-10T15:00:00Z');
const HOUR = 3_600_000;

function runbookWithBias(): Runbook {
  const parsed = parseRunbook(RUNBOOK_YAML);
  if (!parsed.ok) throw new Error('fixture must parse');
  const doc = JSON.parse(JSON.stringify(parsed.runbook));
  doc.monitoring_config.bias = {
    metrics: { DPPL: { abs_max: 0.1 }, DI: { min: 0.8, max: 1.25 } },
  };
  const result = parseRunbook(stringify(doc));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runbook;
}

const monitorDims = (schedule: string) => [
  { name: 'Endpoint', value: 'loan-approval-prod' },
  { name: 'MonitoringSchedule', value: schedule },
];

function series(
  kind: ModelSeries['kind'],
  name: string,
  values: number[],
  dimensions: Array<{ name: string; value: string }>,
  namespace = kind === 'bias'
    ? 'aws/sagemaker/Endpoints/bias-metrics'
    : 'aws/sagemaker/Endpoints/explainability-metrics',
): ModelSeries {
  const points = values.map((v, i) => ({
    t: new Date(NOW.getTime() - (values.length - i) * HOUR).toISOString(),
    v,
  }));
  return {
    entityRef: REF,
    key: `${kind}:${name}:${JSON.stringify(dimensions)}`,
    kind,
    name,
    meta: {
      namespace,
      dimensions,
      stat: 'Average',
      periodSeconds: 3600,
      endpointName: 'loan-approval-prod',
      scheduleName: 'loan-approval-prod-model-bias',
    },
    latest: points[points.length - 1],
    points,
  };
}

const facet = (value: string) => [
  ...monitorDims('loan-approval-prod-model-bias'),
  { name: 'Facet', value: 'gender' },
  { name: 'FacetValue', value },
];
const label = [
  ...monitorDims('loan-approval-prod-model-explainability'),
  { name: 'Label', value: 'approved' },
];

describe('fairnessOf', () => {
  it('gives each bias metric per facet its latest value, bounds and breach, breached first', () => {
    const fairness = fairnessOf(
      [
        series('bias', 'DPPL', [0.02, 0.03], facet('male')),
        series('bias', 'DPPL', [0.05, 0.16], facet('female')),
        series('bias', 'CI', [0.3, 0.31], facet('female')),
      ],
      runbookWithBias(),
    )!;
    expect(
      fairness.bias.map(b => [
        b.metric,
        b.dimensions.find(d => d.name === 'FacetValue')?.value,
        b.latest,
        b.breached,
      ]),
    ).toEqual([
      ['DPPL', 'female', 0.16, true],
      ['CI', 'female', 0.31, false],
      ['DPPL', 'male', 0.03, false],
    ]);
    expect(fairness.bias[0]).toMatchObject({
      threshold: { absMax: 0.1 },
      source: 'model-monitor',
      endpointName: 'loan-approval-prod',
      dimensions: [
        { name: 'Facet', value: 'gender' },
        { name: 'FacetValue', value: 'female' },
      ],
      series: [
        { v: 0.05, t: expect.any(String) },
        { v: 0.16, t: expect.any(String) },
      ],
    });
    // No bounds declared for CI: shown, never breached.
    expect(fairness.bias[1].threshold).toBeUndefined();
  });

  it('ranks features by how far their attribution moved in the window, top N only', () => {
    const features = Array.from({ length: ATTRIBUTION_TOP_N + 2 }, (_, i) =>
      series('attribution', `f${i}`, [0.2, 0.2 + i * 0.01], label),
    );
    const fairness = fairnessOf(
      [
        ...features,
        series('attribution', 'income', [0.4, 0.1], label),
        series('attribution', 'single', [0.9], label),
      ],
      undefined,
    )!;
    expect(fairness.attributionCount).toBe(ATTRIBUTION_TOP_N + 4);
    expect(fairness.attribution).toHaveLength(ATTRIBUTION_TOP_N);
    expect(fairness.attribution[0]).toMatchObject({
      feature: 'income',
      latest: 0.1,
      reference: 0.4,
      dimensions: [{ name: 'Label', value: 'approved' }],
    });
    expect(fairness.attribution[0].change).toBeCloseTo(-0.3);
    expect(fairness.attribution.map(a => a.feature).slice(1)).toEqual([
      'f6',
      'f5',
      'f4',
      'f3',
    ]);
  });

  it('reads custom series in a namespace ending in bias-metrics as bias', () => {
    const fairness = fairnessOf(
      [
        series(
          'custom',
          'bias_metric_DI',
          [0.7],
          [
            { name: 'ModelName', value: 'loan-approval' },
            { name: 'Facet', value: 'age_group' },
          ],
          'LoanTeam/bias-metrics',
        ),
      ],
      runbookWithBias(),
    )!;
    expect(fairness.bias).toEqual([
      expect.objectContaining({
        metric: 'DI',
        source: 'custom',
        breached: true,
        threshold: { min: 0.8, max: 1.25 },
      }),
    ]);
  });

  it('is absent without bias or attribution series', () => {
    expect(fairnessOf([], undefined)).toBeUndefined();
  });
});

describe('the report with fairness', () => {
  const snapshot: ModelRecord = {
    entityRef: REF,
    accountId: '123456789012',
    region: 'us-east-1',
    endpoints: [],
    monitoringSchedules: [],
    alarms: [],
    sources: { metrics: { outcome: 'ok', lastSuccessAt: NOW.toISOString() } },
    runbook: {
      runbook: runbookWithBias(),
      url: 'https://example.com/runbook.yaml',
      readAt: NOW.toISOString(),
    },
    collectedAt: new Date(NOW.getTime() - 60_000).toISOString(),
    checkedAt: NOW.toISOString(),
  };

  it('warns with a bias reason when a facet is outside its bounds', () => {
    const report = buildReport(
      {
        snapshot,
        series: [series('bias', 'DPPL', [0.05, 0.16], facet('female'))],
      },
      testConfig(),
      NOW,
    );
    expect(report.fairness?.bias).toHaveLength(1);
    expect(report.health.status).toBe('warning');
    expect(report.health.reasons).toContainEqual(
      expect.objectContaining({ source: 'bias', subject: 'DPPL' }),
    );
  });
});
