import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsCommandInput,
  MetricAlarm,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  PutMetricAlarmCommandInput,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import type { Emulator } from '../emulator';
import {
  DAY,
  EU,
  HOUR,
  NOW,
  cloudWatch,
  failure,
  startTestEmulator,
} from '../__testUtils__/clients';

describe('CloudWatch alarms', () => {
  let emulator: Emulator;
  let client: CloudWatchClient;
  const now = NOW.getTime();
  const describe_ = (input: DescribeAlarmsCommandInput = {}) =>
    client.send(new DescribeAlarmsCommand(input));
  const alarm = async (name: string): Promise<MetricAlarm> =>
    (await describe_({ AlarmNames: [name] })).MetricAlarms![0];
  const put = (
    input: Partial<PutMetricAlarmCommandInput> & { AlarmName: string },
  ) =>
    client.send(
      new PutMetricAlarmCommand({
        Namespace: 'Team/Service',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'Service', Value: 'api' }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        ...input,
      }),
    );
  const putData = (name: string, value: number, at: number, service = 'api') =>
    client.send(
      new PutMetricDataCommand({
        Namespace: 'Team/Service',
        MetricData: [
          {
            MetricName: name,
            Dimensions: [{ Name: 'Service', Value: service }],
            Value: value,
            Timestamp: new Date(at),
          },
        ],
      }),
    );

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = cloudWatch(emulator);
  });
  afterAll(() => emulator.stop());

  it('evaluates the demo alarms against the simulated data', async () => {
    const { MetricAlarms } = await describe_({ MaxRecords: 100 });
    const states = Object.fromEntries(
      MetricAlarms!.map(a => [a.AlarmName, a.StateValue]),
    );
    expect(states).toEqual({
      'churn-prediction-accuracy-low': 'ALARM',
      'churn-prediction-feature-drift': 'OK',
      'demand-forecast-monitoring-failed': 'ALARM',
      'demand-forecast-r2-low': 'OK',
      'fraud-detection-v2-accuracy-low': 'OK',
      'fraud-detection-v2-fraud-rate-high': 'OK',
      'product-categorizer-weighted-f1-low': 'OK',
      'recommendation-engine-ctr-low': 'OK',
      'recommendation-engine-season-drift': 'ALARM',
      'search-ranking-auc-low': 'OK',
      'search-ranking-latency-high': 'OK',
      'ticket-routing-accuracy-low': 'OK',
    });
    const drift = MetricAlarms!.find(
      a => a.AlarmName === 'recommendation-engine-season-drift',
    )!;
    const driftSince = now - drift.StateTransitionedTimestamp!.getTime();
    expect(driftSince).toBeGreaterThan(9 * DAY);
    expect(driftSince).toBeLessThan(10 * DAY);
    expect(drift.StateReason).toMatch(
      /^Threshold Crossed: 1 out of the last 1 datapoints \[0\.\d+ \(\d\d\/11\/26 \d\d:00:00\)\] was greater than the threshold \(0\.25\)/,
    );
    expect(JSON.parse(drift.StateReasonData!)).toMatchObject({
      statistic: 'Maximum',
      period: 3600,
      threshold: 0.25,
    });
    const churn = MetricAlarms!.find(
      a => a.AlarmName === 'churn-prediction-accuracy-low',
    )!;
    const churnSince = now - churn.StateTransitionedTimestamp!.getTime();
    expect(churnSince).toBeGreaterThan(3 * DAY - 2 * HOUR);
    expect(churnSince).toBeLessThan(3 * DAY);
    const fraud = MetricAlarms!.find(
      a => a.AlarmName === 'fraud-detection-v2-accuracy-low',
    )!;
    expect(fraud.StateTransitionedTimestamp!.getTime()).toBeLessThan(
      now - 30 * DAY,
    );
  });

  it('returns composite alarms only when AlarmTypes asks for them', async () => {
    const defaults = await describe_({ AlarmNamePrefix: 'churn' });
    expect(defaults.CompositeAlarms).toEqual([]);
    expect(defaults.MetricAlarms).toHaveLength(2);
    const both = await describe_({
      AlarmNamePrefix: 'churn',
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
    expect(both.CompositeAlarms).toEqual([
      expect.objectContaining({
        AlarmName: 'churn-prediction-critical',
        AlarmRule:
          'ALARM("churn-prediction-accuracy-low") OR ALARM("churn-prediction-feature-drift")',
        StateValue: 'ALARM',
      }),
    ]);
    const children = await describe_({
      ChildrenOfAlarmName: 'churn-prediction-critical',
    });
    expect(children.MetricAlarms!.map(a => a.AlarmName).sort()).toEqual([
      'churn-prediction-accuracy-low',
      'churn-prediction-feature-drift',
    ]);
    const parents = await describe_({
      ParentsOfAlarmName: 'churn-prediction-accuracy-low',
    });
    expect(parents.CompositeAlarms!.map(a => a.AlarmName)).toEqual([
      'churn-prediction-critical',
    ]);
  });

  it('filters by state, action prefix and names, and pages stably', async () => {
    const inAlarm = await describe_({ StateValue: 'ALARM' });
    expect(inAlarm.MetricAlarms!.map(a => a.AlarmName)).toEqual([
      'churn-prediction-accuracy-low',
      'demand-forecast-monitoring-failed',
      'recommendation-engine-season-drift',
    ]);
    const personalization = await describe_({
      ActionPrefix:
        'arn:aws:sns:us-east-1:123456789012:ml-alerts-personalization',
    });
    expect(personalization.MetricAlarms!.map(a => a.AlarmName)).toEqual([
      'product-categorizer-weighted-f1-low',
      'recommendation-engine-ctr-low',
      'recommendation-engine-season-drift',
    ]);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await describe_({ MaxRecords: 4, NextToken: token });
      names.push(...page.MetricAlarms!.map(a => a.AlarmName!));
      token = page.NextToken;
    } while (token);
    expect(names).toHaveLength(12);
    expect(new Set(names).size).toBe(12);
    expect(await failure(describe_({ MaxRecords: 101 }))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
    expect(
      await failure(describe_({ AlarmNames: ['a'], AlarmNamePrefix: 'a' })),
    ).toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
    const eu = await cloudWatch(emulator, EU).send(
      new DescribeAlarmsCommand({}),
    );
    expect(eu.MetricAlarms!.map(a => [a.AlarmName, a.StateValue])).toEqual([
      ['credit-risk-scoring-accuracy-low', 'OK'],
      ['credit-risk-scoring-feature-drift', 'OK'],
    ]);
    expect(eu.MetricAlarms![0].AlarmArn).toBe(
      'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:credit-risk-scoring-accuracy-low',
    );
  });

  it('validates PutMetricAlarm like CloudWatch', async () => {
    expect(
      await failure(put({ AlarmName: 'bad', Threshold: undefined })),
    ).toMatchObject({ name: 'MissingRequiredParameterException' });
    expect(
      await failure(
        put({ AlarmName: 'bad', EvaluationPeriods: 2, DatapointsToAlarm: 3 }),
      ),
    ).toMatchObject({ name: 'ValidationException' });
    expect(await failure(put({ AlarmName: 'bad', Period: 45 }))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(
      await failure(put({ AlarmName: 'bad', Statistic: undefined })),
    ).toMatchObject({ name: 'InvalidParameterCombinationException' });
  });

  it('flips an alarm to ALARM when PutMetricData breaches the threshold', async () => {
    await put({
      AlarmName: 'api-errors',
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:team'],
    });
    expect(await alarm('api-errors')).toMatchObject({
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
    });
    await putData('Errors', 1, now - 30_000);
    expect((await alarm('api-errors')).StateValue).toBe('OK');
    await putData('Errors', 9, now - 20_000);
    const breached = await alarm('api-errors');
    expect(breached.StateValue).toBe('ALARM');
    expect(breached.StateReason).toContain(
      '[9.0 (25/11/26 14:36:00)] was greater than the threshold (5.0)',
    );
    expect(breached.StateTransitionedTimestamp).toEqual(NOW);
  });

  it.each([
    ['missing', 'INSUFFICIENT_DATA'],
    ['notBreaching', 'OK'],
    ['breaching', 'ALARM'],
    ['ignore', 'OK'],
  ])('treats missing data as %s', async (treatment, expected) => {
    const name = `gap-${treatment}`;
    const service = `svc-${treatment}`;
    await put({
      AlarmName: name,
      TreatMissingData: treatment,
      Dimensions: [{ Name: 'Service', Value: service }],
    });
    await putData('Errors', 1, emulator.now().getTime() - 30_000, service);
    expect((await alarm(name)).StateValue).toBe('OK');
    emulator.advanceClock(5 * 60);
    expect((await alarm(name)).StateValue).toBe(expected);
  });

  it('evaluates metric-math alarms', async () => {
    const at = emulator.now().getTime() - 30_000;
    await client.send(
      new PutMetricAlarmCommand({
        AlarmName: 'api-error-rate',
        EvaluationPeriods: 1,
        Threshold: 10,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: [
          {
            Id: 'errors',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'Team/Service',
                MetricName: 'Errors',
                Dimensions: [{ Name: 'Service', Value: 'math' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
          {
            Id: 'requests',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'Team/Service',
                MetricName: 'Requests',
                Dimensions: [{ Name: 'Service', Value: 'math' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
          {
            Id: 'rate',
            Expression: 'errors / requests * 100',
            ReturnData: true,
          },
        ],
      }),
    );
    await putData('Requests', 20, at, 'math');
    await putData('Errors', 1, at, 'math');
    expect((await alarm('api-error-rate')).StateValue).toBe('OK');
    await putData('Errors', 4, at, 'math');
    const breached = await alarm('api-error-rate');
    expect(breached.StateValue).toBe('ALARM');
    expect(breached.Metrics!.map(m => m.Id)).toEqual([
      'errors',
      'requests',
      'rate',
    ]);
  });

  it('evaluates composite rules with AND, OR, NOT and parentheses', async () => {
    const rule =
      '(ALARM("api-error-rate") AND NOT OK(api-errors)) OR ALARM("missing-one")';
    expect(
      await failure(
        client.send(
          new PutCompositeAlarmCommand({ AlarmName: 'c1', AlarmRule: rule }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await client.send(
      new PutCompositeAlarmCommand({
        AlarmName: 'c1',
        AlarmRule: '(ALARM("api-error-rate") AND NOT OK(api-errors)) OR FALSE',
      }),
    );
    await client.send(
      new PutCompositeAlarmCommand({
        AlarmName: 'c2',
        AlarmRule: 'ALARM("api-error-rate") AND OK("api-errors")',
      }),
    );
    await client.send(
      new PutCompositeAlarmCommand({
        AlarmName: 'c3',
        AlarmRule: 'NOT (ALARM("api-error-rate") OR ALARM("c1"))',
      }),
    );
    // api-errors has had no data for minutes (INSUFFICIENT_DATA); api-error-rate is in ALARM.
    expect((await alarm('api-errors')).StateValue).toBe('INSUFFICIENT_DATA');
    expect((await alarm('api-error-rate')).StateValue).toBe('ALARM');
    const { CompositeAlarms } = await describe_({
      AlarmNames: ['c1', 'c2', 'c3'],
      AlarmTypes: ['CompositeAlarm'],
    });
    expect(
      Object.fromEntries(
        CompositeAlarms!.map(a => [a.AlarmName, a.StateValue]),
      ),
    ).toEqual({ c1: 'ALARM', c2: 'OK', c3: 'OK' });
    expect(
      CompositeAlarms!.find(a => a.AlarmName === 'c1')!.StateReason,
    ).toContain('alarm:api-error-rate transitioned to ALARM');
    const cycle = await failure(
      client.send(
        new PutCompositeAlarmCommand({
          AlarmName: 'c1',
          AlarmRule: 'ALARM("c3")',
        }),
      ),
    );
    expect(cycle.name).toBe('InvalidParameterValueException');
  });

  it('lets SetAlarmState override the state until the next evaluation', async () => {
    await client.send(
      new SetAlarmStateCommand({
        AlarmName: 'fraud-detection-v2-accuracy-low',
        StateValue: 'ALARM',
        StateReason: 'Testing the pager',
        StateReasonData: '{"test":true}',
      }),
    );
    expect(await alarm('fraud-detection-v2-accuracy-low')).toMatchObject({
      StateValue: 'ALARM',
      StateReason: 'Testing the pager',
    });
    emulator.advanceClock(60);
    expect((await alarm('fraud-detection-v2-accuracy-low')).StateValue).toBe(
      'OK',
    );
    expect(
      await failure(
        client.send(
          new SetAlarmStateCommand({
            AlarmName: 'fraud-detection-v2-accuracy-low',
            StateValue: 'OK',
            StateReason: 'x',
            StateReasonData: '{',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidFormatFault' });
    expect(
      await failure(
        client.send(
          new SetAlarmStateCommand({
            AlarmName: 'nope',
            StateValue: 'OK',
            StateReason: 'x',
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ResourceNotFound',
      status: 404,
    });
  });

  it('deletes alarms', async () => {
    await client.send(new DeleteAlarmsCommand({ AlarmNames: ['c3', 'c2'] }));
    expect(
      (
        await describe_({
          AlarmNames: ['c2', 'c3'],
          AlarmTypes: ['CompositeAlarm'],
        })
      ).CompositeAlarms,
    ).toEqual([]);
    expect(
      await failure(
        client.send(new DeleteAlarmsCommand({ AlarmNames: ['c2'] })),
      ),
    ).toMatchObject({ name: 'ResourceNotFound' });
  });
});
