import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListTagsCommand,
} from '@aws-sdk/client-sagemaker';
import {
  AwsTestEnvironment,
  runAction,
  startAwsTestEnvironment,
} from '../__testUtils__/aws';
import { enableDataCaptureAction } from './enableDataCapture';

const VARIANTS = [
  {
    VariantName: 'AllTraffic',
    ModelName: 'pricing-v3',
    InstanceType: 'ml.m5.large' as const,
    InitialInstanceCount: 2,
    InitialVariantWeight: 1,
  },
];

describe('mlobs:sagemaker:enable-data-capture', () => {
  let env: AwsTestEnvironment;

  beforeAll(async () => {
    env = await startAwsTestEnvironment({
      scenario: 'empty',
      endpointTransitionSeconds: 60,
    });
  });

  afterAll(async () => {
    await env.stop();
  });

  async function endpoint(name: string, capture?: object) {
    await env.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: `${name}-config`,
        ProductionVariants: VARIANTS,
        ...(capture ? { DataCaptureConfig: capture as never } : {}),
        Tags: [{ Key: 'team', Value: 'pricing' }],
      }),
    );
    await env.sagemaker.send(
      new CreateEndpointCommand({
        EndpointName: name,
        EndpointConfigName: `${name}-config`,
      }),
    );
    env.emulator.advanceClock(61);
  }

  const describe_ = (name: string) =>
    env.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
  const config = (name: string) =>
    env.sagemaker.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: name }),
    );

  it('copies the endpoint config with data capture, updates the endpoint, then changes nothing', async () => {
    await endpoint('pricing-prod');
    const action = enableDataCaptureAction(env);
    const input = {
      endpointName: 'pricing-prod',
      samplingPercentage: 20,
      destinationS3Uri: 's3://ml-capture-123456789012/pricing-prod',
    };

    const first = await runAction(action, input);
    expect(first.outputs).toMatchObject({
      status: 'updated',
      previousEndpointConfigName: 'pricing-prod-config',
    });
    const created = await config(first.outputs.endpointConfigName);
    expect(created.ProductionVariants).toEqual(VARIANTS);
    expect(created.DataCaptureConfig).toEqual({
      EnableCapture: true,
      InitialSamplingPercentage: 20,
      DestinationS3Uri: 's3://ml-capture-123456789012/pricing-prod',
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    });
    const tags = await env.sagemaker.send(
      new ListTagsCommand({ ResourceArn: created.EndpointConfigArn }),
    );
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'pricing' },
        {
          Key: 'mlobs:managed-by',
          Value: 'mlobs:sagemaker:enable-data-capture',
        },
      ]),
    );
    expect((await describe_('pricing-prod')).EndpointStatus).toBe('Updating');

    // While the update runs, a second run sees it already asked for.
    const second = await runAction(action, input);
    expect(second.outputs).toMatchObject({
      status: 'in-progress',
      endpointConfigName: first.outputs.endpointConfigName,
    });

    env.emulator.advanceClock(61);
    const live = await describe_('pricing-prod');
    expect(live).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: first.outputs.endpointConfigName,
      DataCaptureConfig: { EnableCapture: true, CurrentSamplingPercentage: 20 },
    });
    const creates = env.emulator.stats().operations.CreateEndpointConfig.calls;
    const third = await runAction(action, input);
    expect(third.outputs).toEqual({
      status: 'unchanged',
      endpointConfigName: first.outputs.endpointConfigName,
    });
    expect(env.emulator.stats().operations.CreateEndpointConfig.calls).toBe(
      creates,
    );
    expect(env.emulator.stats().operations.UpdateEndpoint.calls).toBe(1);
  });

  it('keeps the current destination and options when only the percentage changes', async () => {
    await endpoint('pricing-canary', {
      EnableCapture: true,
      InitialSamplingPercentage: 5,
      DestinationS3Uri: 's3://capture-bucket/canary',
      CaptureOptions: [{ CaptureMode: 'Input' }],
      CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'] },
    });
    const { outputs } = await runAction(enableDataCaptureAction(env), {
      endpointName: 'pricing-canary',
      samplingPercentage: 50,
    });
    expect(
      (await config(outputs.endpointConfigName)).DataCaptureConfig,
    ).toEqual({
      EnableCapture: true,
      InitialSamplingPercentage: 50,
      DestinationS3Uri: 's3://capture-bucket/canary',
      CaptureOptions: [{ CaptureMode: 'Input' }],
      CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'] },
    });
  });

  it('creates nothing in a dry run', async () => {
    await endpoint('pricing-dry');
    const { outputs } = await runAction(
      enableDataCaptureAction(env),
      {
        endpointName: 'pricing-dry',
        samplingPercentage: 10,
        destinationS3Uri: 's3://capture-bucket/dry',
      },
      { dryRun: true },
    );
    expect(outputs.status).toBe('would-update');
    await expect(config(outputs.endpointConfigName)).rejects.toThrow(
      /Could not find endpoint configuration/,
    );
    expect(await describe_('pricing-dry')).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'pricing-dry-config',
    });
  });

  it('says what is wrong with a missing endpoint or destination', async () => {
    await expect(
      runAction(enableDataCaptureAction(env), {
        endpointName: 'nope',
        samplingPercentage: 10,
      }),
    ).rejects.toThrow('endpoint nope not found in 123456789012/us-east-1');
    await endpoint('pricing-nodest');
    await expect(
      runAction(enableDataCaptureAction(env), {
        endpointName: 'pricing-nodest',
        samplingPercentage: 10,
      }),
    ).rejects.toThrow(
      'endpoint pricing-nodest has no data capture configured yet, so destinationS3Uri is required',
    );
  });
});
