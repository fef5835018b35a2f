import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  formatDuration,
  formatInstant,
  HealthReason,
  HealthReasonSeverity,
  ModelHealth,
  ModelReport,
  sourceNames,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { HEALTH_STATUS_TEXT } from '../shared/format';
import { RefreshButton } from '../shared/RefreshButton';
import { HEALTH_KIND, StatusKind, StatusLabel } from '../shared/StatusLabel';
import { TimeRangePicker } from '../shared/TimeRangePicker';
import { Card } from '../shared/Card';

const REASON_KIND: Record<HealthReasonSeverity, StatusKind> = {
  critical: 'error',
  warning: 'warning',
  unknown: 'unknown',
  info: 'info',
};

const REASON_TEXT: Record<HealthReasonSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  unknown: 'Unknown',
  info: 'Note',
};

function Reason(props: { reason: HealthReason }) {
  const { reason } = props;
  return (
    <ListItem disableGutters dense>
      <ListItemText
        primary={
          <Box display="flex" alignItems="baseline" style={{ gap: 8 }}>
            <StatusLabel kind={REASON_KIND[reason.severity]}>
              {REASON_TEXT[reason.severity]}:
            </StatusLabel>
            <Typography variant="body2" component="span">
              {reason.message}
              {reason.since &&
              !reason.message.includes(formatInstant(reason.since))
                ? ` (since ${formatInstant(reason.since)})`
                : ''}
            </Typography>
          </Box>
        }
      />
    </ListItem>
  );
}

/** Next to a partial verdict: the sources it leaves out, named. */
function PartialVerdict(props: { health: ModelHealth }) {
  const { partial, failedSources = [] } = props.health;
  if (!partial || failedSources.length === 0) return null;
  return (
    <Typography variant="body2" component="p" data-testid="health-partial">
      <StatusLabel kind="unknown">Partial:</StatusLabel>{' '}
      {sourceNames(failedSources.map(f => f.source))} could not be read, so the
      verdict is from the other sources
    </Typography>
  );
}

/**
 * The verdict of a model and why, when its data was collected, and the
 * controls that change what the cards below show.
 */
export function HealthHeader(props: {
  report: ModelReport;
  range: TimeRange;
  onRangeChange: (range: TimeRange) => void;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { report } = props;
  const { status, reasons } = report.health;
  const age = report.stale.ageSeconds;
  // The age is the data's; it is the collection's unless a source failed since.
  const collectionAge = report.stale.dataAsOf ? null : age;
  return (
    <Card
      title="Model health"
      action={
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
          mt={1}
        >
          <TimeRangePicker value={props.range} onChange={props.onRangeChange} />
          <RefreshButton
            entityRef={report.entityRef}
            refreshing={props.refreshing}
            onRefresh={props.onRefresh}
          />
        </Box>
      }
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 24 }}
      >
        <Typography variant="h6" component="p" data-testid="health-verdict">
          <StatusLabel kind={HEALTH_KIND[status]} variant="inherit">
            {HEALTH_STATUS_TEXT[status]}
          </StatusLabel>
        </Typography>
        <PartialVerdict health={report.health} />
        <Typography variant="body2" color="textSecondary">
          {report.collectedAt
            ? `Collected ${formatInstant(report.collectedAt)}${
                collectionAge !== null
                  ? ` (${formatDuration(collectionAge)} ago)`
                  : ''
              }`
            : 'Not collected yet'}
        </Typography>
      </Box>
      {report.stale.isStale && report.collectedAt && (
        <Box mt={2}>
          {report.stale.dataAsOf ? (
            <WarningPanel
              severity="warning"
              title={`Stale data: some of it is from ${formatInstant(
                report.stale.dataAsOf,
              )}${age !== null ? ` (${formatDuration(age)} ago)` : ''}`}
              message="Sources failed in the latest collection, so their earlier data is shown; the reasons below say which and why. Refresh to try again."
            />
          ) : (
            <WarningPanel
              severity="warning"
              title={`Stale data: collected ${
                age !== null ? `${formatDuration(age)} ago` : 'a while ago'
              }`}
              message="The collector has not updated this model recently, so what is shown may be out of date. Refresh to collect it now, or check the backend's collection task."
            />
          )}
        </Box>
      )}
      {reasons.length > 0 ? (
        <List aria-label="Reasons for the verdict" dense>
          {reasons.map((reason, index) => (
            <Reason key={`${reason.source}-${index}`} reason={reason} />
          ))}
        </List>
      ) : (
        status === 'healthy' && (
          <Typography variant="body2">
            No alarm is firing, no threshold is crossed and monitoring runs as
            scheduled.
          </Typography>
        )
      )}
    </Card>
  );
}
