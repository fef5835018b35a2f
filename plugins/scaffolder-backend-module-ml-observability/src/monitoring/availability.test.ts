import { NonAwsAnswerError } from '@mlobs/backstage-plugin-ml-observability-node';
import {
  modelMonitorDryRunWarning,
  modelMonitorRefusal,
  refusedError,
} from './availability';

const named = (name: string, message: string) =>
  Object.assign(new Error(message), { name });

describe('Model Monitor refusals', () => {
  it('tells a closed Model Monitor from an IAM refusal, whatever the error name', () => {
    expect(
      modelMonitorRefusal(
        named(
          'ValidationException',
          'Amazon SageMaker Model Monitor is no longer available to new customers.',
        ),
      ),
    ).toBe('closed');
    expect(
      modelMonitorRefusal(
        named(
          'AccessDeniedException',
          'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: sagemaker:CreateMonitoringSchedule',
        ),
      ),
    ).toBe('denied');
    expect(
      modelMonitorRefusal(named('ThrottlingException', 'Rate exceeded')),
    ).toBeUndefined();
    expect(modelMonitorRefusal('a string')).toBeUndefined();
  });

  it('names what was created before a refusal', () => {
    const error = refusedError(
      named('AccessDeniedException', 'not authorized\nmore detail'),
      {
        operation: 'CreateModelQualityJobDefinition',
        where: '123456789012/us-east-1',
        created: ['scoring-data-quality'],
      },
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'SageMaker refused CreateModelQualityJobDefinition in 123456789012/us-east-1 (AccessDeniedException: not authorized). Created before the refusal: scoring-data-quality. The role may not call sagemaker:CreateModelQualityJobDefinition: grant it, or choose the drift source "your own drift job" instead: publish drift scores to CloudWatch (the ml-observability/metrics contract) and let mlobs:cloudwatch:create-alarms alarm on them (input customDrift).',
    );
  });
});

describe('the dry run warning about Model Monitor', () => {
  const failing = (error: Error) => ({
    send: jest.fn().mockRejectedValue(error),
  });
  const WHERE = '123456789012/us-east-1';

  it('warns, naming the failure, when the schedule list answers an HTML 500 page', async () => {
    const warning = await modelMonitorDryRunWarning(
      failing(
        new NonAwsAnswerError({ statusCode: 500, contentType: 'text/html' }),
      ),
      WHERE,
    );
    expect(warning).toBe(
      `the dry run could not list the Model Monitor schedules of ${WHERE} (ListMonitoringSchedules answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint), so it cannot tell whether this account may use Model Monitor; if the real run is refused at its first create call (before anything is created), choose the drift source "your own drift job" instead: publish drift scores to CloudWatch (the ml-observability/metrics contract) and let mlobs:cloudwatch:create-alarms alarm on them (input customDrift)`,
    );
  });

  it('warns when the role may not list schedules', async () => {
    const warning = await modelMonitorDryRunWarning(
      failing(
        named(
          'AccessDeniedException',
          'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: sagemaker:ListMonitoringSchedules',
        ),
      ),
      WHERE,
    );
    expect(warning).toContain(
      '(ListMonitoringSchedules failed: AccessDeniedException: User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: sagemaker:ListMonitoringSchedules)',
    );
  });

  it('says nothing for an account that has a schedule', async () => {
    const sagemaker = {
      send: jest.fn().mockResolvedValue({
        MonitoringScheduleSummaries: [{ MonitoringScheduleName: 's' }],
      }),
    };
    expect(await modelMonitorDryRunWarning(sagemaker, WHERE)).toBeUndefined();
  });
});
