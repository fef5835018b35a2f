/**
 * GET /v1/status through the plugin in a test backend: the last fleet round from the record of rounds,
 * the failing sources of the snapshots the caller may read, and the plugin's metrics through the global
 * OpenTelemetry API (as a backend with an SDK registered gets them).
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type {
  CollectorStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { metrics } from '@opentelemetry/api';
import request from 'supertest';
import { FakeCollector, modelEntity } from '../__testUtils__/fixtures';
import { RecordingMeterProvider } from '../__testUtils__/metrics';
import { startPluginBackend } from '../__testUtils__/testBackend';
import { METRIC_NAMES } from '../telemetry/metrics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const FRAUD = 'component:default/fraud-detection-v2';
const CHURN = 'component:default/churn-prediction';
const RECO = 'component:default/recommendation-engine';
const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';
const as = (user: string) => mockCredentials.user.header(user);

const DENIED = {
  outcome: 'denied',
  message:
    'access denied to SageMaker ListMonitoringSchedules in 123456789012/eu-west-1; allow sagemaker:ListMonitoringSchedules',
} as const;
const THROTTLED = {
  outcome: 'throttled',
  message: 'CloudWatch DescribeAlarms was throttled in 123456789012/us-east-1',
} as const;

describe('GET /v1/status', () => {
  const meters = new RecordingMeterProvider();
  let sources: (ref: string) => SourceStatuses;
  const collector = new FakeCollector(target => ({
    series: [],
    sources: { endpoints: { outcome: 'ok' }, ...sources(target.entityRef) },
  }));
  let ctx: Awaited<ReturnType<typeof startPluginBackend>>;

  const status = async (user = ALICE): Promise<CollectorStatus> => {
    const res = await request(ctx.server)
      .get('/api/ml-observability/v1/status')
      .set('Authorization', as(user));
    expect(res.status).toBe(200);
    return res.body;
  };
  const round = () => ctx.scheduler.triggerTask('ml-observability-collect');

  beforeAll(async () => {
    // Before the plugin starts, as an SDK registered at backend start-up is.
    metrics.setGlobalMeterProvider(meters);
    sources = ref => {
      if (ref === RECO) return { schedules: DENIED };
      return { alarms: THROTTLED };
    };
    ctx = await startPluginBackend({
      knex: await databases.init('SQLITE_3'),
      entities: [
        modelEntity('fraud-detection-v2'),
        modelEntity('churn-prediction'),
        modelEntity('recommendation-engine', {
          annotations: { 'aws.amazon.com/region': 'eu-west-1' },
        }),
      ],
      collector,
      hiddenFrom: { [MALLORY]: [RECO] },
    });
  });
  afterAll(async () => {
    await ctx.backend.stop();
    metrics.disable();
  });

  it('needs a token', async () => {
    const res = await request(ctx.server).get(
      '/api/ml-observability/v1/status',
    );
    expect(res.status).toBe(401);
  });

  it('tells how the last round went and which sources fail where', async () => {
    const body = await status();
    expect(body.status).toBe('degraded');
    expect(body.lastRound).toMatchObject({ outcome: 'ok', models: 3 });
    const { startedAt, finishedAt, durationMs } = body.lastRound!;
    expect(durationMs).toBe(Date.parse(finishedAt) - Date.parse(startedAt));
    expect(body.lastSuccessAt).toBe(finishedAt);
    expect(body.degradedSources).toEqual([
      {
        source: 'alarms',
        accountId: '123456789012',
        region: 'us-east-1',
        outcome: 'throttled',
        message: THROTTLED.message,
        since: startedAt,
        models: 2,
        entityRefs: [CHURN, FRAUD],
      },
      {
        source: 'schedules',
        accountId: '123456789012',
        region: 'eu-west-1',
        outcome: 'denied',
        message: DENIED.message,
        since: startedAt,
        models: 1,
        entityRefs: [RECO],
      },
    ]);
  });

  it('counts only the models the caller may read', async () => {
    const body = await status(MALLORY);
    expect(body.degradedSources.map(d => [d.source, d.models])).toEqual([
      ['alarms', 2],
    ]);
    expect(body.lastRound?.outcome).toBe('ok');
  });

  it('exports rounds, models by verdict and degraded sources through the global meter', async () => {
    expect(
      meters.sum(METRIC_NAMES.rounds, { kind: 'fleet', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    const observed = await meters.observe();
    const models = observed.filter(o => o.name === METRIC_NAMES.models);
    const total = models.reduce((sum, o) => sum + o.value, 0);
    expect(total).toBe(3);
    expect(models.map(o => o.attributes.verdict).sort()).toEqual([
      'critical',
      'healthy',
      'unknown',
      'warning',
    ]);
    expect(
      observed.filter(o => o.name === METRIC_NAMES.sourcesDegraded),
    ).toEqual([
      {
        name: METRIC_NAMES.sourcesDegraded,
        value: 2,
        attributes: {
          source: 'alarms',
          outcome: 'throttled',
          'cloud.account.id': '123456789012',
          'cloud.region': 'us-east-1',
        },
      },
      {
        name: METRIC_NAMES.sourcesDegraded,
        value: 1,
        attributes: {
          source: 'schedules',
          outcome: 'denied',
          'cloud.account.id': '123456789012',
          'cloud.region': 'eu-west-1',
        },
      },
    ]);
  });

  it('keeps when a failure began across rounds, and is ok once every source recovers', async () => {
    const first = (await status()).degradedSources[0].since;
    await round();
    const again = await status();
    expect(again.lastRound!.id).toBeGreaterThan(1);
    expect(again.degradedSources[0].since).toBe(first);

    sources = () => ({
      alarms: { outcome: 'ok' },
      schedules: { outcome: 'ok' },
    });
    await round();
    const recovered = await status();
    expect(recovered.status).toBe('ok');
    expect(recovered.degradedSources).toEqual([]);
    // The degraded series are observed once more as 0, then no more.
    const observed = await meters.observe();
    expect(
      observed
        .filter(o => o.name === METRIC_NAMES.sourcesDegraded)
        .map(o => o.value),
    ).toEqual([0, 0]);
    expect(
      (await meters.observe()).filter(
        o => o.name === METRIC_NAMES.sourcesDegraded,
      ),
    ).toEqual([]);
  });

  it('says the last round failed, and when one last succeeded', async () => {
    const before = await status();
    collector.failWith = new Error('connect ECONNREFUSED 10.0.0.1:443');
    try {
      await round();
    } finally {
      collector.failWith = undefined;
    }
    const body = await status();
    expect(body.status).toBe('failed');
    expect(body.lastRound).toMatchObject({
      outcome: 'failed',
      error: expect.stringContaining('AWS could not be read'),
    });
    expect(body.lastSuccessAt).toBe(before.lastRound!.finishedAt);
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
    // Every AWS source of every model now fails with the round's failure.
    expect(body.degradedSources.map(d => d.outcome)).toContain('error');
  });
});
