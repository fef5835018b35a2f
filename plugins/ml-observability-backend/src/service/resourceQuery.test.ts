import { parseResourceQuery } from './resourceQuery';

describe('parseResourceQuery', () => {
  it('looks a plain name up as endpoint, schedule and (case-sensitive) alarm', () => {
    expect(parseResourceQuery('  Fraud-Accuracy ')).toEqual({
      query: 'Fraud-Accuracy',
      isArn: false,
      keys: [
        { kind: 'endpoint', key: 'fraud-accuracy' },
        { kind: 'schedule', key: 'fraud-accuracy' },
        { kind: 'alarm', key: 'Fraud-Accuracy' },
      ],
    });
  });

  it('reads endpoint, schedule and alarm ARNs with their account and region', () => {
    expect(
      parseResourceQuery(
        'arn:aws:sagemaker:eu-west-1:123456789012:endpoint/Reco-Prod',
      ),
    ).toMatchObject({
      isArn: true,
      accountId: '123456789012',
      region: 'eu-west-1',
      keys: [{ kind: 'endpoint', key: 'reco-prod' }],
    });
    expect(
      parseResourceQuery(
        'arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/fraud-dq',
      ).keys,
    ).toEqual([{ kind: 'schedule', key: 'fraud-dq' }]);
    const alarm =
      'arn:aws-us-gov:cloudwatch:us-gov-west-1:123456789012:alarm:High: latency';
    expect(parseResourceQuery(alarm).keys).toEqual([
      { kind: 'alarm-arn', key: alarm },
      { kind: 'alarm', key: 'High: latency' },
    ]);
  });

  it.each([
    ['', 'resource is empty'],
    ['arn:aws:s3:::bucket', 'is not an ARN of the form'],
    [
      'arn:aws:sagemaker:us-east-1:123456789012:model/x',
      'is not the ARN of a SageMaker endpoint',
    ],
    [
      'arn:aws:cloudwatch:us-east-1:123456789012:dashboard/x',
      'is not the ARN of a SageMaker endpoint',
    ],
    ['a\u0000b', 'control characters'],
    ['x'.repeat(2049), 'at most 2048'],
  ])('refuses %j', (input, message) => {
    expect(() => parseResourceQuery(input)).toThrow(message);
  });
});
