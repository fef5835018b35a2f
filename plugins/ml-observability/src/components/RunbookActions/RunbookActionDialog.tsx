import { useId, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  ActionRun,
  SeverityAction,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mlObservabilityApiRef } from '../../api';
import { actionErrorText, newIdempotencyKey } from './actionText';
import { PlanDetails } from './PlanDetails';
import { RunProgress } from './RunProgress';
import { RUN_POLL_INTERVAL_MS, useFollowedRun } from './useFollowedRun';

export interface RunbookActionDialogProps {
  entityRef: string;
  action: SeverityAction;
  /** The alarm the action responds to, when known. */
  alarmArn?: string;
  onClose: () => void;
  /** Called when a run (or its undo) started here starts, and when it is no longer running. */
  onRunChange?: (run: ActionRun) => void;
  /** How often a running run is read again; 2 s unless a test says. */
  pollIntervalMs?: number;
}

/**
 * The content of one opening of the dialog: its state (and idempotency keys)
 * live as long as the opening does.
 */
function DialogBody(props: RunbookActionDialogProps & { titleId: string }) {
  const { entityRef, action, alarmArn, onClose, onRunChange, titleId } = props;
  const interval = props.pollIntervalMs ?? RUN_POLL_INTERVAL_MS;
  const api = useApi(mlObservabilityApiRef);
  // One key per opening: a second click (or a retried request) answers the same run.
  const [applyKey] = useState(newIdempotencyKey);
  const [undoKey] = useState(newIdempotencyKey);
  const plan = useAsync(
    () => api.planAction(entityRef, action.id, { alarmArn }),
    [api, entityRef, action.id, alarmArn],
  );
  const apply = useFollowedRun(entityRef, interval, onRunChange);
  const undo = useFollowedRun(entityRef, interval, onRunChange);
  const [starting, setStarting] = useState<'apply' | 'undo'>();
  const [error, setError] = useState<string>();

  const onConfirm = async () => {
    setError(undefined);
    setStarting('apply');
    try {
      apply.follow(
        await api.runAction(entityRef, action.id, {
          idempotencyKey: applyKey,
          alarmArn,
        }),
      );
    } catch (e) {
      setError(actionErrorText(e, 'Applying the action'));
    } finally {
      setStarting(undefined);
    }
  };

  const onUndo = async () => {
    if (!apply.run) return;
    setError(undefined);
    setStarting('undo');
    try {
      undo.follow(
        await api.undoRun(entityRef, apply.run.id, { idempotencyKey: undoKey }),
      );
    } catch (e) {
      setError(actionErrorText(e, 'Undoing the run'));
    } finally {
      setStarting(undefined);
    }
  };

  const canConfirm = !!plan.value?.ok && !apply.run && starting === undefined;
  const canUndo =
    !!apply.run?.canUndo &&
    apply.run.status !== 'running' &&
    !undo.run &&
    starting === undefined;

  return (
    <>
      <DialogTitle id={titleId}>{action.label}</DialogTitle>
      <DialogContent dividers>
        {plan.loading && (
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <CircularProgress size={16} aria-hidden />
            <Typography variant="body2">
              Planning: reading the resources from AWS…
            </Typography>
          </Box>
        )}
        {plan.error && (
          <Alert severity="error">
            {actionErrorText(plan.error, 'Planning the action')}
          </Alert>
        )}
        {plan.value && (
          <>
            <Typography variant="body1" data-testid="plan-summary">
              {plan.value.summary}
            </Typography>
            {!plan.value.ok && (
              <Box mt={2}>
                <Alert severity="error" role="alert">
                  <AlertTitle>This action cannot run now</AlertTitle>
                  <Box component="ul" m={0} pl={2} aria-label="Refusals">
                    {(plan.value.refusals.length > 0
                      ? plan.value.refusals
                      : ['The backend refused the plan without a reason.']
                    ).map(refusal => (
                      <li key={refusal}>{refusal}</li>
                    ))}
                  </Box>
                </Alert>
              </Box>
            )}
            <PlanDetails plan={plan.value} />
            {plan.value.steps.length > 0 && (
              <Box mt={2}>
                <Typography variant="subtitle2" component="h3">
                  Steps
                </Typography>
                <Box component="ol" m={0} pl={3} aria-label="Steps">
                  {plan.value.steps.map((step, index) => (
                    <li key={`${index}-${step}`}>
                      <Typography variant="body2" component="span">
                        {step}
                      </Typography>
                    </li>
                  ))}
                </Box>
              </Box>
            )}
            {!plan.value.undoable && (
              <Box mt={1}>
                <Typography variant="body2" color="textSecondary">
                  This action cannot be undone from the portal.
                </Typography>
              </Box>
            )}
          </>
        )}
        {apply.run && (
          <RunProgress
            run={apply.run}
            title="Run"
            pollError={apply.pollError}
          />
        )}
        {undo.run && (
          <RunProgress run={undo.run} title="Undo" pollError={undo.pollError} />
        )}
        {error && (
          <Box mt={2}>
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{apply.run ? 'Close' : 'Cancel'}</Button>
        {!apply.run && (
          <Button
            color="primary"
            variant="contained"
            disabled={!canConfirm}
            onClick={onConfirm}
          >
            {starting === 'apply' ? 'Starting…' : 'Confirm'}
          </Button>
        )}
        {apply.run?.canUndo && !undo.run && (
          <Button
            color="secondary"
            variant="outlined"
            disabled={!canUndo}
            onClick={onUndo}
          >
            {starting === 'undo' ? 'Starting the undo…' : 'Undo'}
          </Button>
        )}
      </DialogActions>
    </>
  );
}

/**
 * Plans a severity rule's action, says what it would change, runs it on
 * confirmation and follows it to the end, with an undo when the run allows.
 */
export function RunbookActionDialog(
  props: RunbookActionDialogProps & { open: boolean },
) {
  const { open, ...rest } = props;
  const titleId = useId();
  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      {open && <DialogBody {...rest} titleId={titleId} />}
    </Dialog>
  );
}
