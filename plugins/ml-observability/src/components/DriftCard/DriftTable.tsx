import { useState } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import {
  DriftItem,
  formatInstant,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { formatByDisplay } from '../shared/format';
import { placedKey, placeText, withPlace } from '../shared/placement';
import { StatusChip } from '../shared/StatusChip';

type SortKey = 'feature' | 'latest' | 'threshold' | 'breached' | 'since';

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: 'feature', label: 'Feature' },
  { key: 'latest', label: 'Drift score', numeric: true },
  { key: 'threshold', label: 'Threshold', numeric: true },
  { key: 'breached', label: 'State' },
  { key: 'since', label: 'Breached since' },
];

/** A feature without data sorts below every score. */
const scoreOf = (item: DriftItem) => item.latest ?? -Infinity;
/** Breached, then within, then no data. */
const stateRank = (item: DriftItem) =>
  item.latest === undefined ? 0 : Number(item.breached) + 1;

function compare(a: DriftItem, b: DriftItem, key: SortKey): number {
  switch (key) {
    case 'feature':
      return a.feature.localeCompare(b.feature);
    case 'breached':
      // Worst first reads as "breached, then by how far above".
      return (
        stateRank(a) - stateRank(b) ||
        (a.latest ?? 0) - a.threshold - ((b.latest ?? 0) - b.threshold)
      );
    case 'since':
      return (a.since ?? '').localeCompare(b.since ?? '');
    case 'latest':
      return scoreOf(a) - scoreOf(b);
    default:
      return a[key] - b[key];
  }
}

/** Features worst first, as the table opens. */
export function sortDrift(
  items: DriftItem[],
  key: SortKey = 'breached',
  direction: 'asc' | 'desc' = 'desc',
): DriftItem[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...items].sort(
    (a, b) => sign * compare(a, b, key) || a.feature.localeCompare(b.feature),
  );
}

/** One row's identity: its feature, endpoint and, for a model served in several places, where. */
export function driftKey(item: DriftItem): string {
  return placedKey(item.feature, item);
}

function origin(item: DriftItem): string {
  const place = placeText(item);
  if (item.source === 'custom')
    return [
      item.namespace
        ? `Your drift job (${item.namespace})`
        : 'Your drift job (custom CloudWatch metric)',
      place && `in ${place}`,
    ]
      .filter(Boolean)
      .join(' ');
  return [
    item.scheduleName,
    item.endpointName && `on ${item.endpointName}`,
    place && `in ${place}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Per-feature drift, sortable by any column; the checkboxes choose what the
 * chart shows.
 */
export function DriftTable(props: {
  items: DriftItem[];
  selected: string[];
  /** Keys of the charted rows ({@link driftKey}). */
  onToggle: (key: string) => void;
}) {
  const [sortKey, setSortKey] = useState<SortKey>('breached');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const sorted = sortDrift(props.items, sortKey, direction);
  const sortBy = (key: SortKey) => {
    if (key === sortKey) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSortKey(key);
      setDirection(key === 'feature' ? 'asc' : 'desc');
    }
  };
  return (
    <Table size="small" aria-label="Drift by feature">
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox">Chart</TableCell>
          {COLUMNS.map(column => (
            <TableCell
              key={column.key}
              align={column.numeric ? 'right' : 'left'}
              sortDirection={sortKey === column.key ? direction : false}
            >
              <TableSortLabel
                active={sortKey === column.key}
                direction={sortKey === column.key ? direction : 'asc'}
                onClick={() => sortBy(column.key)}
              >
                {column.label}
              </TableSortLabel>
            </TableCell>
          ))}
          <TableCell>Produced by</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(item => (
          <TableRow
            key={driftKey(item)}
            data-testid={`drift-row-${item.feature}${
              item.region ? `@${placeText(item)}` : ''
            }`}
          >
            <TableCell padding="checkbox">
              <Checkbox
                checked={props.selected.includes(driftKey(item))}
                onChange={() => props.onToggle(driftKey(item))}
                inputProps={{
                  'aria-label': `Show ${withPlace(
                    item.feature,
                    item,
                  )} in the chart`,
                }}
              />
            </TableCell>
            <TableCell component="th" scope="row">
              {item.feature}
            </TableCell>
            <TableCell align="right">
              {item.latest === undefined
                ? 'no data'
                : formatByDisplay('number', item.latest)}
            </TableCell>
            <TableCell align="right">
              {formatByDisplay('number', item.threshold)}
            </TableCell>
            <TableCell>
              {item.latest === undefined && (
                <StatusChip kind="unknown" label="No data" />
              )}
              {item.latest !== undefined &&
                (item.breached ? (
                  <StatusChip kind="error" label="Above threshold" />
                ) : (
                  <StatusChip kind="ok" label="Within threshold" />
                ))}
            </TableCell>
            <TableCell>
              {item.breached && item.since ? formatInstant(item.since) : '—'}
            </TableCell>
            <TableCell>{origin(item)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
