import {
  DescribeAlarmsCommand,
  MetricAlarm,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  AwsTestEnvironment,
  runAction,
  startAwsTestEnvironment,
  TOPIC,
} from '../__testUtils__/aws';
import { createAlarmsAction } from './createAlarms';

const HOUR = 3600_000;
const RUNBOOK = `model_name: fresh-model
owner: ml-platform-team
monitoring_config:
  data_quality: { frequency: every hour, alert_threshold: 0.3, escalation_path: [ml-engineer] }
  model_performance: { metrics: [accuracy], business_hours_threshold: 92.0, off_hours_threshold: 88.0 }
incident_response:
  severity_1: { condition: accuracy < 80%, immediate_action: fall back, notification: page, timeline: 1 hour }
`;

async function alarms(
  env: AwsTestEnvironment,
  prefix: string,
): Promise<Map<string, MetricAlarm>> {
  const response = await env.cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, MaxRecords: 100 }),
  );
  return new Map((response.MetricAlarms ?? []).map(a => [a.AlarmName!, a]));
}

describe('mlobs:cloudwatch:create-alarms without Model Monitor (a drift job of your own)', () => {
  let env: AwsTestEnvironment;
  const puts = () =>
    env.emulator.stats().operations?.PutMetricAlarm?.calls ?? 0;
  const publish = (
    namespace: string,
    data: Array<{ name: string; dims: Record<string, string>; value: number }>,
    at: number,
  ) =>
    env.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: data.map(d => ({
          MetricName: d.name,
          Dimensions: Object.entries(d.dims).map(([Name, Value]) => ({
            Name,
            Value,
          })),
          Value: d.value,
          Timestamp: new Date(at),
        })),
      }),
    );

  beforeAll(async () => {
    env = await startAwsTestEnvironment({ scenario: 'empty' });
    const now = env.emulator.now().getTime();
    const scores = { amount: 0.12, country: 0.45, device: 0.2 };
    await publish(
      'ML/Drift',
      [
        ...Object.entries(scores).map(([feature, value]) => ({
          name: 'drift_score',
          dims: { ModelName: 'fresh-model', Feature: feature },
          value,
        })),
        // another model, and a metric with one dimension more: neither is this model's
        {
          name: 'drift_score',
          dims: { ModelName: 'other-model', Feature: 'age' },
          value: 0.9,
        },
        {
          name: 'drift_score',
          dims: { ModelName: 'fresh-model', Feature: 'zip', Version: '2' },
          value: 0.9,
        },
      ],
      now - 60_000,
    );
    await publish(
      'ML/DriftPattern',
      Object.entries(scores).map(([feature, value]) => ({
        name: `feature_drift_${feature}`,
        dims: { ModelName: 'fresh-model' },
        value,
      })),
      now - 60_000,
    );
    for (let h = 24; h >= 1; h--) {
      await publish(
        'ML/Quality',
        [
          {
            name: 'accuracy',
            dims: { ModelName: 'fresh-model' },
            value: 0.93 + (h % 3) * 0.005,
          },
        ],
        now - h * HOUR,
      );
    }
  });
  afterAll(() => env.stop());

  const base = {
    modelName: 'fresh-model',
    snsTopicArn: TOPIC,
    timeZone: 'America/New_York',
    runbook: RUNBOOK,
  };

  it('alarms on a drift score with a feature dimension, one query per feature, then changes nothing', async () => {
    const action = createAlarmsAction(env);
    const input = {
      ...base,
      alarmNamePrefix: 'dim-fresh',
      customDrift: {
        namespace: 'ML/Drift',
        dimensions: { ModelName: 'fresh-model' },
        featureDimension: 'Feature',
      },
    };
    const first = await runAction(action, input);
    expect(first.outputs.alarms).toEqual([
      {
        name: 'dim-fresh-drift-above-threshold',
        kind: 'drift',
        status: 'created',
      },
    ]);
    // no quality source was given: said, not silently dropped
    expect(first.outputs.skipped).toEqual([
      expect.objectContaining({ alarm: 'dim-fresh-accuracy-below-threshold' }),
    ]);
    const drift = (await alarms(env, 'dim-fresh')).get(
      'dim-fresh-drift-above-threshold',
    )!;
    expect(drift).toMatchObject({
      Threshold: 0.3,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
    });
    const queries = drift.Metrics!;
    expect(
      queries.map(q => [q.Label, q.MetricStat?.Metric?.Dimensions]),
    ).toEqual([
      [
        'amount',
        [
          { Name: 'ModelName', Value: 'fresh-model' },
          { Name: 'Feature', Value: 'amount' },
        ],
      ],
      [
        'country',
        [
          { Name: 'ModelName', Value: 'fresh-model' },
          { Name: 'Feature', Value: 'country' },
        ],
      ],
      [
        'device',
        [
          { Name: 'ModelName', Value: 'fresh-model' },
          { Name: 'Feature', Value: 'device' },
        ],
      ],
      ['Largest drift score', undefined],
    ]);
    expect(queries[0].MetricStat).toMatchObject({
      Metric: { Namespace: 'ML/Drift', MetricName: 'drift_score' },
      Period: 300,
      Stat: 'Maximum',
    });
    // country drifts (0.45 > 0.3)
    env.emulator.advanceClock(60);
    expect(
      (await alarms(env, 'dim-fresh')).get('dim-fresh-drift-above-threshold')!
        .StateValue,
    ).toBe('ALARM');

    const before = puts();
    const second = await runAction(action, input);
    expect(second.outputs.alarms[0].status).toBe('unchanged');
    expect(puts()).toBe(before);
  });

  it('queries each feature once when ListMetrics lists every metric twice', async () => {
    env.emulator.setFaults({ duplicateListMetrics: true });
    try {
      const action = createAlarmsAction(env);
      for (const [prefix, customDrift] of [
        [
          'dup-dim',
          {
            namespace: 'ML/Drift',
            dimensions: { ModelName: 'fresh-model' },
            featureDimension: 'Feature',
          },
        ],
        [
          'dup-pattern',
          {
            namespace: 'ML/DriftPattern',
            dimensions: { ModelName: 'fresh-model' },
            metricPrefix: 'feature_drift_',
          },
        ],
      ] as const) {
        await runAction(action, {
          ...base,
          alarmNamePrefix: prefix,
          customDrift,
        });
        const drift = (await alarms(env, prefix)).get(
          `${prefix}-drift-above-threshold`,
        )!;
        expect(drift.Metrics!.map(q => q.Label)).toEqual([
          'amount',
          'country',
          'device',
          'Largest drift score',
        ]);
      }
    } finally {
      env.emulator.clearFaults();
    }
  });

  it('alarms on per-feature metric names, capped at maxFeatures with a warning', async () => {
    const action = createAlarmsAction(env);
    const { outputs } = await runAction(action, {
      ...base,
      alarmNamePrefix: 'pattern-fresh',
      customDrift: {
        namespace: 'ML/DriftPattern',
        dimensions: { ModelName: 'fresh-model' },
        metricPrefix: 'feature_drift_',
        maxFeatures: 1,
      },
    });
    expect(outputs.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          '3 features publish drift scores in ML/DriftPattern; alarms watch the first 1',
        ),
      ]),
    );
    const drift = (await alarms(env, 'pattern-fresh')).get(
      'pattern-fresh-drift-above-threshold',
    )!;
    expect(drift).toMatchObject({
      Namespace: 'ML/DriftPattern',
      MetricName: 'feature_drift_amount',
      Dimensions: [{ Name: 'ModelName', Value: 'fresh-model' }],
      Statistic: 'Maximum',
    });
  });

  it('adds anomaly-detection alarms on the quality metrics next to the threshold alarms', async () => {
    const action = createAlarmsAction(env);
    const input = {
      ...base,
      alarmNamePrefix: 'band-fresh',
      metrics: 'namespace=ML/Quality,ModelName=fresh-model,period=3600',
      customMetricUnit: 'fraction',
      anomalyDetection: { bandWidth: 3 },
    };
    const first = await runAction(action, input);
    expect(first.outputs.alarms).toEqual(
      expect.arrayContaining([
        {
          name: 'band-fresh-accuracy-below-threshold',
          kind: 'quality',
          status: 'created',
        },
        {
          name: 'band-fresh-accuracy-anomaly',
          kind: 'anomaly',
          status: 'created',
        },
      ]),
    );
    const band = (await alarms(env, 'band-fresh')).get(
      'band-fresh-accuracy-anomaly',
    )!;
    expect(band).toMatchObject({
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      ThresholdMetricId: 'band',
      TreatMissingData: 'missing',
    });
    expect(band.Threshold).toBeUndefined();
    expect(band.Metrics!.map(m => [m.Id, m.Expression, m.ReturnData])).toEqual([
      ['m1', undefined, true],
      ['band', 'ANOMALY_DETECTION_BAND(m1, 3)', true],
    ]);
    expect(band.AlarmDescription).toContain(
      'the same in and out of business hours',
    );
    // the day of history trains the band: the usual accuracy is inside it
    expect(band.StateValue).not.toBe('ALARM');

    const before = puts();
    const second = await runAction(action, input);
    expect(
      second.outputs.alarms.every(
        (a: { status: string }) => a.status === 'unchanged',
      ),
    ).toBe(true);
    expect(puts()).toBe(before);
  });

  it('creates nothing in a dry run, and refuses an ambiguous drift shape', async () => {
    const action = createAlarmsAction(env);
    const before = puts();
    const { outputs } = await runAction(
      action,
      {
        ...base,
        alarmNamePrefix: 'dry-fresh',
        customDrift: {
          namespace: 'ML/Drift',
          dimensions: { ModelName: 'fresh-model' },
          featureDimension: 'Feature',
        },
      },
      { dryRun: true },
    );
    expect(outputs.alarms).toEqual([
      {
        name: 'dry-fresh-drift-above-threshold',
        kind: 'drift',
        status: 'would-create',
      },
    ]);
    expect(puts()).toBe(before);
    await expect(
      runAction(action, {
        ...base,
        customDrift: {
          namespace: 'ML/Drift',
          featureDimension: 'Feature',
          metricPrefix: 'feature_drift_',
        },
      }),
    ).rejects.toThrow(/customDrift: give featureDimension .* or metricPrefix/);
  });
});
