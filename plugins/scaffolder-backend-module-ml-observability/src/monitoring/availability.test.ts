import { modelMonitorRefusal, refusedError } from './availability';

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
