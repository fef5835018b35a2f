import type {
  AlarmSeed,
  FeatureSpec,
  ModelSpec,
  MonitoringType,
  ProblemType,
  Scenario,
} from '../sim/model';
import { fraction } from '../sim/profile';
import { combineSeed, uniform } from '../util/hash';
import { DAY, HOUR } from '../util/time';
import {
  NAMESPACES,
  custom,
  endpoint,
  feature,
  image,
  metricAlarm,
  monitorDimensions,
  quality,
  schedule,
  variant,
} from './builders';
import { DEMO_ACCOUNTS } from './demoAccounts';

export interface ScaleOptions {
  models: number;
  features: number;
  schedules: number;
}

const FEATURE_KINDS = ['cat', 'int', 'float'] as const;
const TYPES: MonitoringType[] = [
  'DataQuality',
  'ModelQuality',
  'ModelBias',
  'ModelExplainability',
];
const PROBLEMS: ProblemType[] = ['binary', 'multiclass', 'regression'];
const CADENCES: Array<[string, number]> = [
  ['cron(0 * ? * * *)', HOUR],
  ['cron(0 */2 ? * * *)', 2 * HOUR],
  ['cron(0 */6 ? * * *)', 6 * HOUR],
  ['cron(0 3 ? * * *)', 24 * HOUR],
];
const PRIMARY_METRIC: Record<
  ProblemType,
  { metric: string; threshold: number; below: boolean }
> = {
  binary: { metric: 'accuracy', threshold: 0.85, below: true },
  multiclass: { metric: 'weighted_f1', threshold: 0.8, below: true },
  regression: { metric: 'rmse', threshold: 20, below: false },
};

/** Behaviour shares of the scale fleet, picked per model from the seed. */
export const SCALE_SHARES = { drifting: 0.1, degraded: 0.05, failing: 0.03 };

/**
 * `scale-model-00001`... with endpoints, schedules, metrics and two alarms each; a deterministic
 * share drifts, degrades or has failing monitoring. Healthy models share their feature specs.
 */
export function scaleScenario(
  anchor: number,
  seed: string,
  options: ScaleOptions,
): Scenario {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const featureNames = Array.from(
    { length: options.features },
    (_, i) => `feature_${String(i + 1).padStart(2, '0')}`,
  );
  const healthyFeatures: FeatureSpec[] = featureNames.map((name, i) =>
    feature(name, FEATURE_KINDS[i % 3]),
  );
  const xgb = image(region, 'xgboost');
  const models: ModelSpec[] = [];
  const alarms: AlarmSeed[] = [];
  const scheduleTypes = TYPES.slice(
    0,
    Math.max(1, Math.min(4, options.schedules)),
  );
  for (let i = 1; i <= options.models; i++) {
    const name = `scale-model-${String(i).padStart(5, '0')}`;
    const endpointName = `${name}-endpoint`;
    const problem = PROBLEMS[i % 3];
    const [expression, interval] = CADENCES[i % CADENCES.length];
    const roll = uniform(combineSeed(seed, 'scale', name), 0);
    const eventAt =
      anchor -
      (1 +
        Math.floor(uniform(combineSeed(seed, 'scale-event', name), 0) * 20)) *
        DAY;
    const drifting = roll < SCALE_SHARES.drifting;
    const degraded =
      !drifting && roll < SCALE_SHARES.drifting + SCALE_SHARES.degraded;
    const failing =
      !drifting &&
      !degraded &&
      roll <
        SCALE_SHARES.drifting + SCALE_SHARES.degraded + SCALE_SHARES.failing;
    const features = drifting
      ? [
          {
            ...healthyFeatures[0],
            drift: fraction(0.05, 0.012, {
              shift: {
                at: eventAt,
                mean: 0.48,
                noise: 0.05,
                rampMs: 12 * HOUR,
              },
            }),
          },
          ...healthyFeatures.slice(1),
        ]
      : healthyFeatures;
    const primary = PRIMARY_METRIC[problem];
    const baseQuality = quality(problem);
    const qualityProfiles = degraded
      ? {
          ...baseQuality,
          [primary.metric]: {
            ...baseQuality[primary.metric],
            shift: {
              at: eventAt,
              mean: primary.below
                ? primary.threshold - 0.15
                : primary.threshold * 1.6,
            },
          },
        }
      : baseQuality;
    const createdAt = anchor - (60 + (i % 30)) * DAY;
    const monitored = anchor - 45 * DAY;
    models.push({
      account,
      region,
      name,
      problemType: problem,
      createdAt: monitored,
      endpoint: endpoint(
        endpointName,
        account,
        createdAt,
        anchor - (5 + (i % 25)) * DAY,
        [
          variant('AllTraffic', `${name}-v${1 + (i % 9)}`, xgb, {
            invocationsPerMinute: 20 + (i % 200),
          }),
        ],
        { capture: [10, 20, 50, 100][i % 4] },
      ),
      features,
      driftThreshold: 0.3,
      quality: qualityProfiles,
      qualityRule: {
        metric: primary.metric,
        threshold: primary.threshold,
        violatesWhen: primary.below ? 'below' : 'above',
      },
      custom: [
        custom(
          'Accuracy',
          'Percent',
          { mean: 92, noise: 0.6, min: 0, max: 100 },
          900,
        ),
      ],
      schedules: scheduleTypes.map(type =>
        schedule(endpointName, type, expression, monitored, {
          ...(failing && type === 'ModelQuality'
            ? {
                failure: {
                  since: eventAt,
                  reason: () =>
                    'AlgorithmError: Error while analysing the ground truth merge: no overlapping records between captured data and ground truth.',
                },
              }
            : {}),
        }),
      ),
      tags: { model: name, team: `team-${i % 12}`, environment: 'benchmark' },
    });
    const common = {
      account,
      region,
      createdAt: monitored,
      period: interval / 1000,
      topic: `ml-alerts-team-${i % 12}`,
    };
    alarms.push(
      metricAlarm({
        ...common,
        name: `${name}-drift`,
        description: `Baseline drift of ${featureNames[0]} above 0.3.`,
        namespace: NAMESPACES.dataMetrics,
        metricName: `feature_baseline_drift_${featureNames[0]}`,
        dimensions: monitorDimensions(
          endpointName,
          `${endpointName}-data-quality`,
        ),
        statistic: 'Maximum',
        comparison: 'GreaterThanThreshold',
        threshold: 0.3,
      }),
      scheduleTypes.includes('ModelQuality')
        ? metricAlarm({
            ...common,
            name: `${name}-quality`,
            description: `${primary.metric} of ${name} ${
              primary.below ? 'below' : 'above'
            } ${primary.threshold}.`,
            namespace: NAMESPACES.modelMetrics,
            metricName: primary.metric,
            dimensions: monitorDimensions(
              endpointName,
              `${endpointName}-model-quality`,
            ),
            statistic: 'Average',
            comparison: primary.below
              ? 'LessThanThreshold'
              : 'GreaterThanThreshold',
            threshold: primary.threshold,
          })
        : metricAlarm({
            ...common,
            period: 3600,
            name: `${name}-quality`,
            description: `Reported accuracy of ${name} below 85%.`,
            namespace: NAMESPACES.custom,
            metricName: 'Accuracy',
            dimensions: { ModelName: name },
            statistic: 'Average',
            comparison: 'LessThanThreshold',
            threshold: 85,
          }),
    );
  }
  return { anchor, models, alarms };
}
