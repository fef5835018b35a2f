import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';

/**
 * Under a card's source warnings: the monitoring schedule list could not be read, so the card's Model
 * Monitor items were found by the endpoints' metrics; each item's row names its schedule.
 */
export function ScheduleListNote(props: {
  report: ModelReport;
  part: 'drift' | 'quality';
}) {
  const { report, part } = props;
  const unread = report.scheduleListUnread;
  if (!unread || !report[part].some(item => item.source === 'model-monitor'))
    return null;
  return (
    <Box mb={2} role="note" aria-label="Schedule list">
      <Typography variant="body2" color="textSecondary">
        Schedule list could not be read; {part} found by the endpoint's metrics
        {unread.schedules.length > 0
          ? ` (from ${unread.schedules.join(', ')})`
          : ''}
        .
      </Typography>
    </Box>
  );
}
