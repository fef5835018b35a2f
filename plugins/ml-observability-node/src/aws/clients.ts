import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import packageJson from '../../package.json';
import {
  AwsEndpointOverride,
  AwsLimits,
  AwsServiceName,
  AwsTarget,
  DEFAULT_AWS_LIMITS,
  findAwsEndpoint,
  readAwsEndpointOverrides,
  readAwsLimits,
} from './config';
import { addNonAwsAnswerGuard } from './nonAwsAnswers';

/**
 * The SDK client class of each service in `AWS_SERVICES`. A new service (SQS,
 * SNS, EventBridge) is one entry here and its name in `AWS_SERVICES`.
 * @public
 */
export const awsServiceClients = {
  sagemaker: SageMakerClient,
  cloudwatch: CloudWatchClient,
} satisfies Record<AwsServiceName, unknown>;

/** The SDK client of a service, e.g. `AwsServiceClient<'sagemaker'>` is a SageMakerClient. @public */
export type AwsServiceClient<S extends AwsServiceName> = InstanceType<
  (typeof awsServiceClients)[S]
>;

/**
 * Name and version the plugin's calls carry in their User-Agent header, so
 * CloudTrail and throttling reports can tell them from other callers.
 * @public
 */
export const AWS_USER_AGENT: [string, string] = [
  'backstage-plugin-ml-observability',
  packageJson.version,
];

/**
 * Thrown by a client's credential provider when the AWS integration has no
 * credentials for an account, or assuming its role fails. `denied` tells an
 * IAM trust problem from a missing configuration.
 * @public
 */
export class AwsCredentialsError extends Error {
  constructor(message: string, readonly denied: boolean) {
    super(message);
    this.name = 'CredentialsError';
  }
}

/**
 * Hands out one cached SDK client per service, account and region.
 * @public
 */
export interface AwsClientFactory {
  client<S extends AwsServiceName>(
    service: S,
    target: AwsTarget,
  ): AwsServiceClient<S>;
  /** Closes the sockets of every client made so far; call it on shutdown. */
  destroy(): void;
}

/** @public */
export interface DefaultAwsClientFactoryOptions {
  credentialsManager: AwsCredentialsManager;
  endpoints?: AwsEndpointOverride[];
  limits?: Partial<AwsLimits>;
  /** Added to the user agent after the plugin's name, e.g. `catalog-module`. */
  userAgent?: string;
}

function describeTarget(target: AwsTarget): string {
  return `account ${target.accountId ?? '(default credentials)'}`;
}

/**
 * Clients with the credentials of `@backstage/integration-aws-node`
 * (`aws.accounts`, role assumption, `aws.mainAccount`), the endpoint
 * overrides of `mlObservability.endpoints`, the retries and timeouts of
 * `mlObservability.aws`, and the plugin's user agent. A 5xx answer without
 * an AWS error body (an HTML page) is not retried: see `NonAwsAnswerError`.
 * @public
 */
export class DefaultAwsClientFactory implements AwsClientFactory {
  readonly limits: AwsLimits;
  private readonly cache = new Map<string, { destroy(): void }>();

  static fromConfig(
    config: Config,
    options: Partial<DefaultAwsClientFactoryOptions> = {},
  ): DefaultAwsClientFactory {
    return new DefaultAwsClientFactory({
      ...options,
      credentialsManager:
        options.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
      endpoints: options.endpoints ?? readAwsEndpointOverrides(config),
      limits: { ...readAwsLimits(config), ...options.limits },
    });
  }

  constructor(private readonly options: DefaultAwsClientFactoryOptions) {
    this.limits = { ...DEFAULT_AWS_LIMITS, ...options.limits };
  }

  client<S extends AwsServiceName>(
    service: S,
    target: AwsTarget,
  ): AwsServiceClient<S> {
    const key = `${service}/${target.accountId ?? ''}/${target.region}`;
    let client = this.cache.get(key);
    if (!client) {
      const Client = awsServiceClients[service] as unknown as new (
        config: object,
      ) => AwsServiceClient<S>;
      const created = new Client(this.clientConfig(service, target));
      addNonAwsAnswerGuard(created);
      client = created;
      this.cache.set(key, client);
    }
    return client as AwsServiceClient<S>;
  }

  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
  }

  private clientConfig(service: AwsServiceName, target: AwsTarget) {
    const { maxAttempts, requestTimeoutMs } = this.limits;
    const endpoint = findAwsEndpoint(
      this.options.endpoints ?? [],
      service,
      target,
    );
    return {
      region: target.region,
      credentials: this.credentials(target),
      maxAttempts,
      retryMode: 'adaptive',
      customUserAgent: [
        AWS_USER_AGENT,
        ...(this.options.userAgent ? [[this.options.userAgent]] : []),
      ],
      requestHandler: new NodeHttpHandler({
        requestTimeout: requestTimeoutMs,
        connectionTimeout: requestTimeoutMs,
        // @smithy/node-http-handler 4.x only warns on requestTimeout unless told to throw.
        throwOnRequestTimeout: true,
      }),
      ...(endpoint ? { endpoint } : {}),
    };
  }

  /**
   * Resolved at each call, not when the client is made, so a missing account
   * fails the call (with a message naming the config key) rather than startup.
   */
  private credentials(target: AwsTarget) {
    const manager = this.options.credentialsManager;
    return async () => {
      let provider;
      try {
        provider = await manager.getCredentialProvider(
          target.accountId ? { accountId: target.accountId } : {},
        );
      } catch {
        throw new AwsCredentialsError(
          `no AWS credentials are configured for ${describeTarget(
            target,
          )}; add it to aws.accounts or set aws.accountDefaults.roleName`,
          true,
        );
      }
      try {
        return await provider.sdkCredentialProvider();
      } catch (e) {
        const name = (e as { name?: string })?.name ?? '';
        const denied =
          name.startsWith('AccessDenied') || name === 'InvalidClientTokenId';
        throw new AwsCredentialsError(
          denied
            ? `could not get credentials for ${describeTarget(
                target,
              )}: access denied when assuming its role; check the role's trust policy and aws.accounts`
            : `could not get credentials for ${describeTarget(
                target,
              )}; check aws.accounts in the app config`,
          denied,
        );
      }
    };
  }
}
