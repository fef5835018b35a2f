import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  Emulator,
  emulatorAppConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import { catalogModuleMlObservability } from './module';

const EXAMPLES = resolve(__dirname, '../../../examples');

const RUNBOOK = `model_name: new-model
owner: ml-platform-team
monitoring_config:
  data_quality: { frequency: hourly, alert_threshold: 0.2, escalation_path: [ml-engineer] }
incident_response:
  severity_1: { condition: accuracy < 80%, immediate_action: roll back, notification: page, timeline: 1 hour }
`;

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: new-model
  annotations:
    aws.amazon.com/sagemaker-endpoint-name: nlp-sandbox-endpoint
    aws.amazon.com/account-id: '123456789012'
    aws.amazon.com/region: us-east-1
    ml-observability/runbook: ./runbook.yaml
spec:
  type: ml-model
  lifecycle: experimental
  owner: ml-platform-team
`;

jest.setTimeout(45_000);

describe('catalog module (real catalog, emulator)', () => {
  let emulator: Emulator;
  let backend: TestBackend;
  let dir: string;
  let baseUrl: string;
  const scheduler = mockServices.scheduler();

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, scenario: 'demo' });
    dir = await mkdtemp(join(tmpdir(), 'mlobs-module-'));
    await mkdir(join(dir, 'published', 'new-model'), { recursive: true });
    await writeFile(
      join(dir, 'published', 'new-model', 'catalog-info.yaml'),
      CATALOG_INFO,
    );
    await writeFile(
      join(dir, 'published', 'new-model', 'runbook.yaml'),
      RUNBOOK,
    );
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlObservability,
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Resource',
                    'Location',
                    'User',
                    'Group',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: join(EXAMPLES, 'entities.yaml') },
                { type: 'file', target: join(EXAMPLES, 'org.yaml') },
              ],
              processingInterval: { seconds: 1 },
              providers: {
                mlObservability: {
                  sagemakerEndpoints: [
                    {
                      accountId: '123456789012',
                      region: 'us-east-1',
                      schedule: {
                        frequency: { seconds: 2 },
                        timeout: { seconds: 30 },
                        initialDelay: { seconds: 1 },
                      },
                    },
                  ],
                },
              },
            },
            aws: emulatorAppConfig({ url: emulator.url }).aws,
            mlObservability: {
              ...emulatorAppConfig({ url: emulator.url }).mlObservability,
              localPublish: { rootDirectory: join(dir, 'published') },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://localhost:${port}/api/catalog`;
  });

  afterAll(async () => {
    await backend?.stop();
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function entity(
    ref: string,
    until: (e: Entity) => boolean = () => true,
  ): Promise<Entity> {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    const deadline = Date.now() + 30_000;
    let last = 'nothing yet';
    while (Date.now() < deadline) {
      const response = await fetch(
        `${baseUrl}/entities/by-name/${kind}/${namespace}/${name}`,
      );
      if (response.ok) {
        const found = (await response.json()) as Entity;
        if (until(found)) return found;
        last = JSON.stringify(found.relations);
      } else {
        last = `HTTP ${response.status}`;
      }
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`${ref} did not show up as expected: ${last}`);
  }

  it('ingests the example models, which all validate', async () => {
    const model = await entity('component:default/fraud-detection-v2');
    expect(model.metadata.annotations?.['ml-observability/runbook']).toBe(
      './runbooks/fraud-detection-v2.yaml',
    );
    await entity('component:default/credit-risk-scoring');
  });

  it('registers endpoints as Resources related to their models and flags unclaimed ones', async () => {
    // Discovery reads the models' claims from the catalog, so run it once they are in.
    await entity('component:default/churn-prediction');
    await scheduler.triggerTask(
      'MlObservabilitySageMakerEndpointProvider:123456789012-us-east-1:refresh',
    );
    const resource = await entity('resource:default/churn-prediction-prod', e =>
      (e.relations ?? []).some(r => r.type === 'dependencyOf'),
    );
    expect(resource.relations).toContainEqual(
      expect.objectContaining({
        type: 'dependencyOf',
        targetRef: 'component:default/churn-prediction',
      }),
    );
    const unclaimed = await entity('resource:default/legacy-pricing-model');
    expect(unclaimed.metadata.annotations?.['ml-observability/unclaimed']).toBe(
      'true',
    );
  });

  it('accepts mlobs-local locations under the root and refuses file locations', async () => {
    const post = (body: object) =>
      fetch(`${baseUrl}/locations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const refused = await post({
      type: 'file',
      target: join(EXAMPLES, 'org.yaml'),
    });
    expect(refused.status).toBe(400);
    const created = await post({
      type: 'mlobs-local',
      target: 'new-model/catalog-info.yaml',
    });
    expect(created.status).toBe(201);
    const model = await entity('component:default/new-model');
    expect(
      model.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(`file:${join(dir, 'published', 'new-model', 'catalog-info.yaml')}`);
  });
});
