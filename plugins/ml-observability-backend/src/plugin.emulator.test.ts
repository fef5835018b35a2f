/**
 * The plugin as deployed: default service, default AWS collector through the
 * real SDK against the emulator's demo fleet, and the example runbooks read
 * from disk next to examples/entities.yaml.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { Emulator, startEmulator } from '@mlobs/aws-ml-emulator';
import {
  formatMetricsAnnotation,
  FleetPage,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { resolve } from 'node:path';
import request from 'supertest';
import { modelEntity, visibilityCatalog } from './__testUtils__/fixtures';
import {
  accountsConfig,
  demoTargets,
  EU,
  PRIMARY,
} from './collectors/__testUtils__/emulatorFixture';
import { mlObservabilityPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const CATALOG_FILE = resolve(__dirname, '../../../examples/entities.yaml');
const user = mockCredentials.user.header('user:default/alice');

const entities = demoTargets().map(target => {
  const name = target.entityRef.split('/')[1];
  return modelEntity(name, {
    location: `file:${CATALOG_FILE}`,
    annotations: {
      // As examples/entities.yaml writes them: endpoints served elsewhere by their ARN.
      'aws.amazon.com/sagemaker-endpoint-name': (
        target.endpoints ??
        target.endpointNames.map(n => ({ ...target, name: n }))
      )
        .map(e =>
          e.accountId === target.accountId && e.region === target.region
            ? e.name
            : `arn:aws:sagemaker:${e.region}:${e.accountId}:endpoint/${e.name}`,
        )
        .join(','),
      'aws.amazon.com/account-id': target.accountId,
      'aws.amazon.com/region': target.region,
      'ml-observability/runbook': `./runbooks/${name}.yaml`,
      ...(target.metricSources.length > 0
        ? {
            'ml-observability/metrics': formatMetricsAnnotation(
              target.metricSources,
            ),
          }
        : {}),
    },
  });
});
// A model hosted outside SageMaker names no endpoint at all.
delete entities[0].metadata.annotations![
  'aws.amazon.com/sagemaker-endpoint-name'
];

describe('the plugin against the emulator', () => {
  let emulator: Emulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'demo' });
    const scheduler = mockServices.scheduler() as ReturnType<
      typeof mockServices.scheduler
    > & {
      factory(
        options: object,
      ): ReturnType<typeof mockServices.scheduler.factory>;
    };
    backend = await startTestBackend({
      features: [
        mlObservabilityPlugin,
        mockServices.rootConfig.factory({
          data: {
            aws: { accounts: accountsConfig([PRIMARY, EU]) },
            mlObservability: {
              endpoints: [
                { sagemaker: emulator.url, cloudwatch: emulator.url },
              ],
              aws: { maxAttempts: 2, requestTimeoutMs: 5000 },
            },
          },
        }),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => visibilityCatalog(entities),
        }),
      ],
    });
    await scheduler.triggerTask('ml-observability-collect');
  });

  afterAll(async () => {
    await backend?.stop();
    await emulator?.stop();
  });

  it('collects every demo model with every source and runbook read', async () => {
    const res = await request(backend.server)
      .get('/api/ml-observability/v1/models')
      .set('Authorization', user)
      .expect(200);
    const page: FleetPage = res.body;
    expect(page.totalCount).toBe(10);
    expect(page.items[0]).toMatchObject({ status: 'critical' });
    expect(page.items.every(row => row.collectedAt !== null)).toBe(true);

    for (const row of page.items) {
      const report: ModelReport = (
        await request(backend.server)
          .get(
            `/api/ml-observability/v1/models/default/component/${
              row.entityRef.split('/')[1]
            }`,
          )
          .set('Authorization', user)
          .expect(200)
      ).body;
      const failing = Object.entries(report.sources).filter(
        ([, s]) => s?.outcome !== 'ok',
      );
      expect({ model: row.entityRef, failing }).toEqual({
        model: row.entityRef,
        failing: [],
      });
      expect(report.sources.runbook?.outcome).toBe('ok');
      expect(report.escalation.path.length).toBeGreaterThan(0);
    }
  });

  it("tells the churn model's story: accuracy below threshold, alarms in ALARM, severity 1", async () => {
    const report: ModelReport = (
      await request(backend.server)
        .get(
          '/api/ml-observability/v1/models/default/component/churn-prediction?range=7d',
        )
        .set('Authorization', user)
        .expect(200)
    ).body;
    expect(report.health.status).toBe('critical');
    expect(report.quality.find(q => q.metric === 'accuracy')).toMatchObject({
      breached: true,
    });
    expect(
      report.alarms.find(a => a.name === 'churn-prediction-accuracy-low')
        ?.state,
    ).toBe('ALARM');
    expect(report.escalation.activeSeverity).toBe(1);

    const owners = await request(backend.server)
      .get(
        '/api/ml-observability/v1/escalation?resource=churn-prediction-accuracy-low',
      )
      .set('Authorization', user)
      .expect(200);
    expect(owners.body.matches).toMatchObject([
      {
        entityRef: 'component:default/churn-prediction',
        severityRule: { level: 1 },
      },
    ]);
  });

  it('refreshes one model from its own resources and keeps its story', async () => {
    emulator.resetStats();
    const report: ModelReport = (
      await request(backend.server)
        .post(
          '/api/ml-observability/v1/models/default/component/churn-prediction/refresh',
        )
        .set('Authorization', user)
        .expect(200)
    ).body;
    expect(report.health.status).toBe('critical');
    expect(
      report.alarms.find(a => a.name === 'churn-prediction-accuracy-low')
        ?.state,
    ).toBe('ALARM');
    const calls = emulator.stats().operations;
    expect(calls.ListEndpoints?.calls ?? 0).toBe(0);
    expect(calls.DescribeEndpoint?.calls).toBe(1);
  });

  it('shows the recommendation engine drifting on season', async () => {
    const report: ModelReport = (
      await request(backend.server)
        .get(
          '/api/ml-observability/v1/models/default/component/recommendation-engine',
        )
        .set('Authorization', user)
        .expect(200)
    ).body;
    expect(report.drift.find(d => d.feature === 'season')).toMatchObject({
      breached: true,
    });
    expect(report.custom.some(c => c.metricName === 'ClickThroughRate')).toBe(
      true,
    );
  });

  it('shows loan-approval bias per facet against its runbook bounds, and the attribution that moved', async () => {
    const report: ModelReport = (
      await request(backend.server)
        .get(
          '/api/ml-observability/v1/models/default/component/loan-approval?range=7d',
        )
        .set('Authorization', user)
        .expect(200)
    ).body;
    const fairness = report.fairness!;
    const facetOf = (dims: Array<{ name: string; value: string }>) =>
      dims.find(d => d.name === 'FacetValue')?.value;
    expect(
      fairness.bias.map(b => `${b.metric}/${facetOf(b.dimensions)}`).sort(),
    ).toEqual(['DI/female', 'DI/male', 'DPPL/female', 'DPPL/male']);
    // DPPL of gender=female drifted past the runbook's abs_max 0.1 two days ago.
    expect(fairness.bias[0]).toMatchObject({
      metric: 'DPPL',
      breached: true,
      threshold: { absMax: 0.1 },
      scheduleName: 'loan-approval-prod-model-bias',
    });
    expect(facetOf(fairness.bias[0].dimensions)).toBe('female');
    expect(fairness.bias[0].series.length).toBeGreaterThan(24);
    expect(fairness.bias.filter(b => b.breached)).toHaveLength(1);
    expect(report.health.status).toBe('warning');
    expect(report.health.reasons).toContainEqual(
      expect.objectContaining({ source: 'bias', subject: 'DPPL' }),
    );
    // zip_code gained weight in the window; the others stayed put.
    expect(fairness.attributionCount).toBe(6);
    expect(fairness.attribution[0]).toMatchObject({
      feature: 'zip_code',
      dimensions: expect.arrayContaining([
        { name: 'Label', value: 'approved' },
      ]),
    });
    expect(fairness.attribution[0].change!).toBeGreaterThan(0.05);

    // The tab opens on 24 h: zip_code moved within that window too (what the e2e test reads).
    const day: ModelReport = (
      await request(backend.server)
        .get('/api/ml-observability/v1/models/default/component/loan-approval')
        .set('Authorization', user)
        .expect(200)
    ).body;
    expect(day.fairness!.attribution.map(a => a.feature)[0]).toBe('zip_code');
    expect(day.fairness!.attribution).toHaveLength(5);
    expect(day.fairness!.bias.filter(b => b.breached)).toHaveLength(1);
  });

  it('shows the model served in two regions with each endpoint, its drift and quality in its place', async () => {
    const report: ModelReport = (
      await request(backend.server)
        .get(
          '/api/ml-observability/v1/models/default/component/fraud-screening',
        )
        .set('Authorization', user)
        .expect(200)
    ).body;
    expect(report.endpoints.map(e => [e.name, e.accountId, e.region])).toEqual([
      ['fraud-screening-prod', PRIMARY, 'us-east-1'],
      ['fraud-screening-prod', EU, 'eu-west-1'],
    ]);
    expect(report.endpoints[1].consoleUrl).toContain(
      'eu-west-1.console.aws.amazon.com',
    );
    const drift = report.drift.filter(d => d.feature === 'merchant_country');
    expect(
      drift.map(d => [d.endpointName, d.accountId, d.region, d.breached]),
    ).toEqual([
      ['fraud-screening-prod', EU, 'eu-west-1', true],
      ['fraud-screening-prod', PRIMARY, 'us-east-1', false],
    ]);
    const accuracy = report.quality.filter(q => q.metric === 'accuracy');
    expect(accuracy.map(q => q.region).sort()).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    expect(report.monitoringSchedules).toHaveLength(4);
    expect(report.health.status).not.toBe('unknown');

    // The on-call engineer's lookup by endpoint name finds the model.
    const owners = await request(backend.server)
      .get('/api/ml-observability/v1/escalation?resource=fraud-screening-prod')
      .set('Authorization', user)
      .expect(200);
    expect(owners.body.matches).toMatchObject([
      { entityRef: 'component:default/fraud-screening' },
    ]);
    // So does the ARN of the endpoint served outside the model's home, and only there.
    const byArn = (region: string, account: string) =>
      request(backend.server)
        .get('/api/ml-observability/v1/escalation')
        .query({
          resource: `arn:aws:sagemaker:${region}:${account}:endpoint/fraud-screening-prod`,
        })
        .set('Authorization', user)
        .expect(200);
    expect((await byArn('eu-west-1', EU)).body.matches).toMatchObject([
      { entityRef: 'component:default/fraud-screening' },
    ]);
    expect((await byArn('us-west-2', EU)).body.matches).toEqual([]);
  });

  it('refreshes the model served in two regions in both', async () => {
    emulator.resetStats();
    const report: ModelReport = (
      await request(backend.server)
        .post(
          '/api/ml-observability/v1/models/default/component/fraud-screening/refresh',
        )
        .set('Authorization', user)
        .expect(200)
    ).body;
    const accounts = emulator.stats().accounts;
    expect(accounts[`${PRIMARY}/us-east-1`]?.operations.DescribeEndpoint).toBe(
      1,
    );
    expect(accounts[`${EU}/eu-west-1`]?.operations.DescribeEndpoint).toBe(1);
    expect(report.endpoints.map(e => e.region)).toEqual([
      'us-east-1',
      'eu-west-1',
    ]);
    expect(
      report.drift.filter(d => d.feature === 'merchant_country'),
    ).toHaveLength(2);
  });
});
