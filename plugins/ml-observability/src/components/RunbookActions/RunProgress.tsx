import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ActionRun,
  formatInstant,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { serverMessage } from '../../hooks/errors';
import { WeightsChart } from './WeightsChart';

/** The default sentence of a run that ended without one. */
function outcomeOf(run: ActionRun): string {
  if (run.outcome) return run.outcome;
  return run.status === 'succeeded'
    ? `${run.label}: done.`
    : `${run.label}: failed, and the backend did not say why.`;
}

/**
 * A run as it goes: its progress lines (announced politely as they come), and
 * once it ends, its outcome.
 */
export function RunProgress(props: {
  run: ActionRun;
  title: string;
  pollError?: unknown;
}) {
  const { run, title, pollError } = props;
  const before = run.plan.shiftTraffic?.before;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        {title}
      </Typography>
      <div aria-live="polite" aria-label={`${title}: progress`}>
        <Box component="ol" m={0} pl={3} data-testid={`progress-${run.kind}`}>
          {run.progress.map((line, index) => (
            <li key={`${line.at}-${index}`}>
              <Typography variant="body2" component="span">
                {formatInstant(line.at)}: {line.message}
              </Typography>
            </li>
          ))}
        </Box>
        {run.status === 'running' ? (
          <Box display="flex" alignItems="center" style={{ gap: 8 }} mt={1}>
            <CircularProgress size={16} aria-hidden />
            <Typography variant="body2">Running…</Typography>
          </Box>
        ) : (
          <Box mt={1}>
            <Alert severity={run.status === 'succeeded' ? 'success' : 'error'}>
              {run.status === 'succeeded' ? 'Succeeded: ' : 'Failed: '}
              {outcomeOf(run)}
            </Alert>
          </Box>
        )}
        {pollError !== undefined && run.status === 'running' && (
          <Box mt={1}>
            <Alert severity="warning">
              Could not read the run just now ({serverMessage(pollError)});
              trying again.
            </Alert>
          </Box>
        )}
      </div>
      {run.status !== 'running' && before && run.finalWeights && (
        <Box mt={1}>
          <WeightsChart
            before={before}
            after={run.finalWeights}
            afterLabel="Now"
          />
        </Box>
      )}
    </Box>
  );
}
