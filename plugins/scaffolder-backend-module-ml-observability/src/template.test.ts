import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  parseModelAnnotations,
  parseRunbook,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  Emulator,
  emulatorAppConfig,
  emulatorClientConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import { parse } from 'yaml';
import { scaffolderModuleMlObservability } from './module';

const TEMPLATE_DIR = resolve(
  __dirname,
  '../../../examples/templates/onboard-monitored-model',
);

async function files(
  dir: string,
): Promise<Array<{ path: string; base64Content: string }>> {
  const out: Array<{ path: string; base64Content: string }> = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        out.push({
          path: relative(dir, path),
          base64Content: (await readFile(path)).toString('base64'),
        });
    }
  };
  await walk(dir);
  return out;
}

jest.setTimeout(60_000);

describe('the onboard-monitored-model template, dry run through the scaffolder', () => {
  let emulator: Emulator;
  let backend: TestBackend;
  let url: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, scenario: 'demo' });
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleMlObservability,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            aws: emulatorAppConfig({ url: emulator.url }).aws,
            mlObservability: {
              ...emulatorAppConfig({ url: emulator.url }).mlObservability,
              defaults: {
                accountId: '123456789012',
                region: 'us-east-1',
                timeZone: 'UTC',
              },
              localPublish: { rootDirectory: join(__dirname, 'never-written') },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    url = `http://localhost:${port}/api/scaffolder/v2/dry-run`;
  });

  afterAll(async () => {
    await backend?.stop();
    await emulator?.stop();
  });

  async function dryRun(values: Record<string, unknown>) {
    const template = parse(
      await readFile(join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    );
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: mockCredentials.user.header(),
      },
      body: JSON.stringify({
        template,
        values,
        directoryContents: await files(TEMPLATE_DIR),
      }),
    });
    const body = await response.json();
    return { status: response.status, body };
  }

  const values = {
    name: 'pricing-model-v2',
    description: 'Prices used cars',
    owner: 'group:default/ml-platform-team',
    lifecycle: 'production',
    timeZone: 'Europe/Berlin',
    endpointName: 'legacy-pricing-model',
    accountId: '123456789012',
    region: 'us-east-1',
    samplingPercentage: 25,
    schedule: 'cron(0 */2 ? * * *)',
    baselineS3Uri: 's3://ml-baselines-123456789012/pricing',
    roleArn: 'arn:aws:iam::123456789012:role/SageMakerModelMonitorRole',
    problemType: 'Regression',
    metrics: ['accuracy', 'f1_score'],
    businessHoursThreshold: 91,
    offHoursThreshold: 87,
    driftThreshold: 0.25,
    escalationPath: ['ml-engineer', 'team-lead'],
    severity1Condition: 'Model accuracy < 80%',
    severity1Action: 'Switch to the fallback model',
    severity1Notification: 'Page on-call engineer',
    severity1Timeline: 'Resolve within 1 hour',
    snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ml-alerts',
  };

  it('renders a valid catalog entry and runbook, plans every step and changes nothing in AWS', async () => {
    emulator.resetStats();
    const { status, body } = await dryRun(values);
    expect({ status, errors: body.errors ?? body.error }).toEqual({
      status: 200,
      errors: undefined,
    });

    const written = new Map<string, string>(
      body.directoryContents.map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
    const runbook = parseRunbook(written.get('runbook.yaml')!);
    expect(runbook.ok).toBe(true);
    if (!runbook.ok) return;
    expect(runbook.runbook).toMatchObject({
      model_name: 'pricing-model-v2',
      owner: 'group:default/ml-platform-team',
      monitoring_config: {
        data_quality: {
          frequency: 'every 2 hours',
          alert_threshold: 0.25,
          escalation_path: ['ml-engineer', 'team-lead'],
        },
        model_performance: {
          metrics: ['accuracy', 'f1_score'],
          business_hours_threshold: 91,
          off_hours_threshold: 87,
        },
      },
      incident_response: { severity_1: { condition: 'Model accuracy < 80%' } },
    });
    const entity = parse(written.get('catalog-info.yaml')!) as Entity;
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: { name: 'pricing-model-v2', description: 'Prices used cars' },
      spec: {
        type: 'ml-model',
        lifecycle: 'production',
        owner: 'group:default/ml-platform-team',
      },
    });
    expect(parseModelAnnotations(entity)).toEqual({
      ok: true,
      value: expect.objectContaining({
        endpointNames: ['legacy-pricing-model'],
        accountId: '123456789012',
        region: 'us-east-1',
        timeZone: 'Europe/Berlin',
        runbook: { type: 'path', target: './runbook.yaml' },
      }),
    });

    const log = body.log
      .map((l: { body: { message: string } }) => l.body.message)
      .join('\n');
    expect(log).toContain(
      'dry run: would create endpoint config legacy-pricing-model-dc-',
    );
    expect(log).toContain(
      'would-create: DataQuality schedule legacy-pricing-model-data-quality',
    );
    expect(log).toContain('dry run: would create');
    expect(log).toContain(
      'would register mlobs-local:pricing-model-v2/catalog-info.yaml',
    );
    expect(body.output.links).toEqual([
      {
        title: 'Open the model in the catalog',
        icon: 'catalog',
        entityRef: 'component:default/pricing-model-v2',
      },
    ]);

    const operations = emulator.stats().operations;
    for (const write of [
      'CreateEndpointConfig',
      'UpdateEndpoint',
      'CreateMonitoringSchedule',
      'PutMetricAlarm',
    ]) {
      expect({ write, calls: operations[write]?.calls ?? 0 }).toEqual({
        write,
        calls: 0,
      });
    }
    expect(operations.DescribeEndpoint.calls).toBeGreaterThan(0);
  });

  it('with your own drift job: skips the schedules, plans alarms on its metrics and writes the custom drift annotation', async () => {
    emulator.resetStats();
    const {
      schedule: _s,
      baselineS3Uri: _b,
      roleArn: _r,
      problemType: _p,
      ...common
    } = values;
    const { status, body } = await dryRun({
      ...common,
      driftSource: 'custom',
      driftNamespace: 'ML/Drift',
      driftShape: 'pattern',
      driftFeatureDimension: 'Feature',
      driftMetricName: 'drift_score',
      driftMetricPrefix: 'feature_drift_',
      maxFeatures: 50,
      qualityNamespace: 'ML/ModelPerformance',
      anomalyDetection: false,
    });
    expect({ status, errors: body.errors ?? body.error }).toEqual({
      status: 200,
      errors: undefined,
    });
    const catalogInfo = body.directoryContents.find(
      (f: { path: string }) => f.path === 'catalog-info.yaml',
    );
    const entity = parse(
      Buffer.from(catalogInfo.base64Content, 'base64').toString('utf8'),
    ) as Entity;
    expect(entity.metadata.annotations?.['ml-observability/metrics']).toBe(
      'namespace=ML/ModelPerformance,ModelName=pricing-model-v2;namespace=ML/Drift,ModelName=pricing-model-v2,drift=pattern:feature_drift_,maxFeatures=50',
    );
    // The annotation the template writes is the grammar the backend reads: a drift source, not a dimension "drift".
    const parsed = parseModelAnnotations(entity);
    expect(parsed.ok && parsed.value.metricSources).toEqual([
      {
        namespace: 'ML/ModelPerformance',
        dimensions: [{ name: 'ModelName', value: 'pricing-model-v2' }],
        periodSeconds: 300,
      },
      {
        namespace: 'ML/Drift',
        dimensions: [{ name: 'ModelName', value: 'pricing-model-v2' }],
        periodSeconds: 300,
        drift: { shape: 'pattern', prefix: 'feature_drift_', maxFeatures: 50 },
      },
    ]);
    const log = body.log
      .map((l: { body: { message: string } }) => l.body.message)
      .join('\n');
    expect(log).toContain('Skipping step monitoring ');
    expect(log).toContain('Skipping step alarms ');
    expect(log).not.toContain('DataQuality schedule');
    // nothing published yet: the drift alarm waits for the drift job, and says why
    expect(log).toContain(
      'skipped pricing-model-v2-drift-above-threshold: no drift metric found',
    );
    const operations = emulator.stats().operations;
    expect(operations.ListMonitoringSchedules).toBeUndefined();
    expect(operations.CreateMonitoringSchedule).toBeUndefined();
    expect(operations.PutMetricAlarm).toBeUndefined();
  });

  it('says in the dry run that an account new to Model Monitor will be refused, and proposes your own drift job', async () => {
    // A region of the account where Model Monitor was never used, closed to it like AWS closed it.
    const sagemaker = new SageMakerClient(
      emulatorClientConfig({
        url: emulator.url,
        accountId: '123456789012',
        region: 'us-west-2',
      }),
    );
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'new-scoring-config',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: 'new-scoring-model',
            InstanceType: 'ml.m5.large',
            InitialInstanceCount: 1,
          },
        ],
      }),
    );
    await sagemaker.send(
      new CreateEndpointCommand({
        EndpointName: 'new-scoring',
        EndpointConfigName: 'new-scoring-config',
      }),
    );
    sagemaker.destroy();
    emulator.advanceClock(60);
    emulator.setFaults({ modelMonitorClosedAccounts: ['123456789012'] });
    emulator.resetStats();
    try {
      const { status, body } = await dryRun({
        ...values,
        endpointName: 'new-scoring',
        region: 'us-west-2',
        snsTopicArn: 'arn:aws:sns:us-west-2:123456789012:ml-alerts',
        driftSource: 'model-monitor',
      });
      expect({ status, errors: body.errors ?? body.error }).toEqual({
        status: 200,
        errors: undefined,
      });
      const log = body.log
        .map((l: { body: { message: string } }) => l.body.message)
        .join('\n');
      expect(log).toContain(
        '123456789012/us-west-2 has no Model Monitor schedule yet: AWS no longer opens Model Monitor to new customers',
      );
      expect(log).toContain('choose the drift source "your own drift job"');
      expect(
        emulator.stats().operations.CreateMonitoringSchedule,
      ).toBeUndefined();
    } finally {
      emulator.clearFaults();
    }
  });

  it('refuses form values the template does not allow', async () => {
    const { status, body } = await dryRun({ ...values, accountId: '12345' });
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain('accountId');
  });
});
