import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DescribeMonitoringScheduleCommand,
} from '@aws-sdk/client-sagemaker';
import {
  AwsTestEnvironment,
  runAction,
  startAwsTestEnvironment,
} from '../__testUtils__/aws';
import type { AwsClientFactory, SendingClient } from '../aws/clients';
import { createMonitoringScheduleAction } from './createMonitoringSchedule';
import { readActionSettings } from './settings';
import { ConfigReader } from '@backstage/config';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerModelMonitorRole';

describe('mlobs:sagemaker:create-monitoring-schedule against the emulator', () => {
  let env: AwsTestEnvironment;

  beforeAll(async () => {
    env = await startAwsTestEnvironment({
      scenario: 'empty',
      endpointTransitionSeconds: 1,
    });
    for (const name of ['scoring-prod', 'scoring-dry']) {
      await env.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `${name}-config`,
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'm',
              InstanceType: 'ml.m5.large',
              InitialInstanceCount: 1,
            },
          ],
          DataCaptureConfig: {
            EnableCapture: true,
            InitialSamplingPercentage: 20,
            DestinationS3Uri: `s3://capture/${name}`,
            CaptureOptions: [
              { CaptureMode: 'Input' },
              { CaptureMode: 'Output' },
            ],
          },
        }),
      );
      await env.sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: `${name}-config`,
        }),
      );
    }
    env.emulator.advanceClock(5);
  });

  afterAll(async () => {
    await env.stop();
  });

  const input = {
    endpointName: 'scoring-prod',
    baselineS3Uri: 's3://ml-baselines/scoring/',
    scheduleExpression: 'cron(0 */2 ? * * *)',
    roleArn: ROLE,
  };

  it('creates the data quality schedule, then changes nothing', async () => {
    const action = createMonitoringScheduleAction(env);
    const first = await runAction(action, input);
    expect(first.outputs).toMatchObject({
      schedules: [
        {
          name: 'scoring-prod-data-quality',
          type: 'DataQuality',
          status: 'created',
        },
      ],
      dataQualityScheduleName: 'scoring-prod-data-quality',
      warnings: [],
    });
    const schedule = await env.sagemaker.send(
      new DescribeMonitoringScheduleCommand({
        MonitoringScheduleName: 'scoring-prod-data-quality',
      }),
    );
    expect(schedule).toMatchObject({
      MonitoringType: 'DataQuality',
      EndpointName: 'scoring-prod',
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'cron(0 */2 ? * * *)' },
        MonitoringJobDefinition: {
          BaselineConfig: {
            ConstraintsResource: {
              S3Uri: 's3://ml-baselines/scoring/constraints.json',
            },
            StatisticsResource: {
              S3Uri: 's3://ml-baselines/scoring/statistics.json',
            },
          },
          MonitoringAppSpecification: {
            ImageUri:
              '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer',
          },
          Environment: { publish_cloudwatch_metrics: 'Enabled' },
          RoleArn: ROLE,
          StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        },
      },
    });

    const second = await runAction(action, input);
    expect(second.outputs.schedules).toEqual([
      {
        name: 'scoring-prod-data-quality',
        type: 'DataQuality',
        status: 'unchanged',
      },
    ]);
    expect(env.emulator.stats().operations.CreateMonitoringSchedule.calls).toBe(
      1,
    );
  });

  it('refuses to overwrite a schedule with other settings', async () => {
    await expect(
      runAction(createMonitoringScheduleAction(env), {
        ...input,
        scheduleExpression: 'cron(0 * ? * * *)',
      }),
    ).rejects.toThrow(
      'monitoring schedule scoring-prod-data-quality already exists in 123456789012/us-east-1 with other settings (ScheduleExpression: has "cron(0 */2 ? * * *)", asked "cron(0 * ? * * *)")',
    );
  });

  it('creates nothing in a dry run', async () => {
    const { outputs } = await runAction(
      createMonitoringScheduleAction(env),
      { ...input, endpointName: 'scoring-dry' },
      { dryRun: true },
    );
    expect(outputs.schedules).toEqual([
      {
        name: 'scoring-dry-data-quality',
        type: 'DataQuality',
        status: 'would-create',
      },
    ]);
    await expect(
      env.sagemaker.send(
        new DescribeMonitoringScheduleCommand({
          MonitoringScheduleName: 'scoring-dry-data-quality',
        }),
      ),
    ).rejects.toThrow(/does not exist/);
  });

  it('checks the expression, the endpoint and the region', async () => {
    const action = createMonitoringScheduleAction(env);
    await expect(
      runAction(action, { ...input, scheduleExpression: 'rate(5 minutes)' }),
    ).rejects.toThrow(
      'scheduleExpression "rate(5 minutes)" is not a Model Monitor schedule expression',
    );
    await expect(
      runAction(action, { ...input, endpointName: 'nope' }),
    ).rejects.toThrow('endpoint nope not found in 123456789012/us-east-1');
    await expect(
      runAction(action, { ...input, region: 'mx-central-1' }),
    ).rejects.toThrow(
      'no prebuilt Model Monitor image is known for mx-central-1; give imageUri',
    );
  });
});

/**
 * The emulator has no CreateModelQualityJobDefinition, so the model quality
 * path runs against a recording SageMaker fake that answers like SageMaker.
 */
describe('mlobs:sagemaker:create-monitoring-schedule with ground truth', () => {
  function fakeSageMaker(existing: Record<string, object> = {}) {
    const sent: Array<{ name: string; input: any }> = [];
    const client: SendingClient = {
      async send(command: { constructor: { name: string }; input: any }) {
        const name = command.constructor.name.replace(/Command$/, '');
        sent.push({ name, input: command.input });
        const key = `${name}:${
          command.input.MonitoringScheduleName ??
          command.input.JobDefinitionName ??
          ''
        }`;
        if (name === 'DescribeEndpoint')
          return {
            EndpointStatus: 'InService',
            DataCaptureConfig: { EnableCapture: true },
          };
        if (name.startsWith('Describe')) {
          if (existing[key]) return existing[key];
          throw Object.assign(new Error('Monitoring schedule does not exist'), {
            name: 'ResourceNotFound',
          });
        }
        return {};
      },
    };
    const clients: AwsClientFactory = {
      sagemaker: async () => client,
      cloudwatch: async () => client,
    };
    return { sent, clients };
  }
  const settings = readActionSettings(new ConfigReader({}));
  const input = {
    accountId: '123456789012',
    region: 'eu-west-1',
    endpointName: 'churn-prod',
    baselineS3Uri: 's3://baselines/churn',
    roleArn: ROLE,
    modelQuality: {
      groundTruthS3Uri: 's3://ground-truth/churn',
      problemType: 'BinaryClassification',
      probabilityAttribute: '0',
      probabilityThresholdAttribute: 0.5,
    },
  };

  it('creates the job definition and both schedules', async () => {
    const { sent, clients } = fakeSageMaker();
    const { outputs } = await runAction(
      createMonitoringScheduleAction({ clients, settings }),
      input,
    );
    expect(outputs.schedules.map((s: { status: string }) => s.status)).toEqual([
      'created',
      'created',
    ]);
    const creates = sent.filter(s => s.name.startsWith('Create'));
    expect(creates.map(c => c.name)).toEqual([
      'CreateMonitoringSchedule',
      'CreateModelQualityJobDefinition',
      'CreateMonitoringSchedule',
    ]);
    expect(creates[1].input).toMatchObject({
      JobDefinitionName: 'churn-prod-model-quality-job',
      ModelQualityBaselineConfig: {
        ConstraintsResource: {
          S3Uri: 's3://baselines/churn/model-quality/constraints.json',
        },
      },
      ModelQualityAppSpecification: {
        ImageUri:
          '468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer',
        ProblemType: 'BinaryClassification',
      },
      ModelQualityJobInput: {
        EndpointInput: {
          EndpointName: 'churn-prod',
          ProbabilityAttribute: '0',
          ProbabilityThresholdAttribute: 0.5,
        },
        GroundTruthS3Input: { S3Uri: 's3://ground-truth/churn' },
      },
      RoleArn: ROLE,
    });
    expect(creates[2].input).toMatchObject({
      MonitoringScheduleName: 'churn-prod-model-quality',
      MonitoringScheduleConfig: {
        MonitoringType: 'ModelQuality',
        MonitoringJobDefinitionName: 'churn-prod-model-quality-job',
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
      },
    });
  });

  it('leaves existing equal schedules alone and creates nothing in a dry run', async () => {
    const existing = {
      'DescribeMonitoringSchedule:churn-prod-data-quality': {
        MonitoringType: 'DataQuality',
        EndpointName: 'churn-prod',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringJobDefinition: {
            BaselineConfig: {
              ConstraintsResource: {
                S3Uri: 's3://baselines/churn/constraints.json',
              },
              StatisticsResource: {
                S3Uri: 's3://baselines/churn/statistics.json',
              },
            },
          },
        },
      },
      'DescribeMonitoringSchedule:churn-prod-model-quality': {
        MonitoringType: 'ModelQuality',
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
          MonitoringJobDefinitionName: 'churn-prod-model-quality-job',
        },
      },
    };
    const again = fakeSageMaker(existing);
    const { outputs } = await runAction(
      createMonitoringScheduleAction({ clients: again.clients, settings }),
      input,
    );
    expect(outputs.schedules.map((s: { status: string }) => s.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(again.sent.filter(s => s.name.startsWith('Create'))).toEqual([]);

    const dry = fakeSageMaker();
    const result = await runAction(
      createMonitoringScheduleAction({ clients: dry.clients, settings }),
      input,
      { dryRun: true },
    );
    expect(
      result.outputs.schedules.map((s: { status: string }) => s.status),
    ).toEqual(['would-create', 'would-create']);
    expect(dry.sent.filter(s => s.name.startsWith('Create'))).toEqual([]);
  });
});
