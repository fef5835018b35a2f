import type { ModelSpec } from '../sim/model';
import { fraction } from '../sim/profile';
import { DAY, HOUR } from '../util/time';
import { custom, feature } from './builders';
import { DEMO_ACCOUNTS } from './demoAccounts';

/**
 * The demo models whose drift comes from a drift job of their owners' own (no Model Monitor, no
 * schedules), publishing to `ML/Drift` with `ModelName=<model>`:
 * - claims-triage, the dimension shape: `drift_score` with `Feature=<feature>`; claim_amount has
 *   drifted for two days, repair_shop_region stopped being published ten days ago (listed, but no
 *   datapoint within the collector's lookback: "no data");
 * - ad-click-ranker, the name-pattern shape: `feature_drift_<feature>`, plus the dataset-level
 *   `share_of_drifted_columns`; ad_position has drifted for three days, and its annotation caps
 *   the features read at three of five.
 */
export function customDriftModels(anchor: number): ModelSpec[] {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const created = anchor - 90 * DAY;
  const tags = (model: string, team: string) => ({
    model,
    team,
    environment: 'production',
  });
  const drifted = (at: number, mean: number) =>
    fraction(0.05, 0.01, {
      shift: { at, mean, noise: 0.03, rampMs: 6 * HOUR },
    });
  return [
    {
      account,
      region,
      createdAt: created,
      name: 'claims-triage',
      problemType: 'binary',
      features: [
        feature('claim_amount', 'float', drifted(anchor - 2 * DAY, 0.41)),
        feature('policy_age_days', 'int'),
        feature('incident_type', 'cat'),
        feature('repair_shop_region', 'cat'),
        feature('prior_claims', 'int'),
      ],
      driftThreshold: 0.25,
      quality: {},
      custom: [
        custom('Accuracy', 'Percent', {
          mean: 91.5,
          noise: 0.4,
          min: 0,
          max: 100,
        }),
      ],
      driftJob: {
        shape: 'dimension',
        metricName: 'drift_score',
        featureDimension: 'Feature',
        prefix: '',
        intervalSeconds: 3600,
        threshold: 0.25,
        stoppedAt: { repair_shop_region: anchor - 10 * DAY },
      },
      schedules: [],
      tags: tags('claims-triage', 'risk-ml-team'),
    },
    {
      account,
      region,
      createdAt: created,
      name: 'ad-click-ranker',
      problemType: 'binary',
      features: [
        feature('ad_position', 'int', drifted(anchor - 3 * DAY, 0.48)),
        feature('bid_price', 'float'),
        feature('campaign_age_days', 'int'),
        feature('device_type', 'cat'),
        feature('user_segment', 'cat'),
      ],
      driftThreshold: 0.3,
      quality: {},
      custom: [],
      driftJob: {
        shape: 'pattern',
        metricName: '',
        featureDimension: '',
        prefix: 'feature_drift_',
        intervalSeconds: 3600,
        threshold: 0.3,
        shareMetric: 'share_of_drifted_columns',
      },
      schedules: [],
      tags: tags('ad-click-ranker', 'personalization-team'),
    },
  ];
}
