import type { ModelSpec } from '../sim/model';
import { fraction } from '../sim/profile';
import { DAY, HOUR } from '../util/time';
import { endpoint, image, schedule, variant } from './builders';
import { DEMO_ACCOUNTS, HOURLY } from './demoAccounts';

/**
 * The demo model with SageMaker Clarify monitors (loan-approval): an hourly ModelBias schedule
 * whose DPPL for the facet gender=female drifts past the runbook's bound two days before
 * `anchor`, and an hourly ModelExplainability schedule in which zip_code's attribution climbs
 * over the last day (a proxy feature gaining weight) while the others stay put.
 */
export function fairnessModels(anchor: number): ModelSpec[] {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const created = anchor - 90 * DAY;
  const deployed = anchor - 30 * DAY;
  const monitored = anchor - 45 * DAY;
  const biasShift = anchor - 2 * DAY;
  const steady = (mean: number, noise = 0.004) => fraction(mean, noise);
  return [
    {
      account,
      region,
      createdAt: monitored,
      name: 'loan-approval',
      problemType: 'binary',
      endpoint: endpoint(
        'loan-approval-prod',
        account,
        created,
        deployed,
        [
          variant('AllTraffic', 'loan-approval-v3', image(region, 'xgboost'), {
            invocationsPerMinute: 80,
          }),
        ],
        { capture: 50 },
      ),
      features: [],
      driftThreshold: 0.3,
      quality: {},
      custom: [],
      bias: {
        label: 'approved',
        labelValue: '1',
        stage: 'Post-training',
        violationAbove: 0.1,
        facets: [
          {
            facet: 'gender',
            value: 'female',
            metrics: {
              DPPL: fraction(0.04, 0.006, {
                shift: { at: biasShift, mean: 0.16, rampMs: 6 * HOUR },
              }),
              DI: { mean: 0.95, noise: 0.01, min: 0 },
            },
          },
          {
            facet: 'gender',
            value: 'male',
            metrics: {
              DPPL: fraction(0.02, 0.005),
              DI: { mean: 1.02, noise: 0.01, min: 0 },
            },
          },
        ],
      },
      attribution: {
        label: 'approved',
        features: {
          income: steady(0.31),
          credit_history_months: steady(0.22),
          loan_amount: steady(0.17),
          employment_years: steady(0.09),
          // Climbs over the last day, so even a 24 h window shows the move.
          zip_code: fraction(0.03, 0.003, {
            shift: { at: anchor - 22 * HOUR, mean: 0.14, rampMs: 20 * HOUR },
          }),
          existing_loans: steady(0.06),
        },
      },
      schedules: [
        schedule('loan-approval-prod', 'ModelBias', HOURLY, monitored, {
          publishMetrics: true,
        }),
        schedule(
          'loan-approval-prod',
          'ModelExplainability',
          HOURLY,
          monitored,
          { publishMetrics: true },
        ),
      ],
      tags: {
        model: 'loan-approval',
        team: 'ml-platform-team',
        environment: 'production',
      },
    },
  ];
}
