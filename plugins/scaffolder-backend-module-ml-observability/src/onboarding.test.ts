import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import {
  DescribeAlarmsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeMonitoringScheduleCommand,
} from '@aws-sdk/client-sagemaker';
import {
  mockCredentials,
  startTestBackend,
  TestBackend,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogScaffolderModels from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { emulatorAppConfig } from '@mlobs/aws-ml-emulator';
import catalogModule from '@mlobs/backstage-plugin-catalog-backend-module-ml-observability';
import { parseModelAnnotations } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AwsTestEnvironment,
  startAwsTestEnvironment,
  temporaryDirectory,
} from './__testUtils__/aws';
import { scaffolderModuleMlObservability } from './module';

const TEMPLATE = resolve(
  __dirname,
  '../../../examples/templates/onboard-monitored-model/template.yaml',
);

jest.setTimeout(90_000);

/**
 * The whole onboarding, for real: the scaffolder runs the template from the
 * catalog against the emulator, publishes to a local folder and registers the
 * model, which the catalog module validates.
 */
describe('onboarding a model with the template', () => {
  let env: AwsTestEnvironment;
  let backend: TestBackend;
  let root: { path: string; remove(): Promise<void> };
  let baseUrl: string;

  beforeAll(async () => {
    env = await startAwsTestEnvironment({ endpointTransitionSeconds: 1 });
    root = await temporaryDirectory('mlobs-onboarding-');
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogScaffolderModels,
        catalogModule,
        scaffolderPlugin,
        scaffolderModuleMlObservability,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'Template'] }],
              locations: [{ type: 'file', target: TEMPLATE }],
              processingInterval: { seconds: 1 },
            },
            aws: emulatorAppConfig({ url: env.emulator.url }).aws,
            mlObservability: {
              ...emulatorAppConfig({ url: env.emulator.url }).mlObservability,
              defaults: {
                accountId: '123456789012',
                region: 'us-east-1',
                timeZone: 'UTC',
              },
              localPublish: { rootDirectory: root.path },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://localhost:${port}/api`;
  });

  afterAll(async () => {
    await backend?.stop();
    await env?.stop();
    await root?.remove();
  });

  async function poll<T>(
    what: string,
    read: () => Promise<T | undefined>,
  ): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 300));
    }
  }

  const headers = {
    'content-type': 'application/json',
    authorization: mockCredentials.user.header(),
  };

  /** Runs the template as a task; resolves with its final state and its log. */
  async function runTemplate(values: Record<string, unknown>) {
    const created = await fetch(`${baseUrl}/scaffolder/v2/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        templateRef: 'template:default/onboard-monitored-model',
        values,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const task = await poll('the task to finish', async () => {
      const response = await fetch(`${baseUrl}/scaffolder/v2/tasks/${id}`, {
        headers,
      });
      const body = await response.json();
      return ['completed', 'failed', 'cancelled'].includes(body.status)
        ? body
        : undefined;
    });
    const events = await (
      await fetch(`${baseUrl}/scaffolder/v2/tasks/${id}/events`, { headers })
    ).json();
    const log = events
      .map((e: { body: { message?: string } }) => e.body.message)
      .join('\n');
    return { status: task.status as string, log };
  }

  const templateReady = () =>
    poll('the template in the catalog', async () => {
      const response = await fetch(
        `${baseUrl}/catalog/entities/by-name/template/default/onboard-monitored-model`,
        { headers },
      );
      return response.ok ? true : undefined;
    });

  it('ends with the model in the catalog and its monitoring in AWS', async () => {
    await templateReady();

    const task = await runTemplate({
      name: 'nlp-sandbox',
      owner: 'group:default/ml-platform-team',
      lifecycle: 'experimental',
      timeZone: 'Europe/London',
      endpointName: 'nlp-sandbox-endpoint',
      accountId: '123456789012',
      region: 'us-east-1',
      samplingPercentage: 10,
      schedule: 'cron(0 * ? * * *)',
      baselineS3Uri: 's3://ml-baselines-123456789012/nlp-sandbox',
      roleArn: 'arn:aws:iam::123456789012:role/SageMakerModelMonitorRole',
      problemType: 'MulticlassClassification',
      metrics: ['accuracy'],
      businessHoursThreshold: 90,
      offHoursThreshold: 85,
      driftThreshold: 0.3,
      escalationPath: ['ml-engineer'],
      severity1Condition: 'Model accuracy < 80%',
      severity1Action: 'Switch to the fallback model',
      severity1Notification: 'Page on-call engineer',
      severity1Timeline: 'Resolve within 1 hour',
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ml-alerts',
    });
    if (task.status !== 'completed') {
      throw new Error(`task ${task.status}: ${task.log}`);
    }

    const model = await poll('the model in the catalog', async () => {
      const response = await fetch(
        `${baseUrl}/catalog/entities/by-name/component/default/nlp-sandbox`,
        { headers },
      );
      return response.ok ? ((await response.json()) as Entity) : undefined;
    });
    expect(model.metadata.annotations).toMatchObject({
      'aws.amazon.com/sagemaker-endpoint-name': 'nlp-sandbox-endpoint',
      'ml-observability/runbook': './runbook.yaml',
      'backstage.io/managed-by-location': `file:${join(
        root.path,
        'nlp-sandbox',
        'catalog-info.yaml',
      )}`,
    });
    await expect(
      readFile(join(root.path, 'nlp-sandbox', 'runbook.yaml'), 'utf8'),
    ).resolves.toContain('escalation_path: ["ml-engineer"]');

    // The update to the capturing config finishes a second after the task asked for it.
    const config = await poll('the endpoint update', async () => {
      const endpoint = await env.sagemaker.send(
        new DescribeEndpointCommand({ EndpointName: 'nlp-sandbox-endpoint' }),
      );
      return endpoint.EndpointStatus === 'InService'
        ? endpoint.EndpointConfigName
        : undefined;
    });
    expect(config).toMatch(/^nlp-sandbox-endpoint-dc-/);
    await expect(
      env.sagemaker.send(
        new DescribeMonitoringScheduleCommand({
          MonitoringScheduleName: 'nlp-sandbox-endpoint-data-quality',
        }),
      ),
    ).resolves.toMatchObject({ MonitoringType: 'DataQuality' });
    const alarms = await env.cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'nlp-sandbox-' }),
    );
    expect(alarms.MetricAlarms?.map(a => a.AlarmName)).toEqual([
      'nlp-sandbox-data-quality-monitoring-failed',
    ]);
  });

  describe('without Model Monitor', () => {
    const values = {
      name: 'fresh-scoring',
      owner: 'group:default/ml-platform-team',
      lifecycle: 'production',
      timeZone: 'UTC',
      endpointName: 'fresh-scoring',
      accountId: '123456789012',
      region: 'us-east-1',
      samplingPercentage: 10,
      metrics: ['accuracy'],
      businessHoursThreshold: 90,
      offHoursThreshold: 85,
      driftThreshold: 0.3,
      escalationPath: ['ml-engineer'],
      severity1Condition: 'Model accuracy < 80%',
      severity1Action: 'Switch to the fallback model',
      severity1Notification: 'Page on-call engineer',
      severity1Timeline: 'Resolve within 1 hour',
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ml-alerts',
    };
    const modelMonitor = {
      driftSource: 'model-monitor',
      schedule: 'cron(0 * ? * * *)',
      baselineS3Uri: 's3://ml-baselines-123456789012/fresh-scoring',
      roleArn: 'arn:aws:iam::123456789012:role/SageMakerModelMonitorRole',
    };
    const custom = {
      driftSource: 'custom',
      driftNamespace: 'ML/Drift',
      driftShape: 'dimension',
      driftFeatureDimension: 'Feature',
      driftMetricName: 'drift_score',
      driftMetricPrefix: 'feature_drift_',
      maxFeatures: 100,
      qualityNamespace: 'ML/ModelPerformance',
      anomalyDetection: true,
    };
    const inService = () =>
      poll('fresh-scoring in service', async () => {
        const endpoint = await env.sagemaker.send(
          new DescribeEndpointCommand({ EndpointName: 'fresh-scoring' }),
        );
        return endpoint.EndpointStatus === 'InService' ? true : undefined;
      });

    beforeAll(async () => {
      await env.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'fresh-scoring-config',
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'fresh-scoring-model',
              InstanceType: 'ml.m5.large',
              InitialInstanceCount: 1,
            },
          ],
        }),
      );
      await env.sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: 'fresh-scoring',
          EndpointConfigName: 'fresh-scoring-config',
        }),
      );
      const at = new Date(env.emulator.now().getTime() - 60_000);
      await env.cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'ML/Drift',
          MetricData: ['amount', 'country'].map(feature => ({
            MetricName: 'drift_score',
            Dimensions: [
              { Name: 'ModelName', Value: 'fresh-scoring' },
              { Name: 'Feature', Value: feature },
            ],
            Value: 0.1,
            Timestamp: at,
          })),
        }),
      );
      await env.cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'ML/ModelPerformance',
          MetricData: [
            {
              MetricName: 'accuracy',
              Dimensions: [{ Name: 'ModelName', Value: 'fresh-scoring' }],
              Value: 0.93,
              Timestamp: at,
            },
          ],
        }),
      );
      env.emulator.setFaults({ modelMonitorClosedAccounts: ['123456789012'] });
      await inService();
      await templateReady();
    });
    afterAll(() => env.emulator.clearFaults());

    it('stops a Model Monitor onboarding that the account refuses before any schedule, proposing your own drift job', async () => {
      const task = await runTemplate({ ...values, ...modelMonitor });
      expect(task.status).toBe('failed');
      expect(task.log).toContain(
        'SageMaker refused CreateMonitoringSchedule in 123456789012/us-east-1',
      );
      expect(task.log).toContain(
        'Nothing was created. Model Monitor is not available to this account: choose the drift source "your own drift job"',
      );
      await expect(
        env.sagemaker.send(
          new DescribeMonitoringScheduleCommand({
            MonitoringScheduleName: 'fresh-scoring-data-quality',
          }),
        ),
      ).rejects.toThrow();
    });

    it('onboards with your own drift job: no schedule, alarms on its metrics, the custom drift annotation', async () => {
      await inService();
      const task = await runTemplate({ ...values, ...custom });
      if (task.status !== 'completed') {
        throw new Error(`task ${task.status}: ${task.log}`);
      }
      expect(task.log).not.toContain('schedule fresh-scoring-data-quality');
      const model = await poll('fresh-scoring in the catalog', async () => {
        const response = await fetch(
          `${baseUrl}/catalog/entities/by-name/component/default/fresh-scoring`,
          { headers },
        );
        return response.ok ? ((await response.json()) as Entity) : undefined;
      });
      expect(model.metadata.annotations?.['ml-observability/metrics']).toBe(
        'namespace=ML/ModelPerformance,ModelName=fresh-scoring;namespace=ML/Drift,ModelName=fresh-scoring,drift=dimension:Feature,driftMetric=drift_score,maxFeatures=100',
      );
      const target = parseModelAnnotations(model);
      expect(target.ok && target.value.metricSources[1].drift).toEqual({
        shape: 'dimension',
        featureDimension: 'Feature',
        metricName: 'drift_score',
        maxFeatures: 100,
      });
      const alarms = await env.cloudwatch.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: 'fresh-scoring-' }),
      );
      expect(alarms.MetricAlarms?.map(a => a.AlarmName).sort()).toEqual([
        'fresh-scoring-accuracy-anomaly',
        'fresh-scoring-accuracy-below-threshold',
        'fresh-scoring-drift-above-threshold',
      ]);
    });
  });
});
