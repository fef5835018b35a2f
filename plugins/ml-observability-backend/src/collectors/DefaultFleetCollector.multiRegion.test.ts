/**
 * The demo model served in two regions and accounts (fraud-screening: us-east-1 in the primary
 * account, eu-west-1 in the EU account by ARN), collected through the real SDK from the emulator:
 * one observation with both endpoints in their places, per-endpoint drift and quality that do not
 * merge although names match, and a refresh that covers both regions.
 */
import {
  EU,
  EU_REGION,
  Fixture,
  PRIMARY,
  PRIMARY_REGION,
  demoTargets,
  startFixture,
  target,
} from './__testUtils__/emulatorFixture';
import type {
  CollectionResult,
  CollectionTarget,
  ModelObservation,
} from './types';

const REF = 'component:default/fraud-screening';
const ENDPOINT = 'fraud-screening-prod';
const EU_SUFFIX = `@${EU}/${EU_REGION}`;

function fraudScreening(result: CollectionResult): ModelObservation {
  const found = result.observations.find(o => o.entityRef === REF);
  if (!found) throw new Error('no observation for fraud-screening');
  return found;
}

function modelTarget(): CollectionTarget {
  return demoTargets().find(t => t.entityRef === REF)!;
}

describe('DefaultFleetCollector on a model served in two regions (emulator, real SDK)', () => {
  let f: Fixture;
  let cold: CollectionResult;

  beforeAll(async () => {
    f = await startFixture({ scenario: 'demo' });
    cold = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 5, discoverMetrics: true },
    );
  });
  afterAll(() => f.close());

  it('shows both endpoints, each with its own account, region and console link', () => {
    const model = fraudScreening(cold);
    expect(
      model.endpoints?.map(e => [e.name, e.accountId, e.region, e.status]),
    ).toEqual([
      [ENDPOINT, PRIMARY, PRIMARY_REGION, 'InService'],
      [ENDPOINT, EU, EU_REGION, 'InService'],
    ]);
    expect(model.endpoints?.[0].consoleUrl).toContain(
      'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1',
    );
    expect(model.endpoints?.[1].consoleUrl).toContain(
      'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1',
    );
    for (const status of Object.values(model.sources)) {
      expect(status.outcome).toBe('ok');
    }
    // Exactly one observation for the model, though it was read in two regions.
    expect(cold.observations.filter(o => o.entityRef === REF)).toHaveLength(1);
  });

  it('keeps the schedules of both regions apart, though their names match', () => {
    const schedules = fraudScreening(cold).monitoringSchedules ?? [];
    expect(schedules.map(s => s.arn).sort()).toEqual([
      `arn:aws:sagemaker:${EU_REGION}:${EU}:monitoring-schedule/${ENDPOINT}-data-quality`,
      `arn:aws:sagemaker:${EU_REGION}:${EU}:monitoring-schedule/${ENDPOINT}-model-quality`,
      `arn:aws:sagemaker:${PRIMARY_REGION}:${PRIMARY}:monitoring-schedule/${ENDPOINT}-data-quality`,
      `arn:aws:sagemaker:${PRIMARY_REGION}:${PRIMARY}:monitoring-schedule/${ENDPOINT}-model-quality`,
    ]);
    const eu = schedules.find(s => s.arn?.includes(EU_REGION));
    expect(eu?.consoleUrl).toContain('region=eu-west-1');
  });

  it('keeps drift and quality per endpoint: the EU drift is its own series', () => {
    const model = fraudScreening(cold);
    const byKey = new Map(model.series.map(s => [s.key, s]));
    const usDrift = byKey.get(`drift:${ENDPOINT}:merchant_country`);
    const euDrift = byKey.get(`drift:${ENDPOINT}:merchant_country${EU_SUFFIX}`);
    expect(usDrift).toMatchObject({ endpointName: ENDPOINT });
    expect(usDrift?.region).toBeUndefined();
    expect(euDrift).toMatchObject({
      endpointName: ENDPOINT,
      accountId: EU,
      region: EU_REGION,
      monitoringType: 'DataQuality',
    });
    const last = (points: Array<{ v: number }> = []) =>
      points[points.length - 1]?.v;
    // Only the EU endpoint drifted (two days before the anchor).
    expect(last(euDrift?.points)).toBeGreaterThan(0.3);
    expect(last(usDrift?.points)).toBeLessThan(0.2);

    const usAccuracy = byKey.get(`quality:${ENDPOINT}:accuracy`);
    const euAccuracy = byKey.get(`quality:${ENDPOINT}:accuracy${EU_SUFFIX}`);
    expect(last(usAccuracy?.points)).toBeGreaterThan(0.93);
    expect(last(euAccuracy?.points)).toBeLessThan(0.92);
    expect(euAccuracy?.region).toBe(EU_REGION);
    // Every key once: nothing of one region overwrote the other's.
    expect(new Set(model.series.map(s => s.key)).size).toBe(
      model.series.length,
    );
  });

  it('keeps its collector state in each region', () => {
    const keys = f.collector.modelStateKeys(modelTarget());
    expect(Object.keys(keys).sort()).toEqual([
      `${PRIMARY}/${PRIMARY_REGION}`,
      `${EU}/${EU_REGION}`,
    ]);
    for (const [scope, list] of Object.entries(keys)) {
      for (const key of list) expect(cold.state[scope]?.[key]).toBeDefined();
    }
  });

  it('refreshes the model in both regions, with calls addressed to its own resources', async () => {
    const model = modelTarget();
    const keys = f.collector.modelStateKeys(model);
    const mine = Object.fromEntries(
      Object.entries(keys).map(([scope, list]) => [
        scope,
        Object.fromEntries(list.map(k => [k, cold.state[scope][k]])),
      ]),
    );
    f.emulator.advanceClock(3 * 3600);
    f.emulator.resetStats();
    const refresh = await f.collector.collectModel(model, mine, {
      now: f.emulator.now(),
      lookbackDays: 5,
      forceEntityRefs: [REF],
      knownAlarmNames: [],
    });
    const accounts = f.emulator.stats().accounts;
    for (const scope of [
      `${PRIMARY}/${PRIMARY_REGION}`,
      `${EU}/${EU_REGION}`,
    ]) {
      expect(accounts[scope]?.operations).toMatchObject({
        DescribeEndpoint: 1,
        ListMonitoringSchedules: 1,
      });
      // No region-wide walk.
      expect(accounts[scope]?.operations.ListEndpoints).toBeUndefined();
    }
    expect(refresh.observations).toHaveLength(1);
    const observed = refresh.observations[0];
    expect(observed.endpoints?.map(e => e.region)).toEqual([
      PRIMARY_REGION,
      EU_REGION,
    ]);
    expect(
      observed.series.some(s => s.key.endsWith(EU_SUFFIX) && s.points.length),
    ).toBe(true);
    expect(Object.keys(refresh.state).sort()).toEqual(Object.keys(keys).sort());
  });

  it('keeps showing what one region last read while that region fails, and says so', async () => {
    f.emulator.setFaults({ accounts: { [EU]: { denied: true } } });
    try {
      const next = await f.collector.collect(demoTargets(), cold.state, {
        now: f.emulator.now(),
        lookbackDays: 5,
      });
      const model = fraudScreening(next);
      expect(model.endpoints?.map(e => e.region)).toEqual([
        PRIMARY_REGION,
        EU_REGION,
      ]);
      expect(model.monitoringSchedules).toHaveLength(4);
      expect(model.sources.endpoints).toMatchObject({ outcome: 'denied' });
      expect(model.sources.endpoints?.message).toContain(EU);
      // The other models of the primary account are untouched.
      const churn = next.observations.find(
        o => o.entityRef === 'component:default/churn-prediction',
      )!;
      expect(churn.sources.endpoints?.outcome).toBe('ok');
    } finally {
      f.emulator.clearFaults();
    }
  });

  it('reports an ARN in an account the backend has no credentials for, and still shows the rest', async () => {
    const elsewhere = target('multi', [ENDPOINT], {
      endpoints: [
        { name: ENDPOINT, accountId: PRIMARY, region: PRIMARY_REGION },
        { name: ENDPOINT, accountId: '999999999999', region: 'ap-south-1' },
      ],
    });
    const result = await f.collector.collect(
      [elsewhere],
      {},
      { now: f.emulator.now(), lookbackDays: 1 },
    );
    const [observed] = result.observations;
    expect(observed.endpoints?.map(e => e.region)).toEqual([PRIMARY_REGION]);
    expect(observed.sources.endpoints).toMatchObject({
      outcome: 'denied',
      message: expect.stringContaining(
        'no AWS credentials are configured for account 999999999999',
      ),
    });
  });
});
