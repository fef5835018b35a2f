import {
  CloudWatchClient,
  Dimension,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListMonitoringExecutionsCommand,
  SageMakerClient,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  HOUR,
  NOW,
  cloudWatch,
  monitorDimensions,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';

const EndpointName = 'recommendation-engine-prod';
const MINUTE = 60_000;
/** The runbook's drift threshold (alarm recommendation-engine-season-drift). */
const DRIFT_THRESHOLD = 0.25;

type Points = Array<[number, number]>;

async function series(
  cw: CloudWatchClient,
  metric: { Namespace: string; MetricName: string; Dimensions: Dimension[] },
  stat: string,
  period: number,
  from: number,
  to: number,
): Promise<Points> {
  const data = await cw.send(
    new GetMetricDataCommand({
      StartTime: new Date(from),
      EndTime: new Date(to),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        { Id: 'm', MetricStat: { Metric: metric, Period: period, Stat: stat } },
      ],
    }),
  );
  const result = data.MetricDataResults![0];
  return result.Timestamps!.map((t, i) => [t.getTime(), result.Values![i]]);
}

const invocations = (
  cw: CloudWatchClient,
  variant: string,
  from: number,
  to: number,
) =>
  series(
    cw,
    {
      Namespace: 'AWS/SageMaker',
      MetricName: 'Invocations',
      Dimensions: [
        { Name: 'EndpointName', Value: EndpointName },
        { Name: 'VariantName', Value: variant },
      ],
    },
    'Sum',
    60,
    from,
    to,
  );

/** One point per hourly DataQuality run, at its scheduled time. */
const seasonDrift = (cw: CloudWatchClient, from: number, to: number) =>
  series(
    cw,
    {
      Namespace: 'aws/sagemaker/Endpoints/data-metrics',
      MetricName: 'feature_baseline_drift_season',
      Dimensions: monitorDimensions(EndpointName, 'data-quality'),
    },
    'Maximum',
    3600,
    from,
    to,
  );

/** The hourly average click-through rate (the alarm recommendation-engine-ctr-low's view). */
const ctr = (cw: CloudWatchClient, from: number, to: number) =>
  series(
    cw,
    {
      Namespace: 'ML/ModelPerformance',
      MetricName: 'ClickThroughRate',
      Dimensions: [{ Name: 'ModelName', Value: 'recommendation-engine' }],
    },
    'Average',
    3600,
    from,
    to,
  );

async function dataQualityRuns(sm: SageMakerClient, from: number) {
  const page = await sm.send(
    new ListMonitoringExecutionsCommand({
      MonitoringScheduleName: `${EndpointName}-data-quality`,
      ScheduledTimeAfter: new Date(from - 1),
      SortBy: 'ScheduledTime',
      SortOrder: 'Ascending',
      MaxResults: 100,
    }),
  );
  return page.MonitoringExecutionSummaries!.map(e => [
    e.ScheduledTime!.getTime(),
    e.MonitoringExecutionStatus,
  ]);
}

function shift(sm: SageMakerClient, current: number, fallback: number) {
  return sm.send(
    new UpdateEndpointWeightsAndCapacitiesCommand({
      EndpointName,
      DesiredWeightsAndCapacities: [
        { VariantName: 'AllTraffic', DesiredWeight: current },
        { VariantName: 'popularity-fallback', DesiredWeight: fallback },
      ],
    }),
  );
}

const values = (points: Points) => points.map(([, v]) => v);
const mean = (points: Points) =>
  values(points).reduce((a, b) => a + b, 0) / points.length;

describe('the recommendation-engine popularity fallback (demo)', () => {
  let emulator: Emulator;
  let sm: SageMakerClient;
  let cw: CloudWatchClient;
  /** The instant the shift to the fallback completes (the transition is 60 s in tests). */
  const shifted = NOW.getTime() + MINUTE;

  beforeEach(async () => {
    emulator = await startTestEmulator();
    sm = sageMaker(emulator);
    cw = cloudWatch(emulator);
  });
  afterEach(() => emulator.stop());

  /** Shifts all traffic to the fallback now and lets the update finish. */
  async function shiftToFallback() {
    await shift(sm, 0, 1);
    emulator.advanceClock(61);
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName }));
    expect(d.EndpointStatus).toBe('InService');
  }

  it('serves the current variant with all traffic and keeps popularity-fallback at weight 0', async () => {
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName }));
    expect(
      d.ProductionVariants!.map(v => [
        v.VariantName,
        v.CurrentWeight,
        v.DesiredWeight,
      ]),
    ).toEqual([
      ['AllTraffic', 1, 1],
      ['popularity-fallback', 0, 0],
    ]);
    const config = await sm.send(
      new DescribeEndpointConfigCommand({
        EndpointConfigName: d.EndpointConfigName,
      }),
    );
    expect(
      config.ProductionVariants!.map(v => [
        v.VariantName,
        v.ModelName,
        v.InstanceType,
      ]),
    ).toEqual([
      ['AllTraffic', 'recommendation-engine-v14', 'ml.m5.xlarge'],
      ['popularity-fallback', 'recommendation-popularity-v3', 'ml.c5.large'],
    ]);
    const from = NOW.getTime() - HOUR;
    const current = await invocations(cw, 'AllTraffic', from, NOW.getTime());
    const fallback = await invocations(
      cw,
      'popularity-fallback',
      from,
      NOW.getTime(),
    );
    expect(current).toHaveLength(60);
    expect(Math.min(...values(current))).toBeGreaterThan(0);
    expect(fallback).toHaveLength(60);
    expect(values(fallback).every(v => v === 0)).toBe(true);
  });

  it('splits the invocations by the current weights once the shift completes', async () => {
    // Nobody describes the endpoint in between: the metrics see the completed update anyway.
    await shift(sm, 0, 1);
    emulator.advanceClock(61 + HOUR / 1000);
    const from = NOW.getTime() - HOUR;
    const to = emulator.now().getTime();
    const current = await invocations(cw, 'AllTraffic', from, to);
    const fallback = await invocations(cw, 'popularity-fallback', from, to);
    const before = (p: Points) => p.filter(([t]) => t < shifted);
    const after = (p: Points) => p.filter(([t]) => t >= shifted);
    expect(before(current)).toHaveLength(61);
    expect(after(current).length).toBeGreaterThanOrEqual(60);
    expect(Math.min(...values(before(current)))).toBeGreaterThan(0);
    expect(values(before(fallback)).every(v => v === 0)).toBe(true);
    expect(values(after(current)).every(v => v === 0)).toBe(true);
    expect(Math.min(...values(after(fallback)))).toBeGreaterThan(0);
    // The endpoint keeps its traffic: the fallback serves what the current variant did.
    expect(mean(after(fallback)) / mean(before(current))).toBeGreaterThan(0.8);
    expect(mean(after(fallback)) / mean(before(current))).toBeLessThan(1.25);
  });

  it('lets season drift and click-through rate recover over the hours after the shift, leaving the history as it was', async () => {
    const start = Date.parse('2026-11-25T08:00:00Z');
    const driftBefore = await seasonDrift(cw, start, NOW.getTime());
    const ctrBefore = await ctr(cw, start, NOW.getTime());
    // Degraded: every hourly run flags the season drift, CTR well below its usual ~4.5%.
    expect(driftBefore.length).toBeGreaterThanOrEqual(5);
    expect(Math.min(...values(driftBefore))).toBeGreaterThan(DRIFT_THRESHOLD);
    expect(Math.max(...values(ctrBefore))).toBeLessThan(3.2);

    await shiftToFallback();
    emulator.advanceClock((3 * HOUR) / 1000);
    const to = emulator.now().getTime();
    const drift = await seasonDrift(cw, start, to);
    const rates = await ctr(cw, start, to);

    // Before the shift nothing changed.
    expect(drift.filter(([t]) => t < shifted)).toEqual(driftBefore);
    expect(rates.filter(([t]) => t < NOW.getTime() - HOUR)).toEqual(
      ctrBefore.filter(([t]) => t < NOW.getTime() - HOUR),
    );
    // The runs two and three hours later are back below the threshold, the last one well below.
    const later = drift.filter(([t]) => t >= shifted + HOUR);
    expect(later.map(([t]) => t)).toEqual([
      Date.parse('2026-11-25T16:00:00Z'),
      Date.parse('2026-11-25T17:00:00Z'),
    ]);
    expect(Math.max(...values(later))).toBeLessThan(DRIFT_THRESHOLD);
    expect(later[1][1]).toBeLessThan(0.15);
    expect(later[1][1]).toBeLessThan(later[0][1]);
    // CTR rises back toward its usual level: the hour ending 3 h after the shift is ~4.5%.
    const lastHour = rates[rates.length - 1];
    expect(lastHour[0]).toBe(Date.parse('2026-11-25T17:00:00Z'));
    expect(lastHour[1]).toBeGreaterThan(4);
    expect(lastHour[1] - ctrBefore[ctrBefore.length - 1][1]).toBeGreaterThan(
      1.2,
    );
    // Model Monitor sees it too: the latest data-quality run has no violations any more.
    const runs = await dataQualityRuns(sm, NOW.getTime() - HOUR);
    expect(runs[0]).toEqual([
      Date.parse('2026-11-25T14:00:00Z'),
      'CompletedWithViolations',
    ]);
    expect(runs[runs.length - 1]).toEqual([
      Date.parse('2026-11-25T17:00:00Z'),
      'Completed',
    ]);
  });

  it('returns to the degraded trend after shifting back', async () => {
    await shiftToFallback();
    emulator.advanceClock((3 * HOUR) / 1000);
    const undoneAt = emulator.now().getTime() + MINUTE;
    await shift(sm, 1, 0);
    emulator.advanceClock(61);
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName }));
    expect(d.ProductionVariants!.map(v => v.CurrentWeight)).toEqual([1, 0]);
    emulator.advanceClock((3 * HOUR) / 1000);
    const to = emulator.now().getTime();

    // The first whole minute after the undo completes.
    const back = Math.ceil(undoneAt / MINUTE) * MINUTE;
    const current = await invocations(cw, 'AllTraffic', back, to);
    const fallback = await invocations(cw, 'popularity-fallback', back, to);
    expect(current.length).toBeGreaterThanOrEqual(180);
    expect(Math.min(...values(current))).toBeGreaterThan(0);
    expect(values(fallback).every(v => v === 0)).toBe(true);

    const drift = await seasonDrift(cw, Date.parse('2026-11-25T14:00:00Z'), to);
    const recovered = drift.filter(
      ([t]) => t >= shifted + HOUR && t < undoneAt,
    );
    const relapsed = drift.filter(([t]) => t >= undoneAt + HOUR);
    expect(Math.max(...values(recovered))).toBeLessThan(DRIFT_THRESHOLD);
    expect(relapsed.map(([t]) => t)).toEqual([
      Date.parse('2026-11-25T19:00:00Z'),
      Date.parse('2026-11-25T20:00:00Z'),
    ]);
    expect(Math.min(...values(relapsed))).toBeGreaterThan(DRIFT_THRESHOLD);
    const rates = await ctr(cw, Date.parse('2026-11-25T20:00:00Z'), to);
    expect(rates).toHaveLength(1);
    expect(rates[0][1]).toBeLessThan(3.2);
    const runs = await dataQualityRuns(sm, undoneAt + HOUR);
    expect(runs.map(([, status]) => status)).toEqual([
      'CompletedWithViolations',
      'CompletedWithViolations',
    ]);
  });
});
