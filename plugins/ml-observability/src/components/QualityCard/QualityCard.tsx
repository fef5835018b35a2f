import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  CustomMetricSeries,
  ModelReport,
  QualityItem,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { formatByDisplay } from '../shared/format';
import { placedKey, placeText } from '../shared/placement';
import { SourceWarnings } from '../shared/SourceWarnings';
import { ScheduleListNote } from '../shared/ScheduleListNote';
import { StatusChip } from '../shared/StatusChip';
import { QualityTrendChart } from './QualityTrendChart';
import { thresholdKindText } from './thresholdText';
import { Card } from '../shared/Card';

function breachText(item: QualityItem): string {
  return item.direction === 'higher-is-better'
    ? 'Below threshold'
    : 'Above threshold';
}

function QualityRow(props: { item: QualityItem }) {
  const { item } = props;
  const fmt = (v: number) => formatByDisplay(item.display, v);
  return (
    <TableRow
      data-testid={`quality-row-${item.metric}${
        item.region ? `@${placeText(item)}` : ''
      }`}
    >
      <TableCell component="th" scope="row">
        {item.label}
      </TableCell>
      <TableCell align="right">{fmt(item.latest)}</TableCell>
      <TableCell>
        {item.threshold
          ? `${fmt(item.threshold.value)} (${thresholdKindText(
              item.threshold.kind,
            )}, ${item.threshold.timeZone})`
          : 'none'}
      </TableCell>
      <TableCell>
        {item.otherThreshold
          ? `${fmt(item.otherThreshold.value)} (${thresholdKindText(
              item.otherThreshold.kind,
            )})`
          : '—'}
      </TableCell>
      <TableCell>
        {item.breached ? (
          <StatusChip kind="error" label={breachText(item)} />
        ) : (
          <StatusChip
            kind={item.threshold ? 'ok' : 'unknown'}
            label={item.threshold ? 'Meets threshold' : 'No threshold'}
          />
        )}
      </TableCell>
      <TableCell>
        {item.source === 'custom'
          ? 'Custom CloudWatch metric'
          : item.scheduleName ?? item.endpointName ?? 'Model Monitor'}
        {placeText(item) && ` in ${placeText(item)}`}
      </TableCell>
    </TableRow>
  );
}

function CustomMetrics(props: { items: CustomMetricSeries[] }) {
  return (
    <Box mt={3}>
      <Typography variant="subtitle1" component="h3">
        Other custom metrics
      </Typography>
      <Table size="small" aria-label="Other custom metrics">
        <TableHead>
          <TableRow>
            <TableCell>Metric</TableCell>
            <TableCell align="right">Latest</TableCell>
            <TableCell>Namespace</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.items.map(metric => (
            <TableRow key={`${metric.namespace}/${metric.metricName}`}>
              <TableCell component="th" scope="row">
                {metric.consoleUrl ? (
                  <Link to={metric.consoleUrl}>{metric.metricName}</Link>
                ) : (
                  metric.metricName
                )}
              </TableCell>
              <TableCell align="right">
                {metric.latest !== undefined
                  ? `${formatByDisplay('number', metric.latest)}${
                      metric.unit && metric.unit !== 'None'
                        ? ` ${metric.unit}`
                        : ''
                    }`
                  : 'no data'}
              </TableCell>
              <TableCell>{metric.namespace}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/**
 * Quality metrics against the threshold in force now (business or off hours
 * in the model's time zone), the other threshold, and their trends.
 */
export function QualityCard(props: { report: ModelReport; range: TimeRange }) {
  const { report, range } = props;
  const qualityMetrics = new Set(
    report.quality.map(q => q.metric.toLowerCase()),
  );
  // Custom series already shown as quality metrics are not listed twice.
  const others = report.custom.filter(
    c => !qualityMetrics.has(c.metricName.toLowerCase()),
  );
  return (
    <Card title="Quality">
      <SourceWarnings sources={report.sources} card="quality" />
      <ScheduleListNote report={report} part="quality" />
      {report.quality.length === 0 ? (
        <Typography variant="body2">
          No quality metrics for this model. They come from a model-quality
          monitoring schedule that publishes CloudWatch metrics, or from a
          custom source in the ml-observability/metrics annotation (for example
          namespace=ML/ModelPerformance,ModelName=&lt;model&gt;).
        </Typography>
      ) : (
        <>
          <Table size="small" aria-label="Quality metrics">
            <TableHead>
              <TableRow>
                <TableCell>Metric</TableCell>
                <TableCell align="right">Latest</TableCell>
                <TableCell>Threshold now</TableCell>
                <TableCell>Other threshold</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Produced by</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.quality.map(item => (
                <QualityRow key={placedKey(item.metric, item)} item={item} />
              ))}
            </TableBody>
          </Table>
          <Box mt={3}>
            <Grid container spacing={2}>
              {report.quality.map(item => (
                <Grid
                  item
                  xs={12}
                  md={6}
                  lg={4}
                  key={placedKey(item.metric, item)}
                >
                  <QualityTrendChart item={item} range={range} />
                </Grid>
              ))}
            </Grid>
          </Box>
        </>
      )}
      {others.length > 0 && <CustomMetrics items={others} />}
    </Card>
  );
}
