import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  AwsTestEnvironment,
  runAction,
  startAwsTestEnvironment,
  temporaryDirectory,
  TOPIC,
} from '../__testUtils__/aws';
import { createAlarmsAction } from './createAlarms';

const RUNBOOKS = resolve(__dirname, '../../../../examples/runbooks');

async function alarms(
  env: AwsTestEnvironment,
  prefix: string,
): Promise<Map<string, MetricAlarm>> {
  const response = await env.cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, MaxRecords: 100 }),
  );
  return new Map((response.MetricAlarms ?? []).map(a => [a.AlarmName!, a]));
}

function puts(env: AwsTestEnvironment): number {
  return env.emulator.stats().operations?.PutMetricAlarm?.calls ?? 0;
}

describe('mlobs:cloudwatch:create-alarms on Model Monitor metrics', () => {
  let env: AwsTestEnvironment;
  let workspace: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    env = await startAwsTestEnvironment();
    workspace = await temporaryDirectory('mlobs-alarms-');
    await copyFile(
      join(RUNBOOKS, 'churn-prediction.yaml'),
      join(workspace.path, 'runbook.yaml'),
    );
    await copyFile(
      join(RUNBOOKS, 'fraud-detection-v2.yaml'),
      join(workspace.path, 'fraud.yaml'),
    );
  });

  afterAll(async () => {
    await env.stop();
    await workspace.remove();
  });

  const input = {
    accountId: '123456789012',
    region: 'us-east-1',
    modelName: 'churn-prediction',
    alarmNamePrefix: 'onboarded-churn',
    endpointName: 'churn-prediction-prod',
    snsTopicArn: TOPIC,
    timeZone: 'America/Chicago',
  };

  it('creates quality, drift and failure alarms from the runbook, then changes nothing', async () => {
    const action = createAlarmsAction(env);
    const first = await runAction(action, input, {
      workspacePath: workspace.path,
    });
    const created = await alarms(env, 'onboarded-churn-');

    const names = [...created.keys()].sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'onboarded-churn-accuracy-below-threshold',
        'onboarded-churn-auc-below-threshold',
        'onboarded-churn-f1-below-threshold',
        'onboarded-churn-precision-below-threshold',
        'onboarded-churn-recall-below-threshold',
        'onboarded-churn-data-quality-monitoring-failed',
        'onboarded-churn-model-quality-monitoring-failed',
      ]),
    );
    expect(
      names.some(n => n.startsWith('onboarded-churn-drift-above-threshold')),
    ).toBe(true);
    expect(
      first.outputs.alarms.every(
        (a: { status: string }) => a.status === 'created',
      ),
    ).toBe(true);
    expect(first.outputs.alarmNames.sort()).toEqual(names);

    const accuracy = created.get('onboarded-churn-accuracy-below-threshold')!;
    expect(accuracy).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 0,
      TreatMissingData: 'ignore',
      AlarmActions: [TOPIC],
      OKActions: [TOPIC],
    });
    const queries = new Map(accuracy.Metrics!.map(m => [m.Id, m]));
    expect(queries.get('m1')!.MetricStat).toMatchObject({
      Metric: {
        Namespace: 'aws/sagemaker/Endpoints/model-metrics',
        MetricName: 'accuracy',
        Dimensions: [
          { Name: 'Endpoint', Value: 'churn-prediction-prod' },
          {
            Name: 'MonitoringSchedule',
            Value: 'churn-prediction-prod-model-quality',
          },
        ],
      },
      Stat: 'Average',
    });
    // Runbook: 90% in business hours, 85% off hours, as fractions like Model Monitor publishes.
    expect(queries.get('margin')!.Expression).toBe('m1-(0.85+0.05*in_hours)');
    expect(accuracy.AlarmDescription).toContain('90% in business hours');

    const failed = created.get(
      'onboarded-churn-data-quality-monitoring-failed',
    )!;
    expect(failed).toMatchObject({
      Namespace: 'ML/ModelMonitoring',
      MetricName: 'MonitoringExecutionFailures',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
    const drift = [...created.values()].find(a =>
      a.AlarmName!.includes('drift'),
    )!;
    expect(drift).toMatchObject({
      Threshold: 0.3,
      ComparisonOperator: 'GreaterThanThreshold',
    });

    // The emulator has no DAY(): the action says so instead of silently dropping weekends.
    expect(first.outputs.warnings.join('\n')).toContain(
      'does not evaluate DAY()',
    );

    const before = puts(env);
    expect(before).toBe(first.outputs.alarms.length);
    const second = await runAction(action, input, {
      workspacePath: workspace.path,
    });
    expect(
      second.outputs.alarms.map((a: { status: string }) => a.status),
    ).toEqual(first.outputs.alarms.map(() => 'unchanged'));
    expect(puts(env)).toBe(before);
  });

  it('updates only the alarms whose runbook thresholds changed', async () => {
    const action = createAlarmsAction(env);
    await runAction(action, input, { workspacePath: workspace.path });
    const runbook = await readFile(
      join(workspace.path, 'runbook.yaml'),
      'utf8',
    );
    const other = await temporaryDirectory('mlobs-alarms-changed-');
    try {
      await writeFile(
        join(other.path, 'runbook.yaml'),
        runbook.replace('alert_threshold: 0.3', 'alert_threshold: 0.4'),
      );
      const { outputs } = await runAction(action, input, {
        workspacePath: other.path,
      });
      const updated = outputs.alarms.filter(
        (a: { status: string }) => a.status === 'updated',
      );
      expect(updated.length).toBeGreaterThan(0);
      expect(updated.every((a: { kind: string }) => a.kind === 'drift')).toBe(
        true,
      );
      const drift = [
        ...(await alarms(env, 'onboarded-churn-drift')).values(),
      ][0];
      expect(drift.Threshold).toBe(0.4);
    } finally {
      await other.remove();
    }
  });

  it('creates nothing in a dry run', async () => {
    const action = createAlarmsAction(env);
    const before = puts(env);
    const { outputs } = await runAction(
      action,
      { ...input, alarmNamePrefix: 'dry-churn' },
      {
        workspacePath: workspace.path,
        dryRun: true,
      },
    );
    expect(outputs.alarms.length).toBeGreaterThan(5);
    expect(
      outputs.alarms.every(
        (a: { status: string }) => a.status === 'would-create',
      ),
    ).toBe(true);
    expect(await alarms(env, 'dry-churn')).toEqual(new Map());
    expect(puts(env)).toBe(before);
  });

  it('detects custom scores published in percent from recent data', async () => {
    const action = createAlarmsAction(env);
    const { outputs } = await runAction(
      action,
      {
        modelName: 'fraud-detection-v2',
        alarmNamePrefix: 'detect-fraud',
        metrics: 'namespace=ML/ModelPerformance,ModelName=fraud-detection-v2',
        snsTopicArn: TOPIC,
        timeZone: 'America/New_York',
        runbookPath: 'fraud.yaml',
      },
      { workspacePath: workspace.path },
    );
    expect(outputs.alarmNames).toEqual(
      expect.arrayContaining([
        'detect-fraud-accuracy-below-threshold',
        'detect-fraud-f1-below-threshold',
      ]),
    );
    const accuracy = (await alarms(env, 'detect-fraud-accuracy')).get(
      'detect-fraud-accuracy-below-threshold',
    )!;
    expect(accuracy.TreatMissingData).toBe('missing');
    expect(accuracy.EvaluationPeriods).toBe(3);
    expect(accuracy.DatapointsToAlarm).toBe(2);
    expect(accuracy.Metrics!.find(m => m.Id === 'margin')!.Expression).toBe(
      'm1/100-(0.88+0.04*in_hours)',
    );
  });

  it('refuses bad input with a message saying what is wrong', async () => {
    const action = createAlarmsAction(env);
    await expect(
      runAction(
        action,
        {
          ...input,
          snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ml-alerts',
        },
        { workspacePath: workspace.path },
      ),
    ).rejects.toThrow(
      'snsTopicArn is in eu-west-1 but the alarms are created in us-east-1',
    );
    await expect(
      runAction(
        action,
        { ...input, timeZone: 'Mars/Olympus' },
        { workspacePath: workspace.path },
      ),
    ).rejects.toThrow('timeZone "Mars/Olympus" is not an IANA time zone');
    await expect(
      runAction(
        action,
        { ...input, runbook: 'model_name: x\n' },
        { workspacePath: workspace.path },
      ),
    ).rejects.toThrow(
      /the runbook input is not a valid runbook: owner.*required/,
    );
    const { endpointName: _, ...withoutSource } = input;
    await expect(
      runAction(action, withoutSource, { workspacePath: workspace.path }),
    ).rejects.toThrow('give endpointName (Model Monitor) or metrics');
  });
});

describe('mlobs:cloudwatch:create-alarms thresholds in CloudWatch', () => {
  // Wednesday 2026-01-14, 15:00 in New York (EST, UTC-5): business hours.
  const WEDNESDAY_AFTERNOON = Date.UTC(2026, 0, 14, 20, 0);
  let env: AwsTestEnvironment;

  beforeAll(async () => {
    env = await startAwsTestEnvironment({
      now: () => new Date(WEDNESDAY_AFTERNOON),
    });
  });

  afterAll(async () => {
    await env.stop();
  });

  it('applies the business-hours threshold by day and the off-hours one by night', async () => {
    // Thresholds around what fraud-detection-v2 publishes (Accuracy, in percent):
    // every recent value is below the business-hours one and above the off-hours one.
    const recent = await env.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(WEDNESDAY_AFTERNOON - 3 * 3600_000),
        EndTime: new Date(WEDNESDAY_AFTERNOON),
        MetricDataQueries: [
          {
            Id: 'a',
            MetricStat: {
              Metric: {
                Namespace: 'ML/ModelPerformance',
                MetricName: 'Accuracy',
                Dimensions: [
                  { Name: 'ModelName', Value: 'fraud-detection-v2' },
                ],
              },
              Period: 300,
              Stat: 'Average',
            },
          },
        ],
      }),
    );
    const values = recent.MetricDataResults![0].Values!;
    expect(values.length).toBeGreaterThan(10);
    const business = Math.min(100, Math.ceil(Math.max(...values)) + 2);
    const off = Math.floor(Math.min(...values)) - 5;
    const runbook = `model_name: fraud-detection-v2
owner: ml-platform-team
monitoring_config:
  data_quality: { frequency: every 2 hours, alert_threshold: 0.3, escalation_path: [ml-engineer] }
  model_performance: { metrics: [accuracy], business_hours_threshold: ${business}.0, off_hours_threshold: ${off}.0 }
incident_response:
  severity_1: { condition: accuracy < 80%, immediate_action: fall back, notification: page, timeline: 1 hour }
`;
    const action = createAlarmsAction(env);
    const { outputs } = await runAction(action, {
      modelName: 'fraud-detection-v2',
      alarmNamePrefix: 'hours-fraud',
      metrics: 'namespace=ML/ModelPerformance,ModelName=fraud-detection-v2',
      customMetricUnit: 'percent',
      snsTopicArn: TOPIC,
      timeZone: 'America/New_York',
      runbook,
    });
    expect(outputs.alarmNames).toEqual([
      'hours-fraud-accuracy-below-threshold',
    ]);
    const state = async () =>
      (await alarms(env, 'hours-fraud-accuracy')).get(
        'hours-fraud-accuracy-below-threshold',
      )!;

    // CloudWatch evaluates alarms every minute.
    env.emulator.advanceClock(120);
    const day = await state();
    expect(day.Metrics!.find(m => m.Id === 'margin')!.Expression).toBe(
      `m1/100-(${off / 100}+${Number(
        ((business - off) / 100).toPrecision(12),
      )}*in_hours)`,
    );
    expect(day.StateValue).toBe('ALARM');

    // 23:30 in New York: off hours, the lower threshold is in force.
    env.emulator.advanceClock(8.5 * 3600);
    const night = await state();
    expect(night.StateValue).toBe('OK');
  });
});
