import { useState } from 'react';
import Button from '@material-ui/core/Button';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import {
  mlObservabilityActPermission,
  type ActionRun,
  type SeverityAction,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { useModelPermission } from '../../hooks/useModelPermission';
import { RunbookActionDialog } from './RunbookActionDialog';

export interface RunbookActionButtonProps {
  entityRef: string;
  /** The severity rule's action; without one there is no button. */
  action?: SeverityAction;
  /** The alarm the action responds to, when known (the escalation lookup's alarm). */
  alarmArn?: string;
  /** Called when a run (or its undo) started from the dialog starts, and when it ends. */
  onRunChange?: (run: ActionRun) => void;
  /** How often a running run is read again; 2 s unless a test says. */
  pollIntervalMs?: number;
}

function PermittedButton(
  props: RunbookActionButtonProps & { action: SeverityAction },
) {
  const { allowed, loading } = useModelPermission(
    mlObservabilityActPermission,
    props.entityRef,
  );
  const [open, setOpen] = useState(false);
  if (loading || !allowed) return null;
  return (
    <>
      <Button
        variant="outlined"
        size="small"
        color="primary"
        startIcon={<PlayArrowIcon aria-hidden />}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {props.action.label}…
      </Button>
      <RunbookActionDialog
        open={open}
        entityRef={props.entityRef}
        action={props.action}
        alarmArn={props.alarmArn}
        onClose={() => setOpen(false)}
        onRunChange={props.onRunChange}
        pollIntervalMs={props.pollIntervalMs}
      />
    </>
  );
}

/**
 * A severity rule's structured action as a button that opens its plan. Not
 * rendered without an action, nor for users without the act permission (a
 * disabled button would only tell them they cannot).
 */
export function RunbookActionButton(props: RunbookActionButtonProps) {
  if (!props.action) return null;
  return <PermittedButton {...props} action={props.action} />;
}
