/**
 * The collector's view of the plugin's one AWS client factory (in
 * `ml-observability-node`): the SageMaker and CloudWatch clients of an
 * account and region, a per-round count of every call by operation, and the
 * plugin's AWS call metrics by operation and outcome (the one place every
 * call attempt passes through).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { MeterProvider } from '@opentelemetry/api';
import {
  AWS_USER_AGENT,
  AwsEndpointOverride,
  AwsLimits,
  DEFAULT_AWS_LIMITS,
  DefaultAwsClientFactory,
  addNonAwsAnswerGuard,
  readAwsLimits,
} from '@mlobs/backstage-plugin-ml-observability-node';
import {
  AwsCallMetrics,
  AwsCallOutcome,
  pluginMeter,
} from '../telemetry/metrics';
import { AwsService, describeFailure } from './errors';

export { DEFAULT_AWS_LIMITS, readAwsLimits };
export type { AwsLimits };
export type EndpointOverride = AwsEndpointOverride;

export interface AwsClients {
  sagemaker: SageMakerClient;
  cloudwatch: CloudWatchClient;
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
    options: {
      step: 'deserialize';
      name: string;
      override?: boolean;
      priority?: 'high' | 'normal' | 'low';
    },
  ): void;
};

/** How a call attempt ended, in the words of the source outcomes. */
function callOutcome(
  service: AwsService,
  operation: string,
  error: unknown,
): AwsCallOutcome {
  if ((error as { name?: string } | undefined)?.name === 'AbortError')
    return 'aborted';
  return describeFailure(error, {
    service,
    operation,
    accountId: '',
    region: '',
  }).outcome;
}

/**
 * Counts each attempt that reaches the wire, per round and in the plugin's
 * metrics: the deserialize step runs inside the retry loop, so retries count
 * too, as AWS bills and throttles them.
 */
function addCallCounter(
  service: AwsService,
  stack: Stack,
  metrics: AwsCallMetrics,
): void {
  stack.add(
    (next, context) => async args => {
      const operation = (context.commandName ?? 'Unknown').replace(
        /Command$/,
        '',
      );
      currentCounter.getStore()?.add(`${service}.${operation}`);
      try {
        const output = await next(args);
        metrics.record(service, operation, 'ok');
        return output;
      } catch (error) {
        metrics.record(
          service,
          operation,
          callOutcome(service, operation, error),
        );
        throw error;
      }
    },
    // High priority: outside the deserializer (errors arrive parsed), inside the retries (each attempt).
    {
      step: 'deserialize',
      priority: 'high',
      name: 'mlObservabilityCallCounter',
      override: true,
    },
  );
}

export interface AwsClientFactoryOptions {
  credentialsManager?: AwsCredentialsManager;
  endpoints?: EndpointOverride[];
  limits?: Partial<AwsLimits>;
  /** Tests inject clients (mocks, or clients pointed elsewhere). */
  createClients?: (accountId: string, region: string) => AwsClients;
  /** Where the AWS call metrics go; the global one of @opentelemetry/api by default. */
  meterProvider?: MeterProvider;
}

export class AwsClientFactory {
  readonly limits: AwsLimits;
  private readonly cache = new Map<string, AwsClients>();
  private readonly sqsCache = new Map<string, SQSClient>();
  private readonly shared?: DefaultAwsClientFactory;
  private readonly callMetrics: AwsCallMetrics;

  static fromConfig(
    config: Config,
    options: Omit<AwsClientFactoryOptions, 'endpoints' | 'limits'> = {},
  ): AwsClientFactory {
    return new AwsClientFactory(
      options,
      DefaultAwsClientFactory.fromConfig(config, {
        credentialsManager: options.credentialsManager,
        userAgent: 'backend',
      }),
    );
  }

  constructor(
    private readonly options: AwsClientFactoryOptions,
    shared?: DefaultAwsClientFactory,
  ) {
    if (!options.credentialsManager && !options.createClients && !shared) {
      throw new Error(
        'AwsClientFactory needs a credentials manager or injected clients',
      );
    }
    this.shared =
      shared ??
      (options.credentialsManager
        ? new DefaultAwsClientFactory({
            credentialsManager: options.credentialsManager,
            endpoints: options.endpoints,
            limits: options.limits,
            userAgent: 'backend',
          })
        : undefined);
    this.limits = this.shared?.limits ?? {
      ...DEFAULT_AWS_LIMITS,
      ...options.limits,
    };
    this.callMetrics = new AwsCallMetrics(pluginMeter(options.meterProvider));
  }

  /** The cached clients of an account and region. */
  clients(accountId: string, region: string): AwsClients {
    const key = `${accountId}/${region}`;
    let clients = this.cache.get(key);
    if (!clients) {
      const injected = this.options.createClients?.(accountId, region);
      if (injected) {
        // The shared factory guards its own clients; injected ones get the same treatment.
        addNonAwsAnswerGuard(injected.sagemaker);
        addNonAwsAnswerGuard(injected.cloudwatch);
      }
      clients = injected ?? {
        sagemaker: this.shared!.client('sagemaker', { accountId, region }),
        cloudwatch: this.shared!.client('cloudwatch', { accountId, region }),
      };
      addCallCounter(
        'SageMaker',
        clients.sagemaker.middlewareStack as unknown as Stack,
        this.callMetrics,
      );
      addCallCounter(
        'CloudWatch',
        clients.cloudwatch.middlewareStack as unknown as Stack,
        this.callMetrics,
      );
      this.cache.set(key, clients);
    }
    return clients;
  }

  /**
   * The cached SQS client of an account and region for a queue (alarm
   * queues). It signs with the credentials of that account's CloudWatch
   * client, and its endpoint is the queue URL's origin (AWS's, a VPC
   * endpoint's or an emulator's), so no endpoint override is needed. Its
   * request timeout leaves room for a 20-second long poll.
   */
  sqs(accountId: string, region: string, queueUrl: string): SQSClient {
    const endpoint = new URL(queueUrl).origin;
    const key = `${accountId}/${region}/${endpoint}`;
    let client = this.sqsCache.get(key);
    if (!client) {
      const { cloudwatch } = this.clients(accountId, region);
      const { maxAttempts, requestTimeoutMs } = this.limits;
      client = new SQSClient({
        region,
        endpoint,
        credentials: cloudwatch.config.credentials,
        maxAttempts,
        retryMode: 'adaptive',
        customUserAgent: [AWS_USER_AGENT, ['backend']],
        requestHandler: {
          requestTimeout: requestTimeoutMs + 20_000,
          connectionTimeout: requestTimeoutMs,
          throwOnRequestTimeout: true,
        },
      });
      addNonAwsAnswerGuard(client);
      this.sqsCache.set(key, client);
    }
    return client;
  }

  /** Runs `fn`, counting the AWS calls it makes (and only those) into `counter`. */
  countCalls<T>(counter: CallCounter, fn: () => Promise<T>): Promise<T> {
    return currentCounter.run(counter, fn);
  }

  /** Closes the sockets of every client made so far. */
  destroy(): void {
    if (this.options.createClients) {
      for (const clients of this.cache.values()) {
        clients.sagemaker.destroy();
        clients.cloudwatch.destroy();
      }
    }
    for (const client of this.sqsCache.values()) client.destroy();
    this.shared?.destroy();
    this.cache.clear();
    this.sqsCache.clear();
  }
}
