/**
 * What AWS-compatible endpoints really answer, through the real SDK against
 * the emulator: an operation answered with an HTML 500 page is marked
 * unsupported without retries or a retry storm, the rest of the round goes
 * on; a DescribeEndpoint without sampling or capture status falls back to the
 * endpoint config (described once per config) and shows the status unknown;
 * answers without the fields AWS documents as optional read the same fleet.
 */
import {
  CreateEndpointConfigCommand,
  SageMakerClient,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { emulatorClientConfig } from '@mlobs/aws-ml-emulator';
import {
  Fixture,
  PRIMARY,
  PRIMARY_REGION,
  collectorFor,
  demoTargets,
  startFixture,
} from './__testUtils__/emulatorFixture';
import type { CollectionResult, ModelObservation } from './types';

const WHERE = `${PRIMARY}/${PRIMARY_REGION}`;

function model(result: CollectionResult, name: string): ModelObservation {
  const found = result.observations.find(
    o => o.entityRef === `component:default/${name}`,
  );
  if (!found) throw new Error(`no observation for ${name}`);
  return found;
}

const nonAws = (operation: string) => ({
  accounts: {
    [PRIMARY]: { operations: { [operation]: { nonAwsErrorRate: 1 } } },
  },
});

const unsupported = (call: string) => ({
  outcome: 'unsupported',
  message: `SageMaker ${call} in ${WHERE} answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint`,
});

describe('DefaultFleetCollector against AWS-compatible endpoints (emulator, real SDK)', () => {
  let f: Fixture;
  let cold: CollectionResult;

  beforeAll(async () => {
    // Three attempts, as the SDK's default: a retry storm would show in the counts.
    f = await startFixture({ scenario: 'demo', aws: { maxAttempts: 3 } });
    cold = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
  });
  afterEach(() => {
    f.emulator.clearFaults();
    f.emulator.resetStats();
  });
  afterAll(() => f.close());

  async function round(state = cold.state, collector = f.collector) {
    f.emulator.advanceClock(300);
    f.emulator.resetStats();
    const result = await collector.collect(demoTargets(), state, {
      now: f.emulator.now(),
      lookbackDays: 1,
    });
    return { result, stats: f.emulator.stats() };
  }

  it('starts from a round without failures, which never describes endpoint configs', () => {
    expect(cold.stats.failedSources).toBe(0);
    expect(
      cold.stats.calls['SageMaker.DescribeEndpointConfig'],
    ).toBeUndefined();
  });

  it('marks a schedule list answered with an HTML 500 page as unsupported, once, without retries or extra calls', async () => {
    const healthy = await round();
    f.emulator.setFaults(nonAws('ListMonitoringSchedules'));
    const { result, stats } = await round(healthy.result.state);

    // One call in the faulted account/region, not retried; the round costs no more than a healthy one.
    expect(stats.accounts[WHERE].operations.ListMonitoringSchedules).toBe(1);
    expect(stats.operations.ListMonitoringSchedules.failed).toBe(1);
    expect(stats.totals.calls).toBeLessThanOrEqual(healthy.stats.totals.calls);
    expect(result.stats.calls['SageMaker.ListMonitoringSchedules']).toBe(2);

    const churn = model(result, 'churn-prediction');
    expect(churn.sources.schedules).toMatchObject(
      unsupported('ListMonitoringSchedules'),
    );
    // The other sources still succeed.
    expect(churn.sources.alarms?.outcome).toBe('ok');
    expect(churn.sources.endpoints?.outcome).toBe('ok');
    expect(churn.alarms?.length).toBeGreaterThan(0);
    const fraud = model(result, 'fraud-detection-v2');
    expect(fraud.sources['custom-metrics']?.outcome).toBe('ok');
    expect(fraud.sources.alarms?.outcome).toBe('ok');
    // The other account was not affected.
    const credit = model(result, 'credit-risk-scoring');
    expect(Object.values(credit.sources).every(s => s.outcome === 'ok')).toBe(
      true,
    );
  });

  it('does not call an operation again in the round once it answered a non-AWS body, and calls it again next round', async () => {
    // One call at a time, so no second call is already under way when the first answers.
    const serial = await collectorFor(f.emulator.url, {
      aws: { maxAttempts: 3, concurrency: 1 },
    });
    try {
      f.emulator.setFaults(nonAws('DescribeEndpoint'));
      f.emulator.resetStats();
      const result = await serial.collector.collect(
        demoTargets(),
        {},
        { now: f.emulator.now(), lookbackDays: 1 },
      );
      expect(
        f.emulator.stats().accounts[WHERE].operations.DescribeEndpoint,
      ).toBe(1);
      for (const name of ['churn-prediction', 'search-ranking']) {
        expect(model(result, name).sources.endpoints).toMatchObject(
          unsupported('DescribeEndpoint'),
        );
        expect(model(result, name).sources.alarms?.outcome).toBe('ok');
      }
      expect(
        model(result, 'credit-risk-scoring').sources.endpoints?.outcome,
      ).toBe('ok');

      f.emulator.clearFaults();
      const next = await round(result.state, serial.collector);
      expect(next.result.stats.failedSources).toBe(0);
      expect(
        next.stats.accounts[WHERE].operations.DescribeEndpoint,
      ).toBeGreaterThan(1);
    } finally {
      serial.factory.destroy();
    }
  });

  it('reads a metric listed twice by ListMetrics once, with the schedule list or without it', async () => {
    const coldRound = () =>
      f.collector.collect(
        demoTargets(),
        {},
        { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
      );
    const seriesOf = (result: CollectionResult) =>
      result.observations
        .flatMap(o => o.series.map(s => `${o.entityRef} ${s.key}`))
        .sort();
    const once = await coldRound();
    f.emulator.setFaults({ duplicateListMetrics: true });
    f.emulator.resetStats();
    const twice = await coldRound();
    expect(f.emulator.stats().operations.ListMetrics?.calls).toBe(
      once.stats.calls['CloudWatch.ListMetrics'],
    );
    expect(twice.stats.metricsRequested).toBe(once.stats.metricsRequested);
    expect(twice.stats.calls['CloudWatch.GetMetricData']).toBe(
      once.stats.calls['CloudWatch.GetMetricData'],
    );
    expect(seriesOf(twice)).toEqual(seriesOf(once));
    expect(new Set(seriesOf(twice)).size).toBe(seriesOf(twice).length);

    // Found by the endpoints' metrics: the same, once each.
    f.emulator.setFaults({
      ...nonAws('ListMonitoringSchedules'),
      duplicateListMetrics: true,
    });
    const unlisted = await coldRound();
    expect(unlisted.stats.metricsRequested).toBe(once.stats.metricsRequested);
    expect(seriesOf(unlisted)).toEqual(seriesOf(once));
  });

  it('reads the same fleet when the answers omit every field AWS documents as optional that the collector reads', async () => {
    const optional = {
      ListMonitoringSchedules: [
        'MonitoringScheduleSummaries.MonitoringType',
        'MonitoringScheduleSummaries.MonitoringJobDefinitionName',
        'MonitoringScheduleSummaries.EndpointName',
      ],
      ListMonitoringExecutions: [
        'MonitoringExecutionSummaries.MonitoringType',
        'MonitoringExecutionSummaries.FailureReason',
        'MonitoringExecutionSummaries.ProcessingJobArn',
        'MonitoringExecutionSummaries.EndpointName',
      ],
      DescribeAlarms: [
        'MetricAlarms.AlarmDescription',
        'MetricAlarms.StateReason',
        'MetricAlarms.StateReasonData',
        'MetricAlarms.AlarmActions',
        'MetricAlarms.OKActions',
        'MetricAlarms.StateTransitionedTimestamp',
      ],
      GetMetricData: ['MetricDataResults.Label', 'Messages'],
      ListMetrics: ['OwningAccounts'],
    };
    const seriesOf = (result: CollectionResult) =>
      result.observations
        .flatMap(o => o.series.map(s => `${o.entityRef} ${s.kind} ${s.key}`))
        .sort();
    const alarmsOf = (result: CollectionResult) =>
      result.observations
        .flatMap(o => (o.alarms ?? []).map(a => `${a.name} ${a.state}`))
        .sort();
    const schedulesOf = (result: CollectionResult) =>
      result.observations
        .flatMap(o =>
          (o.monitoringSchedules ?? []).map(
            m => `${o.entityRef} ${m.name} ${m.type}`,
          ),
        )
        .sort();
    const healthy = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
    f.emulator.setFaults({
      operations: Object.fromEntries(
        Object.entries(optional).map(([op, omitFields]) => [
          op,
          { omitFields },
        ]),
      ),
    });
    const sparse = await f.collector.collect(
      demoTargets(),
      {},
      { now: f.emulator.now(), lookbackDays: 1, discoverMetrics: true },
    );
    expect(sparse.stats.failedSources).toBe(0);
    expect(seriesOf(sparse)).toEqual(seriesOf(healthy));
    expect(alarmsOf(sparse)).toEqual(alarmsOf(healthy));
    expect(schedulesOf(sparse)).toEqual(schedulesOf(healthy));
    // What the cold round learned holds: a steady round attributes the same schedules without describing them.
    const steady = await round(sparse.state);
    expect(schedulesOf(steady.result)).toEqual(schedulesOf(healthy));
    expect(steady.result.stats.failedSources).toBe(0);
    expect(steady.stats.operations.DescribeMonitoringSchedule).toBeUndefined();
  });

  describe('a DescribeEndpoint without sampling and capture status', () => {
    const omit = {
      operations: {
        DescribeEndpoint: {
          omitFields: [
            'DataCaptureConfig.CurrentSamplingPercentage',
            'DataCaptureConfig.CaptureStatus',
          ],
        },
      },
    };

    it('takes the sampling from the endpoint config, once per config, and leaves the status unknown', async () => {
      f.emulator.setFaults(omit);
      const first = await f.collector.collect(
        demoTargets(),
        {},
        { now: f.emulator.now(), lookbackDays: 1 },
      );
      const churn = model(first, 'churn-prediction').endpoints![0];
      expect(churn.dataCapture).toEqual({
        enabled: true,
        samplingPercentage: 100,
        samplingFromConfig: true,
        destination: expect.stringMatching(/^s3:\/\//),
      });
      const recommendation = model(first, 'recommendation-engine')
        .endpoints![0];
      expect(recommendation.dataCapture).toMatchObject({
        samplingPercentage: 20,
        samplingFromConfig: true,
      });
      // Capture is stopped there, but the endpoint did not say so: unknown, not stopped.
      const shadow = model(first, 'search-ranking').endpoints!.find(
        e => e.name === 'search-ranking-shadow',
      )!;
      expect(shadow.dataCapture.enabled).toBe(true);
      expect(shadow.dataCapture.status).toBeUndefined();

      const capturing = first.observations
        .flatMap(o => o.endpoints ?? [])
        .filter(e => e.dataCapture.enabled);
      const configs = new Set(
        capturing.map(e => `${e.accountId}/${e.endpointConfigName}`),
      );
      expect(first.stats.calls['SageMaker.DescribeEndpointConfig']).toBe(
        configs.size,
      );

      // A steady round keeps the sampling and describes nothing.
      const steady = await round(first.state);
      expect(steady.stats.operations.DescribeEndpointConfig).toBeUndefined();
      expect(steady.stats.operations.DescribeEndpoint).toBeUndefined();
      expect(
        model(steady.result, 'churn-prediction').endpoints![0].dataCapture
          .samplingPercentage,
      ).toBe(100);
    });

    it('keeps the config sampling in a refresh of one model, without describing the config again', async () => {
      f.emulator.setFaults(omit);
      const first = await f.collector.collect(
        demoTargets(),
        {},
        { now: f.emulator.now(), lookbackDays: 1 },
      );
      const churn = demoTargets().find(t =>
        t.entityRef.endsWith('/churn-prediction'),
      )!;
      f.emulator.advanceClock(300);
      f.emulator.resetStats();
      const refresh = await f.collector.collectModel(churn, first.state, {
        now: f.emulator.now(),
        lookbackDays: 1,
        forceEntityRefs: [churn.entityRef],
      });
      // The refresh describes the endpoint again; its config is the same, so its sampling is known.
      expect(f.emulator.stats().operations.DescribeEndpoint?.calls).toBe(1);
      expect(
        f.emulator.stats().operations.DescribeEndpointConfig,
      ).toBeUndefined();
      expect(
        model(refresh, 'churn-prediction').endpoints![0].dataCapture,
      ).toEqual(model(first, 'churn-prediction').endpoints![0].dataCapture);

      // Without that state, the refresh reads the config itself.
      f.emulator.resetStats();
      const coldRefresh = await f.collector.collectModel(
        churn,
        {},
        {
          now: f.emulator.now(),
          lookbackDays: 1,
          forceEntityRefs: [churn.entityRef],
        },
      );
      expect(f.emulator.stats().operations.DescribeEndpointConfig?.calls).toBe(
        1,
      );
      expect(
        model(coldRefresh, 'churn-prediction').endpoints![0].dataCapture,
      ).toMatchObject({ samplingPercentage: 100, samplingFromConfig: true });
    });

    it('describes the new config when the endpoint moves to one', async () => {
      f.emulator.setFaults(omit);
      const first = await f.collector.collect(
        demoTargets(),
        {},
        { now: f.emulator.now(), lookbackDays: 1 },
      );
      const sagemaker = new SageMakerClient(
        emulatorClientConfig({
          url: f.emulator.url,
          accountId: PRIMARY,
          region: PRIMARY_REGION,
        }),
      );
      try {
        await sagemaker.send(
          new CreateEndpointConfigCommand({
            EndpointConfigName: 'ticket-routing-prod-config-sampled',
            ProductionVariants: [
              {
                VariantName: 'AllTraffic',
                ModelName: 'ticket-routing',
                InstanceType: 'ml.m5.large',
                InitialInstanceCount: 1,
              },
            ],
            DataCaptureConfig: {
              EnableCapture: true,
              InitialSamplingPercentage: 35,
              DestinationS3Uri: 's3://ml-capture/ticket-routing-prod/',
              CaptureOptions: [{ CaptureMode: 'Input' }],
            },
          }),
        );
        await sagemaker.send(
          new UpdateEndpointCommand({
            EndpointName: 'ticket-routing-prod',
            EndpointConfigName: 'ticket-routing-prod-config-sampled',
          }),
        );
      } finally {
        sagemaker.destroy();
      }
      f.emulator.advanceClock(120);
      const { result, stats } = await round(first.state);
      expect(stats.operations.DescribeEndpointConfig?.calls).toBe(1);
      expect(
        model(result, 'ticket-routing').endpoints![0].dataCapture,
      ).toMatchObject({ samplingPercentage: 35, samplingFromConfig: true });
    });
  });
});
