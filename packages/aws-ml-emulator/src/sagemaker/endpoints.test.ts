import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointsCommand,
  ListTagsCommand,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  failure,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';

describe('SageMaker endpoints', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.stop());

  it('lists every endpoint of the account once across pages, newest first', async () => {
    const client = sageMaker(emulator);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new ListEndpointsCommand({ MaxResults: 2, NextToken: token }),
      );
      names.push(...page.Endpoints!.map(e => e.EndpointName!));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(6);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([
      'churn-prediction-prod',
      'demand-forecast-prod',
      'fraud-screening-prod',
      'legacy-pricing-model',
      'loan-approval-prod',
      'nlp-sandbox-endpoint',
      'product-categorizer-prod',
      'recommendation-engine-prod',
      'search-ranking-prod',
      'search-ranking-shadow',
      'ticket-routing-prod',
    ]);
    const all = await client.send(
      new ListEndpointsCommand({ MaxResults: 100 }),
    );
    const created = all.Endpoints!.map(e => e.CreationTime!.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('filters and sorts like AWS', async () => {
    const client = sageMaker(emulator);
    const byName = await client.send(
      new ListEndpointsCommand({
        NameContains: 'search',
        SortBy: 'Name',
        SortOrder: 'Ascending',
      }),
    );
    expect(byName.Endpoints!.map(e => e.EndpointName)).toEqual([
      'search-ranking-prod',
      'search-ranking-shadow',
    ]);
    const failed = await client.send(
      new ListEndpointsCommand({ StatusEquals: 'Failed' }),
    );
    expect(failed.Endpoints).toEqual([]);
  });

  it.each([0, 101])(
    'rejects MaxResults %i with a ValidationException',
    async max => {
      const error = await failure(
        sageMaker(emulator).send(new ListEndpointsCommand({ MaxResults: max })),
      );
      expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    },
  );

  it('rejects a forged NextToken', async () => {
    const error = await failure(
      sageMaker(emulator).send(
        new ListEndpointsCommand({ NextToken: 'bm9wZQ' }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('describes the A/B variants and the shadow variant of search-ranking-prod', async () => {
    const endpoint = await sageMaker(emulator).send(
      new DescribeEndpointCommand({ EndpointName: 'search-ranking-prod' }),
    );
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(
      endpoint.ProductionVariants!.map(v => [
        v.VariantName,
        v.CurrentWeight,
        v.CurrentInstanceCount,
      ]),
    ).toEqual([
      ['champion', 0.9, 4],
      ['challenger', 0.1, 1],
    ]);
    expect(endpoint.ShadowProductionVariants!.map(v => v.VariantName)).toEqual([
      'shadow-v23',
    ]);
    expect(
      endpoint.ProductionVariants![0].DeployedImages![0].ResolvedImage,
    ).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(endpoint.CreationTime).toBeInstanceOf(Date);
    expect(endpoint.LastModifiedTime!.getTime()).toBeGreaterThan(
      endpoint.CreationTime!.getTime(),
    );
  });

  it('reports data capture as configured, including a stopped capture', async () => {
    const client = sageMaker(emulator);
    const capture = async (name: string) =>
      (await client.send(new DescribeEndpointCommand({ EndpointName: name })))
        .DataCaptureConfig;
    expect(await capture('search-ranking-shadow')).toMatchObject({
      EnableCapture: true,
      CaptureStatus: 'Stopped',
      CurrentSamplingPercentage: 100,
    });
    expect(await capture('recommendation-engine-prod')).toMatchObject({
      EnableCapture: true,
      CaptureStatus: 'Started',
      CurrentSamplingPercentage: 20,
      DestinationS3Uri:
        's3://sagemaker-data-capture-123456789012/recommendation-engine-prod',
    });
    expect(await capture('churn-prediction-prod')).toMatchObject({
      CurrentSamplingPercentage: 100,
    });
    expect(await capture('legacy-pricing-model')).toBeUndefined();
  });

  it('describes serverless variants without instance counts', async () => {
    const endpoint = await sageMaker(emulator).send(
      new DescribeEndpointCommand({ EndpointName: 'nlp-sandbox-endpoint' }),
    );
    expect(endpoint.ProductionVariants![0].CurrentServerlessConfig).toEqual({
      MemorySizeInMB: 4096,
      MaxConcurrency: 5,
    });
    expect(
      endpoint.ProductionVariants![0].CurrentInstanceCount,
    ).toBeUndefined();
  });

  it('answers an unknown endpoint with a ValidationException, as SageMaker does', async () => {
    const error = await failure(
      sageMaker(emulator).send(
        new DescribeEndpointCommand({ EndpointName: 'nope' }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(error.message).toContain('Could not find endpoint');
  });

  it('describes endpoint configs and lists tags', async () => {
    const client = sageMaker(emulator);
    const endpoint = await client.send(
      new DescribeEndpointCommand({ EndpointName: 'churn-prediction-prod' }),
    );
    const config = await client.send(
      new DescribeEndpointConfigCommand({
        EndpointConfigName: endpoint.EndpointConfigName,
      }),
    );
    expect(config.ProductionVariants![0]).toMatchObject({
      VariantName: 'AllTraffic',
      InstanceType: 'ml.c5.xlarge',
      InitialInstanceCount: 2,
    });
    expect(config.DataCaptureConfig).toMatchObject({
      InitialSamplingPercentage: 100,
      EnableCapture: true,
    });
    const tags = await client.send(
      new ListTagsCommand({ ResourceArn: endpoint.EndpointArn }),
    );
    expect(tags.Tags).toEqual(
      expect.arrayContaining([{ Key: 'model', Value: 'churn-prediction' }]),
    );
    const missing = await failure(
      client.send(
        new DescribeEndpointConfigCommand({ EndpointConfigName: 'missing' }),
      ),
    );
    expect(missing.name).toBe('ValidationException');
  });

  it('switches an endpoint to a new config: Updating, then InService with the new capture settings', async () => {
    const client = sageMaker(emulator);
    await client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'ticket-routing-prod-config-v2',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: 'ticket-routing-v5',
            InstanceType: 'ml.c5.2xlarge',
            InitialInstanceCount: 3,
            InitialVariantWeight: 1,
          },
        ],
        DataCaptureConfig: {
          EnableCapture: false,
          InitialSamplingPercentage: 5,
          DestinationS3Uri: 's3://bucket/ticket-routing',
          CaptureOptions: [{ CaptureMode: 'Input' }],
        },
      }),
    );
    const duplicate = await failure(
      client.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'ticket-routing-prod-config-v2',
          ProductionVariants: [
            {
              VariantName: 'a',
              InstanceType: 'ml.m5.large',
              InitialInstanceCount: 1,
            },
          ],
        }),
      ),
    );
    expect(duplicate.name).toBe('ValidationException');

    await client.send(
      new UpdateEndpointCommand({
        EndpointName: 'ticket-routing-prod',
        EndpointConfigName: 'ticket-routing-prod-config-v2',
      }),
    );
    const updating = await client.send(
      new DescribeEndpointCommand({ EndpointName: 'ticket-routing-prod' }),
    );
    expect(updating.EndpointStatus).toBe('Updating');
    expect(updating.PendingDeploymentSummary?.EndpointConfigName).toBe(
      'ticket-routing-prod-config-v2',
    );
    expect(updating.DataCaptureConfig?.CaptureStatus).toBe('Started');
    const again = await failure(
      client.send(
        new UpdateEndpointCommand({
          EndpointName: 'ticket-routing-prod',
          EndpointConfigName: 'ticket-routing-prod-config-v2',
        }),
      ),
    );
    expect(again.name).toBe('ValidationException');

    emulator.advanceClock(61);
    const done = await client.send(
      new DescribeEndpointCommand({ EndpointName: 'ticket-routing-prod' }),
    );
    expect(done.EndpointStatus).toBe('InService');
    expect(done.EndpointConfigName).toBe('ticket-routing-prod-config-v2');
    expect(done.ProductionVariants![0].CurrentInstanceCount).toBe(3);
    expect(done.DataCaptureConfig).toMatchObject({
      EnableCapture: false,
      CaptureStatus: 'Stopped',
      CurrentSamplingPercentage: 5,
    });
  });

  it('creates endpoints that come into service after the transition time', async () => {
    const client = sageMaker(emulator);
    await client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'fresh-config',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: 'fresh-model',
            InstanceType: 'ml.m5.large',
            InitialInstanceCount: 1,
          },
        ],
      }),
    );
    const missing = await failure(
      client.send(
        new CreateEndpointCommand({
          EndpointName: 'fresh',
          EndpointConfigName: 'no-such-config',
        }),
      ),
    );
    expect(missing.name).toBe('ValidationException');
    const created = await client.send(
      new CreateEndpointCommand({
        EndpointName: 'fresh',
        EndpointConfigName: 'fresh-config',
      }),
    );
    expect(created.EndpointArn).toBe(
      'arn:aws:sagemaker:us-east-1:123456789012:endpoint/fresh',
    );
    const creating = await client.send(
      new DescribeEndpointCommand({ EndpointName: 'fresh' }),
    );
    expect(creating.EndpointStatus).toBe('Creating');
    expect(creating.ProductionVariants).toBeUndefined();
    emulator.advanceClock(61);
    const ready = await client.send(
      new DescribeEndpointCommand({ EndpointName: 'fresh' }),
    );
    expect(ready.EndpointStatus).toBe('InService');
    expect(ready.ProductionVariants![0].CurrentInstanceCount).toBe(1);
    const listed = await client.send(
      new ListEndpointsCommand({
        StatusEquals: 'InService',
        NameContains: 'fresh',
      }),
    );
    expect(listed.Endpoints!.map(e => e.EndpointName)).toEqual(['fresh']);
  });

  it('shifts traffic between variants with UpdateEndpointWeightsAndCapacities, and back', async () => {
    const client = sageMaker(emulator);
    const EndpointName = 'search-ranking-prod';
    const weights = async () => {
      const d = await client.send(
        new DescribeEndpointCommand({ EndpointName }),
      );
      return {
        status: d.EndpointStatus,
        config: d.EndpointConfigName,
        pending: d.PendingDeploymentSummary,
        variants: Object.fromEntries(
          d.ProductionVariants!.map(v => [
            v.VariantName,
            [v.CurrentWeight, v.DesiredWeight, v.CurrentInstanceCount],
          ]),
        ),
      };
    };
    const shift = (champion: number, challenger: number) =>
      client.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName,
          DesiredWeightsAndCapacities: [
            { VariantName: 'champion', DesiredWeight: champion },
            { VariantName: 'challenger', DesiredWeight: challenger },
          ],
        }),
      );
    const before = await weights();
    expect(before.status).toBe('InService');
    expect(before.variants.champion.slice(0, 2)).toEqual([0.9, 0.9]);
    expect(before.variants.challenger.slice(0, 2)).toEqual([0.1, 0.1]);

    const answer = await shift(0, 1);
    expect(answer.EndpointArn).toBe(
      'arn:aws:sagemaker:us-east-1:123456789012:endpoint/search-ranking-prod',
    );
    const updating = await weights();
    expect(updating.status).toBe('Updating');
    // Current is what serves now, Desired what the update brings; no new config is deployed.
    expect(updating.variants.champion.slice(0, 2)).toEqual([0.9, 0]);
    expect(updating.variants.challenger.slice(0, 2)).toEqual([0.1, 1]);
    expect(updating.pending).toBeUndefined();
    expect((await failure(shift(1, 0))).message).toMatch(
      /Cannot update in-progress endpoint .* \(status Updating\)/,
    );

    emulator.advanceClock(61);
    const shifted = await weights();
    expect(shifted).toMatchObject({
      status: 'InService',
      config: before.config,
    });
    expect(shifted.variants.champion).toEqual([
      0,
      0,
      before.variants.champion[2],
    ]);
    expect(shifted.variants.challenger.slice(0, 2)).toEqual([1, 1]);

    // What AWS refuses: a variant the endpoint lacks, no traffic at all, nothing to change.
    const unknown = await failure(
      client.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName,
          DesiredWeightsAndCapacities: [
            { VariantName: 'popularity-fallback', DesiredWeight: 1 },
          ],
        }),
      ),
    );
    expect(unknown.name).toBe('ValidationException');
    expect(unknown.message).toContain('popularity-fallback');
    expect((await failure(shift(0, 0))).message).toMatch(/would be 0/);
    const empty = await failure(
      client.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName,
          DesiredWeightsAndCapacities: [],
        }),
      ),
    );
    expect(empty.name).toBe('ValidationException');
    expect((await weights()).status).toBe('InService');

    // Undo: the weights recorded before.
    await shift(0.9, 0.1);
    emulator.advanceClock(61);
    const restored = await weights();
    expect(restored.variants.champion.slice(0, 2)).toEqual([0.9, 0.9]);
    expect(restored.variants.challenger.slice(0, 2)).toEqual([0.1, 0.1]);
  });
});
