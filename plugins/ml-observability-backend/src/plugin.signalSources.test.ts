/**
 * An adopter's module adds a signal source through the node package's
 * extension point; its series and outcome show in the model's report next to
 * what the AWS source read, and its failure degrades only its own part.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  MlObservabilitySignalSource,
  mlObservabilitySignalSourcesExtensionPoint,
  SignalCollectionRequest,
} from '@mlobs/backstage-plugin-ml-observability-node';
import request from 'supertest';
import { FakeCollector, modelEntity } from './__testUtils__/fixtures';
import { startPluginBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const FRAUD = 'component:default/fraud-detection-v2';
const CHURN = 'component:default/churn-prediction';
const alice = mockCredentials.user.header('user:default/alice');

/** Reads a latency metric from "Prometheus" for models with a query annotation. */
class FakePrometheus implements MlObservabilitySignalSource {
  readonly id = 'prometheus';
  requests: SignalCollectionRequest[] = [];
  failWith?: Error;

  async collect(round: SignalCollectionRequest) {
    this.requests.push(round);
    if (this.failWith) throw this.failWith;
    const rounds = Number(round.state.default?.rounds ?? 0);
    const t = new Date(round.now.getTime() - 60_000).toISOString();
    return {
      observations: round.targets
        .filter(target => target.annotations?.['prometheus.io/query'])
        .map(target => ({
          entityRef: target.entityRef,
          series: [
            {
              kind: 'custom' as const,
              key: 'prometheus:p99_latency_ms',
              name: 'p99_latency_ms',
              namespace: 'prometheus',
              dimensions: [
                {
                  name: 'query',
                  value: target.annotations!['prometheus.io/query'],
                },
              ],
              stat: 'p99',
              periodSeconds: 60,
              points: [{ t, v: 42 + rounds }],
            },
          ],
        })),
      state: { default: { rounds: rounds + 1 } },
      stats: { calls: { 'Prometheus.query_range': 1 } },
    };
  }
}

function prometheusModule(source: MlObservabilitySignalSource) {
  return createBackendModule({
    pluginId: 'ml-observability',
    moduleId: 'test-prometheus',
    register(env) {
      env.registerInit({
        deps: { sources: mlObservabilitySignalSourcesExtensionPoint },
        async init({ sources }) {
          sources.addSource(source);
        },
      });
    },
  });
}

async function reportOf(
  server: Parameters<typeof request>[0],
  name: string,
): Promise<ModelReport> {
  const response = await request(server)
    .get(`/api/ml-observability/v1/models/default/component/${name}`)
    .set('Authorization', alice);
  expect(response.status).toBe(200);
  return response.body;
}

describe('signal sources added through the extension point', () => {
  const prometheus = new FakePrometheus();
  const aws = new FakeCollector(() => ({
    series: [],
    sources: { endpoints: { outcome: 'ok' } },
  }));
  let ctx: Awaited<ReturnType<typeof startPluginBackend>>;

  beforeAll(async () => {
    ctx = await startPluginBackend({
      knex: await databases.init('SQLITE_3'),
      entities: [
        modelEntity('fraud-detection-v2', {
          annotations: { 'prometheus.io/query': 'fraud_latency_p99' },
        }),
        modelEntity('churn-prediction'),
      ],
      collector: aws,
      features: [prometheusModule(prometheus)],
    });
  });
  afterAll(async () => {
    await ctx.backend.stop();
  });

  it("shows the source's series and outcome in the model's report", async () => {
    expect(prometheus.requests).toHaveLength(1);
    expect(prometheus.requests[0].targets.map(t => t.entityRef).sort()).toEqual(
      [CHURN, FRAUD],
    );
    const report = await reportOf(ctx.server, 'fraud-detection-v2');
    expect(report.custom).toMatchObject([
      { namespace: 'prometheus', metricName: 'p99_latency_ms', latest: 42 },
    ]);
    expect(report.sources).toMatchObject({
      endpoints: { outcome: 'ok' },
      'ext:prometheus': { outcome: 'ok' },
    });
    // A model the source does not apply to carries no outcome of it.
    const churn = await reportOf(ctx.server, 'churn-prediction');
    expect(churn.sources['ext:prometheus']).toBeUndefined();
    expect(churn.custom).toEqual([]);
  });

  it('keeps each source its own state, the AWS one as before', async () => {
    await ctx.scheduler.triggerTask('ml-observability-collect');
    expect(prometheus.requests[1].state).toEqual({ default: { rounds: 1 } });
    expect(aws.calls[1].state).toEqual({ fake: { rounds: 1 } });
    const report = await reportOf(ctx.server, 'fraud-detection-v2');
    expect(report.custom[0]).toMatchObject({ latest: 43 });
  });

  it('degrades only what a failing source contributes', async () => {
    prometheus.failWith = new Error('connect ECONNREFUSED 10.0.0.7:9090');
    await ctx.scheduler.triggerTask('ml-observability-collect');
    const report = await reportOf(ctx.server, 'fraud-detection-v2');
    expect(report.sources.endpoints).toMatchObject({ outcome: 'ok' });
    expect(report.sources['ext:prometheus']).toMatchObject({
      outcome: 'error',
      lastSuccessAt: expect.any(String),
    });
    expect(report.sources['ext:prometheus']?.message).not.toContain('10.0.0.7');
    // Its last good points are still shown.
    expect(report.custom[0]).toMatchObject({ latest: 43 });
    expect(report.health.reasons.map(r => r.message)).toContainEqual(
      expect.stringContaining('Signal source prometheus'),
    );
    const churn = await reportOf(ctx.server, 'churn-prediction');
    expect(churn.sources['ext:prometheus']).toBeUndefined();
    prometheus.failWith = undefined;
  });
});
