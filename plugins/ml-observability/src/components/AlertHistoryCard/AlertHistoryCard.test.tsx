import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  churnAlertHistory,
  emptyAlertHistory,
} from '../../__testUtils__/fixtures';
import { errorResponse } from '../../__testUtils__/errors';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { AlertHistoryCard, noisyRuleText } from './AlertHistoryCard';

const render = (props: Parameters<typeof AlertHistoryCard>[0]) =>
  renderWithApis(<AlertHistoryCard {...props} />, {
    api: mockMlObservabilityApi(),
  });

describe('AlertHistoryCard', () => {
  it('shows the model figures, one row per alarm and the latest transitions', async () => {
    await render({ history: churnAlertHistory });
    const figures = screen.getByRole('group', {
      name: 'Alert history figures',
    });
    expect(within(figures).getByText('5')).toBeInTheDocument();
    expect(within(figures).getByText('9')).toBeInTheDocument();
    expect(within(figures).getByText('3.1 h')).toBeInTheDocument();
    expect(within(figures).getByText('42 min')).toBeInTheDocument();

    const table = screen.getByRole('table', {
      name: 'Alert history per alarm',
    });
    expect(
      within(table).getByRole('columnheader', { name: 'Median recovery' }),
    ).toBeInTheDocument();
    const drift = screen.getByTestId('alert-stats-churn-prediction-drift-high');
    expect(within(drift).getByText('OK')).toBeInTheDocument();
    expect(within(drift).getByText('1.1 h')).toBeInTheDocument();
    expect(within(drift).getByText('50 min')).toBeInTheDocument();
    expect(within(drift).queryByText('Noisy')).not.toBeInTheDocument();

    const rows = within(
      screen.getByRole('table', { name: 'Latest alarm transitions' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(
      within(rows[1]).getByText('2024-05-14 09:13 UTC'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('OK')).toBeInTheDocument();
    expect(within(rows[1]).getByText('ALARM')).toBeInTheDocument();
    expect(within(rows[1]).getByText(/Threshold Crossed/)).toBeInTheDocument();
    expect(within(rows[1]).getByText('event')).toBeInTheDocument();
    expect(within(rows[2]).getByText('round')).toBeInTheDocument();
    expect(within(rows[3]).getByText('CloudWatch history')).toBeInTheDocument();
    // The previous state of a backfilled first transition is unknown.
    expect(within(rows[3]).getAllByText('—')).toHaveLength(2);
  });

  it('flags noisy alarms with the rule in the tooltip', async () => {
    await render({
      history: {
        ...churnAlertHistory,
        noisyRule: { transitions: 4, windowHours: 12 },
      },
    });
    const accuracy = screen.getByTestId(
      'alert-stats-churn-prediction-accuracy-low',
    );
    const chip = within(accuracy).getByLabelText(
      'Noisy: 4 or more state changes within 12 hours in the last 7 days',
    );
    await userEvent.hover(chip);
    expect(
      await screen.findByRole('tooltip', {
        name: 'Noisy: 4 or more state changes within 12 hours in the last 7 days',
      }),
    ).toBeInTheDocument();
  });

  it('says when nothing is stored, with the retention', async () => {
    await render({ history: { ...emptyAlertHistory, retentionDays: 30 } });
    expect(
      screen.getByText('No alarm transitions stored in the last 30 days.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the server message when the history could not be loaded', async () => {
    const error = await ResponseError.fromResponse(
      errorResponse(503, 'the alert store is not reachable'),
    );
    await render({ error });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Could not load the alert history: the alert store is not reachable',
    );
  });

  it('words the noisy rule', () => {
    expect(noisyRuleText({ transitions: 6, windowHours: 24 })).toBe(
      '6 or more state changes within 24 hours',
    );
    expect(noisyRuleText({ transitions: 3, windowHours: 1 })).toBe(
      '3 or more state changes within 1 hour',
    );
  });
});
