import { createHash } from 'node:crypto';
import {
  CreateEndpointConfigCommand,
  CreateEndpointConfigInput,
  DataCaptureConfig,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeEndpointConfigOutput,
  DescribeEndpointOutput,
  ListTagsCommand,
  Tag,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AwsClientFactory,
  describeAwsError,
  describeTarget,
  isNotFound,
  SendingClient,
} from '../aws/clients';
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
      try {
        let endpoint: DescribeEndpointOutput;
        try {
          endpoint = await sagemaker.send(
            new DescribeEndpointCommand({ EndpointName: input.endpointName }),
          );
        } catch (error) {
          if (isNotFound(error)) {
            throw new InputError(
              `endpoint ${input.endpointName} not found in ${where}`,
            );
          }
          throw error;
        }
        const current = endpoint.EndpointConfigName!;
        const status = endpoint.EndpointStatus ?? 'unknown';

        if (BUSY.includes(status)) {
          const pending = endpoint.PendingDeploymentSummary?.EndpointConfigName;
          const pendingConfig = pending
            ? await describeConfig(sagemaker, pending)
            : undefined;
          if (
            pending &&
            pendingConfig &&
            satisfies(pendingConfig.DataCaptureConfig, desired)
          ) {
            ctx.logger.info(
              `endpoint ${input.endpointName} is already being updated to ${pending}, which captures ${input.samplingPercentage}%`,
            );
            ctx.output('status', 'in-progress');
            ctx.output('endpointConfigName', pending);
            ctx.output('previousEndpointConfigName', current);
            return;
          }
          throw new InputError(
            `endpoint ${input.endpointName} in ${where} is ${status}; run this action again once it is InService`,
          );
        }
        if (status !== 'InService') {
          throw new InputError(
            `endpoint ${input.endpointName} in ${where} is ${status}${
              endpoint.FailureReason ? ` (${endpoint.FailureReason})` : ''
            }; data capture can only be changed on an InService endpoint`,
          );
        }
        const currentConfig = await describeConfig(sagemaker, current);
        if (!currentConfig) {
          throw new Error(
            `endpoint config ${current} of ${input.endpointName} not found in ${where}`,
          );
        }
        if (
          captureRunning(endpoint) &&
          satisfies(currentConfig.DataCaptureConfig, desired)
        ) {
          ctx.logger.info(
            `endpoint ${input.endpointName} already captures ${input.samplingPercentage}% (config ${current}); nothing to do`,
          );
          ctx.output('status', 'unchanged');
          ctx.output('endpointConfigName', current);
          return;
        }
        const body = nextConfig(currentConfig, desired, input.endpointName);
        const name = configName(input.endpointName, current, body);
        if (ctx.isDryRun) {
          ctx.logger.info(
            `dry run: would create endpoint config ${name} (copy of ${current} capturing ${
              input.samplingPercentage
            }% to ${body.DataCaptureConfig!.DestinationS3Uri}) and update ${
              input.endpointName
            } to it`,
          );
          ctx.output('status', 'would-update');
          ctx.output('endpointConfigName', name);
          ctx.output('previousEndpointConfigName', current);
          return;
        }

        if (await describeConfig(sagemaker, name)) {
          ctx.logger.info(
            `endpoint config ${name} exists from an earlier run; reusing it`,
          );
        } else {
          const tags: Tag[] = currentConfig.EndpointConfigArn
            ? (
                await sagemaker.send(
                  new ListTagsCommand({
                    ResourceArn: currentConfig.EndpointConfigArn,
                    MaxResults: 50,
                  }),
                )
              ).Tags ?? []
            : [];
          await sagemaker.send(
            new CreateEndpointConfigCommand({
              ...body,
              EndpointConfigName: name,
              Tags: [
                ...tags.filter(t => t.Key !== 'mlobs:managed-by'),
                { Key: 'mlobs:managed-by', Value: ENABLE_DATA_CAPTURE_ID },
              ].slice(0, 50),
            }),
          );
          ctx.logger.info(
            `created endpoint config ${name} from ${current} with data capture at ${input.samplingPercentage}%`,
          );
        }
        await sagemaker.send(
          new UpdateEndpointCommand({
            EndpointName: input.endpointName,
            EndpointConfigName: name,
          }),
        );
        ctx.logger.info(
          `updating endpoint ${input.endpointName} to ${name}; SageMaker switches traffic once the new config is InService`,
        );
        ctx.output('status', 'updated');
        ctx.output('endpointConfigName', name);
        ctx.output('previousEndpointConfigName', current);
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new Error(
          `Enabling data capture on ${
            input.endpointName
          } in ${where} failed: ${describeAwsError(error)}`,
        );
      } finally {
        sagemaker.destroy();
      }
    },
  });
}
