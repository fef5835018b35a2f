import { Line, LineChart, YAxis } from 'recharts';
import {
  formatClarifyValue,
  SeriesPoint,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mergeSeries, seriesEnds } from '../shared/chartSeries';

/** "DPPL from 0.04 to 0.16", for screen readers and the tooltip. */
export function trendSummary(label: string, points: SeriesPoint[]): string {
  const ends = seriesEnds(points);
  if (!ends) return `${label}: no data`;
  return `${label} from ${formatClarifyValue(
    ends.first,
  )} to ${formatClarifyValue(ends.last)}`;
}

/** A series over the report's window, small enough for a table cell. */
export function TrendLine(props: { label: string; points: SeriesPoint[] }) {
  const { label, points } = props;
  if (points.length < 2) return <>—</>;
  const summary = trendSummary(label, points);
  return (
    <div role="img" aria-label={summary} title={summary}>
      <LineChart
        width={120}
        height={32}
        accessibilityLayer={false}
        data={mergeSeries({ v: points })}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
      >
        <YAxis hide domain={['dataMin', 'dataMax']} />
        <Line
          dataKey="v"
          stroke="#0072B2"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
