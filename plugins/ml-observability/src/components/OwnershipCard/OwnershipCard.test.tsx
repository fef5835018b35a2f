import { screen, within } from '@testing-library/react';
import {
  churnReport,
  recommendationReport,
} from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { OwnershipCard } from './OwnershipCard';

const render = (report = churnReport) =>
  renderWithApis(<OwnershipCard report={report} />, {
    api: mockMlObservabilityApi(),
  });

describe('OwnershipCard', () => {
  it('links the owner group and its members, and the on-call service', async () => {
    await render();
    expect(
      screen.getByRole('link', { name: 'customer-insights-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/customer-insights-team');
    expect(screen.getByRole('link', { name: 'Amara Okafor' })).toHaveAttribute(
      'href',
      '/catalog/default/user/amara.okafor',
    );
    expect(
      screen.getByRole('link', { name: /^amara.okafor@example.com/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^PagerDuty service PCHURN1/ }),
    ).toHaveAttribute(
      'href',
      'https://app.pagerduty.com/service-directory/PCHURN1',
    );
  });

  it('lists the escalation path in order and the severity rules with first actions', async () => {
    await render();
    const path = screen.getByRole('list', { name: 'Escalation path' });
    expect(
      within(path)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['ml-engineer (first responder)', 'team-lead', 'head-of-data']);
    const first = screen.getByTestId('severity-1');
    expect(within(first).getByText('Applies now')).toBeInTheDocument();
    expect(
      within(first).getByText('When: Model accuracy < 80%'),
    ).toBeInTheDocument();
    expect(
      within(first).getByText('Switch to the rules-based fallback'),
    ).toBeInTheDocument();
    expect(
      within(first).getByText('Timeline: Resolve within 1 hour'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('severity-2')).queryByText('Applies now'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Open the runbook/ }),
    ).toHaveAttribute('href', churnReport.escalation.runbookUrl);
  });

  it('says where a runbook without a web address was read from', async () => {
    const { runbookUrl, ...escalation } = churnReport.escalation;
    expect(runbookUrl).toBeDefined();
    await render({ ...churnReport, escalation });
    expect(
      screen.getByText(
        /Read from the file named by the ml-observability\/runbook annotation/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No runbook/)).not.toBeInTheDocument();
  });

  it('shows an Opsgenie team without a link and says what is missing', async () => {
    await render(recommendationReport);
    expect(
      screen.getByText('Opsgenie team personalization'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The runbook has no incident_response rules/),
    ).toBeInTheDocument();
    // the runbook was read (it gave the escalation path) but has no web address
    expect(
      screen.getByText(
        /Read from the file named by the ml-observability\/runbook annotation/,
      ),
    ).toBeInTheDocument();
  });

  it('says there is no owner, and warns when the runbook could not be read', async () => {
    await render({
      ...churnReport,
      ownership: { members: [], onCall: [] },
      sources: {
        runbook: {
          outcome: 'not-found',
          message:
            'runbook ./runbooks/churn-prediction.yaml not found next to catalog-info.yaml',
          lastSuccessAt: '2024-05-13T12:00:00.000Z',
        },
      },
    });
    expect(screen.getByText(/No owner: set spec.owner/)).toBeInTheDocument();
    expect(screen.getByText(/No on-call link/)).toBeInTheDocument();
    expect(
      screen.getByText(/^Warning: Runbook not found; showing data from/),
    ).toBeInTheDocument();
  });
});
