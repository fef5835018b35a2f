import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import {
  formatInstant,
  MonitoringExecutionInfo,
  MonitoringExecutionStatus,
  MonitoringScheduleInfo,
  MonitoringType,
  sageMakerMonitoringScheduleUrl,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { placeOfArn, placeText } from '../shared/placement';
import { StatusChip } from '../shared/StatusChip';
import { StatusKind, StatusLabel } from '../shared/StatusLabel';
import type { MonitoringScheduleStatus } from '@mlobs/backstage-plugin-ml-observability-common';

const SCHEDULE_STATUS_KIND: Partial<
  Record<MonitoringScheduleStatus, StatusKind>
> = {
  Scheduled: 'ok',
  Failed: 'error',
};

export const MONITORING_TYPE_TEXT: Record<MonitoringType, string> = {
  DataQuality: 'Data quality',
  ModelQuality: 'Model quality',
  ModelBias: 'Bias drift',
  ModelExplainability: 'Feature attribution drift',
};

const TYPE_ORDER: MonitoringType[] = [
  'DataQuality',
  'ModelQuality',
  'ModelBias',
  'ModelExplainability',
];

const EXECUTION: Record<
  MonitoringExecutionStatus,
  { kind: StatusKind; label: string }
> = {
  Completed: { kind: 'ok', label: 'Completed' },
  CompletedWithViolations: {
    kind: 'warning',
    label: 'Completed with violations',
  },
  Failed: { kind: 'error', label: 'Failed' },
  InProgress: { kind: 'info', label: 'In progress' },
  Pending: { kind: 'info', label: 'Pending' },
  Stopping: { kind: 'unknown', label: 'Stopping' },
  Stopped: { kind: 'unknown', label: 'Stopped' },
};

/** Most recent executions shown per schedule. */
const EXECUTIONS_SHOWN = 5;

function Execution(props: { execution: MonitoringExecutionInfo }) {
  const { execution } = props;
  const state = EXECUTION[execution.status];
  return (
    <ListItem disableGutters dense style={{ display: 'block' }}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="body2" component="span">
          {formatInstant(execution.scheduledTime)}
        </Typography>
        <StatusChip kind={state.kind} label={state.label} />
        {execution.violations !== undefined && (
          <Typography variant="body2" component="span">
            {execution.violations === 1
              ? '1 violation'
              : `${execution.violations} violations`}
          </Typography>
        )}
      </Box>
      {execution.failureReason && (
        <Typography variant="body2" color="textSecondary">
          Failure reason: {execution.failureReason}
        </Typography>
      )}
    </ListItem>
  );
}

function Schedule(props: {
  schedule: MonitoringScheduleInfo;
  region?: string;
  showPlace?: boolean;
}) {
  const { schedule, region } = props;
  const place = props.showPlace
    ? placeText(placeOfArn(schedule.arn))
    : undefined;
  const url =
    schedule.consoleUrl ??
    (region ? sageMakerMonitoringScheduleUrl(region, schedule) : undefined);
  const executions = (
    schedule.recentExecutions.length > 0
      ? schedule.recentExecutions
      : [schedule.lastExecution].filter(
          (e): e is MonitoringExecutionInfo => !!e,
        )
  ).slice(0, EXECUTIONS_SHOWN);
  return (
    <Box
      mb={2}
      data-testid={`schedule-${schedule.name}${place ? `@${place}` : ''}`}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle2" component="h5">
          {url ? <Link to={url}>{schedule.name}</Link> : schedule.name}
        </Typography>
        <StatusChip
          kind={SCHEDULE_STATUS_KIND[schedule.status] ?? 'warning'}
          label={schedule.status}
        />
        {schedule.cron && (
          <Typography variant="body2" component="code">
            {schedule.cron}
          </Typography>
        )}
        {place && (
          <Typography variant="body2" component="span">
            in {place}
          </Typography>
        )}
      </Box>
      {schedule.failureReason && (
        <Typography variant="body2">
          Failure reason: {schedule.failureReason}
        </Typography>
      )}
      {schedule.publishesMetrics === false && (
        <StatusLabel kind="warning">
          Publishes no CloudWatch metrics: its results cannot be charted here or
          alarmed on. Turn on metrics publishing for this schedule.
        </StatusLabel>
      )}
      {schedule.publishesMetrics === 'unknown' && (
        <StatusLabel kind="unknown">
          Not known yet whether this schedule publishes CloudWatch metrics.
        </StatusLabel>
      )}
      {executions.length > 0 ? (
        <List dense aria-label={`Last executions of ${schedule.name}`}>
          {executions.map(execution => (
            <Execution
              key={`${execution.scheduledTime}-${execution.status}`}
              execution={execution}
            />
          ))}
        </List>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No executions yet.
        </Typography>
      )}
    </Box>
  );
}

/** Monitoring schedules grouped by type, each with its last executions. */
export function SchedulesList(props: {
  schedules: MonitoringScheduleInfo[];
  region?: string;
  /** Say each schedule's account and region (a model served in several). */
  showPlace?: boolean;
}) {
  return (
    <>
      {TYPE_ORDER.map(type => {
        const ofType = props.schedules.filter(s => s.type === type);
        if (ofType.length === 0) return null;
        return (
          <Box key={type} mt={2}>
            <Typography variant="subtitle1" component="h4">
              {MONITORING_TYPE_TEXT[type]}
            </Typography>
            {ofType.map(schedule => (
              <Schedule
                key={schedule.arn ?? schedule.name}
                schedule={schedule}
                region={props.region}
                showPlace={props.showPlace}
              />
            ))}
          </Box>
        );
      })}
    </>
  );
}
