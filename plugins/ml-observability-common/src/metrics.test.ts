import {
  canonicalMetricName,
  formatMetricValue,
  metricDirection,
  metricInfo,
  normalizeMetricValue,
} from './metrics';

describe('canonicalMetricName', () => {
  it.each([
    ['accuracy', 'accuracy'],
    ['Accuracy', 'accuracy'],
    ['Model accuracy', 'accuracy'],
    ['f1_score', 'f1'],
    ['F1Score', 'f1'],
    ['F1', 'f1'],
    ['Weighted F1', 'weighted_f1'],
    ['weightedF1', 'weighted_f1'],
    ['weighted_f1_score', 'weighted_f1'],
    ['AUC', 'auc'],
    ['roc_auc', 'auc'],
    ['R2', 'r2'],
    ['R²', 'r2'],
    ['r_squared', 'r2'],
    ['RMSE', 'rmse'],
    ['Drift score', 'drift_score'],
    ['feature drift', 'drift_score'],
    ['Click-through rate', 'click_through_rate'],
    ['ClickThroughRate', 'click_through_rate'],
    ['FraudRate', 'fraud_rate'],
    ['model_latency', 'latency'],
    ['ModelLoadTime', 'model_load_time'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalMetricName(input)).toBe(expected);
  });
});

describe('metricDirection', () => {
  it.each([
    ['accuracy', 'higher-is-better'],
    ['precision', 'higher-is-better'],
    ['recall', 'higher-is-better'],
    ['f1_score', 'higher-is-better'],
    ['auc', 'higher-is-better'],
    ['r2', 'higher-is-better'],
    ['weighted_recall', 'higher-is-better'],
    ['rmse', 'lower-is-better'],
    ['mae', 'lower-is-better'],
    ['mse', 'lower-is-better'],
    ['log_loss', 'lower-is-better'],
    ['false_positive_rate', 'lower-is-better'],
    ['drift_score', 'lower-is-better'],
    ['SomethingCustom', 'higher-is-better'],
  ])('%s is %s', (metric, direction) => {
    expect(metricDirection(metric)).toBe(direction);
  });

  it('says when it guessed', () => {
    expect(metricInfo('SomethingCustom').known).toBe(false);
    expect(metricInfo('Accuracy').known).toBe(true);
  });
});

describe('normalizeMetricValue', () => {
  it.each<
    [string, number, 'percent' | 'fraction' | 'number' | undefined, number]
  >([
    ['accuracy', 92, undefined, 0.92],
    ['accuracy', 0.92, undefined, 0.92],
    ['accuracy', 1, undefined, 1],
    ['accuracy', 85, 'percent', 0.85],
    ['accuracy', 0.5, 'percent', 0.005],
    ['accuracy', 0.6, 'fraction', 0.6],
    ['r2', 0.85, undefined, 0.85],
    ['r2', 85, undefined, 0.85],
    ['r2', -0.4, undefined, -0.4],
    ['rmse', 12.5, undefined, 12.5],
    ['drift_score', 1.4, undefined, 1.4],
    ['FraudRate', 2, undefined, 2],
    ['FraudRate', 2, 'percent', 0.02],
    ['false_positive_rate', 5, undefined, 0.05],
  ])('%s %d (%s) → %d', (metric, value, unit, expected) => {
    expect(normalizeMetricValue(metric, value, unit)).toBeCloseTo(expected, 12);
  });

  it('makes a percent threshold and a fraction value comparable', () => {
    expect(normalizeMetricValue('accuracy', 0.6)).toBeLessThan(
      normalizeMetricValue('accuracy', 85),
    );
    expect(normalizeMetricValue('accuracy', 0.9)).toBeGreaterThan(
      normalizeMetricValue('accuracy', 85),
    );
  });
});

describe('formatMetricValue', () => {
  it.each([
    ['accuracy', 0.84, '84.0%'],
    ['weighted_f1', 0.9234, '92.3%'],
    ['r2', 0.8512, '0.851'],
    ['drift_score', 0.52, '0.52'],
    ['rmse', 1234.56, '1235'],
    ['rmse', 12.3456, '12.3'],
    ['accuracy', Number.NaN, 'NaN'],
  ])('%s %d → %s', (metric, value, text) => {
    expect(formatMetricValue(metric, value)).toBe(text);
  });
});
