import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  formatDuration,
  SourceOutcome,
  SourceStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  CardName,
  cardSourceIds,
  isDegraded,
  outcomeText,
  sourceTitle,
} from './sources';
import { instantWithAge, secondsSince } from './format';

function titleOf(
  id: string,
  outcome: SourceOutcome,
  lastSuccessAt: string | undefined,
): string {
  const head = `${sourceTitle(id)} ${outcomeText(outcome)}`;
  const age = lastSuccessAt ? secondsSince(lastSuccessAt) : undefined;
  return age === undefined
    ? `${head}; no data from it yet`
    : `${head}; showing data from ${formatDuration(age)} ago`;
}

/**
 * One warning per input of a card that failed at the last collection, with
 * the age of the data still shown. A failing source degrades its card, not
 * the page.
 */
export function SourceWarnings(props: {
  sources: SourceStatuses;
  /** The card whose inputs (CARD_SOURCES) are checked. */
  card: CardName;
}) {
  const statuses = props.sources as Record<string, SourceStatus | undefined>;
  const failed = cardSourceIds(props.card, props.sources).flatMap(id => {
    const status = statuses[id];
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
