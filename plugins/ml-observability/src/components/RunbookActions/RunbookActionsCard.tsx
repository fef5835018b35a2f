import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ActionRun,
  ActionRunList,
  ActionRunStatus,
  formatInstant,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { serverMessage } from '../../hooks/errors';
import { Card } from '../shared/Card';
import { StatusChip } from '../shared/StatusChip';
import type { StatusKind } from '../shared/StatusLabel';
import { weightChangesText } from './actionText';

const STATUS: Record<ActionRunStatus, { kind: StatusKind; label: string }> = {
  running: { kind: 'info', label: 'Running' },
  succeeded: { kind: 'ok', label: 'Succeeded' },
  failed: { kind: 'error', label: 'Failed' },
};

/** A user or service as a catalog link when its ref is one, else as written. */
function Actor(props: { actor: string }) {
  try {
    parseEntityRef(props.actor);
  } catch {
    return <>{props.actor}</>;
  }
  return <EntityRefLink entityRef={props.actor} defaultKind="user" />;
}

/** What the run changed, for the audit: weights, pipeline execution or mute rule. */
function changeText(run: ActionRun): string | undefined {
  const shift = run.plan.shiftTraffic;
  if (shift) {
    const after = run.finalWeights ?? shift.after;
    return `${shift.endpoint}: ${weightChangesText(shift.before, after)}${
      run.finalWeights ? '' : ' (planned)'
    }`;
  }
  if (run.pipelineExecution) {
    const { arn, status, failureReason } = run.pipelineExecution;
    return `Execution ${arn.replace(/^.*\//, '')}: ${status}${
      failureReason ? ` (${failureReason})` : ''
    }`;
  }
  if (run.muteRule) {
    return `Mute rule ${run.muteRule.name} until ${formatInstant(
      run.muteRule.endsAt,
    )}`;
  }
  return undefined;
}

function Runs(props: { runs: ActionRun[] }) {
  return (
    <Table size="small" aria-label="Runbook action runs">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>Who</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Outcome</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.runs.map(run => {
          const change = changeText(run);
          return (
            <TableRow key={run.id} data-testid={`action-run-${run.id}`}>
              <TableCell>
                {formatInstant(run.startedAt)}
                {run.finishedAt && (
                  <Typography variant="caption" component="div">
                    ended {formatInstant(run.finishedAt)}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <Actor actor={run.actor} />
              </TableCell>
              <TableCell component="th" scope="row">
                {run.label}
              </TableCell>
              <TableCell>
                {run.kind === 'undo'
                  ? `Undo${run.undoOf ? ` of ${run.undoOf}` : ''}`
                  : 'Apply'}
                {run.undoneBy && (
                  <Typography variant="caption" component="div">
                    undone by {run.undoneBy}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <StatusChip
                  kind={STATUS[run.status].kind}
                  label={STATUS[run.status].label}
                />
              </TableCell>
              <TableCell>
                <Typography variant="body2">
                  {run.outcome ??
                    (run.status === 'running' ? 'Still running' : '—')}
                </Typography>
                {change && (
                  <Typography variant="body2" color="textSecondary">
                    {change}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * The model's runbook action runs, newest first: who ran what, when, and how
 * it ended; the audit trail as the model's users see it.
 */
export function RunbookActionsCard(props: {
  runs?: ActionRunList;
  error?: Error;
  loading?: boolean;
}) {
  const { runs, error, loading } = props;
  let body;
  if (runs && runs.runs.length === 0) {
    body = (
      <Typography variant="body2">
        No runbook action has been run on this model yet. Actions run from the
        buttons next to the severity rules are listed here.
      </Typography>
    );
  } else if (runs) {
    body = <Runs runs={runs.runs} />;
  } else if (error) {
    body = (
      <Alert severity="error">
        Could not load the runbook action runs: {serverMessage(error)}
      </Alert>
    );
  } else {
    body = (
      <Typography variant="body2">Loading the runbook action runs…</Typography>
    );
  }
  return (
    <Card title="Runbook actions">
      <div aria-busy={loading ? 'true' : 'false'}>{body}</div>
    </Card>
  );
}
