import type { AlarmInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AlarmOwner,
  CollectedAlarm,
  alarmRuleReferences,
  alarmsOfModel,
  watchesModel,
} from './alarms';

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

describe('alarmsOfModel over a large region', () => {
  /** The definition, one scan of every alarm per model, as a reference. */
  function byScan(alarms: CollectedAlarm[], owner: AlarmOwner): string[] {
    const endpoints = new Set(owner.endpointNames);
    const schedules = new Set(owner.scheduleNames ?? []);
    const mine = new Set(
      alarms
        .filter(a =>
          a.watches.some(w => watchesModel(w, owner, endpoints, schedules)),
        )
        .map(a => a.info.name),
    );
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of alarms) {
        if (
          c.info.type === 'composite' &&
          !mine.has(c.info.name) &&
          c.refersTo.some(r => mine.has(r))
        ) {
          mine.add(c.info.name);
          grew = true;
        }
      }
    }
    return alarms.filter(a => mine.has(a.info.name)).map(a => a.info.name);
  }

  it('finds exactly what a scan of every alarm finds, for every model', () => {
    const owners: AlarmOwner[] = [];
    const alarms: CollectedAlarm[] = [];
    for (let i = 0; i < 60; i++) {
      const ep = `ep-${i}`;
      const owner: AlarmOwner = {
        endpointNames: i % 7 === 0 ? [ep, `ep-${i}-shadow`] : [ep],
        scheduleNames: i % 5 === 0 ? [] : [`sched-${i}`],
        metricSources:
          i % 3 === 0
            ? [{ namespace: 'Team/Custom', dimensions: [], periodSeconds: 300 }]
            : [
                {
                  namespace: 'ML/ModelPerformance',
                  dimensions: [
                    { name: 'ModelName', value: `m-${i}` },
                    { name: 'Stage', value: i % 2 ? 'prod' : 'dev' },
                  ],
                  periodSeconds: 300,
                },
              ],
      };
      owners.push(owner);
      alarms.push(
        metricAlarm(`${i}-drift`, 'aws/sagemaker/Endpoints/data-metrics', {
          Endpoint: ep,
          MonitoringSchedule: `sched-${i}`,
        }),
        // Endpoint outside the Model Monitor namespaces and without a schedule: not the model's.
        metricAlarm(`${i}-other-ns`, 'Vendor/Things', { Endpoint: ep }),
        metricAlarm(`${i}-latency`, 'AWS/SageMaker', {
          EndpointName: `ep-${(i * 7) % 60}`,
          VariantName: 'AllTraffic',
        }),
        metricAlarm(`${i}-accuracy`, 'ML/ModelPerformance', {
          ModelName: `m-${i}`,
          Stage: 'prod',
        }),
        metricAlarm(`${i}-bare`, 'Team/Custom', {}),
        composite(
          `${i}-any`,
          `ALARM("${i}-drift") OR ALARM("${(i + 1) % 60}-accuracy")`,
        ),
        composite(`${i}-page`, `ALARM("${i}-any")`),
      );
    }
    for (const owner of owners) {
      expect(alarmsOfModel(alarms, owner).map(a => a.name)).toEqual(
        byScan(alarms, owner),
      );
    }
  });
});
