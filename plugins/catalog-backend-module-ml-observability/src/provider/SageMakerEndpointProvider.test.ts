import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Emulator,
  emulatorAppConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import { DefaultAwsClientFactory } from '@mlobs/backstage-plugin-ml-observability-node';
import { parseAllDocuments } from 'yaml';
import { readEndpointDiscoveryTargets } from './config';
import { SageMakerEndpointProvider } from './SageMakerEndpointProvider';

const EXAMPLES = resolve(__dirname, '../../../../examples/entities.yaml');

async function exampleEntities(): Promise<Entity[]> {
  const text = await readFile(EXAMPLES, 'utf8');
  return parseAllDocuments(text).map(d => d.toJS() as Entity);
}

describe('SageMakerEndpointProvider against the emulator', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, scenario: 'demo' });
  });

  const factories: DefaultAwsClientFactory[] = [];
  afterEach(() => factories.splice(0).forEach(f => f.destroy()));

  afterAll(async () => {
    await emulator.stop();
  });

  function setup(targets: object[], entities: Entity[]) {
    const emulated = emulatorAppConfig({
      url: emulator.url,
      accountIds: ['123456789012', '210987654321'],
    });
    const config = new ConfigReader({
      ...emulated,
      catalog: {
        providers: { mlObservability: { sagemakerEndpoints: targets } },
      },
    });
    const logger = mockServices.logger.mock();
    const mutations: EntityProviderMutation[] = [];
    const clients = DefaultAwsClientFactory.fromConfig(config);
    factories.push(clients);
    const providers = readEndpointDiscoveryTargets(config).map(
      target =>
        new SageMakerEndpointProvider(target, {
          clients,
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          logger,
          defaults: { region: 'us-east-1' },
          taskRunner: { run: async () => {} },
        }),
    );
    return {
      providers,
      logger,
      mutations,
      connection: {
        applyMutation: async (m: EntityProviderMutation) =>
          void mutations.push(m),
        refresh: async () => {},
      },
    };
  }

  it('emits claimed and unclaimed endpoints of the primary account', async () => {
    const { providers, logger, mutations, connection } = setup(
      [
        {
          accountId: '123456789012',
          region: 'us-east-1',
          unclaimedOwner: 'group:default/platform-team',
        },
      ],
      await exampleEntities(),
    );
    await providers[0].connect(connection);
    const result = await providers[0].refresh();

    expect(mutations).toHaveLength(1);
    const mutation = mutations[0];
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    const byName = new Map(
      mutation.entities.map(d => [d.entity.metadata.name, d.entity]),
    );
    expect([...byName.keys()].sort()).toEqual([
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
    expect(result.unclaimed).toEqual([
      'legacy-pricing-model',
      'nlp-sandbox-endpoint',
    ]);

    expect(byName.get('search-ranking-shadow')).toMatchObject({
      kind: 'Resource',
      metadata: {
        namespace: 'default',
        annotations: {
          'aws.amazon.com/account-id': '123456789012',
          'aws.amazon.com/region': 'us-east-1',
          'aws.amazon.com/sagemaker-endpoint-arn':
            'arn:aws:sagemaker:us-east-1:123456789012:endpoint/search-ranking-shadow',
        },
        tags: ['sagemaker'],
      },
      spec: {
        type: 'sagemaker-endpoint',
        owner: 'group:default/ml-platform-team',
        dependencyOf: ['component:default/search-ranking'],
      },
    });
    expect(
      byName.get('search-ranking-shadow')!.metadata.annotations,
    ).not.toHaveProperty('ml-observability/unclaimed');

    expect(byName.get('legacy-pricing-model')).toMatchObject({
      metadata: {
        annotations: { 'ml-observability/unclaimed': 'true' },
        tags: ['sagemaker', 'unclaimed'],
      },
      spec: { owner: 'group:default/platform-team', dependencyOf: [] },
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'nobody owns them: legacy-pricing-model, nlp-sandbox-endpoint',
      ),
    );
  });

  it('discovers the second account with its own credentials and reports missing endpoints', async () => {
    const entities = await exampleEntities();
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'ghost-model',
        annotations: {
          'aws.amazon.com/sagemaker-endpoint-name': 'ghost-endpoint',
          'aws.amazon.com/account-id': '210987654321',
          'aws.amazon.com/region': 'eu-west-1',
        },
      },
      spec: {
        type: 'ml-model',
        owner: 'risk-ml-team',
        lifecycle: 'experimental',
      },
    });
    const { providers, logger, mutations, connection } = setup(
      [{ id: 'eu', accountId: '210987654321', region: 'eu-west-1' }],
      entities,
    );
    expect(providers[0].getProviderName()).toBe(
      'MlObservabilitySageMakerEndpointProvider:eu',
    );
    await providers[0].connect(connection);
    await providers[0].refresh();
    const mutation = mutations[0];
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    expect(mutation.entities.map(d => d.entity.spec)).toEqual([
      {
        type: 'sagemaker-endpoint',
        owner: 'group:default/risk-ml-team',
        dependencyOf: ['component:default/credit-risk-scoring'],
      },
      // Claimed by the model that names it by ARN (its home is the primary account's us-east-1).
      {
        type: 'sagemaker-endpoint',
        owner: 'group:default/risk-ml-team',
        dependencyOf: ['component:default/fraud-screening'],
      },
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'SageMaker endpoints in 210987654321/eu-west-1: 2 discovered, 2 claimed by models, 0 unclaimed',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'component:default/ghost-model -> ghost-endpoint',
      ),
    );
  });

  it('keeps the previous entities when AWS refuses the call', async () => {
    const { providers, mutations, connection } = setup(
      [{ accountId: '123456789012', region: 'us-east-1' }],
      [],
    );
    emulator.setFaults({ operations: { ListEndpoints: { denied: true } } });
    try {
      await providers[0].connect(connection);
      await expect(providers[0].refresh()).rejects.toThrow(
        /SageMaker ListEndpoints in 123456789012\/us-east-1 failed: AccessDeniedException/,
      );
      expect(mutations).toEqual([]);
    } finally {
      emulator.clearFaults();
    }
  });
});
