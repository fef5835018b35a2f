import type {
  AlarmSeed,
  CompositeAlarmSeed,
  CustomMetricSpec,
  EndpointSpec,
  FeatureSpec,
  ProblemType,
  ScheduleSpec,
  VariantSpec,
} from '../sim/model';
import { Profile, fraction } from '../sim/profile';
import { NAMESPACES } from '../sim/series';

export type FeatureKind = 'int' | 'float' | 'cat';

/** A feature with a stable, low drift unless told otherwise. */
export function feature(
  name: string,
  kind: FeatureKind,
  drift?: Profile,
): FeatureSpec {
  return {
    name,
    drift: drift ?? fraction(kind === 'cat' ? 0.04 : 0.06, 0.012),
    nonNull: fraction(kind === 'cat' ? 0.998 : 0.992, 0.003),
    integral: fraction(kind === 'float' ? 0 : 1, 0),
  };
}

/** Healthy model-metrics per problem type; fractions like CloudWatch shows them. */
export function quality(
  problemType: ProblemType,
  overrides: Record<string, Profile> = {},
) {
  const base: Record<ProblemType, Record<string, Profile>> = {
    binary: {
      accuracy: fraction(0.93, 0.006),
      precision: fraction(0.91, 0.008),
      recall: fraction(0.89, 0.009),
      f1: fraction(0.9, 0.007),
      auc: fraction(0.95, 0.005),
    },
    multiclass: {
      accuracy: fraction(0.89, 0.007),
      weighted_f1: fraction(0.88, 0.008),
      weighted_precision: fraction(0.885, 0.008),
      weighted_recall: fraction(0.89, 0.007),
    },
    regression: {
      mae: { mean: 11.8, noise: 0.4, min: 0 },
      mse: { mean: 228, noise: 12, min: 0 },
      rmse: { mean: 15.1, noise: 0.4, min: 0 },
      r2: { mean: 0.88, noise: 0.01, max: 1 },
    },
  };
  return { ...base[problemType], ...overrides };
}

export function custom(
  name: string,
  unit: string,
  profile: Profile,
  intervalSeconds = 300,
): CustomMetricSpec {
  return { name, unit, intervalSeconds, profile };
}

const ECR: Record<string, { sagemaker: string; dlc: string }> = {
  'us-east-1': { sagemaker: '683313688378', dlc: '763104351884' },
  'eu-west-1': { sagemaker: '141502667606', dlc: '763104351884' },
};

export function image(
  region: string,
  framework: 'xgboost' | 'sklearn' | 'pytorch' | 'huggingface',
): string {
  const registry = ECR[region] ?? ECR['us-east-1'];
  switch (framework) {
    case 'xgboost':
      return `${registry.sagemaker}.dkr.ecr.${region}.amazonaws.com/sagemaker-xgboost:1.7-1`;
    case 'sklearn':
      return `${registry.sagemaker}.dkr.ecr.${region}.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3`;
    case 'pytorch':
      return `${registry.dlc}.dkr.ecr.${region}.amazonaws.com/pytorch-inference:2.1.0-cpu-py310`;
    default:
      return `${registry.dlc}.dkr.ecr.${region}.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-cpu-py310-ubuntu22.04`;
  }
}

export function variant(
  name: string,
  modelName: string,
  imageUri: string,
  options: Partial<VariantSpec> = {},
): VariantSpec {
  return {
    name,
    modelName,
    image: imageUri,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    weight: 1,
    invocationsPerMinute: 120,
    latencyMicros: 18_000,
    ...options,
  };
}

export function endpoint(
  name: string,
  account: string,
  createdAt: number,
  deployedAt: number,
  variants: VariantSpec[],
  options: Partial<EndpointSpec> & { capture?: number | false } = {},
): EndpointSpec {
  const { capture, ...rest } = options;
  return {
    name,
    configName: `${name}-config-${new Date(deployedAt)
      .toISOString()
      .slice(0, 10)
      .replace(/-/g, '')}`,
    status: 'InService',
    createdAt,
    lastModifiedAt: deployedAt,
    variants,
    ...(capture !== undefined && capture !== false
      ? {
          dataCapture: {
            enabled: true,
            status: 'Started',
            samplingPercentage: capture,
            destination: `s3://sagemaker-data-capture-${account}/${name}`,
          },
        }
      : {}),
    ...rest,
  };
}

export function schedule(
  endpointName: string,
  type: 'DataQuality' | 'ModelQuality' | 'ModelBias' | 'ModelExplainability',
  expression: string,
  createdAt: number,
  extra: Partial<ScheduleSpec> = {},
): ScheduleSpec {
  const suffix = type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  return {
    name: `${endpointName}-${suffix}`,
    type,
    expression,
    createdAt,
    publishMetrics: type === 'DataQuality' || type === 'ModelQuality',
    ...(type !== 'DataQuality'
      ? { jobDefinitionName: `${endpointName}-${suffix}-job` }
      : {}),
    ...extra,
  };
}

export interface AlarmOptions {
  account: string;
  region: string;
  createdAt: number;
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: string;
  period: number;
  comparison: string;
  threshold: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  treatMissingData?: string;
  topic?: string;
}

export function metricAlarm(o: AlarmOptions): AlarmSeed {
  const actions = o.topic
    ? [`arn:aws:sns:${o.region}:${o.account}:${o.topic}`]
    : [];
  return {
    account: o.account,
    region: o.region,
    createdAt: o.createdAt,
    input: {
      AlarmName: o.name,
      AlarmDescription: o.description,
      ActionsEnabled: true,
      AlarmActions: actions,
      OKActions: actions,
      Namespace: o.namespace,
      MetricName: o.metricName,
      Dimensions: Object.entries(o.dimensions).map(([Name, Value]) => ({
        Name,
        Value,
      })),
      Statistic: o.statistic,
      Period: o.period,
      EvaluationPeriods: o.evaluationPeriods ?? 1,
      DatapointsToAlarm: o.datapointsToAlarm ?? o.evaluationPeriods ?? 1,
      Threshold: o.threshold,
      ComparisonOperator: o.comparison,
      TreatMissingData: o.treatMissingData ?? 'missing',
    },
  };
}

export function compositeAlarm(
  o: Pick<
    AlarmOptions,
    'account' | 'region' | 'createdAt' | 'name' | 'description' | 'topic'
  > & { rule: string },
): CompositeAlarmSeed {
  const actions = o.topic
    ? [`arn:aws:sns:${o.region}:${o.account}:${o.topic}`]
    : [];
  return {
    account: o.account,
    region: o.region,
    createdAt: o.createdAt,
    composite: true,
    input: {
      AlarmName: o.name,
      AlarmDescription: o.description,
      ActionsEnabled: true,
      AlarmActions: actions,
      OKActions: actions,
      AlarmRule: o.rule,
    },
  };
}

/** Dimensions Model Monitor publishes its metrics with. */
export function monitorDimensions(endpointName: string, scheduleName: string) {
  return { Endpoint: endpointName, MonitoringSchedule: scheduleName };
}

export { NAMESPACES };
