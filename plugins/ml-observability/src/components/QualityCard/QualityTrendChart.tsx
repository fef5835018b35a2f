import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import Typography from '@material-ui/core/Typography';
import {
  formatInstant,
  QualityItem,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mergeSeries, seriesEnds } from '../shared/chartSeries';
import { formatByDisplay, TIME_RANGE_TEXT, timeTick } from '../shared/format';
import { thresholdKindText } from './thresholdText';
import { withPlace } from '../shared/placement';

/** What the chart shows, for screen readers. */
export function qualityChartSummary(
  item: QualityItem,
  range: TimeRange,
): string {
  const fmt = (v: number) => formatByDisplay(item.display, v);
  const ends = seriesEnds(item.series);
  const trend = ends
    ? `from ${fmt(ends.first)} to ${fmt(ends.last)} (lowest ${fmt(
        ends.min,
      )}, highest ${fmt(ends.max)})`
    : 'no points';
  const threshold = item.threshold
    ? `; threshold now ${fmt(item.threshold.value)} (${thresholdKindText(
        item.threshold.kind,
      )})`
    : '';
  const other = item.otherThreshold
    ? `, ${thresholdKindText(item.otherThreshold.kind)} ${fmt(
        item.otherThreshold.value,
      )}`
    : '';
  return `${withPlace(item.label, item)} over the last ${
    TIME_RANGE_TEXT[range]
  }: ${trend}${threshold}${other}.`;
}

/** One quality metric over time with the threshold in force and the other one. */
export function QualityTrendChart(props: {
  item: QualityItem;
  range: TimeRange;
}) {
  const { item, range } = props;
  const rows = mergeSeries({ value: item.series });
  const fmt = (v: number) => formatByDisplay(item.display, v);
  return (
    <figure style={{ margin: 0 }}>
      <Typography variant="subtitle2" component="figcaption">
        {withPlace(item.label, item)}
      </Typography>
      <div role="img" aria-label={qualityChartSummary(item, range)}>
        <ResponsiveContainer
          width="100%"
          height={160}
          initialDimension={{ width: 320, height: 160 }}
        >
          <LineChart
            data={rows}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={t => timeTick(t, range)}
            />
            <YAxis domain={['auto', 'auto']} tickFormatter={fmt} width={56} />
            <Tooltip
              labelFormatter={t =>
                formatInstant(new Date(Number(t)).toISOString())
              }
              formatter={(value: unknown) =>
                typeof value === 'number' ? fmt(value) : String(value)
              }
            />
            {item.threshold && (
              <ReferenceLine
                y={item.threshold.value}
                stroke="#C9190B"
                label={{
                  value: `now ${fmt(item.threshold.value)}`,
                  position: 'insideBottomRight',
                }}
              />
            )}
            {item.otherThreshold && (
              <ReferenceLine
                y={item.otherThreshold.value}
                stroke="#6A6E73"
                strokeDasharray="4 4"
                label={{
                  value: `${thresholdKindText(item.otherThreshold.kind)} ${fmt(
                    item.otherThreshold.value,
                  )}`,
                  position: 'insideTopRight',
                }}
              />
            )}
            <Line
              dataKey="value"
              name={item.label}
              stroke="#0072B2"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
