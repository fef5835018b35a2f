import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  DriftItem,
  formatInstant,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { LINE_COLORS, LINE_DASHES, mergeSeries } from '../shared/chartSeries';
import { formatByDisplay, TIME_RANGE_TEXT, timeTick } from '../shared/format';
import { withPlace } from '../shared/placement';
import { driftKey } from './DriftTable';

/** A breached point: a larger hollow diamond, so it reads without colour. */
function breachDot(threshold: number, color: string) {
  return (props: {
    cx?: number;
    cy?: number;
    value?: unknown;
    index?: number;
  }) => {
    const { cx, cy, value, index } = props;
    if (
      typeof value !== 'number' ||
      value <= threshold ||
      cx === undefined ||
      cy === undefined
    ) {
      return <g key={`dot-${index}`} />;
    }
    return (
      <path
        key={`dot-${index}`}
        d={`M${cx},${cy - 7} L${cx + 7},${cy} L${cx},${cy + 7} L${
          cx - 7
        },${cy} Z`}
        fill="#fff"
        stroke={color}
        strokeWidth={2.5}
        data-testid="breach-marker"
      />
    );
  };
}

/** What the chart shows, for screen readers. */
export function driftChartSummary(
  items: DriftItem[],
  range: TimeRange,
): string {
  const parts = items.map(item => {
    const state = item.breached
      ? `above its threshold ${formatByDisplay('number', item.threshold)}${
          item.since ? ` since ${formatInstant(item.since)}` : ''
        }`
      : `within its threshold ${formatByDisplay('number', item.threshold)}`;
    if (item.latest === undefined)
      return `${withPlace(item.feature, item)}: no data yet`;
    return `${withPlace(item.feature, item)} latest ${formatByDisplay(
      'number',
      item.latest,
    )}, ${state}`;
  });
  return `Drift scores over the last ${TIME_RANGE_TEXT[range]}: ${parts.join(
    '; ',
  )}. Breached points are marked with diamonds.`;
}

/**
 * Drift scores of the selected features over time, each threshold as a
 * reference line and the points above it marked.
 */
export function DriftChart(props: { items: DriftItem[]; range: TimeRange }) {
  const { items, range } = props;
  const rows = mergeSeries(
    Object.fromEntries(items.map(item => [driftKey(item), item.series])),
  );
  const thresholds = [...new Set(items.map(item => item.threshold))];
  return (
    // The chart is one image to assistive technology (its numbers are in the
    // table above), so recharts' keyboard layer is off: no focus stop inside.
    <div role="img" aria-label={driftChartSummary(items, range)}>
      <ResponsiveContainer
        width="100%"
        height={280}
        initialDimension={{ width: 600, height: 280 }}
      >
        <LineChart
          data={rows}
          margin={{ top: 16, right: 24, bottom: 8, left: 0 }}
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
          <YAxis tickFormatter={v => formatByDisplay('number', v)} />
          <Tooltip
            labelFormatter={t =>
              formatInstant(new Date(Number(t)).toISOString())
            }
            formatter={(value: unknown) =>
              typeof value === 'number'
                ? formatByDisplay('number', value)
                : String(value)
            }
          />
          <Legend />
          {thresholds.map(threshold => (
            <ReferenceLine
              key={threshold}
              y={threshold}
              stroke="#C9190B"
              strokeDasharray="4 2"
              label={{
                value: `threshold ${formatByDisplay('number', threshold)}`,
                position: 'insideTopRight',
              }}
            />
          ))}
          {items.map((item, index) => {
            const color = LINE_COLORS[index % LINE_COLORS.length];
            return (
              <Line
                key={driftKey(item)}
                dataKey={driftKey(item)}
                name={
                  item.breached
                    ? `${withPlace(item.feature, item)} (above threshold)`
                    : withPlace(item.feature, item)
                }
                stroke={color}
                strokeWidth={2}
                strokeDasharray={LINE_DASHES[index % LINE_DASHES.length]}
                dot={breachDot(item.threshold, color)}
                isAnimationActive={false}
                connectNulls
              />
            );
          })}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
