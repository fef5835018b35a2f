import {
  CreateModelQualityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  DescribeModelQualityJobDefinitionCommand,
  DescribeModelQualityJobDefinitionResponse,
  DescribeMonitoringScheduleCommand,
  DescribeMonitoringScheduleResponse,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '@backstage/errors';
import { isNotFound, SendingClient } from '../aws/clients';
import {
  dataQualityScheduleRequest,
  modelQualityJobDefinitionRequest,
  modelQualityScheduleRequest,
  ScheduleSettings,
  scheduleNames,
} from './requests';

export interface ScheduleOutcome {
  name: string;
  type: 'DataQuality' | 'ModelQuality';
  status: 'created' | 'unchanged' | 'would-create';
}

interface Options {
  dryRun: boolean;
  /** "123456789012/us-east-1", for messages. */
  where: string;
}

/** Differences between what exists and what is asked for, as "field: has X, asked Y". */
function differences(pairs: Array<[string, unknown, unknown]>): string[] {
  return pairs
    .filter(([, has, asked]) => JSON.stringify(has) !== JSON.stringify(asked))
    .map(
      ([field, has, asked]) =>
        `${field}: has ${JSON.stringify(has)}, asked ${JSON.stringify(asked)}`,
    );
}

function refuseDifferent(
  what: string,
  where: string,
  diff: string[],
  advice: string,
) {
  if (diff.length > 0) {
    throw new InputError(
      `${what} already exists in ${where} with other settings (${diff.join(
        '; ',
      )}); ${advice}`,
    );
  }
}

const DO_NOT_OVERWRITE =
  'update or delete it in SageMaker, this action does not overwrite schedules';

async function describeSchedule(
  sagemaker: SendingClient,
  name: string,
): Promise<DescribeMonitoringScheduleResponse | undefined> {
  try {
    return await sagemaker.send(
      new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }),
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function describeJobDefinition(
  sagemaker: SendingClient,
  name: string,
): Promise<DescribeModelQualityJobDefinitionResponse | undefined> {
  try {
    return await sagemaker.send(
      new DescribeModelQualityJobDefinitionCommand({ JobDefinitionName: name }),
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Creates the data quality schedule unless one with these settings exists; never overwrites another. */
export async function ensureDataQualitySchedule(
  sagemaker: SendingClient,
  settings: ScheduleSettings,
  options: Options,
): Promise<ScheduleOutcome> {
  const name = scheduleNames(settings.endpointName).dataQuality;
  const existing = await describeSchedule(sagemaker, name);
  if (existing) {
    const job = existing.MonitoringScheduleConfig?.MonitoringJobDefinition;
    refuseDifferent(
      `monitoring schedule ${name}`,
      options.where,
      differences([
        ['MonitoringType', existing.MonitoringType, 'DataQuality'],
        [
          'ScheduleExpression',
          existing.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression,
          settings.scheduleExpression,
        ],
        [
          'EndpointName',
          existing.EndpointName ??
            job?.MonitoringInputs?.[0]?.EndpointInput?.EndpointName,
          settings.endpointName,
        ],
        [
          'BaselineConfig.ConstraintsResource',
          job?.BaselineConfig?.ConstraintsResource?.S3Uri,
          `${settings.baseline}/constraints.json`,
        ],
        [
          'BaselineConfig.StatisticsResource',
          job?.BaselineConfig?.StatisticsResource?.S3Uri,
          `${settings.baseline}/statistics.json`,
        ],
      ]),
      DO_NOT_OVERWRITE,
    );
    return { name, type: 'DataQuality', status: 'unchanged' };
  }
  if (options.dryRun)
    return { name, type: 'DataQuality', status: 'would-create' };
  await sagemaker.send(
    new CreateMonitoringScheduleCommand(dataQualityScheduleRequest(settings)),
  );
  return { name, type: 'DataQuality', status: 'created' };
}

/** Creates the model quality job definition and schedule, reusing an equal job definition. */
export async function ensureModelQualitySchedule(
  sagemaker: SendingClient,
  settings: ScheduleSettings & {
    modelQuality: NonNullable<ScheduleSettings['modelQuality']>;
  },
  options: Options,
): Promise<ScheduleOutcome> {
  const names = scheduleNames(settings.endpointName);
  const existing = await describeSchedule(sagemaker, names.modelQuality);
  if (existing) {
    refuseDifferent(
      `monitoring schedule ${names.modelQuality}`,
      options.where,
      differences([
        ['MonitoringType', existing.MonitoringType, 'ModelQuality'],
        [
          'ScheduleExpression',
          existing.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression,
          settings.scheduleExpression,
        ],
        [
          'MonitoringJobDefinitionName',
          existing.MonitoringScheduleConfig?.MonitoringJobDefinitionName,
          names.jobDefinition,
        ],
      ]),
      DO_NOT_OVERWRITE,
    );
    return {
      name: names.modelQuality,
      type: 'ModelQuality',
      status: 'unchanged',
    };
  }
  const jobDefinition = modelQualityJobDefinitionRequest(settings);
  const existingJob = await describeJobDefinition(
    sagemaker,
    names.jobDefinition,
  );
  if (existingJob) {
    refuseDifferent(
      `model quality job definition ${names.jobDefinition}`,
      options.where,
      differences([
        [
          'GroundTruthS3Input',
          existingJob.ModelQualityJobInput?.GroundTruthS3Input?.S3Uri,
          jobDefinition.ModelQualityJobInput?.GroundTruthS3Input?.S3Uri,
        ],
        [
          'ProblemType',
          existingJob.ModelQualityAppSpecification?.ProblemType,
          jobDefinition.ModelQualityAppSpecification?.ProblemType,
        ],
        [
          'EndpointName',
          existingJob.ModelQualityJobInput?.EndpointInput?.EndpointName,
          settings.endpointName,
        ],
      ]),
      'delete it in SageMaker first',
    );
  }
  if (options.dryRun)
    return {
      name: names.modelQuality,
      type: 'ModelQuality',
      status: 'would-create',
    };
  if (!existingJob)
    await sagemaker.send(
      new CreateModelQualityJobDefinitionCommand(jobDefinition),
    );
  await sagemaker.send(
    new CreateMonitoringScheduleCommand(modelQualityScheduleRequest(settings)),
  );
  return { name: names.modelQuality, type: 'ModelQuality', status: 'created' };
}
