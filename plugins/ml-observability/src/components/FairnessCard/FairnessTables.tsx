import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  AttributionItem,
  BiasItem,
  formatBiasThreshold,
  formatClarifyValue,
  formatDimensions,
  MetricDimension,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { StatusChip } from '../shared/StatusChip';
import { TrendLine } from './TrendLine';

const FACET = 'facet';
const FACET_VALUE = 'facetvalue';

/** The facet as "gender = female", and the other dimensions (label, stage...) as text. */
export function facetParts(dimensions: MetricDimension[]): {
  facet: string;
  rest: string;
} {
  const find = (name: string) =>
    dimensions.find(d => d.name.toLowerCase() === name)?.value;
  const facet = find(FACET);
  const value = find(FACET_VALUE);
  const rest = dimensions.filter(
    d => ![FACET, FACET_VALUE].includes(d.name.toLowerCase()),
  );
  return {
    facet: facet ? `${facet}${value !== undefined ? ` = ${value}` : ''}` : '—',
    rest: rest.length > 0 ? formatDimensions(rest) : '—',
  };
}

function origin(item: { source: string; scheduleName?: string }): string {
  if (item.source === 'custom') return 'Custom CloudWatch metric';
  return item.scheduleName ?? 'Model Monitor';
}

const fmt = formatClarifyValue;

function signed(v: number): string {
  return v > 0 ? `+${fmt(v)}` : fmt(v);
}

/** Every bias metric of every facet, breached first (the report's order). */
export function BiasTable(props: { items: BiasItem[] }) {
  return (
    <Table size="small" aria-label="Bias by facet">
      <TableHead>
        <TableRow>
          <TableCell>Metric</TableCell>
          <TableCell>Facet</TableCell>
          <TableCell>Label and stage</TableCell>
          <TableCell align="right">Latest</TableCell>
          <TableCell>Runbook bounds</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Trend</TableCell>
          <TableCell>Produced by</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(item => {
          const { facet, rest } = facetParts(item.dimensions);
          const id = `${item.metric} ${formatDimensions(item.dimensions)} ${
            item.endpointName ?? ''
          }`;
          return (
            <TableRow key={id} data-testid={`bias-row-${item.metric}-${facet}`}>
              <TableCell component="th" scope="row">
                {item.metric}
              </TableCell>
              <TableCell>{facet}</TableCell>
              <TableCell>{rest}</TableCell>
              <TableCell align="right">{fmt(item.latest)}</TableCell>
              <TableCell>
                {item.threshold ? formatBiasThreshold(item.threshold) : '—'}
              </TableCell>
              <TableCell>
                {!item.threshold && (
                  <StatusChip kind="info" label="No bounds declared" />
                )}
                {item.threshold && item.breached && (
                  <StatusChip kind="warning" label="Outside bounds" />
                )}
                {item.threshold && !item.breached && (
                  <StatusChip kind="ok" label="Within bounds" />
                )}
              </TableCell>
              <TableCell>
                <TrendLine
                  label={`${item.metric} for ${facet}`}
                  points={item.series}
                />
              </TableCell>
              <TableCell>{origin(item)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** The features whose attribution moved most, largest move first (the report's order). */
export function AttributionTable(props: { items: AttributionItem[] }) {
  return (
    <Table size="small" aria-label="Attribution change by feature">
      <TableHead>
        <TableRow>
          <TableCell>Feature</TableCell>
          <TableCell>Label</TableCell>
          <TableCell align="right">Earliest in range</TableCell>
          <TableCell align="right">Latest</TableCell>
          <TableCell align="right">Change</TableCell>
          <TableCell>Trend</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(item => (
          <TableRow
            key={`${item.feature} ${formatDimensions(item.dimensions)} ${
              item.endpointName ?? ''
            }`}
            data-testid={`attribution-row-${item.feature}`}
          >
            <TableCell component="th" scope="row">
              {item.feature}
            </TableCell>
            <TableCell>
              {item.dimensions.length > 0
                ? formatDimensions(item.dimensions)
                : '—'}
            </TableCell>
            <TableCell align="right">
              {item.reference !== undefined ? fmt(item.reference) : '—'}
            </TableCell>
            <TableCell align="right">{fmt(item.latest)}</TableCell>
            <TableCell align="right">
              {item.change !== undefined ? signed(item.change) : '—'}
            </TableCell>
            <TableCell>
              <TrendLine
                label={`Attribution of ${item.feature}`}
                points={item.series}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
