import type { ModelSpec } from '../sim/model';
import { fraction } from '../sim/profile';
import { DAY } from '../util/time';
import {
  endpoint,
  feature,
  image,
  quality,
  schedule,
  variant,
} from './builders';
import { DEMO_ACCOUNTS, EVERY } from './demoAccounts';

/** The endpoint the model serves under the same name in both places. */
export const FRAUD_SCREENING_ENDPOINT = 'fraud-screening-prod';

/**
 * One catalog model, fraud-screening, served in two regions and accounts under one endpoint name:
 * in the primary account's us-east-1 (healthy) and in the EU account's eu-west-1, where
 * `merchant_country` has drifted since two days before `anchor` and accuracy is a little lower.
 * The catalog names the EU endpoint by its ARN; both have the same schedules, features and metric
 * names, so only their account and region tell them apart.
 */
export function multiRegionModels(anchor: number): ModelSpec[] {
  const created = anchor - 150 * DAY;
  const deployed = anchor - 20 * DAY;
  const monitored = anchor - 60 * DAY;
  const driftStart = anchor - 2 * DAY;
  const place = (
    where: { account: string; region: string },
    drifted: boolean,
  ): ModelSpec => ({
    account: where.account,
    region: where.region,
    createdAt: monitored,
    name: 'fraud-screening',
    problemType: 'binary',
    endpoint: endpoint(
      FRAUD_SCREENING_ENDPOINT,
      where.account,
      created,
      deployed,
      [
        variant(
          'AllTraffic',
          'fraud-screening-v3',
          image(where.region, 'xgboost'),
          { instanceCount: 2, invocationsPerMinute: 300 },
        ),
      ],
      { capture: 10 },
    ),
    features: [
      feature('amount', 'float'),
      feature(
        'merchant_country',
        'cat',
        drifted
          ? {
              ...fraction(0.05, 0.01),
              shift: { at: driftStart, mean: 0.46, rampMs: 6 * 3600 * 1000 },
            }
          : undefined,
      ),
      feature('card_age_days', 'int'),
    ],
    driftThreshold: 0.3,
    quality: quality('binary', {
      accuracy: fraction(drifted ? 0.9 : 0.95, 0.004),
    }),
    qualityRule: { metric: 'accuracy', threshold: 0.85, violatesWhen: 'below' },
    custom: [],
    schedules: [
      schedule(FRAUD_SCREENING_ENDPOINT, 'DataQuality', EVERY(2), monitored),
      schedule(FRAUD_SCREENING_ENDPOINT, 'ModelQuality', EVERY(2), monitored),
    ],
    tags: {
      model: 'fraud-screening',
      team: 'risk-ml-team',
      environment: 'production',
    },
  });
  return [place(DEMO_ACCOUNTS.primary, false), place(DEMO_ACCOUNTS.eu, true)];
}
