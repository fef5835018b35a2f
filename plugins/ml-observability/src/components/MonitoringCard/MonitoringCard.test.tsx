import { screen, within } from '@testing-library/react';
import { churnActionReport, churnReport } from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { MonitoringCard } from './MonitoringCard';

const render = (report = churnReport) =>
  renderWithApis(<MonitoringCard report={report} />, {
    api: mockMlObservabilityApi(),
  });

describe('MonitoringCard', () => {
  it('shows endpoints with status, data capture and variants', async () => {
    await render();
    const table = screen.getByRole('table', { name: 'Endpoints' });
    expect(
      within(table).getByRole('link', { name: /^churn-prediction-prod/ }),
    ).toBeInTheDocument();
    expect(within(table).getByText('InService')).toBeInTheDocument();
    expect(within(table).getByText('On, sampling 20%')).toBeInTheDocument();
    expect(
      within(table).getByText('AllTraffic (2 × ml.m5.large, 100% of traffic)'),
    ).toBeInTheDocument();
  });

  it("shows each variant's weight and traffic share, and the weight it moves to while Updating", async () => {
    const endpoint = churnActionReport.endpoints[0];
    await render({
      ...churnActionReport,
      endpoints: [
        {
          ...endpoint,
          status: 'Updating',
          variants: [
            { ...endpoint.variants[0], desiredWeight: 0 },
            { ...endpoint.variants[1], desiredWeight: 1 },
          ],
        },
      ],
    });
    const table = screen.getByRole('table', { name: 'Endpoints' });
    expect(
      within(table).getByText(
        'AllTraffic (2 × ml.m5.large, 100% of traffic, weight 1, desired weight 0); rules-fallback (1 × ml.t2.medium, 0% of traffic, weight 0, desired weight 1)',
      ),
    ).toBeInTheDocument();
  });

  it('leaves the desired weight out once the endpoint is InService', async () => {
    const endpoint = churnActionReport.endpoints[0];
    await render({
      ...churnActionReport,
      endpoints: [
        {
          ...endpoint,
          variants: [{ ...endpoint.variants[0], desiredWeight: 0 }],
        },
      ],
    });
    expect(
      screen.getByText(
        'AllTraffic (2 × ml.m5.large, 100% of traffic, weight 1)',
      ),
    ).toBeInTheDocument();
  });

  it('says when data capture is off', async () => {
    await render({
      ...churnReport,
      endpoints: [
        { ...churnReport.endpoints[0], dataCapture: { enabled: false } },
      ],
    });
    expect(screen.getByText('Off')).toBeInTheDocument();
  });

  it('shows a capture status the endpoint left out as unknown, not stopped, and where the sampling came from', async () => {
    const endpoint = churnReport.endpoints[0];
    await render({
      ...churnReport,
      endpoints: [
        {
          ...endpoint,
          dataCapture: {
            enabled: true,
            samplingPercentage: 20,
            samplingFromConfig: true,
          },
        },
        {
          ...endpoint,
          name: 'churn-prediction-shadow',
          dataCapture: { enabled: true, status: 'Stopped' },
        },
      ],
    });
    const table = screen.getByRole('table', { name: 'Endpoints' });
    const unknown = within(table).getByText(
      'On, status unknown, sampling 20% (as configured)',
    );
    expect(unknown.closest('.MuiChip-root')?.className).toMatch(/unknown/);
    const stopped = within(table).getByText('Stopped');
    expect(stopped.closest('.MuiChip-root')?.className).toMatch(/warning/);
  });

  it('groups schedules by type with their last executions, violations and failures', async () => {
    await render();
    const headings = screen
      .getAllByRole('heading', { level: 4 })
      .map(h => h.textContent);
    expect(headings).toEqual(['Data quality', 'Model quality', 'Bias drift']);
    const quality = screen.getByTestId(
      'schedule-churn-prediction-prod-model-quality',
    );
    expect(within(quality).getByText('cron(0 * ? * * *)')).toBeInTheDocument();
    const executions = within(quality).getByRole('list', {
      name: 'Last executions of churn-prediction-prod-model-quality',
    });
    expect(within(executions).getAllByRole('listitem')).toHaveLength(2);
    expect(
      within(executions).getByText('Completed with violations'),
    ).toBeInTheDocument();
    expect(within(executions).getByText('2 violations')).toBeInTheDocument();

    const data = screen.getByTestId(
      'schedule-churn-prediction-prod-data-quality',
    );
    expect(within(data).getByText('Failed')).toBeInTheDocument();
    expect(
      within(data).getByText(
        'Failure reason: the baseline constraints file is missing',
      ),
    ).toBeInTheDocument();
  });

  it('calls out a schedule that publishes no metrics', async () => {
    await render();
    const bias = screen.getByTestId('schedule-churn-prediction-prod-bias');
    expect(
      within(bias).getByText(/Publishes no CloudWatch metrics/),
    ).toBeInTheDocument();
    expect(within(bias).getByText('No executions yet.')).toBeInTheDocument();
    expect(
      within(
        screen.getByTestId('schedule-churn-prediction-prod-model-quality'),
      ).queryByText(/Publishes no CloudWatch metrics/),
    ).not.toBeInTheDocument();
  });

  it('explains a model without endpoints or schedules, and a throttled source', async () => {
    await render({
      ...churnReport,
      endpoints: [],
      monitoringSchedules: [],
      sources: {
        schedules: {
          outcome: 'throttled',
          message: 'ListMonitoringSchedules: ThrottlingException',
        },
      },
    });
    expect(screen.getByText(/No SageMaker endpoint/)).toBeInTheDocument();
    expect(
      screen.getByText(/No Model Monitor schedule watches this model/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Warning: Monitoring schedules throttled by AWS; no data from it yet',
      ),
    ).toBeInTheDocument();
  });
});
