import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  MetricAlarm,
  PutMetricAlarmCommand,
  PutMetricAlarmCommandInput,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import type { Emulator } from '../emulator';
import {
  HOUR,
  cloudWatch,
  failure,
  startTestEmulator,
} from '../__testUtils__/clients';

const metric = (service: string) => ({
  Id: 'm1',
  ReturnData: true,
  MetricStat: {
    Metric: {
      Namespace: 'Team/Quality',
      MetricName: 'accuracy',
      Dimensions: [{ Name: 'Service', Value: service }],
    },
    Period: 3600,
    Stat: 'Average',
  },
});

describe('anomaly-detection alarms (ThresholdMetricId, ANOMALY_DETECTION_BAND)', () => {
  let emulator: Emulator;
  let client: CloudWatchClient;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = cloudWatch(emulator);
  });
  afterAll(() => emulator.stop());

  const put = (
    service: string,
    input: Partial<PutMetricAlarmCommandInput> = {},
  ) =>
    client.send(
      new PutMetricAlarmCommand({
        AlarmName: `band-${service}`,
        EvaluationPeriods: 1,
        ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
        ThresholdMetricId: 'band',
        Metrics: [
          metric(service),
          {
            Id: 'band',
            Expression: 'ANOMALY_DETECTION_BAND(m1, 2)',
            ReturnData: true,
          },
        ],
        ...input,
      }),
    );
  const alarm = async (name: string): Promise<MetricAlarm> =>
    (await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] })))
      .MetricAlarms![0];
  const publish = (service: string, values: number[], lastAt: number) =>
    client.send(
      new PutMetricDataCommand({
        Namespace: 'Team/Quality',
        MetricData: values.map((value, i) => ({
          MetricName: 'accuracy',
          Dimensions: [{ Name: 'Service', Value: service }],
          Value: value,
          Timestamp: new Date(lastAt - (values.length - 1 - i) * HOUR),
        })),
      }),
    );
  const currentHour = () =>
    Math.floor(emulator.now().getTime() / HOUR) * HOUR + 60_000;

  it('stores and describes the alarm with its ThresholdMetricId and no Threshold', async () => {
    await put('describe');
    const described = await alarm('band-describe');
    expect(described).toMatchObject({
      ThresholdMetricId: 'band',
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
    });
    expect(described.Threshold).toBeUndefined();
    expect(described.Metrics!.map(m => [m.Id, m.Expression])).toEqual([
      ['m1', undefined],
      ['band', 'ANOMALY_DETECTION_BAND(m1, 2)'],
    ]);
    // no history yet: nothing to train the band on
    expect(described.StateValue).toBe('INSUFFICIENT_DATA');
  });

  it('is OK inside the band trained on the day before and ALARM outside it', async () => {
    const usual = [0.91, 0.93, 0.92, 0.9, 0.92, 0.93, 0.91, 0.92];
    await put('eval');
    await publish('eval', [...usual, 0.92], currentHour());
    expect((await alarm('band-eval')).StateValue).toBe('OK');
    await put('jump');
    await publish('jump', [...usual, 0.6], currentHour());
    const jumped = await alarm('band-jump');
    expect(jumped.StateValue).toBe('ALARM');
    expect(jumped.StateReason).toContain(
      'outside the band of the anomaly band (2 standard deviations)',
    );
  });

  it('validates like CloudWatch', async () => {
    expect(
      await failure(put('bad', { ThresholdMetricId: 'nope' })),
    ).toMatchObject({ name: 'ValidationException' });
    expect(
      await failure(put('bad', { ComparisonOperator: 'LessThanThreshold' })),
    ).toMatchObject({ name: 'ValidationException' });
    expect(await failure(put('bad', { Threshold: 1 }))).toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
    expect(
      await failure(
        put('bad', {
          Metrics: [
            metric('bad'),
            { Id: 'band', Expression: 'm1 * 2', ReturnData: true },
          ],
        }),
      ),
    ).toMatchObject({ name: 'ValidationException' });
  });
});
