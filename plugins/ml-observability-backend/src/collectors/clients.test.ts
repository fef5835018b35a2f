import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { ConfigReader } from '@backstage/config';
import { startEmulator } from '@mlobs/aws-ml-emulator';
import { accountsConfig } from './__testUtils__/emulatorFixture';
import {
  AwsClientFactory,
  CallCounter,
  endpointFor,
  readAwsLimits,
} from './clients';

describe('endpointFor', () => {
  const overrides = [
    {
      accountId: '111111111111',
      region: 'eu-west-1',
      sagemaker: 'https://vpce-sm-eu',
    },
    { accountId: '111111111111', cloudwatch: 'https://vpce-cw-any-region' },
    {
      region: 'us-east-1',
      sagemaker: 'http://localhost:4566',
      cloudwatch: 'http://localhost:4566',
    },
  ];

  it('takes the first entry matching account and region that names the service', () => {
    expect(
      endpointFor(overrides, 'sagemaker', '111111111111', 'eu-west-1'),
    ).toBe('https://vpce-sm-eu');
    expect(
      endpointFor(overrides, 'cloudwatch', '111111111111', 'eu-west-1'),
    ).toBe('https://vpce-cw-any-region');
    expect(
      endpointFor(overrides, 'sagemaker', '222222222222', 'us-east-1'),
    ).toBe('http://localhost:4566');
    expect(
      endpointFor(overrides, 'sagemaker', '222222222222', 'eu-west-1'),
    ).toBeUndefined();
  });
});

describe('readAwsLimits', () => {
  it('defaults, and rejects nonsense with the key named', () => {
    expect(readAwsLimits(new ConfigReader({}))).toEqual({
      maxAttempts: 4,
      requestTimeoutMs: 10000,
      concurrency: 4,
    });
    expect(
      readAwsLimits(
        new ConfigReader({ mlObservability: { aws: { concurrency: 8 } } }),
      ).concurrency,
    ).toBe(8);
    expect(() =>
      readAwsLimits(
        new ConfigReader({ mlObservability: { aws: { maxAttempts: 0 } } }),
      ),
    ).toThrow(
      'mlObservability.aws.maxAttempts must be a positive integer, got 0',
    );
  });
});

describe('AwsClientFactory against the emulator', () => {
  it('caches clients per account and region, signs as the configured account, and counts every attempt', async () => {
    const emulator = await startEmulator({ scenario: 'demo' });
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: { accounts: accountsConfig(['123456789012', '210987654321']) },
        mlObservability: {
          endpoints: [{ sagemaker: emulator.url, cloudwatch: emulator.url }],
          aws: { maxAttempts: 2 },
        },
      }),
    );
    try {
      const primary = factory.clients('123456789012', 'us-east-1');
      expect(factory.clients('123456789012', 'us-east-1')).toBe(primary);
      const eu = factory.clients('210987654321', 'eu-west-1');
      expect(eu).not.toBe(primary);

      const counter = new CallCounter();
      const listed = await factory.countCalls(counter, async () => {
        const [a, b] = await Promise.all([
          primary.sagemaker.send(new ListEndpointsCommand({ MaxResults: 100 })),
          eu.sagemaker.send(new ListEndpointsCommand({ MaxResults: 100 })),
        ]);
        return [a, b].map(r => r.Endpoints?.map(e => e.EndpointName));
      });
      expect(listed[1]).toEqual(['credit-risk-scoring']);
      expect(listed[0]).toContain('churn-prediction-prod');

      emulator.setFaults({
        operations: { DescribeAlarms: { throttleRate: 1 } },
      });
      await expect(
        factory.countCalls(counter, () =>
          primary.cloudwatch.send(new DescribeAlarmsCommand({})),
        ),
      ).rejects.toMatchObject({ name: expect.stringMatching(/^Throttling/) });
      // Calls outside a counted round are not counted.
      await eu.sagemaker.send(new ListEndpointsCommand({}));
      expect(counter.toRecord()).toEqual({
        'CloudWatch.DescribeAlarms': 2,
        'SageMaker.ListEndpoints': 2,
      });
      expect(
        emulator.stats().accounts['210987654321/eu-west-1'].operations
          .ListEndpoints,
      ).toBe(2);
    } finally {
      factory.destroy();
      await emulator.stop();
    }
  });
});
