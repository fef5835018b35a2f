import { createHash } from 'node:crypto';
import {
  CreateEndpointConfigCommand,
  CreateEndpointConfigInput,
  DataCaptureConfig,
  DescribeEndpointConfigCommand,
  DescribeEndpointConfigOutput,
  DescribeEndpointOutput,
  ListTagsCommand,
  Tag,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  AwsClientFactory,
  describeTarget,
  isNotFound,
  SendingClient,
} from '../aws/clients';
import { describeEndpoint, failingAs } from '../aws/steps';
import {
  accountIdInput,
  endpointNameInput,
  regionInput,
  resolveTarget,
  s3UriInput,
} from './inputs';
import type { ActionSettings } from './settings';

export const ENABLE_DATA_CAPTURE_ID = 'mlobs:sagemaker:enable-data-capture';

const BUSY = [
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'Deleting',
];

interface Desired {
  samplingPercentage: number;
  destinationS3Uri?: string;
  captureOptions?: Array<'Input' | 'Output'>;
}

function satisfies(
  capture: DataCaptureConfig | undefined,
  desired: Desired,
): boolean {
  if (!capture || capture.EnableCapture === false) return false;
  if (capture.InitialSamplingPercentage !== desired.samplingPercentage)
    return false;
  if (
    desired.destinationS3Uri &&
    capture.DestinationS3Uri !== desired.destinationS3Uri
  )
    return false;
  if (desired.captureOptions) {
    const modes = (capture.CaptureOptions ?? []).map(o => o.CaptureMode).sort();
    if (
      JSON.stringify(modes) !==
      JSON.stringify([...desired.captureOptions].sort())
    )
      return false;
  }
  return true;
}

/** Whether capture is running now: AWS can stop it (S3 errors) while the config still enables it. */
function captureRunning(endpoint: DescribeEndpointOutput): boolean {
  const live = endpoint.DataCaptureConfig;
  return !!live?.EnableCapture && live.CaptureStatus !== 'Stopped';
}

/** A new endpoint config: the current one with data capture set as desired. */
function nextConfig(
  current: DescribeEndpointConfigOutput,
  desired: Desired,
  endpointName: string,
): Omit<CreateEndpointConfigInput, 'EndpointConfigName' | 'Tags'> {
  const capture = current.DataCaptureConfig;
  const destination = desired.destinationS3Uri ?? capture?.DestinationS3Uri;
  if (!destination) {
    throw new InputError(
      `endpoint ${endpointName} has no data capture configured yet, so destinationS3Uri is required (e.g. s3://my-bucket/data-capture/${endpointName})`,
    );
  }
  const copied: Omit<CreateEndpointConfigInput, 'EndpointConfigName' | 'Tags'> =
    {
      ProductionVariants: current.ProductionVariants,
      ...(current.ShadowProductionVariants?.length
        ? { ShadowProductionVariants: current.ShadowProductionVariants }
        : {}),
      ...(current.KmsKeyId ? { KmsKeyId: current.KmsKeyId } : {}),
      ...(current.AsyncInferenceConfig
        ? { AsyncInferenceConfig: current.AsyncInferenceConfig }
        : {}),
      ...(current.ExplainerConfig
        ? { ExplainerConfig: current.ExplainerConfig }
        : {}),
      ...(current.ExecutionRoleArn
        ? { ExecutionRoleArn: current.ExecutionRoleArn }
        : {}),
      ...(current.VpcConfig ? { VpcConfig: current.VpcConfig } : {}),
      ...(current.EnableNetworkIsolation !== undefined
        ? { EnableNetworkIsolation: current.EnableNetworkIsolation }
        : {}),
      ...(current.MetricsConfig
        ? { MetricsConfig: current.MetricsConfig }
        : {}),
      DataCaptureConfig: {
        ...capture,
        EnableCapture: true,
        InitialSamplingPercentage: desired.samplingPercentage,
        DestinationS3Uri: destination,
        CaptureOptions: desired.captureOptions
          ? desired.captureOptions.map(mode => ({ CaptureMode: mode }))
          : capture?.CaptureOptions ?? [
              { CaptureMode: 'Input' },
              { CaptureMode: 'Output' },
            ],
      },
    };
  return copied;
}

/** Deterministic, so a retry after a failed UpdateEndpoint reuses the config it created. */
function configName(
  endpointName: string,
  previous: string,
  body: object,
): string {
  const hash = createHash('sha256')
    .update(previous)
    .update(JSON.stringify(body))
    .digest('hex')
    .slice(0, 8);
  return `${endpointName.slice(0, 51)}-dc-${hash}`;
}

async function describeConfig(
  sagemaker: SendingClient,
  name: string,
): Promise<DescribeEndpointConfigOutput | undefined> {
  try {
    return await sagemaker.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: name }),
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The endpoint an action step works on. */
interface EndpointStep {
  sagemaker: SendingClient;
  endpointName: string;
  where: string;
}

interface CaptureOutcome {
  status: 'updated' | 'unchanged' | 'in-progress' | 'would-update';
  endpointConfigName: string;
  previousEndpointConfigName?: string;
  /** What happened, for the task log. */
  message: string;
}

/** A new endpoint config to create and switch the endpoint to. */
interface CaptureUpdate {
  current: string;
  currentConfig: DescribeEndpointConfigOutput;
  body: Omit<CreateEndpointConfigInput, 'EndpointConfigName' | 'Tags'>;
  name: string;
}

/** A busy endpoint is fine when it is already moving to a config that captures as desired. */
async function pendingCapture(
  step: EndpointStep,
  endpoint: DescribeEndpointOutput,
  desired: Desired,
): Promise<CaptureOutcome> {
  const status = endpoint.EndpointStatus;
  const pending = endpoint.PendingDeploymentSummary?.EndpointConfigName;
  const pendingConfig = pending
    ? await describeConfig(step.sagemaker, pending)
    : undefined;
  if (
    pending &&
    pendingConfig &&
    satisfies(pendingConfig.DataCaptureConfig, desired)
  ) {
    return {
      status: 'in-progress',
      endpointConfigName: pending,
      previousEndpointConfigName: endpoint.EndpointConfigName!,
      message: `endpoint ${step.endpointName} is already being updated to ${pending}, which captures ${desired.samplingPercentage}%`,
    };
  }
  throw new InputError(
    `endpoint ${step.endpointName} in ${step.where} is ${status}; run this action again once it is InService`,
  );
}

/** Nothing to do, already under way, or the config to create. */
async function decideCapture(
  step: EndpointStep,
  desired: Desired,
): Promise<CaptureOutcome | CaptureUpdate> {
  const { sagemaker, endpointName, where } = step;
  const endpoint = await describeEndpoint(sagemaker, endpointName, where);
  const current = endpoint.EndpointConfigName!;
  const status = endpoint.EndpointStatus ?? 'unknown';
  if (BUSY.includes(status)) return pendingCapture(step, endpoint, desired);
  if (status !== 'InService') {
    throw new InputError(
      `endpoint ${endpointName} in ${where} is ${status}${
        endpoint.FailureReason ? ` (${endpoint.FailureReason})` : ''
      }; data capture can only be changed on an InService endpoint`,
    );
  }
  const currentConfig = await describeConfig(sagemaker, current);
  if (!currentConfig) {
    throw new Error(
      `endpoint config ${current} of ${endpointName} not found in ${where}`,
    );
  }
  if (
    captureRunning(endpoint) &&
    satisfies(currentConfig.DataCaptureConfig, desired)
  ) {
    return {
      status: 'unchanged',
      endpointConfigName: current,
      message: `endpoint ${endpointName} already captures ${desired.samplingPercentage}% (config ${current}); nothing to do`,
    };
  }
  const body = nextConfig(currentConfig, desired, endpointName);
  const name = configName(endpointName, current, body);
  return { current, currentConfig, body, name };
}

function wouldUpdate(
  update: CaptureUpdate,
  desired: Desired,
  endpointName: string,
): CaptureOutcome {
  return {
    status: 'would-update',
    endpointConfigName: update.name,
    previousEndpointConfigName: update.current,
    message: `dry run: would create endpoint config ${update.name} (copy of ${
      update.current
    } capturing ${desired.samplingPercentage}% to ${
      update.body.DataCaptureConfig!.DestinationS3Uri
    }) and update ${endpointName} to it`,
  };
}

/** Creates the config (unless an earlier run did) with the current config's tags. */
async function createCaptureConfig(
  sagemaker: SendingClient,
  update: CaptureUpdate,
): Promise<void> {
  const arn = update.currentConfig.EndpointConfigArn;
  const tags: Tag[] = arn
    ? (
        await sagemaker.send(
          new ListTagsCommand({ ResourceArn: arn, MaxResults: 50 }),
        )
      ).Tags ?? []
    : [];
  await sagemaker.send(
    new CreateEndpointConfigCommand({
      ...update.body,
      EndpointConfigName: update.name,
      Tags: [
        ...tags.filter(t => t.Key !== 'mlobs:managed-by'),
        { Key: 'mlobs:managed-by', Value: ENABLE_DATA_CAPTURE_ID },
      ].slice(0, 50),
    }),
  );
}

async function updateCapture(
  step: EndpointStep,
  update: CaptureUpdate,
  desired: Desired,
  logger: LoggerService,
): Promise<CaptureOutcome> {
  const { sagemaker, endpointName } = step;
  if (await describeConfig(sagemaker, update.name)) {
    logger.info(
      `endpoint config ${update.name} exists from an earlier run; reusing it`,
    );
  } else {
    await createCaptureConfig(sagemaker, update);
    logger.info(
      `created endpoint config ${update.name} from ${update.current} with data capture at ${desired.samplingPercentage}%`,
    );
  }
  await sagemaker.send(
    new UpdateEndpointCommand({
      EndpointName: endpointName,
      EndpointConfigName: update.name,
    }),
  );
  return {
    status: 'updated',
    endpointConfigName: update.name,
    previousEndpointConfigName: update.current,
    message: `updating endpoint ${endpointName} to ${update.name}; SageMaker switches traffic once the new config is InService`,
  };
}

/** mlobs:sagemaker:enable-data-capture */
export function enableDataCaptureAction(options: {
  clients: AwsClientFactory;
  settings: ActionSettings;
}) {
  const { clients, settings } = options;
  return createTemplateAction({
    id: ENABLE_DATA_CAPTURE_ID,
    description:
      'Turns on data capture of a SageMaker endpoint at a sampling percentage: creates an endpoint config copied from the current one with the DataCaptureConfig set, then UpdateEndpoint. Nothing happens when capture is already on at that percentage. Supports dry-run.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Capture 20% of the requests and responses of an endpoint',
        example: `steps:
  - id: capture
    action: ${ENABLE_DATA_CAPTURE_ID}
    input:
      accountId: '123456789012'
      region: us-east-1
      endpointName: churn-prediction-prod
      samplingPercentage: 20
      destinationS3Uri: s3://ml-data-capture-123456789012/churn-prediction-prod`,
      },
    ],
    schema: {
      input: {
        accountId: accountIdInput,
        region: regionInput,
        endpointName: endpointNameInput,
        samplingPercentage: z =>
          z
            .number()
            .int()
            .min(0)
            .max(100)
            .describe('Share of requests captured, 0-100'),
        destinationS3Uri: z =>
          s3UriInput(
            z,
            'Where captured data goes. Required when the endpoint has no data capture yet; else the current destination is kept',
          ).optional(),
        captureOptions: z =>
          z
            .array(z.enum(['Input', 'Output']))
            .min(1)
            .optional()
            .describe(
              'What to capture. Default: the current options, else Input and Output',
            ),
      },
      output: {
        status: z =>
          z
            .enum(['updated', 'unchanged', 'in-progress', 'would-update'])
            .describe('What happened'),
        endpointConfigName: z =>
          z
            .string()
            .describe('The endpoint config with data capture (new or current)'),
        previousEndpointConfigName: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const target = resolveTarget(input, settings.defaults);
      const where = describeTarget(target);
      const desired: Desired = {
        samplingPercentage: input.samplingPercentage,
        ...(input.destinationS3Uri
          ? { destinationS3Uri: input.destinationS3Uri }
          : {}),
        ...(input.captureOptions
          ? { captureOptions: input.captureOptions }
          : {}),
      };
      const sagemaker = await clients.sagemaker(target);
      const outcome = await failingAs(
        `Enabling data capture on ${input.endpointName} in ${where}`,
        async () => {
          const step = { sagemaker, endpointName: input.endpointName, where };
          const decision = await decideCapture(step, desired);
          if (!('body' in decision)) return decision;
          if (ctx.isDryRun)
            return wouldUpdate(decision, desired, input.endpointName);
          return updateCapture(step, decision, desired, ctx.logger);
        },
      );
      ctx.logger.info(outcome.message);
      ctx.output('status', outcome.status);
      ctx.output('endpointConfigName', outcome.endpointConfigName);
      if (outcome.previousEndpointConfigName) {
        ctx.output(
          'previousEndpointConfigName',
          outcome.previousEndpointConfigName,
        );
      }
    },
  });
}
