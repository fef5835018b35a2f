import fs from 'fs';
import path from 'path';
import { parseRunbook, Runbook } from './runbook';
import {
  evaluateSeverityRules,
  matchSeverityRule,
  parseSeverityCondition,
} from './severity';

const EXAMPLES = path.resolve(__dirname, '../../../examples/runbooks');

function example(name: string): Runbook {
  const result = parseRunbook(
    fs.readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8'),
  );
  if (!result.ok) throw new Error(`${name} must parse`);
  return result.runbook;
}

describe('parseSeverityCondition', () => {
  it.each([
    [
      'Model accuracy < 85%',
      { metric: 'accuracy', operator: '<', value: 85, unit: 'percent' },
    ],
    [
      'Accuracy < 75%',
      { metric: 'accuracy', operator: '<', value: 75, unit: 'percent' },
    ],
    [
      'Weighted F1 < 80%',
      { metric: 'weighted_f1', operator: '<', value: 80, unit: 'percent' },
    ],
    [
      'R2 < 0.7 for two consecutive runs',
      {
        metric: 'r2',
        operator: '<',
        value: 0.7,
        unit: 'number',
        qualifier: 'for two consecutive runs',
      },
    ],
    [
      'AUC < 0.7 on the champion variant',
      {
        metric: 'auc',
        operator: '<',
        value: 0.7,
        unit: 'number',
        qualifier: 'on the champion variant',
      },
    ],
    [
      'Drift score above 0.3 on any feature',
      {
        metric: 'drift_score',
        operator: '>',
        value: 0.3,
        unit: 'number',
        qualifier: 'on any feature',
      },
    ],
    [
      'Click-through rate < 2% for 1 hour',
      {
        metric: 'click_through_rate',
        operator: '<',
        value: 2,
        unit: 'percent',
        qualifier: 'for 1 hour',
      },
    ],
    [
      'accuracy<=0.8',
      { metric: 'accuracy', operator: '<=', value: 0.8, unit: 'number' },
    ],
    [
      'RMSE ≥ 15',
      { metric: 'rmse', operator: '>=', value: 15, unit: 'number' },
    ],
    [
      'rmse exceeds 12.5.',
      { metric: 'rmse', operator: '>', value: 12.5, unit: 'number' },
    ],
    [
      'Precision falls below 90 percent',
      { metric: 'precision', operator: '<', value: 90, unit: 'percent' },
    ],
    [
      'Recall is at least 95%',
      { metric: 'recall', operator: '>=', value: 95, unit: 'percent' },
    ],
    [
      'Turnover rate greater than or equal to 3',
      { metric: 'turnover_rate', operator: '>=', value: 3, unit: 'number' },
    ],
    [
      'Error rate less than or equal to -1',
      { metric: 'error_rate', operator: '<=', value: -1, unit: 'number' },
    ],
  ])('%s', (text, expected) => {
    expect(parseSeverityCondition(text)).toEqual(expected);
  });

  it.each([
    'Model is behaving strangely',
    'Latency is high',
    '< 85%',
    'accuracy < lots',
    '',
    'x'.repeat(600),
    42 as unknown as string,
  ])('gives undefined for %j', text => {
    expect(parseSeverityCondition(text)).toBeUndefined();
  });
});

describe('matchSeverityRule', () => {
  const fraud = example('fraud-detection-v2');

  it('compares a fractional accuracy against a percent condition', () => {
    const match = matchSeverityRule(fraud, [
      { metric: 'Accuracy', value: 0.6 },
    ]);
    expect(match).toMatchObject({
      status: 'matched',
      rule: { level: 1, immediateAction: 'Switch to fallback model' },
      observation: { value: 0.6 },
      qualifierIgnored: false,
    });
  });

  it('does not match an accuracy above the rule, in either scale', () => {
    expect(
      matchSeverityRule(fraud, [{ metric: 'accuracy', value: 0.9 }]),
    ).toBeUndefined();
    expect(
      matchSeverityRule(fraud, [{ metric: 'accuracy', value: 90 }]),
    ).toBeUndefined();
    expect(
      matchSeverityRule(fraud, [
        { metric: 'accuracy', value: 90, unit: 'percent' },
      ]),
    ).toBeUndefined();
  });

  it('treats the threshold itself as not breached for a strict comparison', () => {
    expect(
      matchSeverityRule(fraud, [{ metric: 'accuracy', value: 0.85 }]),
    ).toBeUndefined();
  });

  it('matches the drift rule when any feature drifts, naming the worst one', () => {
    const match = matchSeverityRule(fraud, [
      { metric: 'drift_score', value: 0.1, feature: 'amount' },
      { metric: 'drift_score', value: 0.52, feature: 'merchant' },
      { metric: 'drift_score', value: 0.31, feature: 'hour' },
      { metric: 'accuracy', value: 0.95 },
    ]);
    expect(match).toMatchObject({
      rule: { level: 2 },
      observation: { feature: 'merchant' },
      qualifierIgnored: false,
    });
  });

  it('prefers the most severe rule when several hold', () => {
    const match = matchSeverityRule(fraud, [
      { metric: 'drift_score', value: 0.9, feature: 'amount' },
      { metric: 'accuracy', value: 0.5 },
    ]);
    expect(match?.rule.level).toBe(1);
  });

  it('reads r2 conditions as fractions and flags qualifiers it cannot check', () => {
    const match = matchSeverityRule(example('demand-forecast'), [
      { metric: 'r2', value: 0.65 },
    ]);
    expect(match).toMatchObject({ rule: { level: 1 }, qualifierIgnored: true });
    expect(
      matchSeverityRule(example('demand-forecast'), [
        { metric: 'r2', value: 0.75 },
      ]),
    ).toBeUndefined();
  });

  it('compares a custom percent metric published with a Percent unit', () => {
    const runbook = example('recommendation-engine');
    expect(
      matchSeverityRule(runbook, [
        { metric: 'ClickThroughRate', value: 1.5, unit: 'percent' },
      ])?.rule.level,
    ).toBe(1);
    expect(
      matchSeverityRule(runbook, [{ metric: 'ClickThroughRate', value: 0.015 }])
        ?.rule.level,
    ).toBe(1);
    expect(
      matchSeverityRule(runbook, [{ metric: 'ClickThroughRate', value: 0.03 }]),
    ).toBeUndefined();
  });

  it('ignores observations that are not numbers', () => {
    expect(
      matchSeverityRule(fraud, [{ metric: 'accuracy', value: Number.NaN }]),
    ).toBeUndefined();
  });
});

describe('evaluateSeverityRules', () => {
  it('says for each rule whether it holds, lacks data or cannot be read', () => {
    const runbook = example('churn-prediction');
    runbook.incident_response.severity_3 = {
      condition: 'Customers complain on social media',
      immediate_action: 'Check',
      notification: 'Team channel',
      timeline: 'Next day',
    };
    const results = evaluateSeverityRules(runbook, [
      { metric: 'accuracy', value: 0.95 },
    ]);
    expect(results.map(r => [r.rule.level, r.status])).toEqual([
      [1, 'not-matched'],
      [2, 'no-data'],
      [3, 'not-machine-readable'],
    ]);
  });
});
