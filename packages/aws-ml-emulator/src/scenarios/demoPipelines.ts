import type { PipelineSpec } from '../sim/model';
import { DAY, HOUR } from '../util/time';
import { DEMO_ACCOUNTS } from './demoAccounts';

const RETRAINING_STEPS = [
  { name: 'PrepareTrainingData', type: 'Processing' },
  { name: 'TrainModel', type: 'Training' },
  { name: 'EvaluateModel', type: 'Processing' },
  { name: 'CheckQuality', type: 'Condition' },
  { name: 'RegisterModel', type: 'RegisterModel' },
];

/**
 * The retraining pipelines the demo's runbooks start: each has a few weekly runs before the
 * scenario's start. `FailFast=true` makes a run fail in its first step.
 */
export function demoPipelines(anchor: number): PipelineSpec[] {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const weekly = (weeks: number[], hour: number) =>
    weeks.map(w => ({
      startedAt: anchor - w * 7 * DAY - (anchor % DAY) + hour * HOUR,
      displayName: `scheduled-retraining-w${w}`,
    }));
  return [
    {
      account,
      region,
      name: 'recommendation-engine-retraining',
      displayName: 'Recommendation engine retraining',
      description:
        'Retrains recommendation-engine on the latest click data and registers it for approval.',
      createdAt: anchor - 120 * DAY,
      parameters: {
        LookbackDays: '30',
        TrainingInstanceType: 'ml.m5.2xlarge',
        ModelApprovalStatus: 'PendingManualApproval',
        Reason: 'scheduled',
        FailFast: 'false',
      },
      steps: RETRAINING_STEPS,
      runSeconds: 45 * 60,
      history: weekly([3, 2, 1], 2),
    },
    {
      account,
      region,
      name: 'churn-prediction-retraining',
      displayName: 'Churn prediction retraining',
      description:
        'Retrains churn-prediction with fresh ground truth labels and registers it for approval.',
      createdAt: anchor - 90 * DAY,
      parameters: {
        LookbackDays: '90',
        TrainingInstanceType: 'ml.m5.xlarge',
        ModelApprovalStatus: 'PendingManualApproval',
        Reason: 'scheduled',
        FailFast: 'false',
      },
      steps: RETRAINING_STEPS,
      runSeconds: 30 * 60,
      history: weekly([2, 1], 3),
    },
  ];
}
