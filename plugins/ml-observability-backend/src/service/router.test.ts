import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  AlarmInfo,
  EndpointInfo,
  FleetPage,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import request from 'supertest';
import type { ObservedSeries } from '../collectors/types';
import {
  FakeCollector,
  groupEntity,
  modelEntity,
  RUNBOOK_YAML,
  userEntity,
} from '../__testUtils__/fixtures';
import { DenyRule, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const FRAUD = 'component:default/fraud-detection-v2';
const CHURN = 'component:default/churn-prediction';
const RECO = 'component:default/recommendation-engine';
const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';
const EVE = 'user:default/eve';
const as = (user: string) => mockCredentials.user.header(user);

const runbookAnnotation = (name: string) => ({
  'ml-observability/runbook': `url:https://runbooks.example.com/${name}.yaml`,
});

const entities: Entity[] = [
  modelEntity('fraud-detection-v2', {
    title: 'Fraud detection v2',
    annotations: {
      ...runbookAnnotation('fraud'),
      'pagerduty.com/service-id': 'PFRAUD2',
      'ml-observability/metrics':
        'namespace=ML/ModelPerformance,ModelName=fraud-detection-v2',
    },
  }),
  modelEntity('churn-prediction', {
    owner: 'customer-insights-team',
    lifecycle: 'experimental',
    annotations: runbookAnnotation('churn'),
  }),
  modelEntity('recommendation-engine', {
    owner: 'personalization-team',
    annotations: {
      ...runbookAnnotation('reco'),
      'aws.amazon.com/region': 'eu-west-1',
    },
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website', namespace: 'default' },
    spec: { type: 'website', owner: 'web', lifecycle: 'production' },
  },
  groupEntity('ml-platform-team', ['alice', 'bob'], 'ML Platform'),
  userEntity('alice', 'Alice Adams'),
  userEntity('bob', 'Bob Brown'),
];

const endpoint = (name: string, region: string): EndpointInfo => ({
  name,
  region,
  status: 'InService',
  variants: [{ name: 'AllTraffic', currentWeight: 1, trafficPercent: 100 }],
  shadowVariants: [],
  dataCapture: { enabled: true, status: 'Started', samplingPercentage: 20 },
});

const CHURN_ALARM: AlarmInfo = {
  name: 'churn-accuracy-low',
  arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-accuracy-low',
  type: 'metric',
  state: 'ALARM',
  stateReason:
    'Threshold Crossed: 1 datapoint [0.71] was less than the threshold (0.8)',
  since: '2025-03-10T02:00:00.000Z',
};

function collector() {
  return new FakeCollector((target, { now }) => {
    const ago = (minutes: number) =>
      new Date(now.getTime() - minutes * 60_000).toISOString();
    const series: ObservedSeries[] = [];
    let alarms: AlarmInfo[] = [];
    if (target.entityRef === FRAUD) {
      series.push({
        kind: 'custom',
        key: 'custom:Accuracy',
        name: 'Accuracy',
        namespace: 'ML/ModelPerformance',
        dimensions: [{ name: 'ModelName', value: 'fraud-detection-v2' }],
        stat: 'Average',
        periodSeconds: 300,
        points: [
          { t: ago(20), v: 0.96 },
          { t: ago(10), v: 0.95 },
        ],
      });
    }
    if (target.entityRef === CHURN) alarms = [CHURN_ALARM];
    if (target.entityRef === RECO) {
      series.push({
        kind: 'drift',
        key: 'drift:recommendation-engine-prod:season',
        name: 'season',
        namespace: 'aws/sagemaker/Endpoints/data-metrics',
        dimensions: [{ name: 'Endpoint', value: 'recommendation-engine-prod' }],
        stat: 'Average',
        periodSeconds: 3600,
        endpointName: 'recommendation-engine-prod',
        points: [{ t: ago(30), v: 0.5 }],
      });
    }
    return {
      endpoints: target.endpointNames.map(name =>
        endpoint(name, target.region),
      ),
      alarms,
      series,
      sources: {
        endpoints: { outcome: 'ok' },
        alarms: { outcome: 'ok' },
        metrics: { outcome: 'ok' },
      },
    };
  });
}

const deny: DenyRule = (user, permission, ref) =>
  user === EVE &&
  (permission === 'ml-observability.model.refresh' ||
    (permission === 'ml-observability.model.read' && ref === FRAUD));

async function start(options: { refreshCooldownSeconds?: number } = {}) {
  const fake = collector();
  const started = await startPluginBackend({
    knex: await databases.init('SQLITE_3'),
    entities,
    collector: fake,
    hiddenFrom: { [MALLORY]: [RECO] },
    deny,
    config:
      options.refreshCooldownSeconds !== undefined
        ? { refreshCooldownSeconds: options.refreshCooldownSeconds }
        : {},
    urls: {
      'https://runbooks.example.com/fraud.yaml': RUNBOOK_YAML,
      'https://runbooks.example.com/churn.yaml': RUNBOOK_YAML,
      'https://runbooks.example.com/reco.yaml': RUNBOOK_YAML,
    },
  });
  return { ...started, collector: fake };
}

describe('ml-observability REST API', () => {
  let ctx: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    ctx = await start();
  });
  afterAll(async () => {
    await ctx.backend.stop();
  });

  it('answers /health without a token and everything else only with one', async () => {
    const health = await request(ctx.server).get(
      '/api/ml-observability/health',
    );
    expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
    const fleet = await request(ctx.server).get(
      '/api/ml-observability/v1/models',
    );
    expect(fleet.status).toBe(401);
    const report = await request(ctx.server).get(
      '/api/ml-observability/v1/models/default/component/fraud-detection-v2',
    );
    expect(report.status).toBe(401);
  });

  it('answers requests that match no route with a status and a message', async () => {
    const api = '/api/ml-observability';
    const put = await request(ctx.server)
      .put(`${api}/v1/models/default/component/fraud-detection-v2`)
      .set('Authorization', as(ALICE));
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    expect(put.body.error.message).toMatch(/PUT is not supported .* use GET/);

    const getRefresh = await request(ctx.server)
      .get(`${api}/v1/models/default/component/fraud-detection-v2/refresh`)
      .set('Authorization', as(ALICE));
    expect([getRefresh.status, getRefresh.headers.allow]).toEqual([
      405,
      'POST',
    ]);

    for (const path of [
      '/v1/models//component/fraud-detection-v2',
      '/v1/models/default/component',
      '/v1/models/default/component/fraud-detection-v2/extra/segment',
    ]) {
      const res = await request(ctx.server)
        .get(`${api}${path}`)
        .set('Authorization', as(ALICE));
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.message).toMatch(
        /addressed as \/v1\/models\/\{namespace\}\/\{kind\}\/\{name\}/,
      );
    }

    const unknown = await request(ctx.server)
      .get(`${api}/v2/nothing`)
      .set('Authorization', as(ALICE));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'The ML observability API has no route GET /v2/nothing; its routes are GET /health, GET /v1/models, GET /v1/models/{namespace}/{kind}/{name}, POST /v1/models/{namespace}/{kind}/{name}/refresh, GET /v1/models/{namespace}/{kind}/{name}/alerts, GET /v1/models/{namespace}/{kind}/{name}/actions, POST /v1/models/{namespace}/{kind}/{name}/actions/{actionId}, GET /v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}, POST /v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}/undo, GET /v1/escalation and GET /v1/status',
    );
  });

  describe('GET /v1/models/{namespace}/{kind}/{name}', () => {
    it('returns the report with ownership from the catalog and escalation from the runbook', async () => {
      const res = await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/fraud-detection-v2?range=7d',
        )
        .set('Authorization', as(ALICE))
        .expect(200);
      const report: ModelReport = res.body;
      expect(report).toMatchObject({
        entityRef: FRAUD,
        title: 'Fraud detection v2',
        accountId: '123456789012',
        region: 'us-east-1',
        health: { status: 'healthy' },
        endpoints: [{ name: 'fraud-detection-v2-prod', status: 'InService' }],
        ownership: {
          owner: {
            entityRef: 'group:default/ml-platform-team',
            title: 'ML Platform',
          },
          members: [
            {
              entityRef: 'user:default/alice',
              displayName: 'Alice Adams',
              email: 'alice@example.com',
            },
            {
              entityRef: 'user:default/bob',
              displayName: 'Bob Brown',
              email: 'bob@example.com',
            },
          ],
          onCall: [{ provider: 'pagerduty', id: 'PFRAUD2' }],
        },
        escalation: {
          path: ['ml-engineer', 'data-scientist', 'team-lead'],
          runbookUrl: 'https://runbooks.example.com/fraud.yaml',
        },
        sources: {
          endpoints: { outcome: 'ok' },
          runbook: { outcome: 'ok' },
          catalog: { outcome: 'ok' },
        },
        stale: { isStale: false },
      });
      expect(report.quality).toMatchObject([
        { metric: 'accuracy', latest: 0.95, source: 'custom' },
      ]);
      expect(report.quality[0].series).toHaveLength(2);
      expect(report.escalation.severityRules.map(r => r.level)).toEqual([1, 2]);
    });

    it('answers 404 alike for a model the caller cannot see, a missing one and a non-model', async () => {
      const hidden = await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/recommendation-engine',
        )
        .set('Authorization', as(MALLORY))
        .expect(404);
      expect(hidden.body.error).toEqual({
        name: 'NotFoundError',
        message:
          'No ML model component:default/recommendation-engine in the catalog',
      });
      await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/recommendation-engine',
        )
        .set('Authorization', as(ALICE))
        .expect(200);
      await request(ctx.server)
        .get('/api/ml-observability/v1/models/default/component/no-such-model')
        .set('Authorization', as(ALICE))
        .expect(404);
      await request(ctx.server)
        .get('/api/ml-observability/v1/models/default/component/website')
        .set('Authorization', as(ALICE))
        .expect(404);
    });

    it('reports a model added to the catalog since the last round as not collected yet', async () => {
      jest
        .spyOn(ctx.catalog, 'getEntityByRef')
        .mockResolvedValueOnce(
          modelEntity('brand-new-model', { title: 'Brand new' }),
        );
      const res = await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/brand-new-model',
        )
        .set('Authorization', as(ALICE))
        .expect(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/brand-new-model',
        title: 'Brand new',
        collectedAt: null,
        endpoints: [],
        health: {
          status: 'unknown',
          reasons: [
            { message: 'No data has been collected for this model yet' },
          ],
        },
        stale: { isStale: true, ageSeconds: null },
      });
    });

    it('answers 403 when the caller sees the entity but may not read its report', async () => {
      const res = await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/fraud-detection-v2',
        )
        .set('Authorization', as(EVE))
        .expect(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });

    it('rejects malformed input with 400 and a message', async () => {
      const badRange = await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/fraud-detection-v2?range=1y',
        )
        .set('Authorization', as(ALICE))
        .expect(400);
      expect(badRange.body.error.message).toContain('range');
      const badName = await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/fraud%20detection',
        )
        .set('Authorization', as(ALICE))
        .expect(400);
      expect(badName.body.error.message).toContain('name');
      await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/fraud-detection-v2?unknown=1',
        )
        .set('Authorization', as(ALICE))
        .expect(400);
    });

    it('serves a collected model from its snapshot: no catalog entity read, one permission call', async () => {
      const lookups = jest.spyOn(ctx.catalog, 'getEntityByRef');
      const authorize = ctx.permissions.authorize as jest.Mock;
      const before = authorize.mock.calls.length;
      try {
        await request(ctx.server)
          .get(
            '/api/ml-observability/v1/models/default/component/fraud-detection-v2',
          )
          .set('Authorization', as(ALICE))
          .expect(200);
        expect(lookups.mock.calls.map(c => c[0])).not.toContain(FRAUD);
        const checks = authorize.mock.calls
          .slice(before)
          .map(([requests]) =>
            requests.map((r: { permission: { name: string } }) => [
              r.permission.name,
              'resourceRef' in r ? r.resourceRef : undefined,
            ]),
          )
          .filter((pairs: unknown[][]) => pairs.some(p => p[1] === FRAUD));
        expect(checks).toEqual([
          [
            ['catalog.entity.read', FRAUD],
            ['ml-observability.model.read', FRAUD],
          ],
        ]);
      } finally {
        lookups.mockRestore();
      }
    });

    it('hides internal error text behind an error id', async () => {
      // A collected model is answered from its snapshot and the permission
      // check; one without a snapshot asks the catalog.
      jest
        .spyOn(ctx.catalog, 'getEntityByRef')
        .mockRejectedValueOnce(
          new Error('catalog said: postgres://admin:hunter2@db failed'),
        );
      const fromCatalog = await request(ctx.server)
        .get('/api/ml-observability/v1/models/default/component/not-collected')
        .set('Authorization', as(ALICE))
        .expect(500);
      expect(JSON.stringify(fromCatalog.body)).not.toContain('hunter2');
      expect(fromCatalog.body.error.message).toMatch(/error id [0-9a-f]{12}/);

      (ctx.permissions.authorize as jest.Mock).mockRejectedValueOnce(
        new Error('permission backend: token secret s3cr3t rejected'),
      );
      const fromPermissions = await request(ctx.server)
        .get(
          '/api/ml-observability/v1/models/default/component/fraud-detection-v2',
        )
        .set('Authorization', as(ALICE))
        .expect(500);
      expect(JSON.stringify(fromPermissions.body)).not.toContain('s3cr3t');
      expect(fromPermissions.body.error.message).toMatch(
        /error id [0-9a-f]{12}/,
      );
    });
  });

  describe('GET /v1/models', () => {
    const fleet = (user: string, query = '') =>
      request(ctx.server)
        .get(`/api/ml-observability/v1/models${query}`)
        .set('Authorization', as(user));

    it('lists the readable fleet worst first', async () => {
      // Served from the shared assembly and one permission call per request.
      const reads = jest.spyOn(ctx.catalog, 'getEntitiesByRefs');
      let res;
      let catalogReads: number;
      try {
        res = await fleet(ALICE).expect(200);
        catalogReads = reads.mock.calls.length;
      } finally {
        reads.mockRestore();
      }
      expect(catalogReads).toBe(0);
      const page: FleetPage = res.body;
      expect(page.totalCount).toBe(3);
      expect(page.nextCursor).toBeUndefined();
      expect(page.items.map(r => [r.entityRef, r.status])).toEqual([
        [CHURN, 'critical'],
        [RECO, 'warning'],
        [FRAUD, 'healthy'],
      ]);
      expect(page.items[0]).toMatchObject({
        owner: 'group:default/customer-insights-team',
        lifecycle: 'experimental',
        accountId: '123456789012',
        region: 'us-east-1',
        reasonCount: 1,
        topReason: expect.stringContaining(
          'Alarm churn-accuracy-low is in ALARM',
        ),
      });
      expect(page.items[2].sparkline).toMatchObject({
        metric: 'accuracy',
        display: 'percent',
      });
      expect(page.items[2].sparkline?.points).toHaveLength(2);
    });

    it('leaves out models the caller cannot see or may not read', async () => {
      const mallory = await fleet(MALLORY).expect(200);
      expect(
        mallory.body.items.map((r: { entityRef: string }) => r.entityRef),
      ).toEqual([CHURN, FRAUD]);
      expect(mallory.body.totalCount).toBe(2);
      const eve = await fleet(EVE).expect(200);
      expect(
        eve.body.items.map((r: { entityRef: string }) => r.entityRef),
      ).toEqual([CHURN, RECO]);
    });

    it('pages with an opaque cursor bound to the filters', async () => {
      const first = await fleet(ALICE, '?limit=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.totalCount).toBe(3);
      const second = await fleet(
        ALICE,
        `?limit=2&cursor=${first.body.nextCursor}`,
      ).expect(200);
      expect(
        second.body.items.map((r: { entityRef: string }) => r.entityRef),
      ).toEqual([FRAUD]);
      expect(second.body.nextCursor).toBeUndefined();

      const replayed = await fleet(
        ALICE,
        `?limit=2&status=healthy&cursor=${first.body.nextCursor}`,
      ).expect(400);
      expect(replayed.body.error.message).toContain('cursor');
      await fleet(ALICE, '?cursor=not-a-cursor').expect(400);
    });

    it('filters by owner, status, lifecycle, account and region', async () => {
      const refs = async (query: string) => {
        const res = await fleet(ALICE, query);
        expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
        return res.body.items.map((r: { entityRef: string }) => r.entityRef);
      };
      expect(await refs('?owner=ml-platform-team')).toEqual([FRAUD]);
      expect(
        await refs(
          '?owner=group:default/personalization-team&owner=customer-insights-team',
        ),
      ).toEqual([CHURN, RECO]);
      expect(
        await refs(
          `?owner=${encodeURIComponent('group:default/ml-platform-team')}`,
        ),
      ).toEqual([FRAUD]);
      expect(await refs('?status=critical&status=healthy')).toEqual([
        CHURN,
        FRAUD,
      ]);
      expect(await refs('?lifecycle=production')).toEqual([RECO, FRAUD]);
      expect(await refs('?region=eu-west-1')).toEqual([RECO]);
      expect(await refs('?account=123456789012&status=warning')).toEqual([
        RECO,
      ]);
      expect(await refs('?account=999999999999')).toEqual([]);
    });

    it('rejects limits outside 1..100 and unknown statuses', async () => {
      for (const query of [
        '?limit=0',
        '?limit=101',
        '?limit=ten',
        '?status=broken',
        '?account=12',
      ]) {
        const res = await fleet(ALICE, query).expect(400);
        expect(res.body.error.name).toBe('InputError');
      }
    });
  });

  describe('GET /v1/escalation', () => {
    const lookup = (user: string, resource: string) =>
      request(ctx.server)
        .get('/api/ml-observability/v1/escalation')
        .query({ resource })
        .set('Authorization', as(user));

    it('finds the model behind an alarm, with owner, next in path and severity rule', async () => {
      const res = await lookup(ALICE, 'churn-accuracy-low').expect(200);
      expect(res.body).toEqual({
        query: 'churn-accuracy-low',
        matches: [
          {
            entityRef: CHURN,
            matchedBy: 'alarm',
            resource: 'churn-accuracy-low',
            owner: { entityRef: 'group:default/customer-insights-team' },
            nextInPath: 'ml-engineer',
            path: ['ml-engineer', 'data-scientist', 'team-lead'],
            // No rule holds, so the most severe one is given.
            severityRule: expect.objectContaining({
              level: 1,
              immediateAction: 'Switch to fallback model',
            }),
            runbookUrl: 'https://runbooks.example.com/churn.yaml',
            onCall: [],
            health: 'critical',
          },
        ],
      });
      const byArn = await lookup(ALICE, CHURN_ALARM.arn).expect(200);
      expect(byArn.body.matches).toMatchObject([
        { entityRef: CHURN, matchedBy: 'arn' },
      ]);
      // As typed into curl, unencoded.
      const raw = await request(ctx.server)
        .get(`/api/ml-observability/v1/escalation?resource=${CHURN_ALARM.arn}`)
        .set('Authorization', as(ALICE))
        .expect(200);
      expect(raw.body.matches).toHaveLength(1);
    });

    it('matches endpoint names case-insensitively and ARNs in their account and region', async () => {
      const byName = await lookup(ALICE, 'Recommendation-Engine-Prod').expect(
        200,
      );
      expect(byName.body.matches).toMatchObject([
        { entityRef: RECO, matchedBy: 'endpoint', severityRule: { level: 2 } },
      ]);
      const arn =
        'arn:aws:sagemaker:eu-west-1:123456789012:endpoint/recommendation-engine-prod';
      expect((await lookup(ALICE, arn).expect(200)).body.matches).toHaveLength(
        1,
      );
      const otherRegion = arn.replace('eu-west-1', 'us-east-1');
      expect(
        (await lookup(ALICE, otherRegion).expect(200)).body.matches,
      ).toEqual([]);
    });

    it('only returns models the caller may read', async () => {
      const res = await lookup(MALLORY, 'recommendation-engine-prod').expect(
        200,
      );
      expect(res.body).toEqual({
        query: 'recommendation-engine-prod',
        matches: [],
      });
      expect(
        (await lookup(EVE, 'fraud-detection-v2-prod').expect(200)).body.matches,
      ).toEqual([]);
    });

    it('rejects an empty resource and ARNs of other resources', async () => {
      await request(ctx.server)
        .get('/api/ml-observability/v1/escalation')
        .set('Authorization', as(ALICE))
        .expect(400);
      await lookup(ALICE, '   ').expect(400);
      const res = await lookup(ALICE, 'arn:aws:s3:::my-bucket').expect(400);
      expect(res.body.error.message).toContain('not an ARN');
      await lookup(
        ALICE,
        'arn:aws:lambda:us-east-1:123456789012:function:f',
      ).expect(400);
    });
  });

  describe('POST /v1/models/{namespace}/{kind}/{name}/refresh', () => {
    const refresh = (user: string, name: string) =>
      request(ctx.server)
        .post(
          `/api/ml-observability/v1/models/default/component/${name}/refresh`,
        )
        .set('Authorization', as(user));

    it('collects the model now and returns its report, then rate-limits it', async () => {
      const before = ctx.collector.calls.length;
      const res = await refresh(ALICE, 'churn-prediction').expect(200);
      expect(res.body.entityRef).toBe(CHURN);
      expect(ctx.collector.calls).toHaveLength(before + 1);
      expect(ctx.collector.calls[before].options.forceEntityRefs).toEqual([
        CHURN,
      ]);

      const again = await refresh(ALICE, 'churn-prediction').expect(429);
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
      expect(again.body.error.message).toContain('try again in');
      expect(ctx.collector.calls).toHaveLength(before + 1);
    });

    it('needs the refresh permission, and answers 404 for a model the caller cannot see', async () => {
      const denied = await refresh(EVE, 'recommendation-engine').expect(403);
      expect(denied.body.error.name).toBe('NotAllowedError');
      await refresh(MALLORY, 'recommendation-engine').expect(404);
    });
  });

  describe('actions', () => {
    it('answers model health and ownership with the caller credentials', async () => {
      const health = await ctx.actions.invoke({
        id: 'test:get-model-health',
        input: { entityRef: CHURN },
        credentials: mockCredentials.user(ALICE),
      });
      expect(health.output).toEqual({
        entityRef: CHURN,
        status: 'critical',
        reasons: [
          {
            severity: 'critical',
            message: expect.stringContaining('churn-accuracy-low'),
          },
        ],
        collectedAt: expect.any(String),
        stale: false,
      });

      const owners = await ctx.actions.invoke({
        id: 'test:who-owns-resource',
        input: { resource: 'churn-accuracy-low' },
        credentials: mockCredentials.user(ALICE),
      });
      expect(owners.output).toMatchObject({
        matches: [
          {
            entityRef: CHURN,
            owner: 'group:default/customer-insights-team',
            nextInPath: 'ml-engineer',
            escalationPath: ['ml-engineer', 'data-scientist', 'team-lead'],
            severityRule: { level: 1 },
          },
        ],
      });

      await expect(
        ctx.actions.invoke({
          id: 'test:get-model-health',
          input: { entityRef: RECO },
          credentials: mockCredentials.user(MALLORY),
        }),
      ).rejects.toThrow(
        'No ML model component:default/recommendation-engine in the catalog',
      );
      const hidden = await ctx.actions.invoke({
        id: 'test:who-owns-resource',
        input: { resource: 'recommendation-engine-prod' },
        credentials: mockCredentials.user(MALLORY),
      });
      expect(hidden.output).toEqual({
        query: 'recommendation-engine-prod',
        matches: [],
      });
    });

    it('are read-only but for running a runbook action', async () => {
      const { actions } = await ctx.actions.list();
      expect(
        actions.map(a => [
          a.name,
          a.attributes.readOnly,
          a.attributes.destructive,
        ]),
      ).toEqual([
        ['get-model-health', true, false],
        ['who-owns-resource', true, false],
        ['plan-runbook-action', true, false],
        ['run-runbook-action', false, true],
      ]);
    });
  });
});
