import {
  CloudWatchClient,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CustomMetricSource,
  parseMetricsAnnotation,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mockClient } from 'aws-sdk-client-mock';
import {
  discoverCustomDrift,
  discoverDriftSource,
  driftCoverageOf,
  DriftSource,
  mergeDriftFeatures,
  planCustomDriftSeries,
  undiscoveredDriftSources,
} from './customDrift';
import { customSourceKey } from './discovery';
import { customNamesOf } from './metricPlan';
import {
  assembleRegionState,
  emptyRegionState,
  splitRegionState,
} from './state';
import type { CollectionTarget } from './types';
import { testRegionContext } from './__testUtils__/regionContext';

const NOW = new Date('2025-03-12T10:20:00Z');
const DAY = 24 * 3600 * 1000;

function sourceOf(annotation: string): DriftSource {
  const parsed = parseMetricsAnnotation(annotation);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.sources[0] as DriftSource;
}

const dimensionSource = sourceOf(
  'namespace=ML/Drift,ModelName=m1,drift=dimension:Feature',
);
const patternSource = sourceOf(
  'namespace=ML/Drift,ModelName=m2,drift=pattern:feature_drift_,maxFeatures=2',
);

function target(
  entityRef: string,
  ...metricSources: CustomMetricSource[]
): CollectionTarget {
  return {
    entityRef,
    accountId: '123456789012',
    region: 'us-east-1',
    endpointNames: [],
    metricSources,
    onCall: [],
  } as unknown as CollectionTarget;
}

const m = (name: string, ...dims: Array<[string, string]>) => ({
  MetricName: name,
  Dimensions: dims.map(([Name, Value]) => ({ Name, Value })),
});

describe('custom drift discovery', () => {
  const cloudwatch = mockClient(CloudWatchClient);
  const ctx = testRegionContext();
  beforeEach(() => cloudwatch.reset());

  it('finds the dimension shape: the drift metric with the source dimensions plus the feature dimension', async () => {
    const age = m('drift_score', ['ModelName', 'm1'], ['Feature', 'age']);
    cloudwatch.on(ListMetricsCommand).resolves({
      Metrics: [
        age,
        age, // listed twice
        m('drift_score', ['Feature', 'income'], ['ModelName', 'm1']),
        m('drift_score', ['ModelName', 'm1'], ['Feature', 'x'], ['Extra', 'y']),
        m('psi', ['ModelName', 'm1'], ['Feature', 'age']),
        m('share_of_drifted_columns', ['ModelName', 'm1']),
        m('drift_score', ['ModelName', 'm1']),
      ],
    });
    const found = await discoverDriftSource(ctx, dimensionSource);
    expect(found.features.sort()).toEqual(['age', 'income']);
    // Dataset-level metrics of the source stay plain custom metrics.
    expect(found.names).toEqual(['drift_score', 'share_of_drifted_columns']);
    expect(
      cloudwatch.commandCalls(ListMetricsCommand)[0].args[0].input,
    ).toEqual({
      Namespace: 'ML/Drift',
      Dimensions: [{ Name: 'ModelName', Value: 'm1' }],
    });
  });

  it('finds the pattern shape: names starting with the prefix and exactly the source dimensions', async () => {
    cloudwatch.on(ListMetricsCommand).resolves({
      Metrics: [
        m('feature_drift_age', ['ModelName', 'm2']),
        m('feature_drift_income', ['ModelName', 'm2']),
        m('feature_drift_zip', ['ModelName', 'm2'], ['Variant', 'b']),
        m('feature_drift_', ['ModelName', 'm2']),
        m('accuracy', ['ModelName', 'm2']),
      ],
    });
    const found = await discoverDriftSource(ctx, patternSource);
    expect(found.features.sort()).toEqual(['age', 'income']);
    expect(found.names).toEqual(['accuracy', 'feature_drift_']);
  });

  it("accepts Model Monitor's own names republished to a namespace of the team's", async () => {
    const source = sourceOf(
      'namespace=Team/ModelMonitor,ModelName=m3,drift=pattern:feature_baseline_drift_',
    );
    cloudwatch.on(ListMetricsCommand).resolves({
      Metrics: [
        m('feature_baseline_drift_age', ['ModelName', 'm3']),
        m('feature_non_null_age', ['ModelName', 'm3']),
      ],
    });
    const found = await discoverDriftSource(ctx, source);
    expect(found).toEqual({
      features: ['age'],
      names: ['feature_non_null_age'],
    });
    const state = emptyRegionState();
    await discoverCustomDrift(
      ctx,
      state,
      [target('component:default/m3', source)],
      100,
      NOW,
    );
    const planned = planCustomDriftSeries(
      state,
      [target('component:default/m3', source)],
      new Set(),
      NOW,
      DAY,
      100,
    );
    expect(
      planned.map(p => [p.query.namespace, p.query.name, p.series.name]),
    ).toEqual([['Team/ModelMonitor', 'feature_baseline_drift_age', 'age']]);
  });

  it('caps a feature dimension with thousands of values, keeping the first by name and the count found', async () => {
    const features = Array.from(
      { length: 2300 },
      (_, i) => `f${String(i).padStart(4, '0')}`,
    ).reverse();
    cloudwatch.on(ListMetricsCommand).resolves({
      Metrics: features.map(f =>
        m('drift_score', ['ModelName', 'm1'], ['Feature', f]),
      ),
    });
    const state = emptyRegionState();
    const targets = [target('component:default/m1', dimensionSource)];
    expect(undiscoveredDriftSources(state, targets).size).toBe(1);
    const failures = await discoverCustomDrift(ctx, state, targets, 100, NOW);
    expect(failures.size).toBe(0);
    expect(undiscoveredDriftSources(state, targets).size).toBe(0);
    expect(driftCoverageOf(state, targets[0], 100)).toEqual([
      {
        namespace: 'ML/Drift',
        dimensions: [{ name: 'ModelName', value: 'm1' }],
        shape: 'dimension',
        featureDimension: 'Feature',
        metricName: 'drift_score',
        found: 2300,
        shown: 100,
        cap: 100,
        discoveredAt: NOW.toISOString(),
      },
    ]);
    const planned = planCustomDriftSeries(
      state,
      targets,
      new Set(),
      NOW,
      7 * DAY,
      100,
    );
    expect(planned).toHaveLength(100);
    expect(planned[0].series).toMatchObject({
      kind: 'drift',
      name: 'f0000',
      namespace: 'ML/Drift',
      dimensions: [
        { name: 'ModelName', value: 'm1' },
        { name: 'Feature', value: 'f0000' },
      ],
    });
    expect(planned[0].query).toMatchObject({
      name: 'drift_score',
      dimensions: [
        { name: 'ModelName', value: 'm1' },
        { name: 'Feature', value: 'f0000' },
      ],
      periodSeconds: 300,
    });
    expect(planned[99].series.name).toBe('f0099');
    expect(planned.every(p => p.reportEmpty)).toBe(true);
    // The plain names of the source are its non-drift metrics only (none here).
    expect(customNamesOf(state, dimensionSource)).toEqual([]);
  });

  it('keeps a failed discovery as the source failure, and the other sources go on', async () => {
    cloudwatch
      .on(ListMetricsCommand, {
        Dimensions: [{ Name: 'ModelName', Value: 'm1' }],
      })
      .rejects(
        Object.assign(new Error('no'), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 403 },
        }),
      );
    cloudwatch
      .on(ListMetricsCommand, {
        Dimensions: [{ Name: 'ModelName', Value: 'm2' }],
      })
      .resolves({ Metrics: [m('feature_drift_age', ['ModelName', 'm2'])] });
    const state = emptyRegionState();
    const failures = await discoverCustomDrift(
      ctx,
      state,
      [
        target('component:default/m1', dimensionSource),
        target('component:default/m2', patternSource),
      ],
      100,
      NOW,
    );
    expect([...failures.keys()]).toEqual([customSourceKey(dimensionSource)]);
    expect(failures.get(customSourceKey(dimensionSource))?.outcome).toBe(
      'denied',
    );
    expect(
      state.customDrift[customSourceKey(patternSource)]?.[
        'pattern:feature_drift_'
      ]?.features,
    ).toEqual(['age']);
    expect(customNamesOf(state, patternSource)).toEqual([]);
  });
});

describe('custom drift state and plan', () => {
  it('merges discoveries: a feature once found stays, the count never goes down', () => {
    const first = mergeDriftFeatures(undefined, ['b', 'a', 'c'], 2, NOW);
    expect(first).toEqual({
      discoveredAt: NOW.toISOString(),
      found: 3,
      cap: 2,
      features: ['a', 'b'],
    });
    const later = new Date(NOW.getTime() + DAY);
    expect(mergeDriftFeatures(first, ['0'], 2, later)).toEqual({
      discoveredAt: later.toISOString(),
      found: 3,
      cap: 2,
      features: ['0', 'a'],
    });
    expect(mergeDriftFeatures(first, [], 5, later).features).toEqual([
      'a',
      'b',
    ]);
  });

  it('persists discovered features in the source entry and reads them back', () => {
    const state = emptyRegionState();
    const key = customSourceKey(patternSource);
    state.customDrift[key] = {
      'pattern:feature_drift_': mergeDriftFeatures(
        undefined,
        ['age', 'income', 'zip'],
        2,
        NOW,
      ),
    };
    const planned = planCustomDriftSeries(
      state,
      [target('component:default/m2', patternSource)],
      new Set(),
      NOW,
      DAY,
      100,
    );
    for (const p of planned)
      state.series[p.query.seriesId] = { fetchedAt: NOW.toISOString() };
    const entries = splitRegionState(state);
    expect(Object.keys(entries)).toEqual([`custom:${key}`]);
    const back = assembleRegionState(entries);
    expect(back.customDrift).toEqual(state.customDrift);
    expect(back.series).toEqual(state.series);
  });

  it('reads the pattern shape as one metric per feature, shared by two models, once its period passed', () => {
    const state = emptyRegionState();
    state.customDrift[customSourceKey(patternSource)] = {
      'pattern:feature_drift_': mergeDriftFeatures(
        undefined,
        ['age', 'income', 'zip'],
        2,
        NOW,
      ),
    };
    const targets = [
      target('component:default/a', patternSource),
      target('component:default/b', patternSource),
    ];
    const planned = planCustomDriftSeries(
      state,
      targets,
      new Set(),
      NOW,
      DAY,
      100,
    );
    // maxFeatures=2 in the annotation wins over the default.
    expect(planned.map(p => p.query.name)).toEqual([
      'feature_drift_age',
      'feature_drift_income',
    ]);
    expect(planned[0].owners).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(planned[0].query.dimensions).toEqual([
      { name: 'ModelName', value: 'm2' },
    ]);
    for (const p of planned)
      state.series[p.query.seriesId] = { fetchedAt: NOW.toISOString() };
    const soon = new Date(NOW.getTime() + 60_000);
    expect(
      planCustomDriftSeries(state, targets, new Set(), soon, DAY, 100),
    ).toEqual([]);
    expect(
      planCustomDriftSeries(
        state,
        targets,
        new Set(['component:default/a']),
        soon,
        DAY,
        100,
      ),
    ).toHaveLength(2);
    const later = new Date(NOW.getTime() + 300_000);
    expect(
      planCustomDriftSeries(state, targets, new Set(), later, DAY, 100),
    ).toHaveLength(2);
  });

  it('says a source not yet discovered has found nothing yet', () => {
    expect(
      driftCoverageOf(
        emptyRegionState(),
        target('component:default/m2', patternSource),
        100,
      ),
    ).toEqual([
      {
        namespace: 'ML/Drift',
        dimensions: [{ name: 'ModelName', value: 'm2' }],
        shape: 'pattern',
        prefix: 'feature_drift_',
        shown: 0,
        cap: 2,
      },
    ]);
  });
});
