import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  ListEndpointsCommand,
  ListMonitoringSchedulesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { ConfigReader } from '@backstage/config';
import {
  emulatorAppConfig,
  startEmulator,
  type Emulator,
} from '@mlobs/aws-ml-emulator';
import { AWS_USER_AGENT, DefaultAwsClientFactory } from './clients';
import { NonAwsAnswerError } from './nonAwsAnswers';

/** What is left of the client's retry quota (the SDK's standard strategy, inside the adaptive one). */
async function retryCapacity(client: SageMakerClient): Promise<number> {
  const strategy = (await (
    client.config.retryStrategy as unknown as () => Promise<unknown>
  )()) as { standardRetryStrategy: { getCapacity(): number } };
  return strategy.standardRetryStrategy.getCapacity();
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    e => e,
  );

describe('DefaultAwsClientFactory', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'demo' });
  });
  afterAll(() => emulator.stop());

  const factoryFor = (extra: object = {}) =>
    DefaultAwsClientFactory.fromConfig(
      new ConfigReader({
        ...emulatorAppConfig({
          url: emulator.url,
          accountIds: ['123456789012', '210987654321'],
        }),
        ...extra,
      }),
      { userAgent: 'test-module' },
    );

  it('caches one client per service, account and region, each signing as its account', async () => {
    const factory = factoryFor();
    try {
      const primary = factory.client('sagemaker', {
        accountId: '123456789012',
        region: 'us-east-1',
      });
      expect(
        factory.client('sagemaker', {
          accountId: '123456789012',
          region: 'us-east-1',
        }),
      ).toBe(primary);
      const eu = factory.client('sagemaker', {
        accountId: '210987654321',
        region: 'eu-west-1',
      });
      expect(eu).not.toBe(primary);
      const [a, b] = await Promise.all(
        [primary, eu].map(c => c.send(new ListEndpointsCommand({}))),
      );
      expect(a.Endpoints?.map(e => e.EndpointName)).toContain(
        'churn-prediction-prod',
      );
      expect(b.Endpoints?.map(e => e.EndpointName)).toEqual([
        'credit-risk-scoring',
        // The EU half of the demo model served in two regions.
        'fraud-screening-prod',
      ]);
    } finally {
      factory.destroy();
    }
  });

  it("sends the plugin's name and version as user agent, and retries as configured", async () => {
    const factory = DefaultAwsClientFactory.fromConfig(
      new ConfigReader({
        aws: emulatorAppConfig({ url: emulator.url }).aws,
        mlObservability: {
          ...emulatorAppConfig({ url: emulator.url }).mlObservability,
          aws: { maxAttempts: 2 },
        },
      }),
      { userAgent: 'test-module' },
    );
    const cloudwatch = factory.client('cloudwatch', {
      accountId: '123456789012',
      region: 'us-east-1',
    });
    const agents: string[] = [];
    cloudwatch.middlewareStack.add(
      next => async args => {
        const headers = (args.request as { headers: Record<string, string> })
          .headers;
        agents.push(headers['x-amz-user-agent'] ?? headers['user-agent']);
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    emulator.setFaults({
      operations: { DescribeAlarms: { throttleRate: 1 } },
    });
    try {
      await expect(
        cloudwatch.send(new DescribeAlarmsCommand({})),
      ).rejects.toMatchObject({ name: expect.stringMatching(/^Throttling/) });
      // Two attempts, each carrying the plugin's name/version and the caller's component.
      expect(agents).toHaveLength(2);
      expect(agents[0]).toContain(`${AWS_USER_AGENT[0]}/${AWS_USER_AGENT[1]}`);
      expect(agents[0]).toContain('test-module');
    } finally {
      emulator.setFaults({});
      factory.destroy();
    }
  });

  it('fails a call, not startup, for an account without credentials, naming the config key', async () => {
    const factory = factoryFor({ aws: { accounts: [] } });
    try {
      await expect(
        factory
          .client('sagemaker', {
            accountId: '999999999999',
            region: 'us-east-1',
          })
          .send(new ListEndpointsCommand({})),
      ).rejects.toMatchObject({
        name: 'CredentialsError',
        message: expect.stringContaining(
          'account 999999999999; add it to aws.accounts',
        ),
      });
    } finally {
      factory.destroy();
    }
  });

  describe('answers without an AWS error body', () => {
    const primary = { accountId: '123456789012', region: 'us-east-1' };
    const retrying = () =>
      DefaultAwsClientFactory.fromConfig(
        new ConfigReader({
          aws: emulatorAppConfig({ url: emulator.url }).aws,
          mlObservability: {
            ...emulatorAppConfig({ url: emulator.url }).mlObservability,
            aws: { maxAttempts: 3 },
          },
        }),
      );
    afterEach(() => {
      emulator.clearFaults();
      emulator.resetStats();
    });

    it('are not retried and take nothing from the retry quota', async () => {
      const factory = retrying();
      const sagemaker = factory.client('sagemaker', primary);
      emulator.setFaults({
        operations: {
          ListMonitoringSchedules: { nonAwsErrorRate: 1 },
          DescribeEndpoint: { throttleRate: 1 },
        },
      });
      try {
        const before = await retryCapacity(sagemaker);
        for (let i = 0; i < 40; i++) {
          const error = await failureOf(
            sagemaker.send(new ListMonitoringSchedulesCommand({})),
          );
          expect(error).toBeInstanceOf(NonAwsAnswerError);
          expect(error).toMatchObject({
            statusCode: 500,
            contentType: expect.stringMatching(/^text\/html/),
            $metadata: { attempts: 1 },
          });
          expect(error.message).not.toContain('<');
        }
        expect(emulator.stats().operations.ListMonitoringSchedules.calls).toBe(
          40,
        );
        expect(await retryCapacity(sagemaker)).toBe(before);
        // A throttled call of the same client still gets its retries.
        const throttled = await failureOf(
          sagemaker.send(
            new DescribeEndpointCommand({
              EndpointName: 'churn-prediction-prod',
            }),
          ),
        );
        expect(throttled.name).toBe('ThrottlingException');
        expect(throttled.$metadata.attempts).toBe(3);
      } finally {
        factory.destroy();
      }
    }, 30_000);

    it('leave AWS server errors to the SDK, which retries them and spends its quota', async () => {
      const factory = retrying();
      const sagemaker = factory.client('sagemaker', primary);
      emulator.setFaults({
        operations: { ListMonitoringSchedules: { errorRate: 1 } },
      });
      try {
        const before = await retryCapacity(sagemaker);
        const error = await failureOf(
          sagemaker.send(new ListMonitoringSchedulesCommand({})),
        );
        expect(error.name).toBe('InternalFailure');
        expect(error.$metadata).toMatchObject({
          httpStatusCode: 500,
          attempts: 3,
        });
        expect(emulator.stats().operations.ListMonitoringSchedules.calls).toBe(
          3,
        );
        expect(await retryCapacity(sagemaker)).toBeLessThan(before);
      } finally {
        factory.destroy();
      }
    }, 30_000);
  });
});
