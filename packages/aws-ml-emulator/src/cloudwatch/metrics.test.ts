import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  ListMetricsCommandInput,
  Metric,
  MetricDataQuery,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import type { Emulator } from '../emulator';
import {
  DAY,
  HOUR,
  NOW,
  cloudWatch,
  failure,
  monitorDimensions,
  startTestEmulator,
} from '../__testUtils__/clients';

const DATA = 'aws/sagemaker/Endpoints/data-metrics';
const MODEL = 'aws/sagemaker/Endpoints/model-metrics';
const CUSTOM = 'ML/ModelPerformance';

function stat(
  id: string,
  namespace: string,
  name: string,
  dimensions: Metric['Dimensions'],
  period: number,
  statName: string,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: name,
        Dimensions: dimensions,
      },
      Period: period,
      Stat: statName,
    },
  };
}

async function series(
  client: CloudWatchClient,
  query: MetricDataQuery,
  start: number,
  end: number,
) {
  const result = await client.send(
    new GetMetricDataCommand({
      MetricDataQueries: [query],
      StartTime: new Date(start),
      EndTime: new Date(end),
      ScanBy: 'TimestampAscending',
    }),
  );
  return result.MetricDataResults![0];
}

describe('CloudWatch metrics', () => {
  let emulator: Emulator;
  let client: CloudWatchClient;
  const now = NOW.getTime();
  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = cloudWatch(emulator);
  });
  afterAll(() => emulator.stop());

  it('shows the season drift above 0.25 now and below it before the drift started', async () => {
    const drift = stat(
      'drift',
      DATA,
      'feature_baseline_drift_season',
      monitorDimensions('recommendation-engine-prod', 'data-quality'),
      3600,
      'Maximum',
    );
    const recent = await series(client, drift, now - 6 * HOUR, now);
    expect(recent.Values!.length).toBeGreaterThanOrEqual(5);
    recent.Values!.forEach(v => expect(v).toBeGreaterThan(0.25));
    recent.Values!.forEach(v => expect(v).toBeLessThan(0.75));
    const before = await series(
      client,
      { ...drift, MetricStat: { ...drift.MetricStat!, Period: 86400 } },
      now - 20 * DAY,
      now - 11 * DAY,
    );
    expect(before.Values!.length).toBe(9);
    before.Values!.forEach(v => expect(v).toBeLessThan(0.25));
    const other = stat(
      'other',
      DATA,
      'feature_baseline_drift_device_type',
      monitorDimensions('recommendation-engine-prod', 'data-quality'),
      86400,
      'Maximum',
    );
    (await series(client, other, now - 5 * DAY, now)).Values!.forEach(v =>
      expect(v).toBeLessThan(0.15),
    );
  });

  it('shows the churn accuracy drop three days ago, as fractions', async () => {
    const accuracy = stat(
      'acc',
      MODEL,
      'accuracy',
      monitorDimensions('churn-prediction-prod', 'model-quality'),
      6 * 3600,
      'Average',
    );
    const before = await series(
      client,
      accuracy,
      now - 7 * DAY,
      now - 3 * DAY - 6 * HOUR,
    );
    before.Values!.forEach(v => expect(v).toBeGreaterThan(0.9));
    const after = await series(client, accuracy, now - 2 * DAY, now);
    after.Values!.forEach(v => expect(v).toBeLessThan(0.7));
    const f1 = stat(
      'f1',
      MODEL,
      'f1',
      monitorDimensions('churn-prediction-prod', 'model-quality'),
      86400,
      'Average',
    );
    (await series(client, f1, now - 2 * DAY, now)).Values!.forEach(v =>
      expect(v).toBeLessThan(0.7),
    );
  });

  it('publishes custom model metrics every five minutes and the click-through drop', async () => {
    const accuracy = stat(
      'acc',
      CUSTOM,
      'Accuracy',
      [{ Name: 'ModelName', Value: 'fraud-detection-v2' }],
      3600,
      'SampleCount',
    );
    const counts = await series(client, accuracy, now - 5 * HOUR, now - HOUR);
    expect(counts.Values).toEqual([12, 12, 12, 12]);
    const average = await series(
      client,
      { ...accuracy, MetricStat: { ...accuracy.MetricStat!, Stat: 'Average' } },
      now - DAY,
      now,
    );
    average.Values!.forEach(v => expect(Math.abs(v - 94.5)).toBeLessThan(1));
    const ctr = stat(
      'ctr',
      CUSTOM,
      'ClickThroughRate',
      [{ Name: 'ModelName', Value: 'recommendation-engine' }],
      86400,
      'Average',
    );
    // Day-aligned: older than 15 days, CloudWatch rounds StartTime to 5 minutes.
    const dayStart = Math.floor((now - 20 * DAY) / DAY) * DAY;
    const early = await series(client, ctr, dayStart, dayStart + 8 * DAY);
    expect(early.Values).toHaveLength(8);
    early.Values!.forEach(v => expect(Math.abs(v - 4.5)).toBeLessThan(0.3));
    const late = await series(client, ctr, now - 8 * DAY, now - DAY);
    late.Values!.forEach(v => expect(Math.abs(v - 2.5)).toBeLessThan(0.3));
  });

  it('computes Sum, Minimum, Maximum and percentiles over the raw samples', async () => {
    const dims = [{ Name: 'ModelName', Value: 'fraud-detection-v2' }];
    const result = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 2 * HOUR),
        EndTime: new Date(now - HOUR),
        MetricDataQueries: [
          'Sum',
          'Minimum',
          'Maximum',
          'p50',
          'SampleCount',
          'Average',
        ].map((s, i) =>
          stat(`s${i}`, CUSTOM, 'TransactionVolume', dims, 3600, s),
        ),
      }),
    );
    const [sum, min, max, p50, count, avg] = result.MetricDataResults!.map(
      r => r.Values![0],
    );
    expect(count).toBe(12);
    expect(sum).toBeCloseTo(avg * 12, 6);
    expect(min).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(max);
    expect(Number.isInteger(sum)).toBe(true);
  });

  it('evaluates simple metric math', async () => {
    const dims = [{ Name: 'ModelName', Value: 'fraud-detection-v2' }];
    const result = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 3 * HOUR),
        EndTime: new Date(now - HOUR),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          {
            ...stat('rate', CUSTOM, 'FraudRate', dims, 3600, 'Average'),
            ReturnData: false,
          },
          { Id: 'fraction', Expression: 'rate / 100', Label: 'Fraud fraction' },
          { Id: 'hour', Expression: 'HOUR(rate)' },
          { Id: 'scaled', Expression: '(rate + 1) * 2' },
        ],
      }),
    );
    const byId = Object.fromEntries(
      result.MetricDataResults!.map(r => [r.Id, r]),
    );
    expect(Object.keys(byId).sort()).toEqual(['fraction', 'hour', 'scaled']);
    expect(byId.fraction.Label).toBe('Fraud fraction');
    expect(byId.fraction.Values![0]).toBeGreaterThan(0.004);
    expect(byId.fraction.Values![0]).toBeLessThan(0.012);
    expect(byId.hour.Values).toEqual(
      byId.hour.Timestamps!.map((t: Date) => t.getUTCHours()),
    );
    expect(byId.scaled.Values![0]).toBeCloseTo(
      (byId.fraction.Values![0] * 100 + 1) * 2,
      6,
    );
  });

  it('enforces the GetMetricData limits and Id rules', async () => {
    const dims = [{ Name: 'ModelName', Value: 'fraud-detection-v2' }];
    const base = { StartTime: new Date(now - HOUR), EndTime: new Date(now) };
    const tooMany = Array.from({ length: 501 }, (_, i) =>
      stat(`m${i}`, CUSTOM, 'Accuracy', dims, 300, 'Average'),
    );
    expect(
      await failure(
        client.send(
          new GetMetricDataCommand({ ...base, MetricDataQueries: tooMany }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
    const ok = await client.send(
      new GetMetricDataCommand({
        ...base,
        MetricDataQueries: tooMany.slice(0, 500),
      }),
    );
    expect(ok.MetricDataResults).toHaveLength(500);
    expect(
      await failure(
        client.send(
          new GetMetricDataCommand({
            ...base,
            MetricDataQueries: [
              stat('M1', CUSTOM, 'Accuracy', dims, 300, 'Average'),
            ],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
    });
    expect(
      await failure(
        client.send(
          new GetMetricDataCommand({
            ...base,
            MetricDataQueries: [
              stat('m1', CUSTOM, 'Accuracy', dims, 61, 'Average'),
            ],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
    });
    expect(
      await failure(
        client.send(
          new GetMetricDataCommand({
            ...base,
            MetricDataQueries: [{ Id: 'e1', Expression: 'm9 * 2' }],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
    });
    expect(
      await failure(
        client.send(
          new GetMetricDataCommand({
            StartTime: base.EndTime,
            EndTime: base.StartTime,
            MetricDataQueries: [
              stat('m1', CUSTOM, 'Accuracy', dims, 300, 'Average'),
            ],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('paginates datapoints with MaxDatapoints and NextToken', async () => {
    const query = stat(
      'm1',
      CUSTOM,
      'Accuracy',
      [{ Name: 'ModelName', Value: 'fraud-detection-v2' }],
      300,
      'Average',
    );
    const range = {
      StartTime: new Date(now - 10 * HOUR),
      EndTime: new Date(now),
    };
    const full = await client.send(
      new GetMetricDataCommand({ ...range, MetricDataQueries: [query] }),
    );
    const timestamps: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          ...range,
          MetricDataQueries: [query],
          MaxDatapoints: 50,
          NextToken: token,
        }),
      );
      timestamps.push(
        ...page.MetricDataResults![0].Timestamps!.map(t => t.getTime()),
      );
      token = page.NextToken;
      pages++;
    } while (token);
    expect(full.MetricDataResults![0].StatusCode).toBe('Complete');
    expect(timestamps).toEqual(
      full.MetricDataResults![0].Timestamps!.map(t => t.getTime()),
    );
    expect(pages).toBe(Math.ceil(timestamps.length / 50));
    expect(timestamps).toEqual([...timestamps].sort((a, b) => b - a));
  });

  it('lists only metrics that have data, with dimension filters', async () => {
    const list = async (input: ListMetricsCommandInput) =>
      (await client.send(new ListMetricsCommand(input))).Metrics!;
    const silent = await list({
      Namespace: DATA,
      Dimensions: [
        {
          Name: 'MonitoringSchedule',
          Value: 'product-categorizer-prod-data-quality',
        },
      ],
    });
    expect(silent).toEqual([]);
    const quality = await list({
      Namespace: MODEL,
      Dimensions: [{ Name: 'Endpoint', Value: 'product-categorizer-prod' }],
    });
    expect(quality.map(m => m.MetricName).sort()).toEqual([
      'accuracy',
      'weighted_f1',
      'weighted_precision',
      'weighted_recall',
    ]);
    const fraud = await list({
      Namespace: CUSTOM,
      Dimensions: [{ Name: 'ModelName', Value: 'fraud-detection-v2' }],
    });
    expect(fraud.map(m => m.MetricName).sort()).toEqual([
      'Accuracy',
      'F1Score',
      'FraudRate',
      'Precision',
      'Recall',
      'TransactionVolume',
    ]);
    const season = await list({ MetricName: 'feature_baseline_drift_season' });
    expect(season).toEqual([
      {
        Namespace: DATA,
        MetricName: 'feature_baseline_drift_season',
        Dimensions: monitorDimensions(
          'recommendation-engine-prod',
          'data-quality',
        ),
      },
    ]);
    const daily = await list({
      Namespace: DATA,
      Dimensions: [{ Name: 'Endpoint', Value: 'demand-forecast-prod' }],
    });
    expect(daily).toHaveLength(18);
    const recent = await list({
      Namespace: DATA,
      Dimensions: [{ Name: 'Endpoint', Value: 'demand-forecast-prod' }],
      RecentlyActive: 'PT3H',
    });
    expect(recent).toEqual([]);
    const all = await list({ Namespace: DATA });
    // 81 before the multi-region demo model's three features (three metrics each) in us-east-1.
    expect(all).toHaveLength(90);
  });

  it('stores PutMetricData points (gzip-compressed by the SDK) and serves them back', async () => {
    const data = Array.from({ length: 1000 }, (_, i) => ({
      MetricName: 'Latency',
      Dimensions: [
        { Name: 'ModelName', Value: 'team-model' },
        { Name: 'Shard', Value: `s${i % 10}` },
      ],
      Timestamp: new Date(now - 30 * 60_000 + (i % 20) * 1000),
      Value: i % 100,
      Unit: 'Milliseconds' as const,
    }));
    await client.send(
      new PutMetricDataCommand({ Namespace: 'Team/Custom', MetricData: data }),
    );
    const stats = emulator.stats();
    expect(stats.operations.PutMetricData.calls).toBe(1);
    const listed = await client.send(
      new ListMetricsCommand({ Namespace: 'Team/Custom' }),
    );
    expect(listed.Metrics).toHaveLength(10);
    const result = await series(
      client,
      stat(
        'm1',
        'Team/Custom',
        'Latency',
        [
          { Name: 'Shard', Value: 's3' },
          { Name: 'ModelName', Value: 'team-model' },
        ],
        3600,
        'SampleCount',
      ),
      now - HOUR,
      now,
    );
    expect(result.Values!.reduce((a, b) => a + b, 0)).toBe(100);

    // A point at the instant of a simulated sample replaces it.
    const slot = Math.floor((now - HOUR) / 300_000) * 300_000;
    await client.send(
      new PutMetricDataCommand({
        Namespace: CUSTOM,
        MetricData: [
          {
            MetricName: 'Accuracy',
            Dimensions: [{ Name: 'ModelName', Value: 'fraud-detection-v2' }],
            Timestamp: new Date(slot),
            Value: 10,
          },
        ],
      }),
    );
    const accuracy = stat(
      'a',
      CUSTOM,
      'Accuracy',
      [{ Name: 'ModelName', Value: 'fraud-detection-v2' }],
      300,
      'Average',
    );
    expect(
      (await series(client, accuracy, slot, slot + 600_000)).Values,
    ).toEqual([10, expect.any(Number)]);
    expect(
      (await series(client, accuracy, slot, slot + 600_000)).Values![1],
    ).toBeGreaterThan(90);
  });

  it('rejects invalid PutMetricData requests like CloudWatch', async () => {
    const put = (
      input: ConstructorParameters<typeof PutMetricDataCommand>[0],
    ) => failure(client.send(new PutMetricDataCommand(input)));
    expect(
      await put({
        Namespace: 'AWS/SageMaker',
        MetricData: [{ MetricName: 'x', Value: 1 }],
      }),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      status: 400,
    });
    expect(
      await put({
        Namespace: 'X',
        MetricData: [
          { MetricName: 'x', Value: 1, Timestamp: new Date(now - 15 * DAY) },
        ],
      }),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(
      await put({
        Namespace: 'X',
        MetricData: Array.from({ length: 1001 }, () => ({
          MetricName: 'x',
          Value: 1,
        })),
      }),
    ).toMatchObject({
      name: 'ValidationException',
    });
    expect(
      await put({ Namespace: 'X', MetricData: [{ MetricName: 'x' }] }),
    ).toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
  });
});
