import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  findAwsEndpoint,
  readAwsEndpointOverrides,
} from '@mlobs/backstage-plugin-ml-observability-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** An AWS account (undefined: the default credentials' account) and region. */
export interface AwsTarget {
  accountId?: string;
  region: string;
}

/** The subset of an SDK v3 client the actions use; tests can pass fakes. */
export interface SendingClient {
  send(command: any): Promise<any>;
  destroy(): void;
}

/**
 * Creates the AWS clients of an account and region. The default reads the
 * same settings as the backend plugin: credentials of `aws.accounts`, API
 * endpoints of `mlObservability.endpoints`.
 * @public
 */
export interface AwsClientFactory {
  sagemaker(target: AwsTarget): Promise<SendingClient>;
  cloudwatch(target: AwsTarget): Promise<SendingClient>;
}

export function createAwsClientFactory(config: Config): AwsClientFactory {
  const credentials = DefaultAwsCredentialsManager.fromConfig(config);
  const overrides = readAwsEndpointOverrides(config);
  const maxAttempts =
    config.getOptionalNumber('mlObservability.aws.maxAttempts') ?? 4;
  const requestTimeout =
    config.getOptionalNumber('mlObservability.aws.requestTimeoutMs') ?? 10_000;
  const options = async (
    service: 'sagemaker' | 'cloudwatch',
    target: AwsTarget,
  ) => {
    const provider = await credentials.getCredentialProvider(
      target.accountId ? { accountId: target.accountId } : {},
    );
    const endpoint = findAwsEndpoint(overrides, service, target);
    return {
      region: target.region,
      credentials: provider.sdkCredentialProvider,
      maxAttempts,
      retryMode: 'adaptive',
      requestHandler: new NodeHttpHandler({ requestTimeout }),
      ...(endpoint ? { endpoint } : {}),
    };
  };
  return {
    sagemaker: async target =>
      new SageMakerClient(await options('sagemaker', target)),
    cloudwatch: async target =>
      new CloudWatchClient(await options('cloudwatch', target)),
  };
}

/** "AccessDeniedException: User ... is not authorized" without a stack trace. */
export function describeAwsError(error: unknown): string {
  if (error instanceof Error) {
    return `${error.name}: ${error.message.split('\n')[0]}`;
  }
  return String(error);
}

export function describeTarget(target: AwsTarget): string {
  return `${target.accountId ?? 'default account'}/${target.region}`;
}

/** Error names AWS uses for "no such resource" across services. */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (
    error.name === 'ResourceNotFound' ||
    error.name === 'ResourceNotFoundException'
  ) {
    return true;
  }
  // SageMaker answers Describe* of a missing resource with a ValidationException.
  return (
    error.name === 'ValidationException' &&
    /could not find|does not exist|not found/i.test(error.message)
  );
}
