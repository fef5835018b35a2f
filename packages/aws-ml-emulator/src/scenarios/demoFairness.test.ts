import {
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { ListMonitoringExecutionsCommand } from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  DAY,
  NOW,
  cloudWatch,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';

const BIAS = 'aws/sagemaker/Endpoints/bias-metrics';
const EXPLAINABILITY = 'aws/sagemaker/Endpoints/explainability-metrics';
const BIAS_SCHEDULE = 'loan-approval-prod-model-bias';

describe('the demo model with Clarify monitors (loan-approval)', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.stop());

  it('lists its bias metrics per facet with the documented dimensions', async () => {
    const listed = await cloudWatch(emulator).send(
      new ListMetricsCommand({
        Namespace: BIAS,
        Dimensions: [{ Name: 'MonitoringSchedule', Value: BIAS_SCHEDULE }],
      }),
    );
    const metrics = listed.Metrics!;
    expect(new Set(metrics.map(m => m.MetricName))).toEqual(
      new Set(['bias_metric_DPPL', 'bias_metric_DI']),
    );
    expect(metrics).toHaveLength(4);
    const female = metrics.find(
      m =>
        m.MetricName === 'bias_metric_DPPL' &&
        m.Dimensions!.some(
          d => d.Name === 'FacetValue' && d.Value === 'female',
        ),
    )!;
    expect(female.Dimensions!.map(d => d.Name).sort()).toEqual([
      'BiasStage',
      'Endpoint',
      'Facet',
      'FacetValue',
      'Label',
      'LabelValue',
      'MonitoringSchedule',
    ]);
  });

  it('publishes the female DPPL drift once per completed execution, and flags the runs', async () => {
    const listed = await cloudWatch(emulator).send(
      new ListMetricsCommand({
        Namespace: BIAS,
        MetricName: 'bias_metric_DPPL',
      }),
    );
    const female = listed.Metrics!.find(m =>
      m.Dimensions!.some(d => d.Name === 'FacetValue' && d.Value === 'female'),
    )!;
    const data = await cloudWatch(emulator).send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW.getTime() - 4 * DAY),
        EndTime: NOW,
        MetricDataQueries: [
          {
            Id: 'dppl',
            MetricStat: {
              Metric: female as never,
              Period: 3600,
              Stat: 'Average',
            },
          },
        ],
      }),
    );
    const values = data.MetricDataResults![0].Values!;
    // Hourly runs over four days (newest first): well past 0.1 now, near 0.04 before the shift.
    expect(values.length).toBeGreaterThan(80);
    expect(values[0]).toBeGreaterThan(0.12);
    expect(values[values.length - 1]).toBeLessThan(0.08);
    const runs = await sageMaker(emulator).send(
      new ListMonitoringExecutionsCommand({
        MonitoringScheduleName: BIAS_SCHEDULE,
        SortBy: 'ScheduledTime',
        SortOrder: 'Descending',
        MaxResults: 3,
      }),
    );
    expect(
      runs.MonitoringExecutionSummaries!.map(r => r.MonitoringExecutionStatus),
    ).toContain('CompletedWithViolations');
  });

  it('publishes a global SHAP value per feature for the label', async () => {
    const listed = await cloudWatch(emulator).send(
      new ListMetricsCommand({ Namespace: EXPLAINABILITY }),
    );
    expect(listed.Metrics!.map(m => m.MetricName).sort()).toEqual([
      'feature_credit_history_months',
      'feature_employment_years',
      'feature_existing_loans',
      'feature_income',
      'feature_loan_amount',
      'feature_zip_code',
    ]);
    expect(listed.Metrics![0].Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'Label', Value: 'approved' },
        { Name: 'ValueType', Value: 'GlobalShapValues' },
      ]),
    );
  });
});
