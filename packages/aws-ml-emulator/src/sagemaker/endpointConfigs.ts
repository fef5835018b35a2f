import type { Handler } from '../server/context';
import { sagemakerErrors } from '../server/errors';
import { Input } from '../util/input';
import { toEpochSeconds } from '../util/time';
import type { Json } from './records';

export const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export function notFoundConfig(name: string) {
  return sagemakerErrors.validation(
    `Could not find endpoint configuration "${name}".`,
  );
}

const describeEndpointConfig: Handler = (body, ctx) => {
  const name = new Input(body, 'sagemaker').requiredString(
    'EndpointConfigName',
  );
  const config = ctx.state.sagemaker.configs.get(name);
  if (!config) throw notFoundConfig(name);
  const { Tags: _tags, ...members } = config.body;
  return {
    EndpointConfigName: config.name,
    EndpointConfigArn: config.arn,
    ...members,
    CreationTime: toEpochSeconds(config.createdAt),
  };
};

function validateVariants(
  variants: unknown,
  member: string,
  required: boolean,
): Json[] {
  if (variants === undefined || variants === null) {
    if (required) throw new Input({}, 'sagemaker').missing(member);
    return [];
  }
  if (
    !Array.isArray(variants) ||
    (required && variants.length === 0) ||
    variants.length > 10
  ) {
    throw sagemakerErrors.validation(
      `${member} must contain between 1 and 10 variants.`,
    );
  }
  const seen = new Set<string>();
  for (const v of variants as Json[]) {
    const name = v?.VariantName;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      throw sagemakerErrors.validation(`Invalid VariantName in ${member}.`);
    }
    if (seen.has(name))
      throw sagemakerErrors.validation(`Duplicate VariantName "${name}".`);
    seen.add(name);
    if (!v.ServerlessConfig && (!v.InstanceType || !v.InitialInstanceCount)) {
      throw sagemakerErrors.validation(
        `Variant "${name}" needs InstanceType and InitialInstanceCount, or ServerlessConfig.`,
      );
    }
  }
  return variants as Json[];
}

const createEndpointConfig: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const name = input.requiredString('EndpointConfigName');
  if (!NAME_PATTERN.test(name))
    throw sagemakerErrors.validation(`Invalid EndpointConfigName "${name}".`);
  const store = ctx.state.sagemaker;
  const arn = store.arn('endpoint-config', name);
  if (store.configs.has(name)) {
    throw sagemakerErrors.validation(
      `Cannot create already existing endpoint configuration "${arn}".`,
    );
  }
  validateVariants(body.ProductionVariants, 'ProductionVariants', true);
  validateVariants(
    body.ShadowProductionVariants,
    'ShadowProductionVariants',
    false,
  );
  const capture = input.object('DataCaptureConfig');
  if (capture) {
    const pct = capture.InitialSamplingPercentage;
    if (typeof pct !== 'number' || pct < 0 || pct > 100) {
      throw sagemakerErrors.validation(
        'DataCaptureConfig.InitialSamplingPercentage must be 0-100.',
      );
    }
    if (
      typeof capture.DestinationS3Uri !== 'string' ||
      !capture.DestinationS3Uri.startsWith('s3://')
    ) {
      throw sagemakerErrors.validation(
        'DataCaptureConfig.DestinationS3Uri must be an s3:// URI.',
      );
    }
    if (
      !Array.isArray(capture.CaptureOptions) ||
      capture.CaptureOptions.length === 0
    ) {
      throw sagemakerErrors.validation(
        'DataCaptureConfig.CaptureOptions must not be empty.',
      );
    }
  }
  const { Tags, EndpointConfigName: _name, ...members } = body;
  store.configs.set(name, {
    name,
    arn,
    createdAt: ctx.now,
    body: members,
    images: {},
  });
  store.tags.set(arn, Array.isArray(Tags) ? (Tags as never) : []);
  return { EndpointConfigArn: arn };
};

export const endpointConfigHandlers: Record<string, Handler> = {
  DescribeEndpointConfig: describeEndpointConfig,
  CreateEndpointConfig: createEndpointConfig,
};
