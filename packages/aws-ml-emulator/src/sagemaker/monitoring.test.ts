import {
  CreateMonitoringScheduleCommand,
  DescribeMonitoringScheduleCommand,
  ListMonitoringAlertsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringExecutionsCommandInput,
  ListMonitoringSchedulesCommand,
  MonitoringExecutionSummary,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  DAY,
  HOUR,
  NOW,
  failure,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';

async function allExecutions(
  client: SageMakerClient,
  input: ListMonitoringExecutionsCommandInput,
) {
  const out: MonitoringExecutionSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListMonitoringExecutionsCommand({ ...input, NextToken: token }),
    );
    out.push(...page.MonitoringExecutionSummaries!);
    token = page.NextToken;
  } while (token);
  return out;
}

describe('SageMaker Model Monitor', () => {
  let emulator: Emulator;
  let client: SageMakerClient;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = sageMaker(emulator);
  });
  afterAll(() => emulator.stop());

  it('lists schedules with filters and stable pagination, without last executions', async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListMonitoringSchedulesCommand({ MaxResults: 5, NextToken: token }),
      );
      names.push(
        ...page.MonitoringScheduleSummaries!.map(
          s => s.MonitoringScheduleName!,
        ),
      );
      for (const summary of page.MonitoringScheduleSummaries!) {
        expect(summary).not.toHaveProperty('LastMonitoringExecutionSummary');
      }
      token = page.NextToken;
    } while (token);
    expect(names).toHaveLength(16);
    expect(new Set(names).size).toBe(16);

    const churn = await client.send(
      new ListMonitoringSchedulesCommand({
        EndpointName: 'churn-prediction-prod',
      }),
    );
    expect(
      churn
        .MonitoringScheduleSummaries!.map(s => s.MonitoringScheduleName)
        .sort(),
    ).toEqual([
      'churn-prediction-prod-data-quality',
      'churn-prediction-prod-model-quality',
    ]);
    const quality = await client.send(
      new ListMonitoringSchedulesCommand({
        MonitoringTypeEquals: 'ModelQuality',
        NameContains: 'demand',
        StatusEquals: 'Scheduled',
      }),
    );
    expect(quality.MonitoringScheduleSummaries).toEqual([
      expect.objectContaining({
        MonitoringScheduleName: 'demand-forecast-prod-model-quality',
        MonitoringType: 'ModelQuality',
        EndpointName: 'demand-forecast-prod',
        MonitoringJobDefinitionName: 'demand-forecast-prod-model-quality-job',
      }),
    ]);
    const error = await failure(
      client.send(new ListMonitoringSchedulesCommand({ MaxResults: 101 })),
    );
    expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('describes schedules with their config and last execution', async () => {
    const dq = await client.send(
      new DescribeMonitoringScheduleCommand({
        MonitoringScheduleName: 'recommendation-engine-prod-data-quality',
      }),
    );
    expect(dq.MonitoringType).toBe('DataQuality');
    expect(
      dq.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression,
    ).toBe('cron(0 * ? * * *)');
    expect(
      dq.MonitoringScheduleConfig?.MonitoringJobDefinition?.Environment
        ?.publish_cloudwatch_metrics,
    ).toBe('Enabled');
    expect(dq.LastMonitoringExecutionSummary).toMatchObject({
      MonitoringScheduleName: 'recommendation-engine-prod-data-quality',
      ScheduledTime: new Date('2026-11-25T14:00:00Z'),
      MonitoringExecutionStatus: 'CompletedWithViolations',
      EndpointName: 'recommendation-engine-prod',
    });
    expect(dq.LastModifiedTime!.getTime()).toBe(
      dq.LastMonitoringExecutionSummary!.LastModifiedTime!.getTime(),
    );

    const silent = await client.send(
      new DescribeMonitoringScheduleCommand({
        MonitoringScheduleName: 'product-categorizer-prod-data-quality',
      }),
    );
    expect(
      silent.MonitoringScheduleConfig?.MonitoringJobDefinition?.Environment
        ?.publish_cloudwatch_metrics,
    ).toBe('Disabled');
    expect(
      silent.LastMonitoringExecutionSummary?.MonitoringExecutionStatus,
    ).toBe('Completed');

    const missing = await failure(
      client.send(
        new DescribeMonitoringScheduleCommand({
          MonitoringScheduleName: 'nope',
        }),
      ),
    );
    expect(missing).toMatchObject({ name: 'ResourceNotFound', status: 400 });
  });

  it("reports demand-forecast's last model-quality run as Failed with the reason, earlier runs Completed", async () => {
    const runs = await client.send(
      new ListMonitoringExecutionsCommand({
        MonitoringScheduleName: 'demand-forecast-prod-model-quality',
        MaxResults: 3,
      }),
    );
    const [last, ...earlier] = runs.MonitoringExecutionSummaries!;
    expect(last).toMatchObject({
      ScheduledTime: new Date('2026-11-25T06:00:00Z'),
      MonitoringExecutionStatus: 'Failed',
      MonitoringType: 'ModelQuality',
    });
    expect(last.FailureReason).toMatch(
      /^ClientError: Ground truth labels not found at s3:\/\/demand-forecast-ground-truth\/2026\/11\/25\//,
    );
    expect(last.ProcessingJobArn).toMatch(
      /^arn:aws:sagemaker:us-east-1:123456789012:processing-job\/model-monitoring-202611250600-/,
    );
    expect(earlier.map(e => e.MonitoringExecutionStatus)).toEqual([
      'Completed',
      'Completed',
    ]);
  });

  it('marks churn model-quality runs after the accuracy drop as CompletedWithViolations', async () => {
    const drop = NOW.getTime() - 3 * DAY;
    const before = await client.send(
      new ListMonitoringExecutionsCommand({
        MonitoringScheduleName: 'churn-prediction-prod-model-quality',
        ScheduledTimeBefore: new Date(drop),
        ScheduledTimeAfter: new Date(drop - 6 * HOUR),
      }),
    );
    expect(before.MonitoringExecutionSummaries!.length).toBeGreaterThan(3);
    expect(
      new Set(
        before.MonitoringExecutionSummaries!.map(
          e => e.MonitoringExecutionStatus,
        ),
      ),
    ).toEqual(new Set(['Completed']));
    const after = await client.send(
      new ListMonitoringExecutionsCommand({
        MonitoringScheduleName: 'churn-prediction-prod-model-quality',
        ScheduledTimeAfter: new Date(drop),
        StatusEquals: 'Completed',
      }),
    );
    expect(after.MonitoringExecutionSummaries).toEqual([]);
  });

  it('pages through the executions of all schedules without duplicates, in order', async () => {
    const since = new Date(NOW.getTime() - DAY);
    const merged = await allExecutions(client, {
      ScheduledTimeAfter: since,
      MaxResults: 7,
    });
    const keys = merged.map(
      e => `${e.MonitoringScheduleName}@${e.ScheduledTime!.toISOString()}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    const created = merged.map(e => e.CreationTime!.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const schedules = await client.send(
      new ListMonitoringSchedulesCommand({ MaxResults: 100 }),
    );
    let expected = 0;
    for (const s of schedules.MonitoringScheduleSummaries!) {
      expected += (
        await allExecutions(client, {
          MonitoringScheduleName: s.MonitoringScheduleName,
          ScheduledTimeAfter: since,
          MaxResults: 100,
        })
      ).length;
    }
    expect(merged.length).toBe(expected);
    // Hourly schedules alone contribute 24 runs each in the last day.
    expect(expected).toBeGreaterThan(100);

    const ascending = await allExecutions(client, {
      EndpointName: 'search-ranking-prod',
      ScheduledTimeAfter: since,
      SortBy: 'ScheduledTime',
      SortOrder: 'Ascending',
      MaxResults: 10,
    });
    const scheduled = ascending.map(e => e.ScheduledTime!.getTime());
    expect(scheduled).toEqual([...scheduled].sort((a, b) => a - b));
    expect(ascending.every(e => e.EndpointName === 'search-ranking-prod')).toBe(
      true,
    );
  });

  it('filters executions by status across schedules', async () => {
    const failed = await allExecutions(client, {
      StatusEquals: 'Failed',
      MaxResults: 100,
    });
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map(e => e.MonitoringScheduleName))).toEqual(
      new Set(['demand-forecast-prod-model-quality']),
    );
  });

  it('creates schedules that then run on their cadence', async () => {
    const config = {
      ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
      MonitoringJobDefinition: {
        MonitoringInputs: [
          {
            EndpointInput: {
              EndpointName: 'legacy-pricing-model',
              LocalPath: '/opt/ml/processing/input',
            },
          },
        ],
        MonitoringOutputConfig: {
          MonitoringOutputs: [
            {
              S3Output: {
                S3Uri: 's3://b/out',
                LocalPath: '/opt/ml/processing/output',
              },
            },
          ],
        },
        MonitoringResources: {
          ClusterConfig: {
            InstanceCount: 1,
            InstanceType: 'ml.m5.large' as const,
            VolumeSizeInGB: 20,
          },
        },
        MonitoringAppSpecification: { ImageUri: 'image' },
        RoleArn: 'arn:aws:iam::123456789012:role/r',
      },
    };
    const bad = await failure(
      client.send(
        new CreateMonitoringScheduleCommand({
          MonitoringScheduleName: 'legacy-dq',
          MonitoringScheduleConfig: {
            ...config,
            ScheduleConfig: { ScheduleExpression: 'rate(1 hour)' },
          },
        }),
      ),
    );
    expect(bad.name).toBe('ValidationException');
    const created = await client.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: 'legacy-dq',
        MonitoringScheduleConfig: config,
      }),
    );
    expect(created.MonitoringScheduleArn).toBe(
      'arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/legacy-dq',
    );
    const duplicate = await failure(
      client.send(
        new CreateMonitoringScheduleCommand({
          MonitoringScheduleName: 'legacy-dq',
          MonitoringScheduleConfig: config,
        }),
      ),
    );
    expect(duplicate.name).toBe('ResourceInUse');

    expect(
      (
        await client.send(
          new ListMonitoringExecutionsCommand({
            MonitoringScheduleName: 'legacy-dq',
          }),
        )
      ).MonitoringExecutionSummaries,
    ).toEqual([]);
    emulator.advanceClock(2 * 3600);
    const runs = await client.send(
      new ListMonitoringExecutionsCommand({
        MonitoringScheduleName: 'legacy-dq',
      }),
    );
    // Created at 14:37; two hours later the 15:00 and 16:00 runs have both finished.
    expect(
      runs.MonitoringExecutionSummaries!.map(e => [
        e.ScheduledTime!.toISOString(),
        e.MonitoringExecutionStatus,
      ]),
    ).toEqual([
      ['2026-11-25T16:00:00.000Z', 'Completed'],
      ['2026-11-25T15:00:00.000Z', 'Completed'],
    ]);
    expect(runs.MonitoringExecutionSummaries![0].EndpointName).toBe(
      'legacy-pricing-model',
    );
  });

  it('lists monitoring alerts that follow the last finished run', async () => {
    const alerts = async (name: string) =>
      (
        await client.send(
          new ListMonitoringAlertsCommand({ MonitoringScheduleName: name }),
        )
      ).MonitoringAlertSummaries!;
    expect(await alerts('churn-prediction-prod-model-quality')).toEqual([
      expect.objectContaining({
        MonitoringAlertName: 'model-quality-violations',
        AlertStatus: 'InAlert',
      }),
    ]);
    expect(
      (await alerts('ticket-routing-prod-model-quality'))[0].AlertStatus,
    ).toBe('OK');
    const missing = await failure(
      client.send(
        new ListMonitoringAlertsCommand({ MonitoringScheduleName: 'nope' }),
      ),
    );
    expect(missing.name).toBe('ResourceNotFound');
  });
});
