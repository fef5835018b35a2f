import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PermissionApi } from '@backstage/plugin-permission-react';
import type {
  ActionPlan,
  ActionRun,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { responseError } from '../../__testUtils__/errors';
import {
  churnActionReport,
  runningShift,
  shiftAction,
  shiftPlan,
  succeededShift,
  succeededUndo,
} from '../../__testUtils__/fixtures';
import {
  MockMlObservabilityApi,
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { OwnershipCard } from '../OwnershipCard/OwnershipCard';
import { RunbookActionButton } from './RunbookActionButton';

const REF = 'component:default/churn-prediction';
const BUTTON = { name: 'Shift traffic to rules-fallback…' };

function render(
  api: MockMlObservabilityApi,
  options: {
    actAllowed?: boolean;
    onRunChange?: (run: ActionRun) => void;
  } = {},
) {
  return renderWithApis(
    <RunbookActionButton
      entityRef={REF}
      action={shiftAction}
      onRunChange={options.onRunChange}
      pollIntervalMs={5}
    />,
    { api, actAllowed: options.actAllowed ?? true },
  );
}

async function openDialog() {
  await userEvent.click(await screen.findByRole('button', BUTTON));
  return screen.findByRole('dialog', {
    name: 'Shift traffic to rules-fallback',
  });
}

describe('RunbookActionButton', () => {
  it('is not shown to users without the act permission', async () => {
    const authorize = jest.fn(
      async (request: { permission: { name: string } }) => ({
        result:
          request.permission.name === 'ml-observability.model.act'
            ? 'DENY'
            : 'ALLOW',
      }),
    );
    // another model: the permission hook caches answers by permission and resource
    const other = 'component:default/fraud-detection';
    await renderWithApis(
      <RunbookActionButton entityRef={other} action={shiftAction} />,
      {
        api: mockMlObservabilityApi(),
        permissionApi: { authorize } as unknown as PermissionApi,
      },
    );
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'ml-observability.model.act',
          }),
          resourceRef: other,
        }),
      ),
    );
    // let the answer reach the component
    await act(async () => {
      await new Promise(resolve => setTimeout(resolve, 20));
    });
    expect(screen.queryByRole('button', BUTTON)).not.toBeInTheDocument();
  });

  it('is shown on the Ownership card next to the rule with a structured action only', async () => {
    await renderWithApis(<OwnershipCard report={churnActionReport} />, {
      api: mockMlObservabilityApi(),
      actAllowed: true,
    });
    expect(
      await within(screen.getByTestId('severity-1')).findByRole(
        'button',
        BUTTON,
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('severity-2')).queryByRole('button'),
    ).not.toBeInTheDocument();
  });

  it('renders nothing for a rule without a structured action', async () => {
    const { container } = await renderWithApis(
      <RunbookActionButton entityRef={REF} />,
      { api: mockMlObservabilityApi(), actAllowed: true },
    );
    await act(async () => {
      await new Promise(resolve => setTimeout(resolve, 20));
    });
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(container).toBeEmptyDOMElement();
  });

  it('plans the action on click and shows the summary, steps and weights before and after', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockResolvedValue(shiftPlan);
    await render(api);
    const dialog = await openDialog();
    expect(await within(dialog).findByText(shiftPlan.summary)).toBeVisible();
    expect(api.planAction).toHaveBeenCalledWith(REF, 'severity-1', {
      alarmArn: undefined,
    });
    expect(
      within(within(dialog).getByRole('list', { name: 'Steps' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(shiftPlan.steps);
    const table = within(dialog).getByRole('table', {
      name: 'Traffic share per variant, before and after',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .map(cell => cell.textContent),
        ),
    ).toEqual([
      ['AllTraffic', '100% (weight 1)', '0% (weight 0)'],
      ['rules-fallback', '0% (weight 0)', '100% (weight 1)'],
    ]);
    const chart = within(dialog).getByRole('img', {
      name: /AllTraffic 100% → 0%, rules-fallback 0% → 100%/,
    });
    // a bar series before and one after
    expect(chart.querySelectorAll('.recharts-bar')).toHaveLength(2);
    expect(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    ).toBeEnabled();
    expect(api.runAction).not.toHaveBeenCalled();
  });

  it('says it is planning, with Confirm disabled, until the plan arrives', async () => {
    const api = mockMlObservabilityApi();
    let answer: (plan: ActionPlan) => void = () => {};
    api.planAction.mockReturnValue(
      new Promise<ActionPlan>(resolve => {
        answer = resolve;
      }),
    );
    await render(api);
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText(
        'Planning: reading the resources from AWS…',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    ).toBeDisabled();
    await act(async () => answer(shiftPlan));
    expect(
      await within(dialog).findByText(shiftPlan.summary),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByText('Planning: reading the resources from AWS…'),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    ).toBeEnabled();
  });

  it('shows the refusals and disables Confirm when the plan cannot run', async () => {
    const api = mockMlObservabilityApi();
    const refused: ActionPlan = {
      ...shiftPlan,
      ok: false,
      refusals: ['Endpoint churn-prediction-prod is Updating, not InService'],
    };
    api.planAction.mockResolvedValue(refused);
    await render(api);
    const dialog = await openDialog();
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This action cannot run now');
    expect(alert).toHaveTextContent(
      'Endpoint churn-prediction-prod is Updating, not InService',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    ).toBeDisabled();
  });

  it('runs on Confirm, shows the progress while it runs, the outcome, and undoes it', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockResolvedValue(shiftPlan);
    api.runAction.mockResolvedValue(runningShift);
    const runningUndo: ActionRun = {
      ...succeededUndo,
      status: 'running',
      finishedAt: undefined,
      outcome: undefined,
      finalWeights: undefined,
      progress: [
        {
          at: '2024-05-14T12:10:00.000Z',
          message: 'Asked SageMaker to set the weights back',
        },
      ],
    };
    api.getActionRun
      .mockResolvedValueOnce(runningShift)
      .mockResolvedValueOnce(succeededShift)
      .mockResolvedValueOnce(succeededUndo);
    api.undoRun.mockResolvedValue(runningUndo);
    const onRunChange = jest.fn();
    await render(api, { onRunChange });
    const dialog = await openDialog();
    await within(dialog).findByText(shiftPlan.summary);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );

    expect(api.runAction).toHaveBeenCalledWith(REF, 'severity-1', {
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9._:-]{8,128}$/),
      alarmArn: undefined,
    });
    const progress = within(dialog).getByLabelText('Run: progress');
    expect(progress).toHaveAttribute('aria-live', 'polite');
    expect(
      within(progress).getByText(/Asked SageMaker to update the weights/),
    ).toBeInTheDocument();

    expect(
      await within(progress).findByText(
        /Succeeded: rules-fallback now serves 100% of the traffic/,
      ),
    ).toBeInTheDocument();
    expect(
      within(progress).getByText(
        /churn-prediction-prod is InService with the new weights/,
      ),
    ).toBeInTheDocument();
    const now = within(dialog).getByRole('table', {
      name: 'Traffic share per variant, before and now',
    });
    expect(within(now).getByTestId('weights-rules-fallback')).toHaveTextContent(
      'rules-fallback0% (weight 0)100% (weight 1)',
    );
    expect(api.getActionRun).toHaveBeenCalledWith(REF, 'run-1');
    expect(api.getActionRun).toHaveBeenCalledTimes(2);
    // when it started and when it ended, not on every progress line
    expect(onRunChange.mock.calls.map(([run]) => [run.id, run.status])).toEqual(
      [
        ['run-1', 'running'],
        ['run-1', 'succeeded'],
      ],
    );
    expect(onRunChange).toHaveBeenLastCalledWith(succeededShift);
    expect(
      within(dialog).queryByRole('button', { name: 'Confirm' }),
    ).not.toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Undo' }));
    expect(api.undoRun).toHaveBeenCalledWith(REF, 'run-1', {
      idempotencyKey: expect.stringMatching(/^[A-Za-z0-9._:-]{8,128}$/),
    });
    expect(api.undoRun.mock.calls[0][2].idempotencyKey).not.toBe(
      api.runAction.mock.calls[0][2].idempotencyKey,
    );
    const undoProgress = within(dialog).getByLabelText('Undo: progress');
    expect(
      await within(undoProgress).findByText(
        /Succeeded: The weights of churn-prediction-prod are back/,
      ),
    ).toBeInTheDocument();
    expect(api.getActionRun).toHaveBeenLastCalledWith(REF, 'run-2');
    expect(onRunChange).toHaveBeenCalledTimes(4);
    expect(onRunChange).toHaveBeenLastCalledWith(succeededUndo);
    expect(
      within(dialog).queryByRole('button', { name: 'Undo' }),
    ).not.toBeInTheDocument();
  });

  it('says who is acting when the backend answers 409, and retries with the same key', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockResolvedValue(shiftPlan);
    const message =
      'user:default/amara.okafor is running Shift traffic to rules-fallback on churn-prediction-prod (started 2024-05-14 12:03 UTC)';
    api.runAction.mockRejectedValue(await responseError(409, message));
    await render(api);
    const dialog = await openDialog();
    await within(dialog).findByText(shiftPlan.summary);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      `Applying the action was refused: ${message}`,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );
    await waitFor(() => expect(api.runAction).toHaveBeenCalledTimes(2));
    expect(api.runAction.mock.calls[1][2].idempotencyKey).toBe(
      api.runAction.mock.calls[0][2].idempotencyKey,
    );

    // a new opening is a new request
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const again = await openDialog();
    await within(again).findByText(shiftPlan.summary);
    await userEvent.click(
      within(again).getByRole('button', { name: 'Confirm' }),
    );
    await waitFor(() => expect(api.runAction).toHaveBeenCalledTimes(3));
    expect(api.runAction.mock.calls[2][2].idempotencyKey).not.toBe(
      api.runAction.mock.calls[0][2].idempotencyKey,
    );
  });

  it('says when to try again after a 429, and names the permission after a 403', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockRejectedValueOnce(
      await responseError(403, 'Not allowed to act on this model'),
    );
    await render(api);
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText(
        /^Not allowed: planning the action needs/,
      ),
    ).toHaveTextContent(
      'ml-observability.model.act permission on this model (Not allowed to act on this model)',
    );
    expect(
      within(dialog).queryByRole('button', { name: 'Confirm' }),
    ).toBeDisabled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    api.planAction.mockResolvedValue(shiftPlan);
    api.runAction.mockRejectedValue(
      await responseError(429, 'Too many action runs on churn-prediction', {
        'Retry-After': '120',
      }),
    );
    const again = await openDialog();
    await within(again).findByText(shiftPlan.summary);
    await userEvent.click(
      within(again).getByRole('button', { name: 'Confirm' }),
    );
    expect(await within(again).findByRole('alert')).toHaveTextContent(
      'Too many action runs on this model recently: Too many action runs on churn-prediction (try again in 2 min)',
    );
  });

  it('shows the pipeline and its parameters for a pipeline start that cannot be undone', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockResolvedValue({
      ...shiftPlan,
      actionId: 'severity-2',
      type: 'start-pipeline',
      label: 'Start pipeline churn-retrain',
      summary: 'Starts an execution of pipeline churn-retrain.',
      steps: ['StartPipelineExecution of churn-retrain'],
      undoable: false,
      shiftTraffic: undefined,
      startPipeline: {
        pipeline: 'churn-retrain',
        accountId: '123456789012',
        region: 'us-east-1',
        parameters: { TrainingWindowDays: '30', Reason: 'accuracy drop' },
      },
    });
    await renderWithApis(
      <RunbookActionButton
        entityRef={REF}
        action={{
          id: 'severity-2',
          type: 'start-pipeline',
          label: 'Start pipeline churn-retrain',
          pipeline: 'churn-retrain',
          parameters: { TrainingWindowDays: '30', Reason: 'accuracy drop' },
        }}
      />,
      { api, actAllowed: true },
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Start pipeline churn-retrain…',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Start pipeline churn-retrain',
    });
    await within(dialog).findByText(
      'Starts an execution of pipeline churn-retrain.',
    );
    expect(
      within(dialog).getByText('churn-retrain (123456789012 / us-east-1)'),
    ).toBeInTheDocument();
    expect(
      within(within(dialog).getByRole('list', { name: 'Pipeline parameters' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['TrainingWindowDays = 30', 'Reason = accuracy drop']);
    expect(
      within(dialog).getByText('This action cannot be undone from the portal.'),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the alarms, the window and what muting does not do for an alarm mute', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockResolvedValue({
      ...shiftPlan,
      actionId: 'severity-2',
      type: 'mute-alarms',
      label: 'Mute the alarms for 2 hours',
      summary: 'Mutes 2 alarms of churn-prediction for 2 hours.',
      steps: ['PutAlarmMuteRule churn-prediction-severity-2'],
      shiftTraffic: undefined,
      muteAlarms: {
        accountId: '123456789012',
        region: 'us-east-1',
        alarms: ['churn-prediction-accuracy-low', 'churn-prediction-drift'],
        durationMinutes: 120,
        ruleName: 'churn-prediction-severity-2',
      },
    });
    await renderWithApis(
      <RunbookActionButton
        entityRef={REF}
        action={{
          id: 'severity-2',
          type: 'mute-alarms',
          label: 'Mute the alarms for 2 hours',
          durationMinutes: 120,
        }}
      />,
      { api, actAllowed: true },
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Mute the alarms for 2 hours…',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Mute the alarms for 2 hours',
    });
    await within(dialog).findByText(
      'Mutes 2 alarms of churn-prediction for 2 hours.',
    );
    expect(
      within(within(dialog).getByRole('list', { name: 'Alarms to mute' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['churn-prediction-accuracy-low', 'churn-prediction-drift']);
    expect(
      within(dialog).getByText(
        /^For 2 h \(123456789012 \/ us-east-1\), with the mute rule churn-prediction-severity-2/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'A muted alarm still changes state; only its notifications are held.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a failed run with its reason and no Undo when nothing can be undone', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockResolvedValue(shiftPlan);
    api.runAction.mockResolvedValue(runningShift);
    api.getActionRun
      .mockRejectedValueOnce(new Error('network down'))
      .mockResolvedValue({
        ...runningShift,
        status: 'failed',
        finishedAt: '2024-05-14T12:06:00.000Z',
        outcome:
          'SageMaker refused the update: ValidationException: variant rules-fallback has no instances',
        canUndo: false,
      });
    await render(api);
    const dialog = await openDialog();
    await within(dialog).findByText(shiftPlan.summary);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm' }),
    );
    expect(
      await within(dialog).findByText(
        /^Failed: SageMaker refused the update: ValidationException/,
      ),
    ).toBeInTheDocument();
    expect(api.getActionRun).toHaveBeenCalledTimes(2);
    expect(
      within(dialog).queryByRole('button', { name: 'Undo' }),
    ).not.toBeInTheDocument();
    expect(within(dialog).queryByText(/network down/)).not.toBeInTheDocument();
  });

  it('opens from the keyboard and closes with Escape', async () => {
    const api = mockMlObservabilityApi();
    api.planAction.mockResolvedValue(shiftPlan);
    await render(api);
    const button = await screen.findByRole('button', BUTTON);
    expect(button).toHaveAttribute('aria-haspopup', 'dialog');
    await userEvent.tab();
    expect(button).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', {
      name: 'Shift traffic to rules-fallback',
    });
    await within(dialog).findByText(shiftPlan.summary);
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.runAction).not.toHaveBeenCalled();
  });
});
