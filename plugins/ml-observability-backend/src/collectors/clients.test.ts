import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { ConfigReader } from '@backstage/config';
import { emulatorAppConfig, startEmulator } from '@mlobs/aws-ml-emulator';
import { AwsClientFactory, CallCounter } from './clients';

describe('AwsClientFactory against the emulator', () => {
  it('caches clients per account and region, signs as the configured account, and counts every attempt', async () => {
    const emulator = await startEmulator({ scenario: 'demo' });
    const factory = AwsClientFactory.fromConfig(
      ConfigReader.fromConfigs([
        {
          context: 'emulator',
          data: emulatorAppConfig({
            url: emulator.url,
            accountIds: ['123456789012', '210987654321'],
          }),
        },
        {
          context: 'test',
          data: { mlObservability: { aws: { maxAttempts: 2 } } },
        },
      ]),
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
      expect(listed[1]).toEqual([
        'credit-risk-scoring',
        'fraud-screening-prod',
      ]);
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
