/**
 * The demo fleet of the example catalog, collected through the real SDK from
 * the emulator: each model's story must come out of the observations.
 */
import {
  EU,
  EU_REGION,
  Fixture,
  PRIMARY,
  demoTargets,
  startFixture,
} from './__testUtils__/emulatorFixture';
import type { CollectionResult, ModelObservation } from './types';

const ref = (name: string) => `component:default/${name}`;

function model(result: CollectionResult, name: string): ModelObservation {
  const found = result.observations.find(o => o.entityRef === ref(name));
  if (!found) throw new Error(`no observation for ${name}`);
  return found;
}

function series(o: ModelObservation, key: string) {
  const found = o.series.find(s => s.key === key);
  if (!found)
    throw new Error(
      `no series ${key} in ${o.entityRef}: ${o.series
        .map(s => s.key)
        .join(', ')}`,
    );
  return found;
}

describe('DefaultFleetCollector on the demo fleet (emulator, real SDK)', () => {
  let f: Fixture;
  let cold: CollectionResult;

  beforeAll(async () => {
    f = await startFixture({ scenario: 'demo' });
    cold = await f.collector.collect(
      demoTargets(),
      {},
      {
        now: f.emulator.now(),
        lookbackDays: 5,
        discoverMetrics: true,
      },
    );
  });
  afterAll(() => f.close());

  it('reads every source of every model without failures', () => {
    expect(cold.stats.failedSources).toBe(0);
    expect(cold.stats.undiscovered).toBe(0);
    expect(cold.observations.map(o => o.entityRef).sort()).toEqual(
      demoTargets()
        .map(t => t.entityRef)
        .sort(),
    );
    for (const o of cold.observations) {
      for (const status of Object.values(o.sources)) {
        expect(status).toMatchObject({
          outcome: 'ok',
          lastSuccessAt: f.emulator.now().toISOString(),
        });
      }
    }
  });

  it("shows the churn model's accuracy drop and its alarms in ALARM", () => {
    const churn = model(cold, 'churn-prediction');
    const accuracy = series(churn, 'quality:churn-prediction-prod:accuracy');
    expect(accuracy).toMatchObject({
      kind: 'quality',
      name: 'accuracy',
      namespace: 'aws/sagemaker/Endpoints/model-metrics',
      scheduleName: 'churn-prediction-prod-model-quality',
      monitoringType: 'ModelQuality',
    });
    // The drop happened three days before the anchor; five days of history show both sides.
    expect(accuracy.points[0].v).toBeGreaterThan(0.9);
    expect(accuracy.points[accuracy.points.length - 1].v).toBeLessThan(0.7);
    const times = accuracy.points.map(p => Date.parse(p.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const alarms = Object.fromEntries(
      (churn.alarms ?? []).map(a => [a.name, a]),
    );
    expect(alarms['churn-prediction-accuracy-low']).toMatchObject({
      state: 'ALARM',
      type: 'metric',
      threshold: 0.85,
      comparison: 'LessThanThreshold',
      metric: {
        namespace: 'aws/sagemaker/Endpoints/model-metrics',
        name: 'accuracy',
      },
    });
    expect(alarms['churn-prediction-accuracy-low'].consoleUrl).toContain(
      'alarmsV2:alarm/churn-prediction-accuracy-low',
    );
    // The composite alarm belongs to the model because its rule names the model's alarms.
    expect(alarms['churn-prediction-critical']).toMatchObject({
      type: 'composite',
      state: 'ALARM',
    });
    // No other model's alarm leaks in.
    expect(
      Object.keys(alarms).every(name => name.startsWith('churn-prediction')),
    ).toBe(true);
  });

  it("shows the recommendation engine's season drift and its custom metric", () => {
    const rec = model(cold, 'recommendation-engine');
    const season = series(rec, 'drift:recommendation-engine-prod:season');
    expect(season).toMatchObject({
      kind: 'drift',
      name: 'season',
      endpointName: 'recommendation-engine-prod',
    });
    expect(season.points[season.points.length - 1].v).toBeGreaterThan(0.4);
    const ctr = rec.series.find(
      s => s.kind === 'custom' && s.name === 'ClickThroughRate',
    );
    expect(ctr?.points.length).toBeGreaterThan(100);
    expect(
      (rec.alarms ?? []).find(
        a => a.name === 'recommendation-engine-season-drift',
      )?.state,
    ).toBe('ALARM');
  });

  it("keeps the failed execution's FailureReason", () => {
    const demand = model(cold, 'demand-forecast');
    const quality = demand.monitoringSchedules?.find(
      s => s.type === 'ModelQuality',
    );
    expect(quality?.lastExecution?.status).toBe('Failed');
    expect(quality?.lastExecution?.failureReason).toContain(
      'Ground truth labels not found',
    );
    expect(quality?.cron).toBe('cron(0 6 ? * * *)');
    expect(quality?.recentExecutions.length).toBeGreaterThan(1);
    expect((demand.alarms ?? []).map(a => a.name)).toContain(
      'demand-forecast-monitoring-failed',
    );
  });

  it('tells the schedule that publishes no metrics apart', () => {
    const categorizer = model(cold, 'product-categorizer');
    expect(categorizer.publishingSchedules).toEqual([
      'product-categorizer-prod-model-quality',
    ]);
    const dataQuality = categorizer.monitoringSchedules?.find(
      s => s.type === 'DataQuality',
    );
    expect(dataQuality?.publishesMetrics).toBe(false);
    expect(dataQuality?.lastExecution?.status).toMatch(/^Completed/);
    expect(categorizer.series.filter(s => s.kind === 'drift')).toEqual([]);
  });

  it('shows stopped data capture on search-ranking-shadow', () => {
    const search = model(cold, 'search-ranking');
    const shadow = search.endpoints?.find(
      e => e.name === 'search-ranking-shadow',
    );
    expect(shadow?.dataCapture).toMatchObject({
      enabled: true,
      status: 'Stopped',
      samplingPercentage: 100,
    });
    const prod = search.endpoints?.find(e => e.name === 'search-ranking-prod');
    expect(prod?.variants.map(v => [v.name, v.trafficPercent])).toEqual([
      ['champion', 90],
      ['challenger', 10],
    ]);
    expect(prod?.shadowVariants.map(v => v.name)).toEqual(['shadow-v23']);
  });

  it('reads the second account in its own region', () => {
    const credit = model(cold, 'credit-risk-scoring');
    expect(credit.endpoints).toEqual([
      expect.objectContaining({
        name: 'credit-risk-scoring',
        accountId: EU,
        region: EU_REGION,
      }),
    ]);
    expect(credit.alarms?.map(a => a.name).sort()).toEqual([
      'credit-risk-scoring-accuracy-low',
      'credit-risk-scoring-feature-drift',
    ]);
    expect(credit.alarms?.[0].arn).toContain(`:${EU}:`);
    const stats = f.emulator.stats();
    expect(stats.accounts[`${EU}/${EU_REGION}`].operations.ListEndpoints).toBe(
      1,
    );
    expect(
      stats.accounts[`${PRIMARY}/us-east-1`].operations.ListEndpoints,
    ).toBe(1);
  });

  it('reads the custom-metrics-only model from its annotation alone', () => {
    const fraud = model(cold, 'fraud-detection-v2');
    expect(Object.keys(fraud.sources).sort()).toEqual([
      'alarms',
      'custom-metrics',
    ]);
    expect(fraud.endpoints).toBeUndefined();
    expect(fraud.monitoringSchedules).toBeUndefined();
    expect(fraud.series.map(s => s.name).sort()).toEqual([
      'Accuracy',
      'F1Score',
      'FraudRate',
      'Precision',
      'Recall',
      'TransactionVolume',
    ]);
    const accuracy = fraud.series.find(s => s.name === 'Accuracy')!;
    expect(accuracy).toMatchObject({
      kind: 'custom',
      namespace: 'ML/ModelPerformance',
      periodSeconds: 300,
    });
    // Only closed five-minute buckets are read: none may end after `now`.
    const last = Date.parse(accuracy.points[accuracy.points.length - 1].t);
    expect(last + 300_000).toBeLessThanOrEqual(f.emulator.now().getTime());
    expect(fraud.alarms?.map(a => a.name).sort()).toEqual([
      'fraud-detection-v2-accuracy-low',
      'fraud-detection-v2-fraud-rate-high',
    ]);
  });

  it('reads the bias of each facet and the attribution of each feature of loan-approval', () => {
    const loan = model(cold, 'loan-approval');
    const female = series(
      loan,
      'bias:loan-approval-prod:DPPL|BiasStage=Post-training,Facet=gender,FacetValue=female,Label=approved,LabelValue=1',
    );
    expect(female).toMatchObject({
      kind: 'bias',
      namespace: 'aws/sagemaker/Endpoints/bias-metrics',
      scheduleName: 'loan-approval-prod-model-bias',
      monitoringType: 'ModelBias',
    });
    expect(female.points.length).toBeGreaterThan(24);
    expect(loan.series.filter(s => s.kind === 'bias')).toHaveLength(4);
    const attribution = loan.series.filter(s => s.kind === 'attribution');
    expect(attribution.map(s => s.name).sort()).toEqual([
      'credit_history_months',
      'employment_years',
      'existing_loans',
      'income',
      'loan_amount',
      'zip_code',
    ]);
    expect(attribution[0].dimensions).toContainEqual({
      name: 'ValueType',
      value: 'GlobalShapValues',
    });
  });

  it('reads a model a person refreshes, and only that model, in the next round', async () => {
    f.emulator.resetStats();
    const now = f.emulator.now();
    const refreshed = await f.collector.collect(demoTargets(), cold.state, {
      now,
      lookbackDays: 5,
      forceEntityRefs: [ref('churn-prediction')],
    });
    const stats = f.emulator.stats().operations;
    expect(stats.DescribeEndpoint?.calls).toBe(1);
    expect(stats.DescribeMonitoringSchedule?.calls).toBe(2);
    expect(stats.ListMetrics).toBeUndefined();
    // Nothing new since the last point: read, but no new points; nobody else was read at all.
    expect(f.emulator.stats().getMetricData.metricsRequested).toBe(10);
    expect(refreshed.observations.every(o => o.series.length === 0)).toBe(true);
    expect(model(refreshed, 'churn-prediction').endpoints?.[0].name).toBe(
      'churn-prediction-prod',
    );
  });

  it('reads new points once time has passed, from where it stopped', async () => {
    const second = await f.collector.collect(demoTargets(), cold.state, {
      now: f.emulator.now(),
      lookbackDays: 5,
    });
    // 65 minutes: the 11:00 runs have finished (they take up to ~22 minutes).
    f.emulator.advanceClock(65 * 60);
    const later = await f.collector.collect(demoTargets(), second.state, {
      now: f.emulator.now(),
      lookbackDays: 5,
    });
    const rec = model(later, 'recommendation-engine');
    const season = series(rec, 'drift:recommendation-engine-prod:season');
    // The hourly schedule ran once more: exactly one new point, after the last one read before.
    expect(season.points).toHaveLength(1);
    const before = series(
      model(cold, 'recommendation-engine'),
      'drift:recommendation-engine-prod:season',
    );
    expect(Date.parse(season.points[0].t)).toBe(
      Date.parse(before.points[before.points.length - 1].t) + 3600_000,
    );
    // Daily schedules did not run: nothing read for them.
    expect(model(later, 'demand-forecast').series).toEqual([]);
    // Custom metrics: the thirteen five-minute buckets closed since.
    expect(
      model(later, 'fraud-detection-v2').series.find(s => s.name === 'Accuracy')
        ?.points,
    ).toHaveLength(13);
  });
});
