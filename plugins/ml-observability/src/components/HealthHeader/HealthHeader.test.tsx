import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  churnReport,
  healthyReport,
  noDataReport,
  partialReport,
  staleReport,
} from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { HealthHeader } from './HealthHeader';

function render(
  report = churnReport,
  options: { refreshAllowed?: boolean } = {},
) {
  const onRangeChange = jest.fn();
  const onRefresh = jest.fn();
  const rendered = renderWithApis(
    <HealthHeader
      report={report}
      range="24h"
      onRangeChange={onRangeChange}
      refreshing={false}
      onRefresh={onRefresh}
    />,
    { api: mockMlObservabilityApi(), ...options },
  );
  return { rendered, onRangeChange, onRefresh };
}

describe('HealthHeader', () => {
  it('states the verdict in words and the reasons as sentences, worst first', async () => {
    await render().rendered;
    expect(screen.getByTestId('health-verdict')).toHaveTextContent(
      /^Critical$/,
    );
    const reasons = within(
      screen.getByRole('list', { name: 'Reasons for the verdict' }),
    )
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(reasons[0]).toBe(
      'Critical:Alarm churn-prediction-accuracy-low is in ALARM since 2024-05-14 09:12 UTC',
    );
    expect(reasons[1]).toContain(
      'Accuracy 78.0% is below its business-hours threshold 90.0%',
    );
    expect(reasons[3]).toBe('Note:Data capture samples 20% of requests');
    expect(
      screen.getByText('Collected 2024-05-14 12:00 UTC (4 min ago)'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument();
  });

  it('says a healthy model is healthy', async () => {
    await render(healthyReport).rendered;
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText(/No alarm is firing/)).toBeInTheDocument();
  });

  it('names the sources a partial verdict leaves out, next to the verdict', async () => {
    await render(partialReport).rendered;
    expect(screen.getByTestId('health-verdict')).toHaveTextContent(/^Healthy$/);
    expect(screen.getByTestId('health-partial')).toHaveTextContent(
      'Partial: monitoring schedules and monitoring executions could not be read, so the verdict is from the other sources',
    );
    const reasons = within(
      screen.getByRole('list', { name: 'Reasons for the verdict' }),
    )
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(reasons[0]).toBe(
      'Unknown:Monitoring executions could not be read (error)',
    );
    expect(screen.queryByText(/No alarm is firing/)).not.toBeInTheDocument();
  });

  it('says nothing of a partial verdict when every source was read', async () => {
    await render(healthyReport).rendered;
    expect(screen.queryByTestId('health-partial')).not.toBeInTheDocument();
  });

  it('warns when the data is stale, with its age', async () => {
    await render(staleReport).rendered;
    expect(
      screen.getByText('Warning: Stale data: collected 5 h ago'),
    ).toBeInTheDocument();
  });

  it('dates stale data by the source that failed, not by the collection', async () => {
    await render({
      ...churnReport,
      stale: {
        isStale: true,
        ageSeconds: 2 * 3600,
        dataAsOf: '2024-05-14T10:00:00Z',
      },
    }).rendered;
    expect(
      screen.getByText(
        'Warning: Stale data: some of it is from 2024-05-14 10:00 UTC (2 h ago)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Collected 2024-05-14 12:00 UTC'),
    ).toBeInTheDocument();
  });

  it('says when nothing was collected yet', async () => {
    await render(noDataReport).rendered;
    expect(screen.getByText('Not collected yet')).toBeInTheDocument();
    expect(screen.getByText('Unknown')).toBeInTheDocument();
  });

  it('changes the time range and refreshes from the keyboard-reachable controls', async () => {
    const { rendered, onRangeChange, onRefresh } = render();
    await rendered;
    expect(screen.getByRole('button', { name: 'Last 24 h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Last 7 d' }));
    expect(onRangeChange).toHaveBeenCalledWith('7d');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    expect(onRefresh).toHaveBeenCalled();
  });

  it('disables refresh and says why when the permission is denied', async () => {
    // usePermission caches answers per resource across renders: use a model of its own.
    const locked = {
      ...churnReport,
      entityRef: 'component:default/locked-model',
    };
    await render(locked, { refreshAllowed: false }).rendered;
    const reason = await screen.findByText(
      'Refreshing needs the ml-observability.model.refresh permission on this model.',
    );
    const button = screen.getByRole('button', { name: 'Refresh now' });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('aria-describedby', reason.id);
  });
});
