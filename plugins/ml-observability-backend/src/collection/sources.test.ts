import type { MlObservabilitySignalSource } from '@mlobs/backstage-plugin-ml-observability-node';
import { FakeCollector } from '../__testUtils__/fixtures';
import type { CollectionTarget, ObservedSeries } from '../collectors/types';
import {
  awsSignalSource,
  CompositeFleetCollector,
  SignalSources,
} from './sources';

const A = 'component:default/a';
const B = 'component:default/b';
const target = (entityRef: string): CollectionTarget => ({
  entityRef,
  accountId: '123456789012',
  region: 'us-east-1',
  endpointNames: [],
  metricSources: [],
});
const options = { now: new Date('2025-03-10T10:00:00Z'), lookbackDays: 1 };
const series = (key: string): ObservedSeries => ({
  kind: 'custom',
  key,
  name: key,
  namespace: 'x',
  dimensions: [],
  stat: 'Average',
  periodSeconds: 60,
  points: [{ t: '2025-03-10T09:59:00.000Z', v: 1 }],
});

/** A source that reports model A only, or fails when told to. */
function extra(): MlObservabilitySignalSource & { fail?: boolean } {
  const source = {
    id: 'extra',
    fail: false as boolean | undefined,
    async collect({ targets }: { targets: CollectionTarget[] }) {
      if (source.fail) throw new Error('down');
      return {
        observations: targets
          .filter(t => t.entityRef === A)
          .map(t => ({
            entityRef: t.entityRef,
            series: [series('extra:latency')],
            alarms: [
              {
                name: 'extra-alarm',
                arn: 'extra:alarm/extra-alarm',
                state: 'OK' as const,
                type: 'metric' as const,
              },
            ],
          })),
        state: { seen: targets.length },
        stats: { calls: { 'Extra.query': 1 }, failedSources: 0 },
      };
    },
  };
  return source;
}

describe('CompositeFleetCollector', () => {
  const aws = new FakeCollector(t => ({
    series: [series(`aws:${t.entityRef}`)],
    alarms: [],
    sources: { alarms: { outcome: 'ok' } },
  }));

  it('merges the sources per model and keeps each state under its id', async () => {
    const other = extra();
    const composite = new CompositeFleetCollector(() => [
      awsSignalSource(aws),
      other,
    ]);
    const result = await composite.collect([target(A), target(B)], {}, options);
    const a = result.observations.find(o => o.entityRef === A)!;
    expect(a.series.map(s => s.key)).toEqual([`aws:${A}`, 'extra:latency']);
    expect(a.alarms?.map(x => x.name)).toEqual(['extra-alarm']);
    expect(a.sources).toEqual({
      alarms: { outcome: 'ok' },
      'ext:extra': { outcome: 'ok' },
    });
    const b = result.observations.find(o => o.entityRef === B)!;
    expect(b.sources).toEqual({ alarms: { outcome: 'ok' } });
    expect(result.state).toEqual({
      sources: {
        aws: { state: { rounds: 1 }, models: [] },
        extra: { state: { seen: 2 }, models: [A] },
      },
    });
    expect(result.stats.calls).toEqual({
      'SageMaker.ListEndpoints': 1,
      'Extra.query': 1,
    });
    expect(result.stats.models).toBe(2);
  });

  it('reads a state from before sources as the aws source state', async () => {
    aws.calls = [];
    const composite = new CompositeFleetCollector(() => [awsSignalSource(aws)]);
    const result = await composite.collect([target(A)], { rounds: 4 }, options);
    expect(aws.calls[0].state).toEqual({ rounds: 4 });
    expect(result.state).toEqual({
      sources: { aws: { state: { rounds: 5 }, models: [] } },
    });
  });

  it('marks a failing source on the models it reported and keeps its state', async () => {
    const other = extra();
    const composite = new CompositeFleetCollector(() => [
      awsSignalSource(aws),
      other,
    ]);
    const first = await composite.collect([target(A), target(B)], {}, options);
    other.fail = true;
    const second = await composite.collect(
      [target(A), target(B)],
      first.state,
      options,
    );
    const a = second.observations.find(o => o.entityRef === A)!;
    expect(a.sources['ext:extra']).toMatchObject({ outcome: 'error' });
    expect(a.sources['ext:extra']?.message).not.toContain('down');
    expect(a.series.map(s => s.key)).toEqual([`aws:${A}`]);
    const b = second.observations.find(o => o.entityRef === B)!;
    expect(b.sources['ext:extra']).toBeUndefined();
    expect(
      (second.state as { sources: Record<string, unknown> }).sources.extra,
    ).toEqual({ state: { seen: 2 }, models: [A] });
  });

  it('keeps the models a refresh did not collect on a source list', async () => {
    const other = extra();
    const composite = new CompositeFleetCollector(() => [other]);
    const first = await composite.collect([target(A), target(B)], {}, options);
    const refresh = await composite.collect([target(B)], first.state, options);
    expect(
      (refresh.state as { sources: Record<string, { models: string[] }> })
        .sources.extra.models,
    ).toEqual([A]);
  });

  it('fails the round when the aws source fails, as the collector alone did', async () => {
    const failing = new FakeCollector();
    failing.failWith = new Error('no credentials');
    const composite = new CompositeFleetCollector(() => [
      awsSignalSource(failing),
      extra(),
    ]);
    await expect(composite.collect([target(A)], {}, options)).rejects.toThrow(
      'no credentials',
    );
  });
});

describe('SignalSources', () => {
  it('refuses an invalid or repeated id', () => {
    const sources = new SignalSources();
    sources.add(extra());
    expect(() => sources.add(extra())).toThrow('registered twice');
    expect(() => sources.add({ ...extra(), id: 'Bad Id' })).toThrow(
      'is not valid',
    );
    expect(sources.list().map(s => s.id)).toEqual(['extra']);
  });
});
