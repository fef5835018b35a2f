import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  AlertTransition,
  formatDuration,
  formatInstant,
  ModelAlertHistory,
  NoisyRule,
  TransitionOrigin,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { serverMessage } from '../../hooks/errors';
import { STATE } from '../AlarmsCard/AlarmsCard';
import { Card } from '../shared/Card';
import { StatusChip } from '../shared/StatusChip';

/** Where a transition was learned from, in words. */
export const ORIGIN_TEXT: Record<TransitionOrigin, string> = {
  eventbridge: 'event',
  sns: 'event',
  round: 'round',
  backfill: 'CloudWatch history',
};

/** The noisy rule as a sentence: "6 or more state changes within 24 hours". */
export function noisyRuleText(rule: NoisyRule): string {
  const hours = `${rule.windowHours} hour${rule.windowHours === 1 ? '' : 's'}`;
  return `${rule.transitions} or more state changes within ${hours}`;
}

function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms / 1000);
}

function Figure(props: { label: string; value: string }) {
  return (
    <Box minWidth={140}>
      <Typography variant="h5" component="p">
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
    </Box>
  );
}

/** A transition's state as a chip; "—" when the previous one is unknown. */
export function StateChip(props: { state?: AlertTransition['state'] }) {
  if (!props.state) return <>—</>;
  const { kind, label } = STATE[props.state];
  return <StatusChip kind={kind} label={label} />;
}

function History(props: { history: ModelAlertHistory }) {
  const { history } = props;
  const { totals, noisyRule } = history;
  const noisyTitle = `Noisy: ${noisyRuleText(noisyRule)} in the last 7 days`;
  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 24 }}
        mb={2}
        role="group"
        aria-label="Alert history figures"
      >
        <Figure label="Fired in 7 days" value={String(totals.firedIn7d)} />
        <Figure label="Fired in 30 days" value={String(totals.firedIn30d)} />
        <Figure
          label="In ALARM over 30 days"
          value={duration(totals.timeInAlarmMs30d)}
        />
        <Figure
          label="Median time to recover"
          value={duration(totals.medianRecoveryMs)}
        />
      </Box>
      {history.alarms.length > 0 && (
        <Table size="small" aria-label="Alert history per alarm">
          <TableHead>
            <TableRow>
              <TableCell>Alarm</TableCell>
              <TableCell>State</TableCell>
              <TableCell align="right">Fired (7d)</TableCell>
              <TableCell align="right">Fired (30d)</TableCell>
              <TableCell align="right">In ALARM (30d)</TableCell>
              <TableCell align="right">Median recovery</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.alarms.map(alarm => (
              <TableRow
                key={alarm.alarmArn}
                data-testid={`alert-stats-${alarm.alarmName}`}
              >
                <TableCell component="th" scope="row">
                  <Box
                    display="flex"
                    alignItems="center"
                    flexWrap="wrap"
                    style={{ gap: 4 }}
                  >
                    {alarm.alarmName}
                    {alarm.noisy && (
                      <Tooltip title={noisyTitle}>
                        <Chip
                          size="small"
                          label="Noisy"
                          aria-label={noisyTitle}
                        />
                      </Tooltip>
                    )}
                  </Box>
                </TableCell>
                <TableCell>
                  <StateChip state={alarm.state} />
                </TableCell>
                <TableCell align="right">{alarm.firedIn7d}</TableCell>
                <TableCell align="right">{alarm.firedIn30d}</TableCell>
                <TableCell align="right">
                  {duration(alarm.timeInAlarmMs30d)}
                </TableCell>
                <TableCell align="right">
                  {duration(alarm.medianRecoveryMs)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Box mt={2}>
        <Typography variant="h6" component="h3" gutterBottom>
          Latest transitions
        </Typography>
        <Table size="small" aria-label="Latest alarm transitions">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Alarm</TableCell>
              <TableCell>From</TableCell>
              <TableCell>To</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Origin</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.transitions.map(t => (
              <TableRow key={`${t.alarmArn}|${t.state}|${t.at}`}>
                <TableCell>{formatInstant(t.at)}</TableCell>
                <TableCell component="th" scope="row">
                  {t.alarmName}
                </TableCell>
                <TableCell>
                  <StateChip state={t.previousState} />
                </TableCell>
                <TableCell>
                  <StateChip state={t.state} />
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{t.reason ?? '—'}</Typography>
                </TableCell>
                <TableCell>{ORIGIN_TEXT[t.origin] ?? t.origin}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </>
  );
}

/**
 * The model's alarm habits from the stored transitions: how often they fired,
 * how long they stayed in ALARM, which ones flap, and the latest changes.
 */
export function AlertHistoryCard(props: {
  history?: ModelAlertHistory;
  error?: Error;
  loading?: boolean;
}) {
  const { history, error, loading } = props;
  let body;
  if (history && history.transitions.length === 0) {
    body = (
      <Typography variant="body2">
        No alarm transitions stored in the last {history.retentionDays} days.
      </Typography>
    );
  } else if (history) {
    body = <History history={history} />;
  } else if (error) {
    body = (
      <Alert severity="error">
        Could not load the alert history: {serverMessage(error)}
      </Alert>
    );
  } else {
    body = <Typography variant="body2">Loading the alert history…</Typography>;
  }
  return (
    <Card
      title="Alert history"
      subheader={
        history
          ? `Figures as of ${formatInstant(history.generatedAt)}`
          : undefined
      }
    >
      <div aria-busy={loading ? 'true' : 'false'}>{body}</div>
    </Card>
  );
}
