/**
 * The demo models whose drift comes from a drift job of their own (no Model
 * Monitor), collected through the real SDK from the emulator with the
 * annotations of examples/entities.yaml, and reported like a Model Monitor
 * model: per-feature scores, threshold, breach and since, trend, "no data",
 * and the cap.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import {
  ModelReport,
  parseModelAnnotations,
  parseRunbook,
  Runbook,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { exampleRunbookYaml } from '@mlobs/backstage-plugin-ml-observability-node/testUtils';
import { parseAllDocuments } from 'yaml';
import { testConfig } from '../__testUtils__/fixtures';
import type { ModelRecord, ModelSeries } from '../domain/types';
import { buildReport } from '../report/buildReport';
import { Fixture, startFixture } from './__testUtils__/emulatorFixture';
import type {
  CollectionResult,
  CollectionTarget,
  ModelObservation,
} from './types';

const MODELS = ['claims-triage', 'ad-click-ranker'];
const ref = (name: string) => `component:default/${name}`;

/** The two models as the catalog declares them. */
function targetsFromExamples(): CollectionTarget[] {
  const text = readFileSync(
    resolve(__dirname, '../../../../examples/entities.yaml'),
    'utf8',
  );
  const entities = parseAllDocuments(text).map(d => d.toJS() as Entity);
  return MODELS.map(name => {
    const entity = entities.find(e => e.metadata.name === name)!;
    const parsed = parseModelAnnotations(entity);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return {
      entityRef: ref(name),
      accountId: parsed.value.accountId!,
      region: parsed.value.region,
      endpointNames: parsed.value.endpointNames,
      metricSources: parsed.value.metricSources,
    };
  });
}

function observation(result: CollectionResult, name: string) {
  const found = result.observations.find(o => o.entityRef === ref(name));
  if (!found) throw new Error(`no observation for ${name}`);
  return found;
}

/** The report of one model from a round's observation, as the store would give it back. */
function reportOf(
  o: ModelObservation,
  now: Date,
  runbook?: Runbook,
): ModelReport {
  const series: ModelSeries[] = o.series.map(s => ({
    entityRef: o.entityRef,
    key: s.key,
    kind: s.kind,
    name: s.name,
    meta: {
      namespace: s.namespace,
      dimensions: s.dimensions,
      stat: s.stat,
      periodSeconds: s.periodSeconds,
    },
    ...(s.points.length > 0 ? { latest: s.points[s.points.length - 1] } : {}),
    points: s.points,
  }));
  const snapshot: ModelRecord = {
    entityRef: o.entityRef,
    accountId: '123456789012',
    region: 'us-east-1',
    sources: o.sources,
    ...(o.driftCoverage ? { driftCoverage: o.driftCoverage } : {}),
    ...(runbook ? { runbook: { runbook, readAt: now.toISOString() } } : {}),
    collectedAt: now.toISOString(),
    checkedAt: now.toISOString(),
  };
  return buildReport({ snapshot, series }, testConfig(), now);
}

describe('DefaultFleetCollector on the custom drift demo models (emulator, real SDK)', () => {
  let f: Fixture;
  let cold: CollectionResult;
  let now: Date;
  const targets = targetsFromExamples();

  beforeAll(async () => {
    f = await startFixture({ scenario: 'demo' });
    now = f.emulator.now();
    cold = await f.collector.collect(
      targets,
      {},
      { now, lookbackDays: 5, discoverMetrics: true },
    );
  });
  afterAll(() => f.close());

  it('reads both models without failures or undiscovered sources', () => {
    expect(cold.stats.failedSources).toBe(0);
    expect(cold.stats.undiscovered).toBe(0);
    for (const name of MODELS) {
      expect(observation(cold, name).sources['custom-metrics']).toMatchObject({
        outcome: 'ok',
      });
    }
  });

  it('shows per-feature drift from the dimension shape, with the runbook threshold, breach, since and trend', () => {
    const o = observation(cold, 'claims-triage');
    const runbook = (
      parseRunbook(exampleRunbookYaml('claims-triage')) as {
        ok: true;
        runbook: Runbook;
      }
    ).runbook;
    const report = reportOf(o, now, runbook);
    // Breached first, the feature without data last.
    const features = report.drift.map(d => d.feature);
    expect(features[0]).toBe('claim_amount');
    expect(features.slice(1, 4).sort()).toEqual([
      'incident_type',
      'policy_age_days',
      'prior_claims',
    ]);
    expect(features[4]).toBe('repair_shop_region');
    const claim = report.drift[0];
    expect(claim).toMatchObject({
      feature: 'claim_amount',
      threshold: 0.25,
      breached: true,
      source: 'custom',
      namespace: 'ML/Drift',
    });
    expect(claim.latest).toBeGreaterThan(0.3);
    // Drifting since two days before the anchor (ramped over six hours); five days of trend show both sides.
    expect(Date.parse(claim.since!)).toBeGreaterThan(
      now.getTime() - 2 * 86400e3,
    );
    expect(Date.parse(claim.since!)).toBeLessThan(now.getTime() - 36 * 3600e3);
    expect(claim.series[0].v).toBeLessThan(0.2);
    expect(claim.series.length).toBeGreaterThan(100);
    for (const d of report.drift.slice(1, 4)) {
      expect(d).toMatchObject({ breached: false, source: 'custom' });
      expect(d.latest).toBeLessThan(0.25);
    }
    // Listed by ListMetrics, but no datapoint within the lookback: "no data", not zero.
    expect(report.drift[4]).toEqual({
      feature: 'repair_shop_region',
      threshold: 0.25,
      breached: false,
      source: 'custom',
      namespace: 'ML/Drift',
      series: [],
    });
    expect(report.health.status).toBe('warning');
    expect(report.health.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'drift', subject: 'claim_amount' }),
      ]),
    );
    // The drift scores are drift, not custom metrics; the quality source still gives accuracy.
    expect(report.custom.map(c => c.metricName)).toEqual(['Accuracy']);
    expect(report.quality.map(q => q.metric)).toEqual(['accuracy']);
    expect(report.driftCoverage).toEqual([
      expect.objectContaining({
        namespace: 'ML/Drift',
        shape: 'dimension',
        featureDimension: 'Feature',
        metricName: 'drift_score',
        found: 5,
        shown: 5,
        cap: 100,
      }),
    ]);
  });

  it('shows per-feature drift from the name pattern, capped at maxFeatures, with the default threshold', () => {
    const report = reportOf(observation(cold, 'ad-click-ranker'), now);
    // The first three features by name; device_type and user_segment are beyond the cap.
    expect(report.drift.map(d => d.feature).sort()).toEqual([
      'ad_position',
      'bid_price',
      'campaign_age_days',
    ]);
    expect(report.drift[0]).toMatchObject({
      feature: 'ad_position',
      threshold: 0.3,
      breached: true,
      source: 'custom',
      namespace: 'ML/Drift',
    });
    expect(report.drift[0].since).toBeDefined();
    expect(report.driftCoverage).toEqual([
      {
        namespace: 'ML/Drift',
        dimensions: [{ name: 'ModelName', value: 'ad-click-ranker' }],
        shape: 'pattern',
        prefix: 'feature_drift_',
        found: 5,
        shown: 3,
        cap: 3,
        discoveredAt: now.toISOString(),
      },
    ]);
    // The dataset-level share is a plain custom metric of the source.
    expect(report.custom.map(c => c.metricName)).toEqual([
      'share_of_drifted_columns',
    ]);
    expect(report.custom[0].latest).toBeCloseTo(0.2, 5);
    expect(report.health.status).toBe('warning');
  });

  it('reads only the capped features: three GetMetricData metrics for the pattern model, plus the share', () => {
    const o = observation(cold, 'ad-click-ranker');
    expect(o.series.filter(s => s.kind === 'drift')).toHaveLength(3);
    expect(o.series.filter(s => s.kind === 'custom')).toHaveLength(1);
  });

  it('keeps the features in state: a round without discovery reads them again once their period passed', async () => {
    const later = new Date(now.getTime() + 3600e3);
    const next = await f.collector.collect(targets, cold.state, {
      now: later,
      lookbackDays: 5,
    });
    expect(next.stats.calls['CloudWatch.ListMetrics'] ?? 0).toBe(0);
    expect(next.stats.undiscovered).toBe(0);
    const report = reportOf(observation(next, 'ad-click-ranker'), later);
    expect(report.driftCoverage?.[0]).toMatchObject({ found: 5, shown: 3 });
    // An hour on, only the new datapoint of each capped feature is read.
    const drift = observation(next, 'ad-click-ranker').series.filter(
      s => s.kind === 'drift',
    );
    expect(drift).toHaveLength(3);
    for (const s of drift) expect(s.points.length).toBeLessThanOrEqual(1);
  });

  it('reports no coverage once the annotation drops drift=, so the stored one goes', async () => {
    const plain = targets.map(t => ({
      ...t,
      metricSources: t.metricSources.map(({ drift, ...rest }) => rest),
    }));
    const next = await f.collector.collect(plain, cold.state, {
      now: new Date(now.getTime() + 120e3),
      lookbackDays: 5,
    });
    for (const name of MODELS) {
      const o = observation(next, name);
      expect(o.driftCoverage).toEqual([]);
      expect(o.series.filter(s => s.kind === 'drift')).toEqual([]);
    }
  });

  it('refreshes one custom drift model on its own from its state entries', async () => {
    const target = targets[0];
    const keys = f.collector.modelStateKeys(target);
    const scope = Object.keys(keys)[0];
    const entries = Object.fromEntries(
      Object.entries(cold.state[scope] ?? {}).filter(([k]) =>
        keys[scope].includes(k),
      ),
    );
    const refreshed = await f.collector.collectModel(
      target,
      { [scope]: entries },
      {
        now: new Date(now.getTime() + 60e3),
        lookbackDays: 5,
        forceEntityRefs: [target.entityRef],
      },
    );
    const o = observation(refreshed, 'claims-triage');
    expect(o.driftCoverage?.[0]).toMatchObject({ found: 5, shown: 5 });
    expect(o.series.filter(s => s.kind === 'drift').length).toBeGreaterThan(0);
    expect(refreshed.stats.calls['CloudWatch.ListMetrics'] ?? 0).toBe(0);
  });
});
