import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { scheduleIntervalSeconds } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AwsClientFactory,
  AwsTarget,
  describeTarget,
  SendingClient,
} from '../aws/clients';
import { describeEndpoint, failingAs } from '../aws/steps';
import {
  ensureDataQualitySchedule,
  ensureModelQualitySchedule,
  ScheduleOutcome,
} from '../monitoring/ensure';
import {
  accountIdInput,
  endpointNameInput,
  regionInput,
  resolveTarget,
  s3UriInput,
} from './inputs';
import { modelMonitorImage } from './modelMonitorImage';
import {
  modelMonitorDryRunWarning,
  modelMonitorRefusal,
  refusedError,
} from '../monitoring/availability';
import {
  ScheduleSettings,
  scheduleNames,
  trimSlash,
} from '../monitoring/requests';
import type { ActionSettings } from './settings';

export const CREATE_MONITORING_SCHEDULE_ID =
  'mlobs:sagemaker:create-monitoring-schedule';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SCHEDULE_RULE =
  'a Model Monitor schedule expression: cron(0 * ? * * *) hourly, cron(0 */N ? * * *) every N hours, cron(0 H ? * * *) daily';

/** The action's input, as its schema declares it. */
interface ScheduleInput {
  accountId?: string;
  region?: string;
  endpointName: string;
  baselineS3Uri: string;
  scheduleExpression?: string;
  roleArn: string;
  outputS3Uri?: string;
  instanceType?: string;
  instanceCount?: number;
  volumeSizeInGB?: number;
  maxRuntimeInSeconds?: number;
  imageUri?: string;
  publishCloudWatchMetrics?: boolean;
  modelQuality?: ScheduleSettings['modelQuality'];
}

interface SchedulePlan {
  target: AwsTarget;
  where: string;
  schedule: ScheduleSettings;
}

/** How long each run may take: at most the interval between two runs. */
function runtimeOf(input: ScheduleInput, scheduleExpression: string): number {
  const interval = scheduleIntervalSeconds(scheduleExpression);
  if (!interval) {
    throw new InputError(
      `scheduleExpression ${JSON.stringify(
        scheduleExpression,
      )} is not ${SCHEDULE_RULE}`,
    );
  }
  const maxRuntimeInSeconds =
    input.maxRuntimeInSeconds ?? Math.min(3600, interval);
  if (maxRuntimeInSeconds > interval) {
    throw new InputError(
      `maxRuntimeInSeconds ${maxRuntimeInSeconds} is longer than the ${interval} seconds between runs; Model Monitor requires a run to end before the next starts`,
    );
  }
  return maxRuntimeInSeconds;
}

/**
 * The schedules' settings, with the defaults applied here (the scaffolder
 * validates input against the JSON schema only). Throws an InputError for
 * what no AWS call could fix.
 */
function planSchedules(
  input: ScheduleInput,
  settings: ActionSettings,
): SchedulePlan {
  const target = resolveTarget(input, settings.defaults);
  const scheduleExpression = input.scheduleExpression ?? 'cron(0 * ? * * *)';
  const maxRuntimeInSeconds = runtimeOf(input, scheduleExpression);
  const imageUri = input.imageUri ?? modelMonitorImage(target.region);
  if (!imageUri) {
    throw new InputError(
      `no prebuilt Model Monitor image is known for ${target.region}; give imageUri`,
    );
  }
  const baseline = trimSlash(input.baselineS3Uri);
  return {
    target,
    where: describeTarget(target),
    schedule: {
      endpointName: input.endpointName,
      scheduleExpression,
      baseline,
      output: trimSlash(input.outputS3Uri ?? `${baseline}/reports`),
      roleArn: input.roleArn,
      imageUri,
      instanceType: input.instanceType ?? 'ml.m5.xlarge',
      instanceCount: input.instanceCount ?? 1,
      volumeSizeInGB: input.volumeSizeInGB ?? 20,
      maxRuntimeInSeconds,
      publishCloudWatchMetrics: input.publishCloudWatchMetrics ?? true,
      tags: [{ Key: 'mlobs:managed-by', Value: CREATE_MONITORING_SCHEDULE_ID }],
      ...(input.modelQuality ? { modelQuality: input.modelQuality } : {}),
    },
  };
}

/** Checks the endpoint, then creates each schedule that does not exist yet. */
async function ensureSchedules(
  sagemaker: SendingClient,
  plan: SchedulePlan,
  dryRun: boolean,
): Promise<{ outcomes: ScheduleOutcome[]; warnings: string[] }> {
  const { schedule, where } = plan;
  const warnings: string[] = [];
  const endpoint = await describeEndpoint(
    sagemaker,
    schedule.endpointName,
    where,
  );
  if (!endpoint.DataCaptureConfig?.EnableCapture) {
    warnings.push(
      `data capture is off on ${schedule.endpointName}: Model Monitor has nothing to analyse until it is on (mlobs:sagemaker:enable-data-capture)`,
    );
  }
  if (dryRun) {
    const warning = await modelMonitorDryRunWarning(sagemaker, where);
    if (warning) warnings.push(warning);
  }
  const options = { dryRun, where };
  const outcomes: ScheduleOutcome[] = [];
  // Data quality first: in an account closed to Model Monitor its create is the first refused.
  const steps = [
    () => ensureDataQualitySchedule(sagemaker, schedule, options),
    ...(schedule.modelQuality
      ? [
          () =>
            ensureModelQualitySchedule(
              sagemaker,
              { ...schedule, modelQuality: schedule.modelQuality! },
              options,
            ),
        ]
      : []),
  ];
  for (const step of steps) {
    try {
      outcomes.push(await step());
    } catch (error) {
      const operation =
        error instanceof Error ? refusedOperation(error) : undefined;
      if (!operation) throw error;
      throw refusedError(error as Error, {
        operation,
        where,
        created: outcomes.filter(o => o.status === 'created').map(o => o.name),
      });
    }
  }
  return { outcomes, warnings };
}

/**
 * The create call SageMaker refused, as its message names it (AWS and the emulator do); a
 * closure that names none refused the first create, the schedule. Undefined when the error is
 * not a refused create (e.g. a denied Describe call, which fails the step as it is).
 */
function refusedOperation(error: Error): string | undefined {
  const kind = modelMonitorRefusal(error);
  const named =
    /\b(Create[A-Za-z]+JobDefinition|CreateMonitoringSchedule)\b/.exec(
      error.message,
    )?.[1];
  if (kind === 'closed') return named ?? 'CreateMonitoringSchedule';
  return kind === 'denied' ? named : undefined;
}

/** mlobs:sagemaker:create-monitoring-schedule */
export function createMonitoringScheduleAction(options: {
  clients: AwsClientFactory;
  settings: ActionSettings;
}) {
  const { clients, settings } = options;
  return createTemplateAction({
    id: CREATE_MONITORING_SCHEDULE_ID,
    description:
      'Creates the Model Monitor schedules of a SageMaker endpoint: data quality against a baseline, and, with ground truth, model quality. Schedules that already exist with the same settings are left alone; ones with other settings are reported, never overwritten. Supports dry-run.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Hourly data quality monitoring',
        example: `steps:
  - id: monitoring
    action: ${CREATE_MONITORING_SCHEDULE_ID}
    input:
      accountId: '123456789012'
      region: us-east-1
      endpointName: churn-prediction-prod
      baselineS3Uri: s3://ml-baselines-123456789012/churn-prediction
      scheduleExpression: cron(0 * ? * * *)
      roleArn: arn:aws:iam::123456789012:role/SageMakerModelMonitorRole`,
      },
      {
        description:
          'Data quality and model quality every 2 hours, with ground truth labels',
        example: `steps:
  - id: monitoring
    action: ${CREATE_MONITORING_SCHEDULE_ID}
    input:
      endpointName: churn-prediction-prod
      baselineS3Uri: s3://ml-baselines-123456789012/churn-prediction
      scheduleExpression: cron(0 */2 ? * * *)
      roleArn: arn:aws:iam::123456789012:role/SageMakerModelMonitorRole
      modelQuality:
        groundTruthS3Uri: s3://ml-ground-truth-123456789012/churn-prediction
        problemType: BinaryClassification
        probabilityAttribute: '0'
        probabilityThresholdAttribute: 0.5`,
      },
    ],
    schema: {
      input: {
        accountId: accountIdInput,
        region: regionInput,
        endpointName: endpointNameInput,
        baselineS3Uri: z =>
          s3UriInput(
            z,
            'Baseline folder holding statistics.json and constraints.json (a Model Monitor baselining job output)',
          ),
        scheduleExpression: z =>
          z
            .string()
            .optional()
            .describe(`How often to run: ${SCHEDULE_RULE}. Default: hourly`),
        roleArn: z =>
          z
            .string()
            .regex(ROLE_ARN, {
              message:
                'expected an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerModelMonitorRole',
            })
            .describe('IAM role SageMaker runs the monitoring jobs as'),
        outputS3Uri: z =>
          s3UriInput(
            z,
            'Where reports go. Default: <baselineS3Uri>/reports',
          ).optional(),
        instanceType: z =>
          z
            .string()
            .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/)
            .optional()
            .describe('Default: ml.m5.xlarge'),
        instanceCount: z =>
          z.number().int().min(1).max(100).optional().describe('Default: 1'),
        volumeSizeInGB: z =>
          z.number().int().min(1).max(16384).optional().describe('Default: 20'),
        maxRuntimeInSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(86400)
            .optional()
            .describe('Default: 3600, and at most the interval between runs'),
        imageUri: z =>
          z
            .string()
            .optional()
            .describe(
              'Model Monitor analyzer image. Default: the prebuilt image of the region',
            ),
        publishCloudWatchMetrics: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Publish the results as CloudWatch metrics. Default: true',
            ),
        modelQuality: z =>
          z
            .object({
              groundTruthS3Uri: s3UriInput(
                z,
                'Ground truth labels, merged with the captured predictions',
              ),
              problemType: z.enum([
                'BinaryClassification',
                'MulticlassClassification',
                'Regression',
              ]),
              constraintsS3Uri: s3UriInput(
                z,
                'Model quality baseline constraints. Default: <baselineS3Uri>/model-quality/constraints.json',
              ).optional(),
              inferenceAttribute: z.string().optional(),
              probabilityAttribute: z.string().optional(),
              probabilityThresholdAttribute: z
                .number()
                .min(0)
                .max(1)
                .optional(),
            })
            .optional()
            .describe('With ground truth: also a model quality schedule'),
      },
      output: {
        schedules: z =>
          z
            .array(
              z.object({
                name: z.string(),
                type: z.string(),
                status: z.string(),
              }),
            )
            .describe('created, unchanged or would-create'),
        dataQualityScheduleName: z => z.string(),
        modelQualityScheduleName: z => z.string().optional(),
        warnings: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const plan = planSchedules(ctx.input, settings);
      const sagemaker = await clients.sagemaker(plan.target);
      const { outcomes, warnings } = await failingAs(
        `Creating the monitoring schedules of ${plan.schedule.endpointName} in ${plan.where}`,
        () => ensureSchedules(sagemaker, plan, ctx.isDryRun === true),
      );
      for (const outcome of outcomes)
        ctx.logger.info(
          `${outcome.status}: ${outcome.type} schedule ${outcome.name} in ${plan.where}`,
        );
      for (const warning of warnings) ctx.logger.warn(warning);
      const names = scheduleNames(plan.schedule.endpointName);
      ctx.output('schedules', outcomes);
      ctx.output('dataQualityScheduleName', names.dataQuality);
      if (plan.schedule.modelQuality) {
        ctx.output('modelQualityScheduleName', names.modelQuality);
      }
      ctx.output('warnings', warnings);
    },
  });
}
