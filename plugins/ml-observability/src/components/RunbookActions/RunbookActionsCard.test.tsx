import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActionRun } from '@mlobs/backstage-plugin-ml-observability-common';
import { responseError } from '../../__testUtils__/errors';
import {
  churnActionReport,
  churnEntity,
  COLLECTED_AT,
  emptyAlertHistory,
  runningShift,
  shiftPlan,
  succeededShift,
  succeededUndo,
} from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  mockSignalApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { EntityMlObservabilityContent } from '../EntityMlObservabilityContent/EntityMlObservabilityContent';
import { RunbookActionsCard } from './RunbookActionsCard';

const REF = 'component:default/churn-prediction';
const CHANNEL = 'ml-observability:component:default/churn-prediction';

const undone: ActionRun = {
  ...succeededShift,
  canUndo: false,
  undoneBy: 'run-2',
};

describe('RunbookActionsCard', () => {
  it('lists each run: when, who, what, apply or undo, status, outcome and weights', async () => {
    await renderWithApis(
      <RunbookActionsCard
        runs={{ entityRef: REF, runs: [succeededUndo, undone] }}
      />,
      { api: mockMlObservabilityApi() },
    );
    const table = screen.getByRole('table', { name: 'Runbook action runs' });
    const undoRow = within(table).getByTestId('action-run-run-2');
    expect(undoRow).toHaveTextContent('2024-05-14 12:10 UTC');
    expect(
      within(undoRow).getByRole('link', { name: 'guest' }),
    ).toHaveAttribute('href', '/catalog/default/user/guest');
    expect(undoRow).toHaveTextContent('Undo of run-1');
    expect(undoRow).toHaveTextContent('Succeeded');
    expect(undoRow).toHaveTextContent(
      'The weights of churn-prediction-prod are back to those before run-1.',
    );
    const applyRow = within(table).getByTestId('action-run-run-1');
    expect(applyRow).toHaveTextContent('Shift traffic to rules-fallback');
    expect(applyRow).toHaveTextContent('Apply');
    expect(applyRow).toHaveTextContent('undone by run-2');
    expect(applyRow).toHaveTextContent(
      'churn-prediction-prod: AllTraffic 100% → 0%, rules-fallback 0% → 100%',
    );
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => row.getAttribute('data-testid')),
    ).toEqual(['action-run-run-2', 'action-run-run-1']);
  });

  it('says it is loading before the first answer, and marks a reload busy while keeping the runs', async () => {
    const { unmount } = await renderWithApis(<RunbookActionsCard loading />, {
      api: mockMlObservabilityApi(),
    });
    expect(
      screen.getByText('Loading the runbook action runs…').parentElement,
    ).toHaveAttribute('aria-busy', 'true');
    unmount();
    await renderWithApis(
      <RunbookActionsCard
        loading
        runs={{ entityRef: REF, runs: [succeededUndo, undone] }}
      />,
      { api: mockMlObservabilityApi() },
    );
    const table = screen.getByRole('table', { name: 'Runbook action runs' });
    expect(table.parentElement).toHaveAttribute('aria-busy', 'true');
  });

  it('says when no run happened yet, and why the runs could not be loaded', async () => {
    const { unmount } = await renderWithApis(
      <RunbookActionsCard runs={{ entityRef: REF, runs: [] }} />,
      { api: mockMlObservabilityApi() },
    );
    expect(
      screen.getByText(/No runbook action has been run on this model yet/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    unmount();
    await renderWithApis(
      <RunbookActionsCard error={await responseError(403, 'not visible')} />,
      { api: mockMlObservabilityApi() },
    );
    expect(
      screen.getByText('Could not load the runbook action runs: not visible'),
    ).toBeInTheDocument();
  });
});

describe('runbook actions on the ML Observability tab', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  function setup() {
    const api = mockMlObservabilityApi();
    api.getModelReport.mockResolvedValue(churnActionReport);
    api.getAlertHistory.mockResolvedValue(emptyAlertHistory);
    api.listActionRuns
      .mockResolvedValueOnce({ entityRef: REF, runs: [] })
      .mockResolvedValue({ entityRef: REF, runs: [succeededShift] });
    return api;
  }

  it('has no Runbook actions card for a runbook without structured actions', async () => {
    const api = setup();
    api.getModelReport.mockResolvedValue({
      ...churnActionReport,
      escalation: {
        ...churnActionReport.escalation,
        severityRules: churnActionReport.escalation.severityRules.map(
          ({ action, ...rule }) => rule,
        ),
      },
    });
    await renderWithApis(<EntityMlObservabilityContent />, {
      api,
      entity: churnEntity,
    });
    await screen.findByRole('heading', { name: 'Ownership & escalation' });
    expect(
      screen.queryByRole('heading', { name: 'Runbook actions' }),
    ).not.toBeInTheDocument();
    expect(api.listActionRuns).not.toHaveBeenCalled();
  });

  it('lists the runs again when a run started from the tab starts and when it ends', async () => {
    const api = setup();
    api.listActionRuns
      .mockReset()
      .mockResolvedValueOnce({ entityRef: REF, runs: [] })
      .mockResolvedValueOnce({ entityRef: REF, runs: [runningShift] })
      .mockResolvedValue({ entityRef: REF, runs: [succeededShift] });
    api.planAction.mockResolvedValue(shiftPlan);
    api.runAction.mockResolvedValue(runningShift);
    api.getActionRun.mockResolvedValue(succeededShift);
    await renderWithApis(<EntityMlObservabilityContent />, {
      api,
      entity: churnEntity,
      actAllowed: true,
    });
    expect(
      await screen.findByText(
        /No runbook action has been run on this model yet/,
      ),
    ).toBeInTheDocument();
    expect(api.listActionRuns).toHaveBeenCalledWith(REF);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Shift traffic to rules-fallback…',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText(shiftPlan.summary);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );
    // the started run is listed at once, still running
    const running = await screen.findByTestId('action-run-run-1');
    expect(running).toHaveTextContent('Running');
    expect(api.listActionRuns).toHaveBeenCalledTimes(2);
    // the dialog reads the run every 2 s
    await within(dialog).findByText(/^Succeeded:/, undefined, {
      timeout: 4000,
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );

    await waitFor(() =>
      expect(screen.getByTestId('action-run-run-1')).toHaveTextContent(
        'Succeeded',
      ),
    );
    expect(api.listActionRuns).toHaveBeenCalledTimes(3);
    // the report again too: the endpoint's weights changed
    await waitFor(() => expect(api.getModelReport).toHaveBeenCalledTimes(3));
  }, 15_000);

  it("lists the runs again when the model's signal arrives", async () => {
    const api = setup();
    const signals = mockSignalApi();
    await renderWithApis(<EntityMlObservabilityContent />, {
      api,
      entity: churnEntity,
      signalApi: signals.api,
    });
    await screen.findByText(/No runbook action has been run on this model yet/);
    act(() => signals.publish(CHANNEL, { type: 'actions', runId: 'run-1' }));
    expect(
      await screen.findByRole(
        'table',
        { name: 'Runbook action runs' },
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(api.listActionRuns).toHaveBeenCalledTimes(2);
  });
});
