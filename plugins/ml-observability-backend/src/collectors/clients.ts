/**
 * SageMaker and CloudWatch clients per account and region, with credentials
 * from the AWS integration (`aws.accounts`, role assumption), endpoint
 * overrides from `mlObservability.endpoints`, adaptive retries, a request
 * timeout, and a per-round count of every call by operation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CredentialsError } from './errors';

export interface AwsClients {
  sagemaker: SageMakerClient;
  cloudwatch: CloudWatchClient;
}

export interface EndpointOverride {
  accountId?: string;
  region?: string;
  sagemaker?: string;
  cloudwatch?: string;
}

export interface AwsLimits {
  maxAttempts: number;
  requestTimeoutMs: number;
  concurrency: number;
}

export const DEFAULT_AWS_LIMITS: AwsLimits = {
  maxAttempts: 4,
  requestTimeoutMs: 10_000,
  concurrency: 4,
};

/** Reads `mlObservability.aws`, with defaults. */
export function readAwsLimits(config: Config): AwsLimits {
  const aws = config.getOptionalConfig('mlObservability.aws');
  const positive = (key: keyof AwsLimits): number => {
    const value = aws?.getOptionalNumber(key);
    if (value === undefined) return DEFAULT_AWS_LIMITS[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `mlObservability.aws.${key} must be a positive integer, got ${value}`,
      );
    }
    return value;
  };
  return {
    maxAttempts: positive('maxAttempts'),
    requestTimeoutMs: positive('requestTimeoutMs'),
    concurrency: positive('concurrency'),
  };
}

/** Reads `mlObservability.endpoints`. */
export function readEndpointOverrides(config: Config): EndpointOverride[] {
  return (config.getOptionalConfigArray('mlObservability.endpoints') ?? []).map(
    c => ({
      accountId: c.getOptionalString('accountId'),
      region: c.getOptionalString('region'),
      sagemaker: c.getOptionalString('sagemaker'),
      cloudwatch: c.getOptionalString('cloudwatch'),
    }),
  );
}

/**
 * The override URL of a service for an account and region: the first entry
 * that matches both (a left-out account or region matches any) and names
 * that service.
 */
export function endpointFor(
  overrides: EndpointOverride[],
  service: 'sagemaker' | 'cloudwatch',
  accountId: string,
  region: string,
): string | undefined {
  return overrides.find(
    o =>
      (o.accountId === undefined || o.accountId === accountId) &&
      (o.region === undefined || o.region === region) &&
      o[service] !== undefined,
  )?.[service];
}

/** Calls made during one collection round, by operation (`SageMaker.ListEndpoints`). */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  add(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  get(operation: string): number {
    return this.counts.get(operation) ?? 0;
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(
      [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)),
    );
  }
}

const currentCounter = new AsyncLocalStorage<CallCounter>();

type Stack = {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'deserialize'; name: string; override?: boolean },
  ): void;
};

/**
 * Counts each attempt that reaches the wire: the deserialize step runs inside
 * the retry loop, so retries count too, as AWS bills and throttles them.
 */
function addCallCounter(service: string, stack: Stack): void {
  stack.add(
    (next, context) => async args => {
      const operation = (context.commandName ?? 'Unknown').replace(
        /Command$/,
        '',
      );
      currentCounter.getStore()?.add(`${service}.${operation}`);
      return next(args);
    },
    { step: 'deserialize', name: 'mlObservabilityCallCounter', override: true },
  );
}

export interface AwsClientFactoryOptions {
  credentialsManager?: AwsCredentialsManager;
  endpoints?: EndpointOverride[];
  limits?: Partial<AwsLimits>;
  /** Tests inject clients (mocks, or clients pointed elsewhere). */
  createClients?: (accountId: string, region: string) => AwsClients;
}

export class AwsClientFactory {
  readonly limits: AwsLimits;
  private readonly cache = new Map<string, AwsClients>();
  private readonly overrides: EndpointOverride[];

  static fromConfig(
    config: Config,
    options: Omit<AwsClientFactoryOptions, 'endpoints' | 'limits'> = {},
  ): AwsClientFactory {
    return new AwsClientFactory({
      credentialsManager:
        options.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
      endpoints: readEndpointOverrides(config),
      limits: readAwsLimits(config),
      createClients: options.createClients,
    });
  }

  constructor(private readonly options: AwsClientFactoryOptions) {
    this.limits = { ...DEFAULT_AWS_LIMITS, ...options.limits };
    this.overrides = options.endpoints ?? [];
    if (!options.credentialsManager && !options.createClients) {
      throw new Error(
        'AwsClientFactory needs a credentials manager or injected clients',
      );
    }
  }

  /** The cached clients of an account and region. */
  clients(accountId: string, region: string): AwsClients {
    const key = `${accountId}/${region}`;
    let clients = this.cache.get(key);
    if (!clients) {
      clients = this.options.createClients
        ? this.options.createClients(accountId, region)
        : this.create(accountId, region);
      addCallCounter(
        'SageMaker',
        clients.sagemaker.middlewareStack as unknown as Stack,
      );
      addCallCounter(
        'CloudWatch',
        clients.cloudwatch.middlewareStack as unknown as Stack,
      );
      this.cache.set(key, clients);
    }
    return clients;
  }

  /** Runs `fn`, counting the AWS calls it makes (and only those) into `counter`. */
  countCalls<T>(counter: CallCounter, fn: () => Promise<T>): Promise<T> {
    return currentCounter.run(counter, fn);
  }

  /** Closes the sockets of every client made so far. */
  destroy(): void {
    for (const clients of this.cache.values()) {
      clients.sagemaker.destroy();
      clients.cloudwatch.destroy();
    }
    this.cache.clear();
  }

  private create(accountId: string, region: string): AwsClients {
    const manager = this.options.credentialsManager!;
    const { maxAttempts, requestTimeoutMs } = this.limits;
    const credentials = async () => {
      let provider;
      try {
        provider = await manager.getCredentialProvider({ accountId });
      } catch {
        throw new CredentialsError(
          `no AWS credentials are configured for account ${accountId}; add it to aws.accounts or set aws.accountDefaults.roleName`,
          true,
        );
      }
      try {
        return await provider.sdkCredentialProvider();
      } catch (e) {
        const name = (e as { name?: string })?.name ?? '';
        const denied =
          name.startsWith('AccessDenied') || name === 'InvalidClientTokenId';
        throw new CredentialsError(
          denied
            ? `could not get credentials for account ${accountId}: access denied when assuming its role; check the role's trust policy and aws.accounts`
            : `could not get credentials for account ${accountId}; check aws.accounts in the app config`,
          denied,
        );
      }
    };
    const common = {
      region,
      credentials,
      maxAttempts,
      retryMode: 'adaptive',
      requestHandler: new NodeHttpHandler({
        requestTimeout: requestTimeoutMs,
        connectionTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
      }),
    };
    const sagemakerEndpoint = endpointFor(
      this.overrides,
      'sagemaker',
      accountId,
      region,
    );
    const cloudwatchEndpoint = endpointFor(
      this.overrides,
      'cloudwatch',
      accountId,
      region,
    );
    return {
      sagemaker: new SageMakerClient({
        ...common,
        ...(sagemakerEndpoint ? { endpoint: sagemakerEndpoint } : {}),
      }),
      cloudwatch: new CloudWatchClient({
        ...common,
        ...(cloudwatchEndpoint ? { endpoint: cloudwatchEndpoint } : {}),
      }),
    };
  }
}
