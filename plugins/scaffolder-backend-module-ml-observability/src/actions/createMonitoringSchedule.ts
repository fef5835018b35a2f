import { DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { scheduleIntervalSeconds } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AwsClientFactory,
  describeAwsError,
  describeTarget,
  isNotFound,
} from '../aws/clients';
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
      // The scaffolder validates input against the JSON schema only: defaults are applied here.
      const input = {
        ...ctx.input,
        scheduleExpression: ctx.input.scheduleExpression ?? 'cron(0 * ? * * *)',
        instanceType: ctx.input.instanceType ?? 'ml.m5.xlarge',
        instanceCount: ctx.input.instanceCount ?? 1,
        volumeSizeInGB: ctx.input.volumeSizeInGB ?? 20,
        publishCloudWatchMetrics: ctx.input.publishCloudWatchMetrics ?? true,
      };
      const target = resolveTarget(input, settings.defaults);
      const where = describeTarget(target);
      const interval = scheduleIntervalSeconds(input.scheduleExpression);
      if (!interval) {
        throw new InputError(
          `scheduleExpression ${JSON.stringify(
            input.scheduleExpression,
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
      const imageUri = input.imageUri ?? modelMonitorImage(target.region);
      if (!imageUri) {
        throw new InputError(
          `no prebuilt Model Monitor image is known for ${target.region}; give imageUri`,
        );
      }
      const baseline = trimSlash(input.baselineS3Uri);
      const settingsOfSchedule: ScheduleSettings = {
        endpointName: input.endpointName,
        scheduleExpression: input.scheduleExpression,
        baseline,
        output: trimSlash(input.outputS3Uri ?? `${baseline}/reports`),
        roleArn: input.roleArn,
        imageUri,
        instanceType: input.instanceType,
        instanceCount: input.instanceCount,
        volumeSizeInGB: input.volumeSizeInGB,
        maxRuntimeInSeconds,
        publishCloudWatchMetrics: input.publishCloudWatchMetrics,
        tags: [
          { Key: 'mlobs:managed-by', Value: CREATE_MONITORING_SCHEDULE_ID },
        ],
        ...(input.modelQuality ? { modelQuality: input.modelQuality } : {}),
      };
      const names = scheduleNames(input.endpointName);

      const sagemaker = await clients.sagemaker(target);
      const outcomes: ScheduleOutcome[] = [];
      const warnings: string[] = [];
      try {
        try {
          const endpoint = await sagemaker.send(
            new DescribeEndpointCommand({ EndpointName: input.endpointName }),
          );
          if (!endpoint.DataCaptureConfig?.EnableCapture) {
            warnings.push(
              `data capture is off on ${input.endpointName}: Model Monitor has nothing to analyse until it is on (mlobs:sagemaker:enable-data-capture)`,
            );
          }
        } catch (error) {
          if (isNotFound(error))
            throw new InputError(
              `endpoint ${input.endpointName} not found in ${where}`,
            );
          throw error;
        }

        const ensure = { dryRun: ctx.isDryRun === true, where };
        outcomes.push(
          await ensureDataQualitySchedule(
            sagemaker,
            settingsOfSchedule,
            ensure,
          ),
        );
        if (settingsOfSchedule.modelQuality) {
          outcomes.push(
            await ensureModelQualitySchedule(
              sagemaker,
              {
                ...settingsOfSchedule,
                modelQuality: settingsOfSchedule.modelQuality,
              },
              ensure,
            ),
          );
        }
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new Error(
          `Creating the monitoring schedules of ${
            input.endpointName
          } in ${where} failed: ${describeAwsError(error)}`,
        );
      } finally {
        sagemaker.destroy();
      }

      for (const outcome of outcomes)
        ctx.logger.info(
          `${outcome.status}: ${outcome.type} schedule ${outcome.name} in ${where}`,
        );
      for (const warning of warnings) ctx.logger.warn(warning);
      ctx.output('schedules', outcomes);
      ctx.output('dataQualityScheduleName', names.dataQuality);
      if (input.modelQuality) {
        ctx.output('modelQualityScheduleName', names.modelQuality);
      }
      ctx.output('warnings', warnings);
    },
  });
}
