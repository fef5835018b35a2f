import { screen, within } from '@testing-library/react';
import { churnReport } from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { QualityCard } from './QualityCard';

const render = (report = churnReport) =>
  renderWithApis(<QualityCard report={report} range="7d" />, {
    api: mockMlObservabilityApi(),
  });

describe('QualityCard', () => {
  it('shows each metric against the threshold in force now and the other one', async () => {
    await render();
    const accuracy = screen.getByTestId('quality-row-accuracy');
    expect(within(accuracy).getByText('Accuracy')).toBeInTheDocument();
    expect(within(accuracy).getByText('78.0%')).toBeInTheDocument();
    expect(
      within(accuracy).getByText('90.0% (business hours, America/Chicago)'),
    ).toBeInTheDocument();
    expect(within(accuracy).getByText('85.0% (off hours)')).toBeInTheDocument();
    expect(within(accuracy).getByText('Below threshold')).toBeInTheDocument();
    expect(
      within(accuracy).getByText('churn-prediction-prod-model-quality'),
    ).toBeInTheDocument();
    const auc = screen.getByTestId('quality-row-auc');
    expect(within(auc).getByText('94.0%')).toBeInTheDocument();
    expect(within(auc).getByText('Meets threshold')).toBeInTheDocument();
  });

  it('draws a trend chart per metric with both thresholds and a text alternative', async () => {
    await render();
    const chart = screen.getByRole('img', {
      name: /^Accuracy over the last 7 d/,
    });
    expect(chart).toHaveAccessibleName(
      'Accuracy over the last 7 d: from 93.0% to 78.0% (lowest 78.0%, highest 93.0%); threshold now 90.0% (business hours), off hours 85.0%.',
    );
    expect(chart.querySelectorAll('.recharts-reference-line')).toHaveLength(2);
    expect(
      screen.getByRole('img', { name: /^AUC over the last 7 d/ }),
    ).toBeInTheDocument();
  });

  it('marks a lower-is-better metric above its threshold as breached', async () => {
    await render({
      ...churnReport,
      quality: [
        {
          ...churnReport.quality[0],
          metric: 'rmse',
          label: 'RMSE',
          latest: 14.2,
          threshold: { value: 12, kind: 'off-hours', timeZone: 'UTC' },
          otherThreshold: undefined,
          direction: 'lower-is-better',
          display: 'number',
          breached: true,
        },
      ],
    });
    const row = screen.getByTestId('quality-row-rmse');
    expect(within(row).getByText('14.2')).toBeInTheDocument();
    expect(within(row).getByText('12 (off hours, UTC)')).toBeInTheDocument();
    expect(within(row).getByText('Above threshold')).toBeInTheDocument();
  });

  it('lists business metrics that are not quality metrics', async () => {
    await render({
      ...churnReport,
      custom: [
        {
          namespace: 'ML/ModelPerformance',
          metricName: 'FraudRate',
          dimensions: [{ name: 'ModelName', value: 'fraud-detection-v2' }],
          periodSeconds: 300,
          stat: 'Average',
          unit: 'Percent',
          latest: 1.7,
          series: [],
          consoleUrl: 'https://console.aws.amazon.com/cloudwatch/fraud-rate',
        },
      ],
    });
    const table = screen.getByRole('table', { name: 'Other custom metrics' });
    expect(
      within(table).getByRole('link', { name: /^FraudRate/ }),
    ).toHaveAttribute(
      'href',
      'https://console.aws.amazon.com/cloudwatch/fraud-rate',
    );
    expect(within(table).getByText('1.7 Percent')).toBeInTheDocument();
  });

  it('warns per failed source and explains an empty card', async () => {
    await render({
      ...churnReport,
      quality: [],
      sources: {
        ...churnReport.sources,
        'custom-metrics': {
          outcome: 'denied',
          message: 'AccessDenied: cloudwatch:GetMetricData on 123456789012',
        },
      },
    });
    expect(
      screen.getByText(
        'Error: Custom CloudWatch metrics access denied; no data from it yet',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No quality metrics for this model/),
    ).toBeInTheDocument();
  });
});
