import fs from 'fs';
import path from 'path';
import { parseRunbook, Runbook } from './runbook';
import {
  driftThresholdOf,
  isBusinessHours,
  isThresholdBreached,
  qualityThresholdInForce,
  validateBusinessHours,
} from './thresholds';

const EXAMPLES = path.resolve(__dirname, '../../../examples/runbooks');

function example(name: string): Runbook {
  const result = parseRunbook(
    fs.readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8'),
  );
  if (!result.ok) throw new Error(`${name} must parse`);
  return result.runbook;
}

describe('isBusinessHours', () => {
  const ny = { timeZone: 'America/New_York' };

  it.each([
    // Spring forward on Sunday 2024-03-10: 09:00 is 14:00Z before, 13:00Z after.
    ['Fri before DST, 08:30 EST', '2024-03-08T13:30:00Z', ny, false],
    ['Fri before DST, 09:00 EST', '2024-03-08T14:00:00Z', ny, true],
    ['Fri before DST, 17:30 EST', '2024-03-08T22:30:00Z', ny, true],
    ['Mon after DST, 09:30 EDT', '2024-03-11T13:30:00Z', ny, true],
    ['Mon after DST, 08:59 EDT', '2024-03-11T12:59:00Z', ny, false],
    [
      'Mon after DST, 18:00 EDT (end is exclusive)',
      '2024-03-11T22:00:00Z',
      ny,
      false,
    ],
    ['Mon after DST, 17:59 EDT', '2024-03-11T21:59:00Z', ny, true],
    ['Sat in the day', '2024-03-09T15:00:00Z', ny, false],
    ['Sun, the DST day itself', '2024-03-10T15:00:00Z', ny, false],
    // Fall back on Sunday 2024-11-03.
    ['Fri before fall back, 09:30 EDT', '2024-11-01T13:30:00Z', ny, true],
    ['Mon after fall back, 08:30 EST', '2024-11-04T13:30:00Z', ny, false],
    ['Mon after fall back, 09:30 EST', '2024-11-04T14:30:00Z', ny, true],
    // London moves on a different date (2024-03-31) than New York.
    [
      'London Fri 08:30 GMT',
      '2024-03-29T08:30:00Z',
      { timeZone: 'Europe/London' },
      false,
    ],
    [
      'London Tue 08:30Z = 09:30 BST',
      '2024-04-02T08:30:00Z',
      { timeZone: 'Europe/London' },
      true,
    ],
    // The UTC date and the local date differ.
    [
      'Tokyo Sun 09:30 JST',
      '2024-03-10T00:30:00Z',
      { timeZone: 'Asia/Tokyo' },
      false,
    ],
    [
      'Tokyo Mon 09:30 JST',
      '2024-03-11T00:30:00Z',
      { timeZone: 'Asia/Tokyo' },
      true,
    ],
    [
      'Los Angeles Fri 17:00 PST is Sat 01:00Z',
      '2024-03-09T01:00:00Z',
      { timeZone: 'America/Los_Angeles' },
      true,
    ],
    [
      'Custom window and days',
      '2024-03-09T10:00:00Z',
      { timeZone: 'UTC', start: '08:00', end: '12:00', days: [6, 7] },
      true,
    ],
    [
      'Sunday written as 0',
      '2024-03-10T10:00:00Z',
      { timeZone: 'UTC', days: [0] },
      true,
    ],
    [
      'Overnight window, Fri 23:00',
      '2024-03-08T23:00:00Z',
      { timeZone: 'UTC', start: '22:00', end: '06:00' },
      true,
    ],
    [
      'Overnight window, Sat 03:00 (started Fri)',
      '2024-03-09T03:00:00Z',
      { timeZone: 'UTC', start: '22:00', end: '06:00' },
      true,
    ],
    [
      'Overnight window, Mon 03:00 (started Sun)',
      '2024-03-11T03:00:00Z',
      { timeZone: 'UTC', start: '22:00', end: '06:00' },
      false,
    ],
    [
      'Whole day when start equals end',
      '2024-03-11T03:00:00Z',
      { timeZone: 'UTC', start: '00:00', end: '00:00' },
      true,
    ],
    [
      'Until 24:00',
      '2024-03-11T23:59:00Z',
      { timeZone: 'UTC', start: '09:00', end: '24:00' },
      true,
    ],
  ])('%s', (_, iso, options, expected) => {
    expect(isBusinessHours(new Date(iso), options)).toBe(expected);
  });

  it('throws a clear error on an invalid window', () => {
    expect(() =>
      isBusinessHours(new Date(), { timeZone: 'Nowhere/Here' }),
    ).toThrow(/timeZone "Nowhere\/Here" is not an IANA time zone/);
  });

  it.each([
    [{ timeZone: 'UTC' }, []],
    [{ timeZone: 'Bad/Zone' }, [/timeZone/]],
    [{ timeZone: 'UTC', start: '9:00' }, [/start "9:00"/]],
    [{ timeZone: 'UTC', end: '25:00' }, [/end "25:00"/]],
    [{ timeZone: 'UTC', days: [1, 8] }, [/ISO weekday/]],
    [{ timeZone: 'UTC', days: [1.5] }, [/ISO weekday/]],
  ])('validateBusinessHours(%j)', (options, problems) => {
    const found = validateBusinessHours(options);
    expect(found).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(found[i]).toMatch(p));
  });
});

describe('qualityThresholdInForce', () => {
  const fraud = example('fraud-detection-v2');
  const nyContext = { timeZone: 'America/New_York' };
  const mondayMorningNy = new Date('2024-03-11T15:00:00Z');
  const saturday = new Date('2024-03-09T15:00:00Z');

  it('uses the business-hours threshold in business hours, normalized', () => {
    expect(
      qualityThresholdInForce(fraud, nyContext, mondayMorningNy, 'Accuracy'),
    ).toEqual({
      metric: 'accuracy',
      value: 0.92,
      kind: 'business-hours',
      other: { value: 0.88, kind: 'off-hours' },
      timeZone: 'America/New_York',
      source: 'runbook',
    });
  });

  it('uses the off-hours threshold at the weekend', () => {
    expect(qualityThresholdInForce(fraud, nyContext, saturday)).toMatchObject({
      value: 0.88,
      kind: 'off-hours',
      other: { value: 0.92, kind: 'business-hours' },
    });
  });

  it('follows the configured window', () => {
    const context = { ...nyContext, businessHours: { days: [6] } };
    expect(qualityThresholdInForce(fraud, context, saturday)?.kind).toBe(
      'business-hours',
    );
  });

  it('reads fraction thresholds for r2 as fractions', () => {
    const forecast = example('demand-forecast');
    expect(
      qualityThresholdInForce(forecast, nyContext, mondayMorningNy, 'r2')
        ?.value,
    ).toBe(0.85);
  });

  it.each(['rmse', 'mae', 'false_positive_rate', 'FraudRate'])(
    'does not apply the shared threshold to %s',
    metric => {
      expect(
        qualityThresholdInForce(
          example('demand-forecast'),
          nyContext,
          mondayMorningNy,
          metric,
        ),
      ).toBeUndefined();
    },
  );

  it.each(['auc', 'click_through_rate'])(
    'does not apply the shared threshold to %s, a score the runbook does not list',
    metric => {
      // fraud-detection-v2 lists accuracy, precision, recall and f1_score
      expect(
        qualityThresholdInForce(fraud, nyContext, mondayMorningNy, metric),
      ).toBeUndefined();
      expect(
        qualityThresholdInForce(fraud, nyContext, mondayMorningNy, 'F1Score')
          ?.value,
      ).toBe(0.92);
    },
  );

  it('uses per-metric thresholds in the metric’s own unit', () => {
    const forecast = example('demand-forecast');
    forecast.monitoring_config.model_performance!.metric_thresholds = {
      RMSE: { business_hours_threshold: 12, off_hours_threshold: 15 },
    };
    expect(
      qualityThresholdInForce(forecast, nyContext, saturday, 'rmse'),
    ).toMatchObject({
      metric: 'rmse',
      value: 15,
      other: { value: 12 },
    });
  });

  it('falls back to config defaults, then to nothing', () => {
    const defaults = { businessHoursThreshold: 90, offHoursThreshold: 0.8 };
    expect(
      qualityThresholdInForce(
        undefined,
        { ...nyContext, defaults },
        mondayMorningNy,
        'auc',
      ),
    ).toMatchObject({
      value: 0.9,
      other: { value: 0.8 },
      source: 'config',
    });
    expect(
      qualityThresholdInForce(undefined, nyContext, mondayMorningNy, 'auc'),
    ).toBeUndefined();
  });
});

describe('isThresholdBreached', () => {
  it.each<[number, number, 'higher-is-better' | 'lower-is-better', boolean]>([
    [0.84, 0.92, 'higher-is-better', true],
    [0.92, 0.92, 'higher-is-better', false],
    [0.95, 0.92, 'higher-is-better', false],
    [14, 12, 'lower-is-better', true],
    [12, 12, 'lower-is-better', false],
    [10, 12, 'lower-is-better', false],
    [85 / 100, 0.85, 'higher-is-better', false],
  ])('%d vs %d (%s) → %s', (value, threshold, direction, expected) => {
    expect(isThresholdBreached(value, threshold, direction)).toBe(expected);
  });
});

describe('driftThresholdOf', () => {
  it('prefers the runbook alert_threshold over the fallback', () => {
    expect(driftThresholdOf(example('recommendation-engine'), 0.3)).toBe(0.25);
    expect(driftThresholdOf(undefined, 0.3)).toBe(0.3);
  });
});
