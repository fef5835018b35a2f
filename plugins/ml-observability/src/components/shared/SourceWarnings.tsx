import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  formatDuration,
  SourceId,
  SourceOutcome,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { instantWithAge, secondsSince } from './format';

const SOURCE_TEXT: Record<SourceId, string> = {
  endpoints: 'SageMaker endpoints',
  schedules: 'Monitoring schedules',
  executions: 'Monitoring executions',
  alarms: 'CloudWatch alarms',
  metrics: 'CloudWatch metrics',
  'custom-metrics': 'Custom CloudWatch metrics',
  runbook: 'Runbook',
  catalog: 'Catalog',
};

const OUTCOME_TEXT: Partial<Record<SourceOutcome, string>> = {
  throttled: 'throttled by AWS',
  denied: 'access denied',
  'not-found': 'not found',
  error: 'failed',
};

/** Outcomes after which a card shows older data, or none. */
export function isDegraded(outcome: SourceOutcome): boolean {
  return outcome in OUTCOME_TEXT;
}

function titleOf(
  id: SourceId,
  outcome: SourceOutcome,
  lastSuccessAt: string | undefined,
): string {
  const head = `${SOURCE_TEXT[id]} ${OUTCOME_TEXT[outcome]}`;
  const age = lastSuccessAt ? secondsSince(lastSuccessAt) : undefined;
  return age === undefined
    ? `${head}; no data from it yet`
    : `${head}; showing data from ${formatDuration(age)} ago`;
}

/**
 * One warning per source of a card that failed at the last collection, with
 * the age of the data still shown. A failing source degrades its card, not
 * the page.
 */
export function SourceWarnings(props: {
  sources: SourceStatuses;
  ids: SourceId[];
}) {
  const failed = props.ids.flatMap(id => {
    const status = props.sources[id];
    return status && isDegraded(status.outcome) ? [{ id, status }] : [];
  });
  if (failed.length === 0) return null;
  return (
    <Box mb={2} display="flex" flexDirection="column" style={{ gap: 8 }}>
      {failed.map(({ id, status }) => (
        <WarningPanel
          key={id}
          severity={status.outcome === 'denied' ? 'error' : 'warning'}
          title={titleOf(id, status.outcome, status.lastSuccessAt)}
          message={
            <>
              {status.message && (
                <Typography variant="body2" component="span" display="block">
                  {status.message}
                </Typography>
              )}
              <Typography variant="body2" component="span" display="block">
                {status.lastSuccessAt
                  ? `Last good data: ${instantWithAge(status.lastSuccessAt)}.`
                  : 'No good data has been collected from this source yet.'}
              </Typography>
            </>
          }
        />
      ))}
    </Box>
  );
}
