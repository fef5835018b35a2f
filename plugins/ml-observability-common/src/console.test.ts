import {
  awsConsoleBaseUrl,
  cloudWatchAlarmUrl,
  cloudWatchMetricUrl,
  sageMakerEndpointUrl,
  sageMakerMonitoringScheduleUrl,
  sageMakerProcessingJobUrl,
} from './console';

describe('console URLs', () => {
  it.each([
    ['us-east-1', 'https://us-east-1.console.aws.amazon.com'],
    ['eu-west-1', 'https://eu-west-1.console.aws.amazon.com'],
    ['us-gov-west-1', 'https://console.amazonaws-us-gov.com'],
    ['cn-north-1', 'https://console.amazonaws.cn'],
  ])('uses the console of the partition of %s', (region, base) => {
    expect(awsConsoleBaseUrl(region)).toBe(base);
  });

  it('links an alarm, encoding its name', () => {
    expect(cloudWatchAlarmUrl('us-east-1', 'fraud accuracy/low')).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/fraud%20accuracy%2Flow',
    );
  });

  it('links a metric graph in the console graph encoding', () => {
    const url = cloudWatchMetricUrl('eu-west-1', {
      namespace: 'ML/ModelPerformance',
      name: 'Accuracy',
      dimensions: [{ name: 'ModelName', value: "fraud's (v2)" }],
      stat: 'Average',
      periodSeconds: 300,
    });
    expect(url).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#metricsV2:graph=' +
        "~(view~'timeSeries~stacked~false~region~'eu-west-1~metrics~(~(~'ML*2FModelPerformance~'Accuracy~'ModelName~'fraud*27s*20*28v2*29~(stat~'Average~period~300))))",
    );
  });

  it('leaves out the options of a metric without stat or period', () => {
    expect(
      cloudWatchMetricUrl('us-east-1', {
        namespace: 'A',
        name: 'B',
        dimensions: [],
      }),
    ).toMatch(/metrics~\(~\(~'A~'B\)\)\)$/);
  });

  it('links SageMaker endpoints, schedules and processing jobs', () => {
    const home =
      'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1';
    expect(sageMakerEndpointUrl('us-east-1', 'churn-prediction-prod')).toBe(
      `${home}#/endpoints/churn-prediction-prod`,
    );
    expect(
      sageMakerMonitoringScheduleUrl('us-east-1', {
        name: 's',
        endpointName: 'e',
      }),
    ).toBe(`${home}#/endpoints/e`);
    expect(sageMakerMonitoringScheduleUrl('us-east-1', { name: 's' })).toBe(
      `${home}#/endpoints`,
    );
    expect(
      sageMakerProcessingJobUrl(
        'us-east-1',
        'arn:aws:sagemaker:us-east-1:123456789012:processing-job/model-monitoring-202403111400-abc',
      ),
    ).toBe(`${home}#/processing-jobs/model-monitoring-202403111400-abc`);
    expect(sageMakerProcessingJobUrl('us-east-1', 'job-1')).toBe(
      `${home}#/processing-jobs/job-1`,
    );
  });
});
