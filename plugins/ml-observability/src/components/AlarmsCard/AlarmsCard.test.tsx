import { screen, within } from '@testing-library/react';
import { churnReport } from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { AlarmsCard } from './AlarmsCard';

const render = (report = churnReport) =>
  renderWithApis(<AlarmsCard report={report} />, {
    api: mockMlObservabilityApi(),
  });

describe('AlarmsCard', () => {
  it('lists firing alarms first with state, since, condition, reason and console link', async () => {
    await render();
    expect(screen.getByText('2 of 3 in ALARM')).toBeInTheDocument();
    const rows = screen
      .getAllByTestId(/^alarm-row-/)
      .map(r => r.dataset.testid);
    expect(rows).toEqual([
      'alarm-row-churn-prediction-accuracy-low',
      'alarm-row-churn-prediction-page-oncall',
      'alarm-row-churn-prediction-drift-high',
    ]);
    const accuracy = screen.getByTestId(
      'alarm-row-churn-prediction-accuracy-low',
    );
    expect(within(accuracy).getByText('ALARM')).toBeInTheDocument();
    expect(
      within(accuracy).getByText('2024-05-14 09:12 UTC'),
    ).toBeInTheDocument();
    expect(
      within(accuracy).getByText('Average accuracy < 0.9'),
    ).toBeInTheDocument();
    expect(within(accuracy).getByText(/Threshold Crossed/)).toBeInTheDocument();
    expect(
      within(accuracy).getByRole('link', {
        name: /^churn-prediction-accuracy-low in the CloudWatch console/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('alarm/churn-prediction-accuracy-low'),
    );
  });

  it('shows composite alarms with their rule', async () => {
    await render();
    const composite = screen.getByTestId(
      'alarm-row-churn-prediction-page-oncall',
    );
    expect(within(composite).getByText('Composite')).toBeInTheDocument();
    expect(
      within(composite).getByText(
        'ALARM("churn-prediction-accuracy-low") OR ALARM("churn-prediction-drift-high")',
      ),
    ).toBeInTheDocument();
  });

  it('builds a console link from the region when the backend sent none', async () => {
    await render();
    const drift = screen.getByTestId('alarm-row-churn-prediction-drift-high');
    expect(within(drift).getByText('OK')).toBeInTheDocument();
    expect(within(drift).getByRole('link')).toHaveAttribute(
      'href',
      expect.stringContaining('us-east-1'),
    );
    expect(within(drift).getByText('value > 0.3')).toBeInTheDocument();
  });

  it('says when no alarm watches the model, and when alarms could not be read', async () => {
    await render({
      ...churnReport,
      alarms: [],
      sources: {
        alarms: {
          outcome: 'error',
          message: 'DescribeAlarms failed: connect ECONNREFUSED',
        },
      },
    });
    expect(screen.getByText(/No CloudWatch alarm watches/)).toBeInTheDocument();
    expect(
      screen.getByText(
        'Warning: CloudWatch alarms failed; no data from it yet',
      ),
    ).toBeInTheDocument();
  });
});
