import type {
  CreateModelQualityJobDefinitionRequest,
  CreateMonitoringScheduleRequest,
  MonitoringProblemType,
  MonitoringResources,
  ProcessingInstanceType,
  Tag,
} from '@aws-sdk/client-sagemaker';

const ENDPOINT_PATH = '/opt/ml/processing/input/endpoint';
const OUTPUT_PATH = '/opt/ml/processing/output';

/** Everything a Model Monitor schedule of an endpoint is made of. */
export interface ScheduleSettings {
  endpointName: string;
  scheduleExpression: string;
  /** S3 folder of statistics.json and constraints.json, without a trailing slash. */
  baseline: string;
  /** S3 folder of the reports, without a trailing slash. */
  output: string;
  roleArn: string;
  imageUri: string;
  instanceType: string;
  instanceCount: number;
  volumeSizeInGB: number;
  maxRuntimeInSeconds: number;
  publishCloudWatchMetrics: boolean;
  tags: Tag[];
  modelQuality?: {
    groundTruthS3Uri: string;
    problemType: MonitoringProblemType;
    constraintsS3Uri?: string;
    inferenceAttribute?: string;
    probabilityAttribute?: string;
    probabilityThresholdAttribute?: number;
  };
}

export function trimSlash(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/** The names the backend plugin and the alarms action look for. */
export function scheduleNames(endpointName: string) {
  return {
    dataQuality: `${endpointName}-data-quality`,
    modelQuality: `${endpointName}-model-quality`,
    jobDefinition: `${endpointName}-model-quality-job`,
  };
}

function resources(settings: ScheduleSettings): MonitoringResources {
  return {
    ClusterConfig: {
      InstanceCount: settings.instanceCount,
      InstanceType: settings.instanceType as ProcessingInstanceType,
      VolumeSizeInGB: settings.volumeSizeInGB,
    },
  };
}

function outputs(settings: ScheduleSettings, folder: string) {
  return {
    MonitoringOutputs: [
      {
        S3Output: {
          S3Uri: `${settings.output}/${folder}`,
          LocalPath: OUTPUT_PATH,
          S3UploadMode: 'EndOfJob' as const,
        },
      },
    ],
  };
}

function publishing(settings: ScheduleSettings): string {
  return settings.publishCloudWatchMetrics ? 'Enabled' : 'Disabled';
}

/** A data quality schedule with its job defined inline, against the baseline. */
export function dataQualityScheduleRequest(
  settings: ScheduleSettings,
): CreateMonitoringScheduleRequest {
  return {
    MonitoringScheduleName: scheduleNames(settings.endpointName).dataQuality,
    MonitoringScheduleConfig: {
      ScheduleConfig: { ScheduleExpression: settings.scheduleExpression },
      MonitoringType: 'DataQuality',
      MonitoringJobDefinition: {
        BaselineConfig: {
          ConstraintsResource: {
            S3Uri: `${settings.baseline}/constraints.json`,
          },
          StatisticsResource: { S3Uri: `${settings.baseline}/statistics.json` },
        },
        MonitoringInputs: [
          {
            EndpointInput: {
              EndpointName: settings.endpointName,
              LocalPath: ENDPOINT_PATH,
              S3InputMode: 'File',
              S3DataDistributionType: 'FullyReplicated',
            },
          },
        ],
        MonitoringOutputConfig: outputs(settings, 'data-quality'),
        MonitoringResources: resources(settings),
        MonitoringAppSpecification: { ImageUri: settings.imageUri },
        StoppingCondition: {
          MaxRuntimeInSeconds: settings.maxRuntimeInSeconds,
        },
        Environment: {
          dataset_source: ENDPOINT_PATH,
          output_path: OUTPUT_PATH,
          publish_cloudwatch_metrics: publishing(settings),
        },
        RoleArn: settings.roleArn,
      },
    },
    Tags: settings.tags,
  };
}

/** The model quality job: captured predictions merged with ground truth labels. */
export function modelQualityJobDefinitionRequest(
  settings: ScheduleSettings & {
    modelQuality: NonNullable<ScheduleSettings['modelQuality']>;
  },
): CreateModelQualityJobDefinitionRequest {
  const mq = settings.modelQuality;
  return {
    JobDefinitionName: scheduleNames(settings.endpointName).jobDefinition,
    ModelQualityBaselineConfig: {
      ConstraintsResource: {
        S3Uri:
          mq.constraintsS3Uri ??
          `${settings.baseline}/model-quality/constraints.json`,
      },
    },
    ModelQualityAppSpecification: {
      ImageUri: settings.imageUri,
      ProblemType: mq.problemType,
      Environment: { publish_cloudwatch_metrics: publishing(settings) },
    },
    ModelQualityJobInput: {
      EndpointInput: {
        EndpointName: settings.endpointName,
        LocalPath: ENDPOINT_PATH,
        ...(mq.inferenceAttribute !== undefined
          ? { InferenceAttribute: mq.inferenceAttribute }
          : {}),
        ...(mq.probabilityAttribute !== undefined
          ? { ProbabilityAttribute: mq.probabilityAttribute }
          : {}),
        ...(mq.probabilityThresholdAttribute !== undefined
          ? { ProbabilityThresholdAttribute: mq.probabilityThresholdAttribute }
          : {}),
      },
      GroundTruthS3Input: { S3Uri: trimSlash(mq.groundTruthS3Uri) },
    },
    ModelQualityJobOutputConfig: outputs(settings, 'model-quality'),
    JobResources: resources(settings),
    RoleArn: settings.roleArn,
    StoppingCondition: { MaxRuntimeInSeconds: settings.maxRuntimeInSeconds },
    Tags: settings.tags,
  };
}

/** The model quality schedule, running the job definition. */
export function modelQualityScheduleRequest(
  settings: ScheduleSettings,
): CreateMonitoringScheduleRequest {
  const names = scheduleNames(settings.endpointName);
  return {
    MonitoringScheduleName: names.modelQuality,
    MonitoringScheduleConfig: {
      ScheduleConfig: { ScheduleExpression: settings.scheduleExpression },
      MonitoringType: 'ModelQuality',
      MonitoringJobDefinitionName: names.jobDefinition,
    },
    Tags: settings.tags,
  };
}
