import {
  ListEndpointsCommand,
  ListMonitoringExecutionsCommand,
} from '@aws-sdk/client-sagemaker';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
  Metric,
} from '@aws-sdk/client-cloudwatch';
import {
  NOW,
  cloudWatch,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';
import { buildScenario } from '.';
import { SCALE_SHARES } from './scale';

const season = {
  Id: 'drift',
  MetricStat: {
    Metric: {
      Namespace: 'aws/sagemaker/Endpoints/data-metrics',
      MetricName: 'feature_baseline_drift_season',
      Dimensions: [
        { Name: 'Endpoint', Value: 'recommendation-engine-prod' },
        {
          Name: 'MonitoringSchedule',
          Value: 'recommendation-engine-prod-data-quality',
        },
      ],
    },
    Period: 3600,
    Stat: 'Average',
  },
};

describe('scenarios', () => {
  it('derive every value from the seed', async () => {
    const run = async (seed: string) => {
      const emulator = await startTestEmulator({ seed });
      try {
        const result = await cloudWatch(emulator).send(
          new GetMetricDataCommand({
            StartTime: new Date(NOW.getTime() - 6 * 3600_000),
            EndTime: NOW,
            MetricDataQueries: [season],
          }),
        );
        return result.MetricDataResults![0].Values;
      } finally {
        await emulator.stop();
      }
    };
    const first = await run('one');
    expect(first!.length).toBe(6);
    expect(await run('one')).toEqual(first);
    expect(await run('two')).not.toEqual(first);
  });

  it('builds an empty world', async () => {
    const emulator = await startTestEmulator({ scenario: 'empty' });
    try {
      expect(
        (await sageMaker(emulator).send(new ListEndpointsCommand({})))
          .Endpoints,
      ).toEqual([]);
      expect(
        (await cloudWatch(emulator).send(new DescribeAlarmsCommand({})))
          .MetricAlarms,
      ).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });

  it('sizes the scale fleet from its options, with a deterministic share of problems', () => {
    const scenario = buildScenario('scale', {
      seed: 'bench',
      anchor: NOW.getTime(),
      models: 2000,
      features: 4,
      schedules: 3,
    });
    expect(scenario.models).toHaveLength(2000);
    expect(scenario.alarms).toHaveLength(4000);
    expect(scenario.models[0].endpoint!.name).toBe(
      'scale-model-00001-endpoint',
    );
    expect(scenario.models[0].schedules.map(s => s.type)).toEqual([
      'DataQuality',
      'ModelQuality',
      'ModelBias',
    ]);
    expect(scenario.models[0].features.map(f => f.name)).toEqual([
      'feature_01',
      'feature_02',
      'feature_03',
      'feature_04',
    ]);
    const drifting =
      scenario.models.filter(m => m.features[0].drift.shift).length / 2000;
    expect(Math.abs(drifting - SCALE_SHARES.drifting)).toBeLessThan(0.03);
    const failing =
      scenario.models.filter(m => m.schedules.some(s => s.failure)).length /
      2000;
    expect(Math.abs(failing - SCALE_SHARES.failing)).toBeLessThan(0.02);
  });

  it('serves a scale fleet with paginated ListMetrics and executions', async () => {
    const emulator = await startTestEmulator({
      scenario: 'scale',
      models: 300,
      features: 4,
      schedules: 2,
    });
    try {
      const cw = cloudWatch(emulator);
      const seen = new Set<string>();
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await cw.send(
          new ListMetricsCommand({
            Namespace: 'aws/sagemaker/Endpoints/data-metrics',
            NextToken: token,
          }),
        );
        expect(page.Metrics!.length).toBeLessThanOrEqual(500);
        page.Metrics!.forEach((m: Metric) =>
          seen.add(`${m.MetricName}|${m.Dimensions![0].Value}`),
        );
        token = page.NextToken;
        pages++;
      } while (token);
      // 300 models x 4 features x 3 statistics, listed once each.
      expect(seen.size).toBe(3600);
      expect(pages).toBe(8);
      const executions = await sageMaker(emulator).send(
        new ListMonitoringExecutionsCommand({ MaxResults: 100 }),
      );
      expect(executions.MonitoringExecutionSummaries).toHaveLength(100);
      const alarms = await cw.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: 'scale-model-0000',
          MaxRecords: 100,
        }),
      );
      expect(alarms.MetricAlarms!.map(a => a.AlarmName)).toHaveLength(18);
    } finally {
      await emulator.stop();
    }
  });
});
