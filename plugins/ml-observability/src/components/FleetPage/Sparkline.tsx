import { Line, LineChart, YAxis } from 'recharts';
import {
  FleetRow,
  metricInfo,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mergeSeries, seriesEnds } from '../shared/chartSeries';
import { formatByDisplay } from '../shared/format';

/** "Accuracy from 93.0% to 78.0%", for screen readers and the tooltip. */
export function sparklineSummary(
  sparkline: NonNullable<FleetRow['sparkline']>,
): string {
  const label = metricInfo(sparkline.metric).label;
  const ends = seriesEnds(sparkline.points);
  if (!ends) return `${label}: no data`;
  const fmt = (v: number) => formatByDisplay(sparkline.display, v);
  return `${label} from ${fmt(ends.first)} to ${fmt(ends.last)}`;
}

/** A model's primary metric over time, small enough for a table cell. */
export function Sparkline(props: { sparkline?: FleetRow['sparkline'] }) {
  const { sparkline } = props;
  if (!sparkline || sparkline.points.length === 0) return <>—</>;
  const summary = sparklineSummary(sparkline);
  return (
    <div role="img" aria-label={summary} title={summary}>
      <LineChart
        width={120}
        height={32}
        accessibilityLayer={false}
        data={mergeSeries({ v: sparkline.points })}
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
