import fs from 'fs';
import path from 'path';
import { stringify } from 'yaml';
import {
  biasThresholdOf,
  CLARIFY_INFINITY,
  formatClarifyValue,
  formatBiasThreshold,
  formatDimensions,
  isBiasBreached,
} from './fairness';
import { computeHealth } from './health';
import { parseRunbook, Runbook } from './runbook';
import type { BiasItem } from './types';

const VALID = fs.readFileSync(
  path.resolve(__dirname, '../../../examples/runbooks/fraud-detection-v2.yaml'),
  'utf8',
);

function withBias(bias: unknown): string {
  const result = parseRunbook(VALID);
  if (!result.ok) throw new Error('fixture must parse');
  const doc = JSON.parse(JSON.stringify(result.runbook));
  doc.monitoring_config.bias = bias;
  return stringify(doc);
}

function runbookWith(bias: unknown): Runbook {
  const result = parseRunbook(withBias(bias));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runbook;
}

describe('monitoring_config.bias in a runbook', () => {
  it('accepts min, max and abs_max per metric', () => {
    const runbook = runbookWith({
      metrics: { DPPL: { abs_max: 0.1 }, DI: { min: 0.8, max: 1.25 } },
    });
    expect(runbook.monitoring_config.bias?.metrics.DI).toEqual({
      min: 0.8,
      max: 1.25,
    });
  });

  it.each([
    [
      'no bound',
      { metrics: { DPPL: {} } },
      'monitoring_config.bias.metrics.DPPL',
      /at least one of min, max and abs_max/,
    ],
    [
      'min above max',
      { metrics: { DI: { min: 1.3, max: 1.25 } } },
      'monitoring_config.bias.metrics.DI.min',
      /min \(1.3\) to be at most max \(1.25\)/,
    ],
    [
      'a negative abs_max',
      { metrics: { DPPL: { abs_max: -0.1 } } },
      'monitoring_config.bias.metrics.DPPL.abs_max',
      /at least 0/,
    ],
    [
      'a bound as text',
      { metrics: { DPPL: { max: 'low' } } },
      'monitoring_config.bias.metrics.DPPL.max',
      /expected a number, got "low"/,
    ],
    [
      'no metrics',
      { metrics: {} },
      'monitoring_config.bias.metrics',
      /at least one bias metric/,
    ],
    [
      'a list instead of a mapping',
      ['DPPL'],
      'monitoring_config.bias',
      /mapping with metrics/,
    ],
  ])('%s → an error at the field', (_, bias, errorPath, message) => {
    const result = parseRunbook(withBias(bias));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find(e => e.path === errorPath);
    expect(error?.message).toMatch(message);
  });
});

describe('bias thresholds', () => {
  const runbook = runbookWith({
    metrics: {
      bias_metric_DPPL: { abs_max: 0.1 },
      di: { min: 0.8, max: 1.25 },
    },
  });

  it('finds a metric by its short name, ignoring case and the bias_metric_ prefix', () => {
    expect(biasThresholdOf(runbook, 'DPPL')).toEqual({ absMax: 0.1 });
    expect(biasThresholdOf(runbook, 'bias_metric_DI')).toEqual({
      min: 0.8,
      max: 1.25,
    });
    expect(biasThresholdOf(runbook, 'CI')).toBeUndefined();
    expect(biasThresholdOf(undefined, 'DPPL')).toBeUndefined();
  });

  it('breaches outside the bounds, not on them', () => {
    expect(isBiasBreached(0.1, { absMax: 0.1 })).toBe(false);
    expect(isBiasBreached(-0.12, { absMax: 0.1 })).toBe(true);
    expect(isBiasBreached(0.79, { min: 0.8, max: 1.25 })).toBe(true);
    expect(isBiasBreached(1.3, { min: 0.8, max: 1.25 })).toBe(true);
    expect(isBiasBreached(1, { min: 0.8, max: 1.25 })).toBe(false);
  });

  it('reads the value Clarify publishes for infinity as infinite', () => {
    expect(formatClarifyValue(CLARIFY_INFINITY)).toBe('+∞');
    expect(formatClarifyValue(-CLARIFY_INFINITY)).toBe('−∞');
    expect(formatClarifyValue(0.123456)).toBe('0.123');
    expect(isBiasBreached(CLARIFY_INFINITY, { max: 1.25 })).toBe(true);
  });

  it('formats bounds and dimensions for people', () => {
    expect(formatBiasThreshold({ min: 0.8, max: 1.25 })).toBe('0.8 to 1.25');
    expect(formatBiasThreshold({ max: 0.2 })).toBe('≤ 0.2');
    expect(formatBiasThreshold({ absMax: 0.1 })).toBe('|x| ≤ 0.1');
    expect(
      formatDimensions([
        { name: 'Facet', value: 'gender' },
        { name: 'FacetValue', value: 'female' },
      ]),
    ).toBe('Facet=gender, FacetValue=female');
  });
});

describe('the verdict with bias', () => {
  const NOW = new Date('2024-03-11T15:00:00Z');
  const bias = (over: Partial<BiasItem> = {}): BiasItem => ({
    metric: 'DPPL',
    dimensions: [
      { name: 'Facet', value: 'gender' },
      { name: 'FacetValue', value: 'female' },
    ],
    latest: 0.05,
    threshold: { absMax: 0.1 },
    breached: false,
    source: 'model-monitor',
    endpointName: 'loan-approval-prod',
    series: [],
    ...over,
  });
  const inputs = (items: BiasItem[]) => ({
    collectedAt: '2024-03-11T14:55:00Z',
    fairness: { bias: items, attribution: [], attributionCount: 0 },
  });

  it('warns when a bias metric is outside its bounds, naming the facet', () => {
    const health = computeHealth(
      inputs([bias({ latest: 0.18, breached: true })]),
      NOW,
    );
    expect(health.status).toBe('warning');
    expect(health.reasons[0]).toEqual({
      severity: 'warning',
      source: 'bias',
      subject: 'DPPL',
      message:
        'Bias metric DPPL 0.18 (Facet=gender, FacetValue=female) on endpoint loan-approval-prod is outside its bounds |x| ≤ 0.1',
    });
  });

  it('counts bias within bounds as known data: healthy, not unknown', () => {
    expect(computeHealth(inputs([bias()]), NOW).status).toBe('healthy');
  });
});
