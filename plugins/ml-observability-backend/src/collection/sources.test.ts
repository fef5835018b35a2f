import type { SourceStatuses } from '@mlobs/backstage-plugin-ml-observability-common';
import type { MlObservabilitySignalSource } from '@mlobs/backstage-plugin-ml-observability-node';
import { FakeCollector } from '../__testUtils__/fixtures';
import type { CollectionTarget, ObservedSeries } from '../collectors/types';
import {
  awsSignalSource,
  combinedStats,
  mergeReadings,
  SignalSources,
  SourceReading,
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
        state: { default: { seen: targets.length } },
        stats: { calls: { 'Extra.query': 1 }, failedSources: 0 },
      };
    },
  };
  return source;
}

describe('mergeReadings', () => {
  const aws = new FakeCollector(t => ({
    series: [series(`aws:${t.entityRef}`)],
    alarms: [],
    sources: { alarms: { outcome: 'ok' } },
  }));
  const read = async (
    source: MlObservabilitySignalSource,
    targets: CollectionTarget[],
  ): Promise<SourceReading> => {
    try {
      return {
        id: source.id,
        ok: true,
        result: await source.collect({ ...options, targets, state: {} }),
      };
    } catch (error) {
      return { id: source.id, ok: false, error: error as Error };
    }
  };

  it('merges the sources per model, the aws outcomes as built-in ids', async () => {
    const targets = [target(A), target(B)];
    const readings = [
      await read(awsSignalSource(aws), targets),
      await read(extra(), targets),
    ];
    const merged = mergeReadings(readings, targets, () => undefined);
    const a = merged.get(A)!;
    expect(a.series.map(s => s.key)).toEqual([`aws:${A}`, 'extra:latency']);
    expect(a.alarms?.map(x => x.name)).toEqual(['extra-alarm']);
    expect(a.sources).toEqual({
      alarms: { outcome: 'ok' },
      'ext:extra': { outcome: 'ok' },
    });
    expect(merged.get(B)!.sources).toEqual({ alarms: { outcome: 'ok' } });
    const stats = combinedStats(readings, 2, options.now, Date.now());
    expect(stats.calls).toEqual({
      'SageMaker.ListEndpoints': 1,
      'Extra.query': 1,
    });
    expect(stats.models).toBe(2);
  });

  it('marks a failing source only on the models it reported before', async () => {
    const other = extra();
    other.fail = true;
    const targets = [target(A), target(B)];
    const readings = [
      await read(awsSignalSource(aws), targets),
      await read(other, targets),
    ];
    const before: SourceStatuses = { 'ext:extra': { outcome: 'ok' } };
    const merged = mergeReadings(readings, targets, ref =>
      ref === A ? before : {},
    );
    const a = merged.get(A)!;
    expect(a.sources['ext:extra']).toMatchObject({ outcome: 'error' });
    expect(a.sources['ext:extra']?.message).not.toContain('down');
    expect(a.series.map(s => s.key)).toEqual([`aws:${A}`]);
    expect(merged.get(B)!.sources['ext:extra']).toBeUndefined();
  });

  it('ignores observations of models outside the round', async () => {
    const readings = [await read(extra(), [target(A)])];
    expect([
      ...mergeReadings(readings, [target(B)], () => ({})).keys(),
    ]).toEqual([]);
  });
});

describe('awsSignalSource', () => {
  it("offers the collector's targeted refresh through the source shape", async () => {
    const aws = new FakeCollector();
    const source = awsSignalSource(aws);
    expect(source.modelStateKeys?.(target(A))).toEqual({
      fake: [`model:${A}`],
    });
    const result = await source.collectModel!({
      ...options,
      targets: [target(A)],
      state: { fake: { [`model:${A}`]: 2 } },
    });
    expect(result.state).toEqual({ fake: { [`model:${A}`]: 3 } });
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
