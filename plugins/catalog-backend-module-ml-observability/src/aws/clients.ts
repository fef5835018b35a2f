import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  findAwsEndpoint,
  readAwsEndpointOverrides,
} from '@mlobs/backstage-plugin-ml-observability-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Creates SageMaker clients for an account and region. */
export type SageMakerClientFactory = (target: {
  accountId?: string;
  region: string;
}) => Promise<SageMakerClient>;

/**
 * Clients with the credentials of `aws.accounts` (DefaultAwsCredentialsManager)
 * and the endpoint overrides of `mlObservability.endpoints`, the same settings
 * the backend plugin reads.
 */
export function createSageMakerClientFactory(
  config: Config,
): SageMakerClientFactory {
  const credentials = DefaultAwsCredentialsManager.fromConfig(config);
  const overrides = readAwsEndpointOverrides(config);
  const maxAttempts =
    config.getOptionalNumber('mlObservability.aws.maxAttempts') ?? 4;
  const requestTimeout =
    config.getOptionalNumber('mlObservability.aws.requestTimeoutMs') ?? 10_000;
  return async target => {
    const provider = await credentials.getCredentialProvider(
      target.accountId ? { accountId: target.accountId } : {},
    );
    const endpoint = findAwsEndpoint(overrides, 'sagemaker', target);
    return new SageMakerClient({
      region: target.region,
      credentials: provider.sdkCredentialProvider,
      maxAttempts,
      retryMode: 'adaptive',
      requestHandler: new NodeHttpHandler({ requestTimeout }),
      ...(endpoint ? { endpoint } : {}),
    });
  };
}
