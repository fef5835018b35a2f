import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type {
  AlarmInfo,
  EndpointInfo,
  ModelAlertHistory,
  ModelReport,
  MonitoringScheduleInfo,
} from '@mlobs/backstage-plugin-ml-observability-common';
import express from 'express';
import fs from 'node:fs';
import request from 'supertest';
import {
  FakeCollector,
  groupEntity,
  modelEntity,
  testCollection,
  testConfig,
  userEntity,
  visibilityCatalog,
} from '../__testUtils__/fixtures';
import type { ObservedSeries } from '../collectors/types';
import {
  DefaultMlObservabilityService,
  MlObservabilityService,
} from '../service/MlObservabilityService';
import { createRouter } from '../service/router';
import { migrateDatabase, storesFor } from '../store';
import { spec } from './router';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ALICE = 'user:default/alice';
const FRAUD = 'component:default/fraud-detection-v2';

const endpoint: EndpointInfo = {
  name: 'fraud-detection-v2-prod',
  accountId: '123456789012',
  region: 'us-east-1',
  status: 'InService',
  endpointConfigName: 'fraud-config-3',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastModifiedAt: '2025-03-01T00:00:00.000Z',
  variants: [
    {
      name: 'A',
      modelName: 'fraud-a',
      instanceType: 'ml.m5.large',
      currentWeight: 0.9,
      desiredWeight: 0.9,
      currentInstanceCount: 2,
      desiredInstanceCount: 2,
      trafficPercent: 90,
    },
    { name: 'B', currentWeight: 0.1, trafficPercent: 10 },
  ],
  shadowVariants: [{ name: 'shadow' }],
  dataCapture: {
    enabled: true,
    status: 'Started',
    samplingPercentage: 20,
    destination: 's3://capture/fraud',
  },
};

const schedules: MonitoringScheduleInfo[] = [
  {
    name: 'fraud-dq',
    arn: 'arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/fraud-dq',
    type: 'DataQuality',
    status: 'Scheduled',
    cron: 'cron(0 * ? * * *)',
    endpointName: endpoint.name,
    publishesMetrics: true,
    lastExecution: {
      status: 'CompletedWithViolations',
      scheduledTime: '2025-03-10T14:00:00.000Z',
      creationTime: '2025-03-10T14:01:00.000Z',
      lastModifiedTime: '2025-03-10T14:09:00.000Z',
      violations: 2,
      processingJobArn:
        'arn:aws:sagemaker:us-east-1:123456789012:processing-job/job-1',
    },
    recentExecutions: [
      {
        status: 'Failed',
        scheduledTime: '2025-03-10T13:00:00.000Z',
        failureReason: 'OOM',
      },
    ],
  },
  {
    name: 'fraud-mq',
    type: 'ModelQuality',
    status: 'Stopped',
    failureReason: 'stopped by user',
    publishesMetrics: 'unknown',
    recentExecutions: [],
  },
];

const alarms: AlarmInfo[] = [
  {
    name: 'fraud-accuracy-low',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-accuracy-low',
    type: 'metric',
    state: 'ALARM',
    stateReason: 'Threshold crossed',
    since: '2025-03-10T14:30:00.000Z',
    metric: {
      namespace: 'ML/ModelPerformance',
      name: 'Accuracy',
      dimensions: [{ name: 'ModelName', value: 'fraud-detection-v2' }],
      stat: 'Average',
      periodSeconds: 300,
    },
    threshold: 0.85,
    comparison: 'LessThanThreshold',
    actionsEnabled: true,
  },
  {
    name: 'fraud-composite',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-composite',
    type: 'composite',
    state: 'INSUFFICIENT_DATA',
    alarmRule: 'ALARM("fraud-accuracy-low")',
  },
];

function seriesOf(now: Date): ObservedSeries[] {
  const points = [0.2, 0.45].map((v, i) => ({
    t: new Date(now.getTime() - (2 - i) * 3_600_000).toISOString(),
    v,
  }));
  const base = {
    stat: 'Average',
    periodSeconds: 3600,
    endpointName: endpoint.name,
    scheduleName: 'fraud-dq',
  };
  return [
    {
      ...base,
      kind: 'drift',
      key: 'd',
      name: 'amount',
      namespace: 'aws/sagemaker/Endpoints/data-metrics',
      dimensions: [],
      monitoringType: 'DataQuality',
      points,
    },
    {
      ...base,
      kind: 'quality',
      key: 'q',
      name: 'f1',
      namespace: 'aws/sagemaker/Endpoints/model-metrics',
      dimensions: [],
      monitoringType: 'ModelQuality',
      points: points.map(p => ({ ...p, v: 0.8 })),
    },
    {
      kind: 'custom',
      key: 'c',
      name: 'FraudRate',
      namespace: 'ML/Business',
      dimensions: [{ name: 'ModelName', value: 'fraud' }],
      stat: 'Sum',
      periodSeconds: 300,
      points,
    },
  ];
}

async function setup(options: {
  validateResponses: boolean;
  service?: MlObservabilityService;
}) {
  const knex = await databases.init('SQLITE_3');
  await migrateDatabase(knex);
  const stores = storesFor(knex);
  const config = testConfig();
  const logger = mockServices.logger.mock();
  const entity = modelEntity('fraud-detection-v2', {
    title: 'Fraud detection v2',
    annotations: {
      'pagerduty.com/service-id': 'PFRAUD2',
      'opsgenie.com/team': 'fraud',
    },
  });
  const catalog = visibilityCatalog([
    entity,
    groupEntity('ml-platform-team', ['alice']),
    userEntity('alice', 'Alice'),
  ]);
  const collector = new FakeCollector((_target, { now }) => ({
    endpoints: [endpoint],
    monitoringSchedules: schedules,
    alarms,
    publishingSchedules: ['fraud-dq'],
    series: seriesOf(now),
    sources: {
      endpoints: { outcome: 'ok' },
      schedules: { outcome: 'throttled', message: 'Rate exceeded' },
      executions: {
        outcome: 'denied',
        message: 'AccessDenied on ListMonitoringExecutions',
      },
      alarms: { outcome: 'ok' },
      metrics: { outcome: 'not-found' },
      'custom-metrics': { outcome: 'unsupported' },
    },
  }));
  const collection = testCollection({
    catalog,
    stores,
    collector,
    config,
    logger,
  });
  const service =
    options.service ??
    new DefaultMlObservabilityService({
      catalog,
      permissions: mockServices.permissions(),
      stores,
      collection,
      config,
      logger,
    });
  await service.collectFleet();
  const router = createRouter({
    service,
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.user(ALICE),
    }),
    logger,
    validatorOptions: { validateResponses: options.validateResponses },
  });
  const app = express().use(router).use(mockErrorHandler());
  return { app, router };
}

const toExpressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

describe('openapi.yaml', () => {
  it('is what the generated files hold (run yarn generate:openapi after editing it)', async () => {
    // The script that writes them says what they must hold now.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { outputs } = require('../../scripts/openapi.js');
    const expected: Array<[string, string]> = await outputs();
    expect(expected).toHaveLength(2);
    for (const [file, content] of expected) {
      expect([file, fs.readFileSync(file, 'utf8')]).toEqual([file, content]);
    }
  });

  it('is what the router validates with', () => {
    // The jest YAML transform parses the file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yamlSpec = require('./openapi.yaml');
    expect(JSON.parse(JSON.stringify(spec))).toEqual(yamlSpec);
  });

  it('documents every route of the router and the router serves every route of it', async () => {
    const { router } = await setup({ validateResponses: false });
    const served = router.stack
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys(
          (layer.route as unknown as { methods: Record<string, boolean> })
            .methods,
        ).map(method => `${method} ${layer.route!.path}`),
      )
      .filter(route => route !== 'get /openapi.json')
      .sort();
    const documented = Object.entries(spec.paths)
      .flatMap(([path, item]) =>
        Object.keys(item).map(method => `${method} ${toExpressPath(path)}`),
      )
      .sort();
    expect(served).toEqual(documented);
  });

  it('every response of every route validates against the spec', async () => {
    const { app } = await setup({ validateResponses: true });
    await request(app).get('/health').expect(200);
    const fleet = await request(app).get('/v1/models').expect(200);
    expect(fleet.body.items).toHaveLength(1);
    const report = await request(app)
      .get('/v1/models/default/component/fraud-detection-v2?range=30d')
      .expect(200);
    const body: ModelReport = report.body;
    // The fixture exercises every part of the report, so the check means something.
    expect(body.endpoints).toHaveLength(1);
    expect(body.monitoringSchedules).toHaveLength(2);
    expect(body.alarms).toHaveLength(2);
    expect([
      body.drift.length,
      body.quality.length,
      body.custom.length,
    ]).toEqual([1, 1, 1]);
    expect(body.ownership.members).toHaveLength(1);
    expect(body.ownership.onCall).toHaveLength(2);
    expect(Object.keys(body.sources)).toHaveLength(7);
    expect(body.health.status).toBe('critical');
    // Sources that failed with no earlier data make the verdict partial, in the report and its fleet row.
    const failed = ['schedules', 'executions', 'custom-metrics'];
    expect(body.health.partial).toBe(true);
    expect(body.health.failedSources?.map(f => f.source)).toEqual(failed);
    expect(fleet.body.items[0]).toMatchObject({
      status: 'critical',
      partial: true,
    });
    expect(
      fleet.body.items[0].failedSources.map(
        (f: { source: string }) => f.source,
      ),
    ).toEqual(failed);
    await request(app)
      .post('/v1/models/default/component/fraud-detection-v2/refresh')
      .expect(200);
    const alerts = await request(app)
      .get('/v1/models/default/component/fraud-detection-v2/alerts')
      .expect(200);
    expect(alerts.body.alarms).toHaveLength(2);
    const escalation = await request(app)
      .get('/v1/escalation?resource=fraud-accuracy-low')
      .expect(200);
    expect(escalation.body.matches).toHaveLength(1);
    const status = await request(app).get('/v1/status').expect(200);
    // Four failing sources of the fixture, each with its account, region, message and start of failure.
    expect(status.body.status).toBe('degraded');
    expect(status.body.lastRound.outcome).toBe('ok');
    expect(status.body.degradedSources).toHaveLength(4);
  });

  it('catches a response that breaks the spec', async () => {
    const broken: MlObservabilityService = {
      getModelReport: async () => ({ entityRef: FRAUD } as ModelReport),
      getFleet: async () => ({ items: [], totalCount: 0 }),
      findOwners: async () => ({ query: 'x', matches: [] }),
      refreshModel: async () => ({ entityRef: FRAUD } as ModelReport),
      getAlertHistory: async () => ({ entityRef: FRAUD } as ModelAlertHistory),
      collectFleet: async () => ({
        runId: 1,
        outcome: 'ok',
        models: 0,
        failedModels: 0,
      }),
      getCollectorStatus: async () => ({
        status: 'ok',
        lastRound: null,
        degradedSources: [],
      }),
    };
    const { app } = await setup({ validateResponses: true, service: broken });
    const res = await request(app).get(
      '/v1/models/default/component/fraud-detection-v2',
    );
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('error id');
  });
});
