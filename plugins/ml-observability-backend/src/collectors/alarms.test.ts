import type { AlarmInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import { CollectedAlarm, alarmRuleReferences, alarmsOfModel } from './alarms';

function metricAlarm(
  name: string,
  namespace: string,
  dimensions: Record<string, string>,
): CollectedAlarm {
  const dims = Object.entries(dimensions).map(([n, value]) => ({
    name: n,
    value,
  }));
  return {
    info: {
      name,
      arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
      type: 'metric',
      state: 'OK',
    } as AlarmInfo,
    watches: [{ namespace, name: 'm', dimensions: dims }],
    refersTo: [],
  };
}

function composite(name: string, rule: string): CollectedAlarm {
  return {
    info: {
      name,
      arn: `arn:${name}`,
      type: 'composite',
      state: 'ALARM',
      alarmRule: rule,
    },
    watches: [],
    refersTo: alarmRuleReferences(rule),
  };
}

describe('alarmRuleReferences', () => {
  it('reads names, quoted or not, and ARNs', () => {
    expect(
      alarmRuleReferences(
        'ALARM("a-low") OR (OK(b) AND NOT INSUFFICIENT_DATA(\'c d\')) OR ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:e)',
      ),
    ).toEqual(['a-low', 'b', 'c d', 'e']);
    expect(alarmRuleReferences('TRUE')).toEqual([]);
  });
});

describe('alarmsOfModel', () => {
  const owner = {
    endpointNames: ['churn-prod'],
    scheduleNames: ['churn-prod-model-quality'],
    metricSources: [
      {
        namespace: 'ML/ModelPerformance',
        dimensions: [{ name: 'ModelName', value: 'churn' }],
        periodSeconds: 300,
      },
    ],
  };
  const alarms = [
    metricAlarm('mm', 'aws/sagemaker/Endpoints/model-metrics', {
      Endpoint: 'churn-prod',
      MonitoringSchedule: 'churn-prod-model-quality',
    }),
    metricAlarm('latency', 'AWS/SageMaker', {
      EndpointName: 'churn-prod',
      VariantName: 'AllTraffic',
    }),
    metricAlarm('pipeline', 'ML/ModelMonitoring', {
      Endpoint: 'churn-prod',
      MonitoringSchedule: 'churn-prod-model-quality',
    }),
    metricAlarm('custom', 'ML/ModelPerformance', { ModelName: 'churn' }),
    metricAlarm('custom-variant', 'ML/ModelPerformance', {
      ModelName: 'churn',
      Variant: 'A',
    }),
    metricAlarm('other-model', 'ML/ModelPerformance', { ModelName: 'fraud' }),
    metricAlarm('other-endpoint', 'aws/sagemaker/Endpoints/data-metrics', {
      Endpoint: 'fraud-prod',
    }),
    // "Endpoint" means something else outside SageMaker: not the model's without a schedule.
    metricAlarm('api-gateway', 'AWS/ApiGateway', { Endpoint: 'churn-prod' }),
    composite('churn-critical', 'ALARM("mm") OR ALARM("other-model")'),
    composite('churn-page', 'ALARM(churn-critical)'),
    composite('fraud-critical', 'ALARM("other-model")'),
  ];

  it('matches by namespace and dimensions, and composites through their rules', () => {
    expect(alarmsOfModel(alarms, owner).map(a => a.name)).toEqual([
      'mm',
      'latency',
      'pipeline',
      'custom',
      'custom-variant',
      'churn-critical',
      'churn-page',
    ]);
  });

  it('finds nothing for a model with no matching alarms', () => {
    expect(
      alarmsOfModel(alarms, { endpointNames: ['x'], metricSources: [] }),
    ).toEqual([]);
  });
});
