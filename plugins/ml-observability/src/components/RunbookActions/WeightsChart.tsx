import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { VariantWeight } from '@mlobs/backstage-plugin-ml-observability-common';
import { percentText, weightChanges, weightChangesText } from './actionText';

/**
 * The endpoint's traffic share per variant before and after a shift: a small
 * horizontal bar chart, and the same numbers as a table for screen readers
 * (and anyone who prefers numbers).
 */
export function WeightsChart(props: {
  before: VariantWeight[];
  after: VariantWeight[];
  /** Names the "after" bars: "After" for a plan, "Now" for a finished run. */
  afterLabel?: string;
}) {
  const afterLabel = props.afterLabel ?? 'After';
  const changes = weightChanges(props.before, props.after);
  const rows = changes.map(c => ({
    variant: c.variant,
    before: c.before?.trafficPercent ?? 0,
    after: c.after?.trafficPercent ?? 0,
  }));
  // Room for the longest variant name at the axis' 12 px font (about 7 px a character), within bounds.
  const axisWidth = Math.min(
    240,
    Math.max(80, 16 + 7 * Math.max(...rows.map(r => r.variant.length), 0)),
  );
  return (
    <figure style={{ margin: 0 }}>
      <div
        role="img"
        aria-label={`Traffic share per variant, before → ${afterLabel.toLocaleLowerCase(
          'en-US',
        )}: ${weightChangesText(props.before, props.after)}`}
      >
        <ResponsiveContainer
          width="100%"
          height={48 + rows.length * 44}
          initialDimension={{ width: 360, height: 48 + rows.length * 44 }}
        >
          <BarChart
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              domain={[0, 100]}
              tickFormatter={(v: number) => `${v}%`}
            />
            <YAxis type="category" dataKey="variant" width={axisWidth} />
            <Legend />
            <Bar
              dataKey="before"
              name="Before"
              fill="#6A6E73"
              isAnimationActive={false}
            />
            <Bar
              dataKey="after"
              name={afterLabel}
              fill="#0072B2"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Table
        size="small"
        aria-label={`Traffic share per variant, before and ${afterLabel.toLocaleLowerCase(
          'en-US',
        )}`}
      >
        <TableHead>
          <TableRow>
            <TableCell>Variant</TableCell>
            <TableCell align="right">Before</TableCell>
            <TableCell align="right">{afterLabel}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {changes.map(c => (
            <TableRow key={c.variant} data-testid={`weights-${c.variant}`}>
              <TableCell component="th" scope="row">
                {c.variant}
              </TableCell>
              <TableCell align="right">
                {c.before
                  ? `${percentText(c.before.trafficPercent)} (weight ${
                      c.before.weight
                    })`
                  : '—'}
              </TableCell>
              <TableCell align="right">
                {c.after
                  ? `${percentText(c.after.trafficPercent)} (weight ${
                      c.after.weight
                    })`
                  : '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </figure>
  );
}
