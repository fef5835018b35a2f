import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  ListMonitoringSchedulesCommand,
} from '@aws-sdk/client-sagemaker';
import {
  ACCOUNT,
  AwsTestEnvironment,
  runAction,
  startAwsTestEnvironment,
} from '../__testUtils__/aws';
import { createMonitoringScheduleAction } from './createMonitoringSchedule';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/SageMakerModelMonitorRole`;

describe('mlobs:sagemaker:create-monitoring-schedule in an account that refuses Model Monitor', () => {
  let env: AwsTestEnvironment;

  beforeAll(async () => {
    env = await startAwsTestEnvironment({
      scenario: 'empty',
      endpointTransitionSeconds: 1,
    });
    for (const name of ['fresh', 'second']) {
      await env.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `${name}-config`,
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'm',
              InstanceType: 'ml.m5.large',
              InitialInstanceCount: 1,
            },
          ],
        }),
      );
      await env.sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: `${name}-config`,
        }),
      );
    }
    env.emulator.advanceClock(5);
  });
  afterEach(() => env.emulator.clearFaults());
  afterAll(() => env.stop());

  const input = (endpointName: string) => ({
    endpointName,
    baselineS3Uri: 's3://ml-baselines/fresh',
    roleArn: ROLE,
  });
  const schedules = async () =>
    (await env.sagemaker.send(new ListMonitoringSchedulesCommand({})))
      .MonitoringScheduleSummaries ?? [];

  it('stops at the first create call, creating nothing, and proposes the custom drift path', async () => {
    env.emulator.setFaults({ modelMonitorClosedAccounts: [ACCOUNT] });
    const action = createMonitoringScheduleAction(env);
    const run = runAction(action, input('fresh'));
    await expect(run).rejects.toThrow(
      /SageMaker refused CreateMonitoringSchedule in 123456789012\/us-east-1 \(AccessDeniedException: Amazon SageMaker Model Monitor is no longer open to new customers.*\)\. Nothing was created\. Model Monitor is not available to this account: choose the drift source "your own drift job"/,
    );
    await expect(run).rejects.toMatchObject({ name: 'InputError' });
    expect(await schedules()).toEqual([]);
  });

  it('says in the dry run, where it cannot ask AWS, that a new account will be refused', async () => {
    env.emulator.resetStats();
    env.emulator.setFaults({ modelMonitorClosedAccounts: [ACCOUNT] });
    const action = createMonitoringScheduleAction(env);
    const { outputs } = await runAction(action, input('fresh'), {
      dryRun: true,
    });
    expect(outputs.schedules).toEqual([
      {
        name: 'fresh-data-quality',
        type: 'DataQuality',
        status: 'would-create',
      },
    ]);
    expect(outputs.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          '123456789012/us-east-1 has no Model Monitor schedule yet',
        ),
      ]),
    );
    expect(
      outputs.warnings.find((w: string) => w.includes('no Model Monitor')),
    ).toContain('"your own drift job"');
    expect(
      env.emulator.stats().operations.CreateMonitoringSchedule,
    ).toBeUndefined();
  });

  it('warns in the dry run, naming the failure, when the schedule list cannot be read', async () => {
    const action = createMonitoringScheduleAction(env);
    for (const [fault, named] of [
      [
        { nonAwsErrorRate: 1 },
        'ListMonitoringSchedules answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint',
      ],
      [
        { denied: true },
        'ListMonitoringSchedules failed: AccessDeniedException',
      ],
    ] as const) {
      env.emulator.setFaults({
        accounts: {
          [ACCOUNT]: { operations: { ListMonitoringSchedules: fault } },
        },
      });
      const { outputs } = await runAction(action, input('fresh'), {
        dryRun: true,
      });
      expect(outputs.schedules).toEqual([
        {
          name: 'fresh-data-quality',
          type: 'DataQuality',
          status: 'would-create',
        },
      ]);
      const warning = outputs.warnings.find((w: string) =>
        w.includes('could not list the Model Monitor schedules'),
      );
      expect(warning).toContain(`of 123456789012/us-east-1 (${named}`);
      expect(warning).toContain('"your own drift job"');
    }
  });

  it('tells an IAM refusal apart from a closed Model Monitor', async () => {
    env.emulator.setFaults({
      accounts: {
        [ACCOUNT]: {
          operations: { CreateMonitoringSchedule: { denied: true } },
        },
      },
    });
    const action = createMonitoringScheduleAction(env);
    await expect(runAction(action, input('fresh'))).rejects.toThrow(
      /Nothing was created\. The role may not call sagemaker:CreateMonitoringSchedule: grant it, or choose the drift source "your own drift job"/,
    );
  });

  it('passes other failures on as they are, and warns no more once the account has a schedule', async () => {
    env.emulator.setFaults({
      accounts: {
        [ACCOUNT]: { operations: { DescribeEndpoint: { denied: true } } },
      },
    });
    const action = createMonitoringScheduleAction(env);
    await expect(runAction(action, input('fresh'))).rejects.toThrow(
      /^Creating the monitoring schedules of fresh in 123456789012\/us-east-1 failed: AccessDeniedException/,
    );
    env.emulator.clearFaults();
    await runAction(action, input('fresh'));
    const { outputs } = await runAction(action, input('second'), {
      dryRun: true,
    });
    expect(outputs.warnings).not.toEqual(
      expect.arrayContaining([expect.stringContaining('no Model Monitor')]),
    );
  });
});
