import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  churnActionReport,
  churnAlertHistory,
  escalationResult,
  shiftPlan,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/errors';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { EscalationLookupContent } from './EscalationLookupContent';

async function lookUp(text: string) {
  const field = screen.getByRole('textbox', {
    name: 'Alarm name or ARN, endpoint or schedule name',
  });
  await userEvent.clear(field);
  await userEvent.type(field, text);
  await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
}

describe('EscalationLookupContent', () => {
  it("offers the matched rule's runbook action, for the alarm looked up", async () => {
    const api = mockMlObservabilityApi();
    const arn =
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-prediction-accuracy-low';
    api.lookupEscalation.mockResolvedValue({
      query: arn,
      matches: [
        {
          ...escalationResult.matches[0],
          resource: arn,
          severityRule: churnActionReport.escalation.severityRules[0],
        },
      ],
    });
    api.planAction.mockResolvedValue(shiftPlan);
    await renderWithApis(<EscalationLookupContent />, {
      api,
      actAllowed: true,
    });
    await lookUp(arn);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Shift traffic to rules-fallback…',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Shift traffic to rules-fallback',
    });
    expect(await within(dialog).findByText(shiftPlan.summary)).toBeVisible();
    expect(api.planAction).toHaveBeenCalledWith(
      'component:default/churn-prediction',
      'severity-1',
      { alarmArn: arn },
    );
  });

  it('offers no runbook action for a rule without one', async () => {
    const api = mockMlObservabilityApi();
    api.lookupEscalation.mockResolvedValue(escalationResult);
    await renderWithApis(<EscalationLookupContent />, {
      api,
      actAllowed: true,
    });
    await lookUp('churn-prediction-accuracy-low');
    await screen.findByText('1 model matches churn-prediction-accuracy-low');
    expect(
      screen.queryByRole('button', { name: /Shift traffic/ }),
    ).not.toBeInTheDocument();
  });

  it('explains what to paste before anything is looked up', async () => {
    const api = mockMlObservabilityApi();
    await renderWithApis(<EscalationLookupContent />, { api });
    expect(screen.getByText('Who owns this alarm?')).toBeInTheDocument();
    expect(api.lookupEscalation).not.toHaveBeenCalled();
  });

  it('says where a runbook without a web address was read from', async () => {
    const api = mockMlObservabilityApi();
    const { runbookUrl, ...match } = escalationResult.matches[0];
    expect(runbookUrl).toBeDefined();
    api.lookupEscalation.mockResolvedValue({
      ...escalationResult,
      matches: [match],
    });
    await renderWithApis(<EscalationLookupContent />, { api });
    await lookUp('churn-prediction-accuracy-low');
    expect(
      await screen.findByText(
        /Read from the file named by the ml-observability\/runbook annotation/,
      ),
    ).toBeInTheDocument();
  });

  it('finds the model, owner, next person, severity rule and runbook of an alarm', async () => {
    const api = mockMlObservabilityApi();
    api.lookupEscalation.mockResolvedValue(escalationResult);
    await renderWithApis(<EscalationLookupContent />, { api });
    await lookUp('churn-prediction-accuracy-low');

    expect(
      await screen.findByText('1 model matches churn-prediction-accuracy-low'),
    ).toBeInTheDocument();
    expect(api.lookupEscalation).toHaveBeenCalledWith(
      'churn-prediction-accuracy-low',
    );
    expect(
      screen.getByRole('link', { name: 'churn-prediction' }),
    ).toHaveAttribute('href', '/catalog/default/component/churn-prediction');
    expect(
      screen.getByText('Matched by alarm churn-prediction-accuracy-low'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'customer-insights-team' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('next-in-path')).toHaveTextContent('ml-engineer');
    expect(
      within(
        screen.getByRole('list', { name: 'Escalation path' }),
      ).getAllByRole('listitem'),
    ).toHaveLength(3);
    const rule = screen.getByTestId('severity-1');
    expect(
      within(rule).getByText('When: Model accuracy < 80%'),
    ).toBeInTheDocument();
    expect(
      within(rule).getByText('Switch to the rules-based fallback'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Open the runbook/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^PagerDuty service PCHURN1/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Critical')).toBeInTheDocument();
  });

  it('looks up the resource named in the address', async () => {
    const api = mockMlObservabilityApi();
    api.lookupEscalation.mockResolvedValue(escalationResult);
    await renderWithApis(<EscalationLookupContent />, {
      api,
      routeEntries: ['/?resource=churn-prediction-accuracy-low'],
    });
    expect(
      await screen.findByText('1 model matches churn-prediction-accuracy-low'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', {
        name: 'Alarm name or ARN, endpoint or schedule name',
      }),
    ).toHaveValue('churn-prediction-accuracy-low');
  });

  it("shows an alarm match's recent transitions, newest first, when the backend sends them", async () => {
    const api = mockMlObservabilityApi();
    const [match] = escalationResult.matches;
    api.lookupEscalation.mockResolvedValue({
      ...escalationResult,
      matches: [
        {
          ...match,
          recentTransitions: churnAlertHistory.transitions.slice(0, 2),
        },
      ],
    });
    await renderWithApis(<EscalationLookupContent />, {
      api,
      routeEntries: ['/?resource=churn-prediction-accuracy-low'],
    });
    const list = await screen.findByRole('list', {
      name: 'Recent transitions of the alarm',
    });
    const items = within(list).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'ALARM2024-05-14 09:13 UTC',
      'OK2024-05-13 08:00 UTC',
    ]);
  });

  it('shows no transitions for an older backend', async () => {
    const api = mockMlObservabilityApi();
    api.lookupEscalation.mockResolvedValue(escalationResult);
    await renderWithApis(<EscalationLookupContent />, {
      api,
      routeEntries: ['/?resource=churn-prediction-accuracy-low'],
    });
    expect(
      await screen.findByText('1 model matches churn-prediction-accuracy-low'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Recent transitions')).not.toBeInTheDocument();
  });

  it('says when nothing matches', async () => {
    const api = mockMlObservabilityApi();
    api.lookupEscalation.mockResolvedValue({
      query: 'nightly-batch-alarm',
      matches: [],
    });
    await renderWithApis(<EscalationLookupContent />, { api });
    await lookUp('nightly-batch-alarm');
    expect(
      await screen.findByText('No model matches nightly-batch-alarm'),
    ).toBeInTheDocument();
  });

  it('shows a backend error', async () => {
    const api = mockMlObservabilityApi();
    api.lookupEscalation.mockRejectedValue(
      await responseError(500, 'catalog unavailable'),
    );
    await renderWithApis(<EscalationLookupContent />, { api });
    await lookUp('churn-prediction-prod');
    expect(
      (await screen.findAllByText(/catalog unavailable/))[0],
    ).toBeInTheDocument();
  });
});
