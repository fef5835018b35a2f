/**
 * Failures through the real SDK: each failing source is marked with an
 * outcome and a message a person can act on, keeps its last success time,
 * and never stops the other sources or accounts. `collect` never throws.
 */
import { createServer } from 'node:net';
import type { SourceId } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  EU,
  EU_REGION,
  Fixture,
  PRIMARY,
  PRIMARY_REGION,
  collectorFor,
  demoTargets,
  startFixture,
  target,
} from './__testUtils__/emulatorFixture';
import type { CollectionResult, ModelObservation } from './types';

const ref = (name: string) => `component:default/${name}`;

function model(result: CollectionResult, name: string): ModelObservation {
  const found = result.observations.find(o => o.entityRef === ref(name));
  if (!found) throw new Error(`no observation for ${name}`);
  return found;
}

const SAGEMAKER_SOURCES: SourceId[] = [
  'endpoints',
  'schedules',
  'executions',
  'metrics',
];

/** Messages are for people: no ARNs, keys or raw SDK dumps. */
function expectCleanMessages(result: CollectionResult) {
  for (const o of result.observations) {
    for (const status of Object.values(o.sources)) {
      if (!status.message) continue;
      expect(status.message).not.toMatch(
        /arn:aws|AKIA|emulator-secret|\bat \w+ \(|\{"/,
      );
      expect(status.message.length).toBeLessThan(300);
    }
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

describe('DefaultFleetCollector failures (emulator, real SDK)', () => {
  let f: Fixture;
  let good: CollectionResult;

  beforeAll(async () => {
    f = await startFixture({ scenario: 'demo' });
    good = await f.collector.collect(
      demoTargets(),
      {},
      {
        now: f.emulator.now(),
        lookbackDays: 1,
        discoverMetrics: true,
      },
    );
  });
  afterEach(() => f.emulator.clearFaults());
  afterAll(() => f.close());

  async function laterRound(collector = f.collector, state = good.state) {
    f.emulator.advanceClock(300);
    return collector.collect(demoTargets(), state, {
      now: f.emulator.now(),
      lookbackDays: 1,
    });
  }

  it('starts from a round without failures', () => {
    expect(good.stats.failedSources).toBe(0);
  });

  it('marks a throttled source and leaves its field out (the store keeps its last success)', async () => {
    f.emulator.setFaults({
      accounts: {
        [PRIMARY]: {
          operations: { DescribeAlarms: { rateLimit: 0.001, burst: 1 } },
        },
      },
    });
    // The bucket's single token goes to this round; the next one is throttled.
    const first = await laterRound();
    expect(model(first, 'churn-prediction').sources.alarms?.outcome).toBe('ok');

    const second = await laterRound(f.collector, first.state);
    const churn = model(second, 'churn-prediction');
    expect(churn.sources.alarms).toEqual({
      outcome: 'throttled',
      message: `CloudWatch DescribeAlarms was throttled in ${PRIMARY}/${PRIMARY_REGION} after 2 attempts; the next round tries again`,
      checkedAt: f.emulator.now().toISOString(),
    });
    expect(churn.alarms).toBeUndefined();
    for (const source of SAGEMAKER_SOURCES)
      expect(churn.sources[source]?.outcome).toBe('ok');
    expect(churn.endpoints).toHaveLength(1);
    // The other account was not throttled.
    expect(model(second, 'credit-risk-scoring').sources.alarms?.outcome).toBe(
      'ok',
    );
    expect(
      f.emulator.stats().operations.DescribeAlarms.throttled,
    ).toBeGreaterThanOrEqual(2);
    expectCleanMessages(second);
  });

  it('marks every source of a denied account, and the other account is still read', async () => {
    f.emulator.setFaults({ accounts: { [EU]: { denied: true } } });
    const result = await laterRound();
    const credit = model(result, 'credit-risk-scoring');
    expect(credit.sources.endpoints).toMatchObject({
      outcome: 'denied',
      message: `access denied to SageMaker ListEndpoints in ${EU}/${EU_REGION}; allow sagemaker:ListEndpoints for the credentials Backstage uses for account ${EU}`,
    });
    expect(credit.sources.alarms).toMatchObject({
      outcome: 'denied',
      message: expect.stringContaining('allow cloudwatch:DescribeAlarms'),
    });
    for (const source of ['schedules', 'executions'] as const) {
      expect(credit.sources[source]?.outcome).toBe('denied');
    }
    expect(credit.endpoints).toBeUndefined();
    expect(credit.monitoringSchedules).toBeUndefined();
    expect(credit.alarms).toBeUndefined();
    const churn = model(result, 'churn-prediction');
    expect(Object.values(churn.sources).every(s => s.outcome === 'ok')).toBe(
      true,
    );
    expect(churn.alarms?.length).toBeGreaterThan(0);
    expectCleanMessages(result);
  });

  it('reports an endpoint named in the annotation but absent from the list as not found', async () => {
    const targets = [
      target('fraud-v2', ['fraud-v2']),
      target('search-ranking', [
        'search-ranking-prod',
        'search-ranking-canary',
      ]),
    ];
    const result = await f.collector.collect(targets, good.state, {
      now: f.emulator.now(),
      lookbackDays: 1,
    });
    const missing = model(result, 'fraud-v2');
    expect(missing.sources.endpoints).toEqual({
      outcome: 'not-found',
      message: `endpoint fraud-v2 not found in ${PRIMARY}/${PRIMARY_REGION}`,
      checkedAt: f.emulator.now().toISOString(),
    });
    expect(missing.endpoints).toEqual([]);
    expect(missing.monitoringSchedules).toEqual([]);
    expect(missing.sources.alarms?.outcome).toBe('ok');
    // One of two endpoints missing: the other is still reported.
    const search = model(result, 'search-ranking');
    expect(search.sources.endpoints).toMatchObject({
      outcome: 'not-found',
      message: `endpoint search-ranking-canary not found in ${PRIMARY}/${PRIMARY_REGION}`,
    });
    expect(search.endpoints?.map(e => e.name)).toEqual(['search-ranking-prod']);
  });

  it('marks sources that time out as errors and still reads the other account', async () => {
    const slow = await collectorFor(f.emulator.url, {
      aws: { requestTimeoutMs: 1000, maxAttempts: 1 },
    });
    try {
      f.emulator.setFaults({ accounts: { [EU]: { hangRate: 1 } } });
      const result = await laterRound(slow.collector);
      const credit = model(result, 'credit-risk-scoring');
      expect(credit.sources.endpoints).toMatchObject({
        outcome: 'error',
        message: `SageMaker ListEndpoints got no answer within 1000 ms in ${EU}/${EU_REGION}; AWS may be slow or unreachable`,
      });
      expect(credit.sources.alarms?.outcome).toBe('error');
      expect(credit.endpoints).toBeUndefined();
      expect(model(result, 'churn-prediction').sources.endpoints?.outcome).toBe(
        'ok',
      );
      expectCleanMessages(result);
    } finally {
      slow.factory.destroy();
    }
  });

  it('survives an unreachable AWS: every source is an error, nothing throws', async () => {
    const port = await closedPort();
    const down = await collectorFor(`http://127.0.0.1:${port}`, {
      aws: { maxAttempts: 1 },
    });
    try {
      const result = await down.collector.collect(demoTargets(), good.state, {
        now: f.emulator.now(),
        lookbackDays: 1,
        discoverMetrics: true,
      });
      expect(result.observations).toHaveLength(demoTargets().length);
      const churn = model(result, 'churn-prediction');
      expect(churn.sources.endpoints).toMatchObject({
        outcome: 'error',
        message: `could not reach SageMaker for ${PRIMARY}/${PRIMARY_REGION} (connection refused); check the network and mlObservability.endpoints`,
      });
      expect(churn.sources.alarms?.message).toContain(
        'could not reach CloudWatch',
      );
      expect(churn.endpoints).toBeUndefined();
      expect(churn.alarms).toBeUndefined();
      expect(churn.series).toEqual([]);
      const fraud = model(result, 'fraud-detection-v2');
      expect(fraud.sources['custom-metrics']?.outcome).toBe('error');
      expect(result.stats.failedSources).toBeGreaterThan(20);
      expectCleanMessages(result);

      // What was known survives the outage: the next good round needs no cold start.
      f.emulator.resetStats();
      const recovered = await f.collector.collect(demoTargets(), result.state, {
        now: f.emulator.now(),
        lookbackDays: 1,
      });
      expect(recovered.stats.failedSources).toBe(0);
      expect(f.emulator.stats().operations.DescribeEndpoint).toBeUndefined();
    } finally {
      down.factory.destroy();
    }
  });

  it('reports an account with no configured credentials', async () => {
    const result = await f.collector.collect(
      [target('elsewhere', ['some-endpoint'], { accountId: '999999999999' })],
      {},
      { now: f.emulator.now(), lookbackDays: 1 },
    );
    const elsewhere = model(result, 'elsewhere');
    expect(elsewhere.sources.endpoints?.outcome).toBe('denied');
    expect(elsewhere.sources.endpoints?.message).toContain(
      'no AWS credentials are configured for account 999999999999',
    );
  });
});
