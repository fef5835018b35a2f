import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  AlarmInfo,
  AlarmState,
  cloudWatchAlarmUrl,
  formatInstant,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { comparisonText, formatByDisplay } from '../shared/format';
import { SourceWarnings } from '../shared/SourceWarnings';
import { StatusChip } from '../shared/StatusChip';
import type { StatusKind } from '../shared/StatusLabel';
import { Card } from '../shared/Card';

/** How an alarm state shows as a chip, and its rank when sorting (firing first). */
export const STATE: Record<
  AlarmState,
  { kind: StatusKind; label: string; rank: number }
> = {
  ALARM: { kind: 'error', label: 'ALARM', rank: 0 },
  INSUFFICIENT_DATA: { kind: 'unknown', label: 'Insufficient data', rank: 1 },
  OK: { kind: 'ok', label: 'OK', rank: 2 },
};

/** Firing first, then the longest in their state. */
export function sortAlarms(alarms: AlarmInfo[]): AlarmInfo[] {
  return [...alarms].sort(
    (a, b) =>
      STATE[a.state].rank - STATE[b.state].rank ||
      (a.since ?? '').localeCompare(b.since ?? '') ||
      a.name.localeCompare(b.name),
  );
}

function Condition(props: { alarm: AlarmInfo }) {
  const { alarm } = props;
  if (alarm.type === 'composite') {
    return alarm.alarmRule ? (
      <Typography
        variant="body2"
        component="code"
        style={{ wordBreak: 'break-word' }}
      >
        {alarm.alarmRule}
      </Typography>
    ) : (
      <>—</>
    );
  }
  if (alarm.threshold === undefined) return <>metric math</>;
  const metric = alarm.metric
    ? `${alarm.metric.stat ? `${alarm.metric.stat} ` : ''}${alarm.metric.name}`
    : 'value';
  return (
    <>
      {metric} {comparisonText(alarm.comparison)}{' '}
      {formatByDisplay('number', alarm.threshold)}
    </>
  );
}

function consoleUrl(alarm: AlarmInfo, region: string | undefined) {
  if (alarm.consoleUrl) return alarm.consoleUrl;
  return region ? cloudWatchAlarmUrl(region, alarm.name) : undefined;
}

/** CloudWatch alarms on the model's metrics, composite ones included. */
export function AlarmsCard(props: { report: ModelReport }) {
  const { report } = props;
  const alarms = sortAlarms(report.alarms);
  const firing = alarms.filter(a => a.state === 'ALARM').length;
  return (
    <Card
      title="Alarms"
      subheader={
        alarms.length > 0 ? `${firing} of ${alarms.length} in ALARM` : undefined
      }
    >
      <SourceWarnings sources={report.sources} card="alarms" />
      {alarms.length === 0 ? (
        <Typography variant="body2">
          No CloudWatch alarm watches this model's metrics. Alarms are matched
          to a model by metric namespace and dimensions (Endpoint, ModelName).
        </Typography>
      ) : (
        <Table size="small" aria-label="Alarms">
          <TableHead>
            <TableRow>
              <TableCell>State</TableCell>
              <TableCell>Alarm</TableCell>
              <TableCell>Since</TableCell>
              <TableCell>Condition</TableCell>
              <TableCell>Reason</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {alarms.map(alarm => {
              const url = consoleUrl(alarm, report.region);
              return (
                <TableRow
                  key={alarm.arn || alarm.name}
                  data-testid={`alarm-row-${alarm.name}`}
                >
                  <TableCell>
                    <StatusChip
                      kind={STATE[alarm.state].kind}
                      label={STATE[alarm.state].label}
                    />
                  </TableCell>
                  <TableCell component="th" scope="row">
                    <Box
                      display="flex"
                      alignItems="center"
                      flexWrap="wrap"
                      style={{ gap: 4 }}
                    >
                      {url ? (
                        <Link
                          to={url}
                          aria-label={`${alarm.name} in the CloudWatch console`}
                        >
                          {alarm.name}
                        </Link>
                      ) : (
                        alarm.name
                      )}
                      {alarm.type === 'composite' && (
                        <Chip size="small" label="Composite" />
                      )}
                      {alarm.actionsEnabled === false && (
                        <Chip size="small" label="Actions disabled" />
                      )}
                    </Box>
                  </TableCell>
                  <TableCell>
                    {alarm.since ? formatInstant(alarm.since) : '—'}
                  </TableCell>
                  <TableCell>
                    <Condition alarm={alarm} />
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">
                      {alarm.stateReason ?? '—'}
                    </Typography>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
