import { screen, within } from '@testing-library/react';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  churnReport,
  COLLECTED_AT,
  healthyReport,
  loanReport,
} from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { FairnessCard, hasFairness } from './FairnessCard';

const render = (report: ModelReport = loanReport) =>
  renderWithApis(<FairnessCard report={report} />, {
    api: mockMlObservabilityApi(),
  });

describe('FairnessCard', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows each bias metric per facet with latest value, bounds, state and trend', async () => {
    await render();
    const table = screen.getByRole('table', { name: 'Bias by facet' });
    const rows = within(table).getAllByTestId(/^bias-row-/);
    expect(rows.map(r => r.getAttribute('data-testid'))).toEqual([
      'bias-row-DPPL-gender = female',
      'bias-row-CI-gender = male',
      'bias-row-DI-gender = male',
    ]);
    const female = rows[0];
    expect(within(female).getByText('0.16')).toBeInTheDocument();
    expect(within(female).getByText('|x| ≤ 0.1')).toBeInTheDocument();
    expect(within(female).getByText('Outside bounds')).toBeInTheDocument();
    expect(
      within(female).getByText(
        'BiasStage=Post-training, Label=approved, LabelValue=1',
      ),
    ).toBeInTheDocument();
    expect(
      within(female).getByRole('img', {
        name: 'DPPL for gender = female from 0.04 to 0.16',
      }),
    ).toBeInTheDocument();
    expect(
      within(female).getByText('loan-approval-prod-model-bias'),
    ).toBeInTheDocument();
    // No bounds in the runbook: shown as such, and a single point has no trend.
    expect(within(rows[1]).getByText('No bounds declared')).toBeInTheDocument();
    expect(within(rows[2]).getByText('0.8 to 1.25')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Within bounds')).toBeInTheDocument();
    expect(
      screen.getByText(
        "1 of 3 bias values outside the runbook's bounds (monitoring_config.bias).",
      ),
    ).toBeInTheDocument();
  });

  it('lists the features whose attribution moved most, with the change', async () => {
    await render();
    const table = screen.getByRole('table', {
      name: 'Attribution change by feature',
    });
    const zip = within(table).getByTestId('attribution-row-zip_code');
    expect(within(zip).getByText('0.03')).toBeInTheDocument();
    expect(within(zip).getByText('0.14')).toBeInTheDocument();
    expect(within(zip).getByText('+0.11')).toBeInTheDocument();
    expect(within(zip).getByText('Label=approved')).toBeInTheDocument();
    expect(
      within(table).getByTestId('attribution-row-income'),
    ).toHaveTextContent('-0.01');
    expect(
      screen.getByText(
        /^Top 2 of 6 features by the change of their attribution/,
      ),
    ).toBeInTheDocument();
  });

  it('says when the Clarify schedules have not produced values yet', async () => {
    const waiting = { ...loanReport, fairness: undefined };
    expect(hasFairness(waiting)).toBe(true);
    await render(waiting);
    expect(
      screen.getByText(/^No bias or attribution values yet/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows what Clarify publishes for infinity as infinite', async () => {
    const [first, ...rest] = loanReport.fairness!.bias;
    await render({
      ...loanReport,
      fairness: {
        ...loanReport.fairness!,
        bias: [{ ...first, latest: 2.348543e108 }, ...rest],
      },
    });
    expect(
      within(screen.getByTestId('bias-row-DPPL-gender = female')).getByText(
        '+∞',
      ),
    ).toBeInTheDocument();
  });

  it('names a Clarify schedule that publishes no metrics', async () => {
    await render(churnReport);
    expect(
      screen.getByText(
        'churn-prediction-prod-bias publishes no CloudWatch metrics (publish_cloudwatch_metrics is off), so its results cannot be shown here.',
      ),
    ).toBeInTheDocument();
  });

  it('is not shown for a model without bias or explainability monitors', () => {
    expect(hasFairness(healthyReport)).toBe(false);
  });

  it('warns when the metrics it is built from could not be read', async () => {
    await render({
      ...loanReport,
      sources: {
        metrics: {
          outcome: 'throttled',
          lastSuccessAt: '2024-05-14T11:00:00.000Z',
        },
      },
    });
    expect(
      screen.getByText(
        'Warning: Model Monitor metrics throttled by AWS; showing data from 1 h ago',
      ),
    ).toBeInTheDocument();
  });
});
