import type { ModelSpec } from '../sim/model';
import { fraction } from '../sim/profile';
import { DAY, HOUR, datePath } from '../util/time';
import {
  custom,
  endpoint,
  feature,
  image,
  quality,
  schedule,
  variant,
} from './builders';
import { DAILY_AT, DEMO_ACCOUNTS, EVERY, HOURLY } from './demoAccounts';

/**
 * The demo models whose data tells a story: custom metrics only (fraud-detection-v2), seasonal
 * drift (recommendation-engine, which recovers while its endpoint's traffic goes to the
 * popularity-fallback variant), a sudden quality drop (churn-prediction) and failing
 * monitoring (demand-forecast). All events are relative to `anchor`.
 */
export function storyModels(anchor: number): ModelSpec[] {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const created = anchor - 120 * DAY;
  const deployed = anchor - 35 * DAY;
  const monitored = anchor - 60 * DAY;
  const driftStart = anchor - 10 * DAY;
  const qualityDrop = anchor - 3 * DAY;
  const base = { account, region, createdAt: monitored };
  const tags = (model: string, team: string) => ({
    model,
    team,
    environment: 'production',
  });
  return [
    {
      ...base,
      name: 'fraud-detection-v2',
      problemType: 'binary',
      features: [],
      driftThreshold: 0.3,
      quality: {},
      custom: [
        custom('Accuracy', 'Percent', {
          mean: 94.5,
          noise: 0.35,
          min: 0,
          max: 100,
        }),
        custom('Precision', 'Percent', {
          mean: 94.6,
          noise: 0.5,
          min: 0,
          max: 100,
        }),
        custom('Recall', 'Percent', {
          mean: 93.8,
          noise: 0.6,
          min: 0,
          max: 100,
        }),
        custom('F1Score', 'Percent', {
          mean: 94.2,
          noise: 0.45,
          min: 0,
          max: 100,
        }),
        custom('FraudRate', 'Percent', { mean: 0.8, noise: 0.06, min: 0 }),
        custom('TransactionVolume', 'Count', {
          mean: 15000,
          noise: 900,
          diurnal: 0.4,
          min: 0,
          integer: true,
        }),
      ],
      schedules: [],
      tags: tags('fraud-detection-v2', 'ml-platform-team'),
    },
    {
      ...base,
      name: 'recommendation-engine',
      problemType: 'binary',
      endpoint: endpoint(
        'recommendation-engine-prod',
        account,
        created,
        deployed,
        [
          variant(
            'AllTraffic',
            'recommendation-engine-v14',
            image(region, 'xgboost'),
            { instanceCount: 2, invocationsPerMinute: 900 },
          ),
          // The runbook's fallback: a popularity-based recommender, standing by without traffic.
          variant(
            'popularity-fallback',
            'recommendation-popularity-v3',
            image(region, 'sklearn'),
            {
              instanceType: 'ml.c5.large',
              weight: 0,
              invocationsPerMinute: 900,
              latencyMicros: 6_000,
            },
          ),
        ],
        { capture: 20 },
      ),
      features: [
        feature(
          'season',
          'cat',
          fraction(0.05, 0.01, {
            shift: {
              at: driftStart,
              mean: 0.52,
              noise: 0.04,
              rampMs: 6 * HOUR,
            },
          }),
        ),
        feature('user_tenure_days', 'int'),
        feature('items_viewed_7d', 'int'),
        feature('device_type', 'cat'),
        feature('hour_of_day', 'int'),
        feature('basket_value', 'float'),
      ],
      driftThreshold: 0.25,
      quality: quality('binary', {
        accuracy: fraction(0.91, 0.006, {
          shift: { at: driftStart, mean: 0.88, rampMs: DAY },
        }),
      }),
      qualityRule: {
        metric: 'accuracy',
        threshold: 0.85,
        violatesWhen: 'below',
      },
      custom: [
        custom('ClickThroughRate', 'Percent', {
          mean: 4.5,
          noise: 0.15,
          diurnal: 0.08,
          min: 0,
          shift: { at: driftStart, mean: 2.5, noise: 0.12, rampMs: 6 * HOUR },
        }),
      ],
      schedules: [
        schedule(
          'recommendation-engine-prod',
          'DataQuality',
          HOURLY,
          monitored,
        ),
        schedule(
          'recommendation-engine-prod',
          'ModelQuality',
          HOURLY,
          monitored,
        ),
      ],
      // Traffic on popularity-fallback does not see the season shift: drift and CTR recover.
      fallbackRelief: {
        variant: 'popularity-fallback',
        timeConstantMs: HOUR,
        features: ['season'],
        custom: ['ClickThroughRate'],
      },
      tags: tags('recommendation-engine', 'personalization-team'),
    },
    {
      ...base,
      name: 'churn-prediction',
      problemType: 'binary',
      endpoint: endpoint(
        'churn-prediction-prod',
        account,
        created,
        deployed,
        [
          variant(
            'AllTraffic',
            'churn-prediction-v7',
            image(region, 'sklearn'),
            { instanceType: 'ml.c5.xlarge', instanceCount: 2 },
          ),
        ],
        { capture: 100 },
      ),
      features: [
        feature('tenure_months', 'int'),
        feature('monthly_charges', 'float'),
        feature('support_tickets_30d', 'int'),
        feature('contract_type', 'cat'),
        feature('payment_method', 'cat'),
      ],
      driftThreshold: 0.3,
      quality: quality('binary', {
        accuracy: fraction(0.95, 0.005, {
          shift: { at: qualityDrop, mean: 0.6, noise: 0.015 },
        }),
        precision: fraction(0.93, 0.007, {
          shift: { at: qualityDrop, mean: 0.55, noise: 0.02 },
        }),
        recall: fraction(0.91, 0.008, {
          shift: { at: qualityDrop, mean: 0.48, noise: 0.02 },
        }),
        f1: fraction(0.92, 0.006, {
          shift: { at: qualityDrop, mean: 0.51, noise: 0.02 },
        }),
        auc: fraction(0.97, 0.004, {
          shift: { at: qualityDrop, mean: 0.66, noise: 0.015 },
        }),
      }),
      qualityRule: {
        metric: 'accuracy',
        threshold: 0.85,
        violatesWhen: 'below',
      },
      custom: [],
      schedules: [
        schedule('churn-prediction-prod', 'DataQuality', EVERY(2), monitored),
        schedule('churn-prediction-prod', 'ModelQuality', HOURLY, monitored),
      ],
      tags: tags('churn-prediction', 'customer-insights-team'),
    },
    {
      ...base,
      name: 'demand-forecast',
      problemType: 'regression',
      endpoint: endpoint(
        'demand-forecast-prod',
        account,
        created,
        deployed,
        [
          variant(
            'AllTraffic',
            'demand-forecast-v3',
            image(region, 'xgboost'),
            { instanceType: 'ml.m5.2xlarge', invocationsPerMinute: 300 },
          ),
        ],
        { capture: 10 },
      ),
      features: [
        feature('store_id', 'cat'),
        feature('sku_category', 'cat'),
        feature('promo_flag', 'int'),
        feature('price', 'float'),
        feature('day_of_week', 'int'),
        feature('temperature', 'float'),
      ],
      driftThreshold: 0.35,
      quality: quality('regression'),
      qualityRule: { metric: 'r2', threshold: 0.7, violatesWhen: 'below' },
      custom: [],
      schedules: [
        schedule('demand-forecast-prod', 'DataQuality', DAILY_AT(0), monitored),
        schedule(
          'demand-forecast-prod',
          'ModelQuality',
          DAILY_AT(6),
          monitored,
          {
            failure: {
              sinceLastFinishedBefore: anchor,
              reason: at =>
                `ClientError: Ground truth labels not found at s3://demand-forecast-ground-truth/${datePath(
                  at,
                )}/ . Upload the ground truth for the analysis window before the monitoring job starts.`,
            },
          },
        ),
      ],
      tags: tags('demand-forecast', 'ml-platform-team'),
    },
  ];
}
