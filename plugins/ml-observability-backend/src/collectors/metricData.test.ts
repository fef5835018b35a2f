import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { MetricQuery, fetchMetricData } from './metricData';
import { testRegionContext } from './__testUtils__/regionContext';

const NOW = new Date('2025-03-12T10:20:00Z');
const HOUR = 3600_000;

function query(i: number, extra: Partial<MetricQuery> = {}): MetricQuery {
  return {
    seriesId: `s${i}`,
    namespace: 'ML/ModelPerformance',
    name: `M${i}`,
    dimensions: [{ name: 'ModelName', value: `m${i}` }],
    stat: 'Average',
    periodSeconds: 3600,
    startMs: NOW.getTime() - 6 * HOUR,
    completeBucketsOnly: false,
    ...extra,
  };
}

describe('fetchMetricData', () => {
  const cloudwatch = mockClient(CloudWatchClient);
  const ctx = testRegionContext();

  beforeEach(() => cloudwatch.reset());

  it('packs 500 queries to a call, follows NextToken and keeps only new points', async () => {
    const t = (h: number) => new Date(NOW.getTime() - h * HOUR);
    cloudwatch.on(GetMetricDataCommand).callsFake(input => {
      const ids: string[] = input.MetricDataQueries.map(
        (q: { Id: string }) => q.Id,
      );
      if (!input.NextToken) {
        return {
          MetricDataResults: ids.map(Id => ({
            Id,
            StatusCode: 'PartialData',
            Timestamps: [t(3), t(2)],
            Values: [1, 2],
          })),
          NextToken: 'more',
        };
      }
      return {
        MetricDataResults: ids.map(Id => ({
          Id,
          StatusCode: 'Complete',
          Timestamps: [t(1), t(2)],
          Values: [3, 2],
        })),
      };
    });
    const queries = Array.from({ length: 1200 }, (_, i) => query(i));
    queries[7] = query(7, { afterMs: t(2).getTime() });
    const result = await fetchMetricData(ctx, [...queries, query(1)], NOW);

    const calls = cloudwatch.commandCalls(GetMetricDataCommand);
    expect(
      calls.map(c => c.args[0].input.MetricDataQueries!.length).sort(),
    ).toEqual([200, 200, 500, 500, 500, 500]);
    expect(result.metricsRequested).toBe(2400);
    expect(result.points.get('s0')).toEqual([
      { t: t(3).toISOString(), v: 1 },
      { t: t(2).toISOString(), v: 2 },
      { t: t(1).toISOString(), v: 3 },
    ]);
    expect(result.points.get('s7')).toEqual([{ t: t(1).toISOString(), v: 3 }]);
    // Start aligned to the period boundary, end at now.
    expect(calls[0].args[0].input.StartTime).toEqual(
      new Date('2025-03-12T04:00:00Z'),
    );
    expect(calls[0].args[0].input.EndTime).toEqual(NOW);
  });

  it('drops buckets that have not closed yet when asked to', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'q0',
          StatusCode: 'Complete',
          Timestamps: [
            new Date('2025-03-12T10:10:00Z'),
            new Date('2025-03-12T10:15:00Z'),
          ],
          Values: [1, 2],
        },
      ],
    });
    // At 10:18 the 10:15 bucket is still filling: read it again once it has closed.
    const at = new Date('2025-03-12T10:18:00Z');
    const result = await fetchMetricData(
      ctx,
      [query(0, { periodSeconds: 300, completeBucketsOnly: true })],
      at,
    );
    expect(result.points.get('s0')).toEqual([
      { t: '2025-03-12T10:10:00.000Z', v: 1 },
    ]);
  });

  it('marks forbidden series and whole failed calls per series', async () => {
    cloudwatch.on(GetMetricDataCommand).resolvesOnce({
      MetricDataResults: [
        { Id: 'q0', StatusCode: 'Forbidden', Timestamps: [], Values: [] },
        { Id: 'q1', StatusCode: 'Complete', Timestamps: [], Values: [] },
      ],
    });
    const partial = await fetchMetricData(ctx, [query(0), query(1)], NOW);
    expect(partial.failures.get('s0')).toEqual({
      outcome: 'denied',
      message:
        'access denied to metric ML/ModelPerformance M0 in 123456789012/us-east-1; allow cloudwatch:GetMetricData for it',
    });
    expect(partial.points.get('s1')).toEqual([]);

    cloudwatch.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
      }),
    );
    const failed = await fetchMetricData(ctx, [query(0), query(1)], NOW);
    expect([...failed.failures.values()].map(f => f.outcome)).toEqual([
      'throttled',
      'throttled',
    ]);
    expect(failed.points.size).toBe(0);
  });
});
