import type { Config } from '@backstage/config';
import {
  AwsTarget,
  DefaultAwsClientFactory,
} from '@mlobs/backstage-plugin-ml-observability-node';

export type { AwsTarget };

/** The subset of an SDK v3 client the actions use; tests can pass fakes. */
export interface SendingClient {
  send(command: any): Promise<any>;
}

/**
 * The AWS clients of an account and region. The default is the plugin's
 * shared factory (ml-observability-node): credentials of `aws.accounts`,
 * API endpoints of `mlObservability.endpoints`, limits of
 * `mlObservability.aws`; its clients are cached and live until shutdown.
 * @public
 */
export interface AwsClientFactory {
  sagemaker(target: AwsTarget): Promise<SendingClient>;
  cloudwatch(target: AwsTarget): Promise<SendingClient>;
}

export function createAwsClientFactory(
  config: Config,
): AwsClientFactory & { destroy(): void } {
  const shared = DefaultAwsClientFactory.fromConfig(config, {
    userAgent: 'scaffolder-module',
  });
  return {
    sagemaker: async target => shared.client('sagemaker', target),
    cloudwatch: async target => shared.client('cloudwatch', target),
    destroy: () => shared.destroy(),
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
