import {
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  ListEndpointsCommand,
  ListMonitoringSchedulesCommand,
} from '@aws-sdk/client-sagemaker';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  EU,
  NOW,
  PRIMARY,
  cloudWatch,
  failure,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';
import { identityOf } from './identity';

describe('accounts and regions', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.stop());

  it('reads the account from the access key id and the region from the credential scope', () => {
    const header = (key: string, region: string) =>
      `AWS4-HMAC-SHA256 Credential=${key}/20261125/${region}/sagemaker/aws4_request, SignedHeaders=host, Signature=abc`;
    expect(identityOf(header('AKIA123456789012EMU', 'us-east-1'))).toEqual({
      accessKeyId: 'AKIA123456789012EMU',
      account: '123456789012',
      region: 'us-east-1',
    });
    expect(
      identityOf(header('AKIA2109876543219999', 'eu-west-1')),
    ).toMatchObject({ account: '210987654321', region: 'eu-west-1' });
    expect(
      identityOf(header('AKIAIOSFODNN7EXAMPLE', 'ap-south-1')),
    ).toMatchObject({ account: '123456789012', region: 'ap-south-1' });
    expect(identityOf(undefined)).toBeUndefined();
    expect(identityOf('Bearer token')).toBeUndefined();
  });

  it('keeps the second account in eu-west-1 apart from the first', async () => {
    const names = async (client: SageMakerClient) =>
      (
        await client.send(new ListEndpointsCommand({ MaxResults: 100 }))
      ).Endpoints!.map(e => e.EndpointName);
    expect(await names(sageMaker(emulator, EU))).toEqual([
      'credit-risk-scoring',
      // The EU half of the multi-region demo model.
      'fraud-screening-prod',
    ]);
    expect(
      await names(
        sageMaker(emulator, { account: EU.account, region: 'us-east-1' }),
      ),
    ).toEqual([]);
    expect(
      await names(
        sageMaker(emulator, { account: PRIMARY.account, region: 'eu-west-1' }),
      ),
    ).toEqual([]);
    expect(await names(sageMaker(emulator))).not.toContain(
      'credit-risk-scoring',
    );

    const eu = sageMaker(emulator, EU);
    const endpoint = await eu.send(
      new DescribeEndpointCommand({ EndpointName: 'credit-risk-scoring' }),
    );
    expect(endpoint.EndpointArn).toBe(
      'arn:aws:sagemaker:eu-west-1:210987654321:endpoint/credit-risk-scoring',
    );
    expect(
      endpoint.ProductionVariants![0].DeployedImages![0].SpecifiedImage,
    ).toContain('.dkr.ecr.eu-west-1.amazonaws.com/');
    const schedules = await eu.send(new ListMonitoringSchedulesCommand({}));
    expect(
      schedules
        .MonitoringScheduleSummaries!.map(s => s.MonitoringScheduleName)
        .sort(),
    ).toEqual([
      'credit-risk-scoring-data-quality',
      'credit-risk-scoring-model-quality',
      'fraud-screening-prod-data-quality',
      'fraud-screening-prod-model-quality',
    ]);
    expect(
      await failure(
        sageMaker(emulator).send(
          new DescribeEndpointCommand({ EndpointName: 'credit-risk-scoring' }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('serves CloudWatch metrics per account and region', async () => {
    const metrics = await cloudWatch(emulator, EU).send(
      new ListMetricsCommand({
        Namespace: 'aws/sagemaker/Endpoints/model-metrics',
      }),
    );
    expect(new Set(metrics.Metrics!.map(m => m.Dimensions![0].Value))).toEqual(
      new Set(['credit-risk-scoring', 'fraud-screening-prod']),
    );
    const query = {
      StartTime: new Date(NOW.getTime() - 86400_000),
      EndTime: NOW,
      MetricDataQueries: [
        {
          Id: 'acc',
          MetricStat: {
            Metric: {
              Namespace: 'aws/sagemaker/Endpoints/model-metrics',
              MetricName: 'accuracy',
              Dimensions: [
                { Name: 'Endpoint', Value: 'credit-risk-scoring' },
                {
                  Name: 'MonitoringSchedule',
                  Value: 'credit-risk-scoring-model-quality',
                },
              ],
            },
            Period: 14400,
            Stat: 'Average',
          },
        },
      ],
    };
    const eu = await cloudWatch(emulator, EU).send(
      new GetMetricDataCommand(query),
    );
    expect(eu.MetricDataResults![0].Values!.length).toBeGreaterThan(4);
    eu.MetricDataResults![0].Values!.forEach(v =>
      expect(v).toBeGreaterThan(0.9),
    );
    const primary = await cloudWatch(emulator).send(
      new GetMetricDataCommand(query),
    );
    expect(primary.MetricDataResults![0].Values).toEqual([]);
  });

  it('issues STS credentials whose key id routes calls to the role account', async () => {
    const form = (
      action: string,
      extra: Record<string, string> = {},
      key = 'AKIA123456789012EMU',
    ) =>
      fetch(emulator.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `AWS4-HMAC-SHA256 Credential=${key}/20261125/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x`,
        },
        body: new URLSearchParams({
          Action: action,
          Version: '2011-06-15',
          ...extra,
        }).toString(),
      });
    const assumed = await form('AssumeRole', {
      RoleArn: 'arn:aws:iam::210987654321:role/backstage-reader',
      RoleSessionName: 'backstage',
    });
    expect(assumed.status).toBe(200);
    const xml = await assumed.text();
    const accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)![1];
    expect(accessKeyId).toMatch(/^ASIA210987654321/);
    expect(xml).toContain(
      '<Arn>arn:aws:sts::210987654321:assumed-role/backstage-reader/backstage</Arn>',
    );
    expect(xml).toMatch(/<Expiration>2026-11-25T15:37:00Z<\/Expiration>/);

    const identity = await (
      await form('GetCallerIdentity', {}, accessKeyId)
    ).text();
    expect(identity).toContain('<Account>210987654321</Account>');
    expect(identity).toContain('assumed-role/backstage-reader/backstage');

    const client = new SageMakerClient({
      endpoint: emulator.url,
      region: 'eu-west-1',
      credentials: {
        accessKeyId,
        secretAccessKey: 'from-sts',
        sessionToken: 'token',
      },
      maxAttempts: 1,
    });
    const endpoints = await client.send(new ListEndpointsCommand({}));
    expect(endpoints.Endpoints!.map(e => e.EndpointName)).toEqual([
      'credit-risk-scoring',
      // The EU half of the multi-region demo model.
      'fraud-screening-prod',
    ]);

    const bad = await form('AssumeRole', {
      RoleArn: 'not-an-arn',
      RoleSessionName: 'backstage',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<Code>ValidationError</Code>');
  });
});
