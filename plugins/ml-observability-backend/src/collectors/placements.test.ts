import type { ModelReading } from './observations';
import {
  mergeParts,
  partsOf,
  pruneParts,
  spellAsListed,
  withLastGood,
} from './placements';
import { assembleRegionState } from './state';
import type { CollectionTarget, ObservedSeries } from './types';

const US = { accountId: '123456789012', region: 'us-east-1' };
const EU = { accountId: '210987654321', region: 'eu-west-1' };
const perf = {
  namespace: 'ML/ModelPerformance',
  dimensions: [{ name: 'ModelName', value: 'fraud' }],
  periodSeconds: 300,
};

function target(extra: Partial<CollectionTarget> = {}): CollectionTarget {
  return {
    entityRef: 'component:default/fraud',
    ...US,
    endpointNames: ['fraud-scoring'],
    metricSources: [perf],
    ...extra,
  };
}

function drift(endpoint: string): ObservedSeries {
  return {
    kind: 'drift',
    key: `drift:${endpoint}:amount`,
    name: 'amount',
    namespace: 'aws/sagemaker/Endpoints/data-metrics',
    dimensions: [],
    stat: 'Maximum',
    periodSeconds: 3600,
    endpointName: endpoint,
    points: [{ t: '2025-03-12T10:00:00.000Z', v: 0.2 }],
  };
}

describe('partsOf', () => {
  it('keeps a model served in one place as one part, the target itself', () => {
    const t = target({
      endpoints: [{ name: 'fraud-scoring', ...US }],
    });
    expect(partsOf(t)).toEqual([
      {
        scope: `${US.accountId}/${US.region}`,
        home: true,
        shared: false,
        target: t,
      },
    ]);
  });

  it('splits a model per account/region, custom sources at home only', () => {
    const parts = partsOf(
      target({
        endpointNames: ['fraud-scoring', 'fraud-shadow'],
        endpoints: [
          { name: 'fraud-scoring', ...US },
          { name: 'fraud-scoring', ...EU },
          { name: 'fraud-shadow', ...US },
        ],
      }),
    );
    expect(parts.map(p => [p.scope, p.home, p.target.endpointNames])).toEqual([
      [`${US.accountId}/${US.region}`, true, ['fraud-scoring', 'fraud-shadow']],
      [`${EU.accountId}/${EU.region}`, false, ['fraud-scoring']],
    ]);
    expect(parts[0].target.metricSources).toEqual([perf]);
    expect(parts[1].target).toMatchObject({ ...EU, metricSources: [] });
    expect(parts.every(p => p.target.endpoints === undefined)).toBe(true);
  });

  it('leaves out a home with nothing to read', () => {
    const parts = partsOf(
      target({
        metricSources: [],
        endpoints: [{ name: 'fraud-scoring', ...EU }],
      }),
    );
    expect(parts.map(p => p.scope)).toEqual([`${EU.accountId}/${EU.region}`]);
  });
});

describe('spellAsListed', () => {
  it('matches an ARN’s lower-case name to the listed spelling', () => {
    const [t] = spellAsListed(
      [target({ endpointNames: ['fraud-scoring', 'fraud-shadow'] })],
      ['Fraud-Scoring', 'other'],
    );
    expect(t.endpointNames).toEqual(['Fraud-Scoring', 'fraud-shadow']);
  });

  it('prefers an exact match and returns the same targets when nothing changes', () => {
    const targets = [target()];
    expect(spellAsListed(targets, ['fraud-scoring', 'FRAUD-SCORING'])).toBe(
      targets,
    );
  });
});

describe('mergeParts', () => {
  const [home, eu] = partsOf(
    target({
      endpoints: [
        { name: 'fraud-scoring', ...US },
        { name: 'fraud-scoring', ...EU },
      ],
    }),
  );
  const reading = (
    region: string,
    extra: Partial<ModelReading['observation']> = {},
    results: ModelReading['results'] = { endpoints: null, alarms: null },
  ): ModelReading => ({
    observation: {
      entityRef: 'component:default/fraud',
      series: [drift('fraud-scoring')],
      endpoints: [
        {
          name: 'fraud-scoring',
          region,
          status: 'InService',
          variants: [],
          shadowVariants: [],
          dataCapture: { enabled: false },
        },
      ],
      alarms: [],
      ...extra,
    },
    results,
  });

  it('keeps both endpoints and tells their series apart by where they are', () => {
    const merged = mergeParts('component:default/fraud', [
      { part: home, reading: reading('us-east-1') },
      { part: eu, reading: reading('eu-west-1') },
    ]);
    expect(merged.observation.endpoints?.map(e => e.region)).toEqual([
      'us-east-1',
      'eu-west-1',
    ]);
    expect(merged.observation.series.map(s => [s.key, s.region])).toEqual([
      ['drift:fraud-scoring:amount', undefined],
      [`drift:fraud-scoring:amount@${EU.accountId}/${EU.region}`, 'eu-west-1'],
    ]);
    expect(merged.observation.series[1].accountId).toBe(EU.accountId);
    expect(merged.results).toEqual({ endpoints: null, alarms: null });
  });

  it('shows what the other regions read when one region fails, and says which failed', () => {
    const failure = {
      outcome: 'denied' as const,
      message: `no AWS credentials are configured for account ${EU.accountId}`,
    };
    const failed: ModelReading = {
      observation: { entityRef: 'component:default/fraud', series: [] },
      results: { endpoints: failure, alarms: failure },
    };
    const merged = mergeParts('component:default/fraud', [
      { part: home, reading: reading('us-east-1') },
      { part: eu, reading: failed },
    ]);
    expect(merged.observation.endpoints?.map(e => e.region)).toEqual([
      'us-east-1',
    ]);
    expect(merged.observation.alarms).toEqual([]);
    expect(merged.observation.series).toHaveLength(1);
    expect(merged.results).toEqual({ endpoints: failure, alarms: failure });
  });

  it('leaves a field out when no part read it, so the store keeps the last good one', () => {
    const failed: ModelReading = {
      observation: { entityRef: 'component:default/fraud', series: [] },
      results: { alarms: { outcome: 'throttled', message: 'slow down' } },
    };
    const merged = mergeParts('component:default/fraud', [
      { part: home, reading: failed },
      { part: eu, reading: failed },
    ]);
    expect(merged.observation.alarms).toBeUndefined();
    expect(merged.observation.endpoints).toBeUndefined();
  });

  it('shows what a failed region last read, and remembers each round’s reading', () => {
    const state = assembleRegionState({});
    const good = reading('eu-west-1', {
      alarms: [
        {
          name: 'fraud-screening-eu-drift',
          arn: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:fraud-screening-eu-drift',
          type: 'metric',
          state: 'ALARM',
        },
      ],
      monitoringSchedules: [],
    });
    withLastGood(eu, good, state);
    const failed: ModelReading = {
      observation: { entityRef: 'component:default/fraud', series: [] },
      results: { alarms: { outcome: 'throttled', message: 'slow down' } },
    };
    const shown = withLastGood(eu, failed, state).observation;
    expect(shown.alarms).toEqual(good.observation.alarms);
    expect(shown.endpoints).toEqual(good.observation.endpoints);
    expect(shown.monitoringSchedules).toEqual([]);
    // Forgotten once the model is no longer served in the region.
    pruneParts(state, []);
    expect(state.parts).toEqual({});
  });

  it('shows a failed region’s endpoints as last described there', () => {
    const state = assembleRegionState({});
    const info = reading('eu-west-1').observation.endpoints![0];
    state.endpoints['fraud-scoring'] = { modified: '', info };
    const failed: ModelReading = {
      observation: { entityRef: 'component:default/fraud', series: [] },
      results: { endpoints: { outcome: 'throttled', message: 'slow down' } },
    };
    expect(withLastGood(eu, failed, state).observation.endpoints).toEqual([
      info,
    ]);
    // A model in one place keeps the store's last good value instead.
    const [single] = partsOf(target());
    expect(
      withLastGood(single, failed, state).observation.endpoints,
    ).toBeUndefined();
  });
});
