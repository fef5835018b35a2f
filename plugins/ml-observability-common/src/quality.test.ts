import fs from 'fs';
import path from 'path';
import { evaluateQuality } from './quality';
import { parseRunbook, Runbook } from './runbook';

const EXAMPLES = path.resolve(__dirname, '../../../examples/runbooks');

function example(name: string): Runbook {
  const result = parseRunbook(
    fs.readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8'),
  );
  if (!result.ok) throw new Error(`${name} must parse`);
  return result.runbook;
}

const context = { timeZone: 'America/New_York' };
const businessHours = new Date('2024-03-11T15:00:00Z');
const weekend = new Date('2024-03-09T15:00:00Z');

describe('evaluateQuality', () => {
  it('breaches a fraction below a percent threshold in business hours', () => {
    expect(
      evaluateQuality(
        { metric: 'Accuracy', value: 0.9 },
        example('fraud-detection-v2'),
        context,
        businessHours,
      ),
    ).toEqual({
      metric: 'accuracy',
      label: 'Accuracy',
      latest: 0.9,
      threshold: {
        value: 0.92,
        kind: 'business-hours',
        timeZone: 'America/New_York',
      },
      otherThreshold: { value: 0.88, kind: 'off-hours' },
      direction: 'higher-is-better',
      display: 'percent',
      breached: true,
    });
  });

  it('does not breach the same value against the looser off-hours threshold', () => {
    const verdict = evaluateQuality(
      { metric: 'accuracy', value: 90, unit: 'percent' },
      example('fraud-detection-v2'),
      context,
      weekend,
    );
    expect(verdict).toMatchObject({
      latest: 0.9,
      threshold: { value: 0.88, kind: 'off-hours' },
      breached: false,
    });
  });

  it('judges error metrics downwards with per-metric thresholds', () => {
    const runbook = example('demand-forecast');
    runbook.monitoring_config.model_performance!.metric_thresholds = {
      rmse: { business_hours_threshold: 12, off_hours_threshold: 15 },
    };
    expect(
      evaluateQuality(
        { metric: 'rmse', value: 13 },
        runbook,
        context,
        businessHours,
      ),
    ).toMatchObject({
      direction: 'lower-is-better',
      display: 'number',
      breached: true,
    });
    expect(
      evaluateQuality({ metric: 'rmse', value: 13 }, runbook, context, weekend)
        .breached,
    ).toBe(false);
  });

  it('never breaches without a threshold or a number', () => {
    const verdict = evaluateQuality(
      { metric: 'mae', value: 1e9 },
      example('demand-forecast'),
      context,
      businessHours,
    );
    expect(verdict.breached).toBe(false);
    expect(verdict.threshold).toBeUndefined();
    expect(
      evaluateQuality(
        { metric: 'accuracy', value: Number.NaN },
        example('fraud-detection-v2'),
        context,
        businessHours,
      ).breached,
    ).toBe(false);
  });
});
