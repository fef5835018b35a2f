import { Link } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  FailedSource,
  FleetRow,
  FleetSort,
  sourceNames,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { HEALTH_STATUS_TEXT, instantWithAge } from '../shared/format';
import { outcomeText, sourceTitle } from '../shared/sources';
import { HEALTH_KIND, StatusLabel } from '../shared/StatusLabel';
import { Sparkline } from './Sparkline';

/** Path of the entity tab under the entity page (both frontend systems). */
export const ENTITY_TAB_PATH = 'ml-observability';

function modelName(row: FleetRow): string {
  if (row.title) return row.title;
  try {
    return parseEntityRef(row.entityRef).name;
  } catch {
    return row.entityRef;
  }
}

function Reasons(props: { row: FleetRow }) {
  const { row } = props;
  if (!row.topReason) {
    return <>{row.status === 'healthy' ? 'Nothing to report' : '—'}</>;
  }
  const more = row.reasonCount - 1;
  return (
    <>
      <Typography variant="body2">{row.topReason}</Typography>
      {more > 0 && (
        <Typography variant="caption" color="textSecondary">
          and {more} more {more === 1 ? 'reason' : 'reasons'}
        </Typography>
      )}
    </>
  );
}

function failureLine(failed: FailedSource): string {
  return `${sourceTitle(failed.source)} ${outcomeText(failed.outcome)}${
    failed.message ? `: ${failed.message}` : ''
  }`;
}

/** Under a partial verdict: the sources it leaves out, with what went wrong on hover. */
function PartialMarker(props: { row: FleetRow }) {
  const { partial, failedSources = [] } = props.row;
  if (!partial || failedSources.length === 0) return null;
  return (
    <Tooltip
      title={
        <>
          {failedSources.map(f => (
            <span key={f.source} style={{ display: 'block' }}>
              {failureLine(f)}
            </span>
          ))}
        </>
      }
    >
      <Typography
        variant="caption"
        color="textSecondary"
        display="block"
        data-testid="fleet-partial"
      >
        Partial: {sourceNames(failedSources.map(f => f.source))} not read
      </Typography>
    </Tooltip>
  );
}

/**
 * Models in the order the backend ranks them: worst first, or most fired
 * first when sorted by "Fired (7d)". Without `onSortChange` the column
 * header is not a sort control.
 */
export function FleetTable(props: {
  rows: FleetRow[];
  sort?: FleetSort;
  onSortChange?: (sort: FleetSort | undefined) => void;
}) {
  const { sort, onSortChange } = props;
  const entityLink = useEntityRefLink();
  const byFired = sort === 'firedIn7d';
  return (
    <Table size="small" aria-label="Models">
      <TableHead>
        <TableRow>
          <TableCell>Health</TableCell>
          <TableCell>Model</TableCell>
          <TableCell>Why</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Lifecycle</TableCell>
          <TableCell>Account / region</TableCell>
          <TableCell>Trend</TableCell>
          <TableCell
            align="right"
            sortDirection={byFired ? 'desc' : false}
            title="Transitions into ALARM of the model's alarms in the last 7 days"
          >
            {onSortChange ? (
              <TableSortLabel
                active={byFired}
                direction="desc"
                onClick={() => onSortChange(byFired ? undefined : 'firedIn7d')}
                aria-label={
                  byFired
                    ? 'Fired (7d), sorted most fired first; sort worst health first instead'
                    : 'Fired (7d): sort most fired first'
                }
              >
                Fired (7d)
              </TableSortLabel>
            ) : (
              'Fired (7d)'
            )}
          </TableCell>
          <TableCell>Collected</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow
            key={row.entityRef}
            data-testid={`fleet-row-${row.entityRef}`}
          >
            <TableCell>
              <StatusLabel kind={HEALTH_KIND[row.status]}>
                {HEALTH_STATUS_TEXT[row.status]}
              </StatusLabel>
              <PartialMarker row={row} />
            </TableCell>
            <TableCell component="th" scope="row">
              <Link to={`${entityLink(row.entityRef)}/${ENTITY_TAB_PATH}`}>
                {modelName(row)}
              </Link>
            </TableCell>
            <TableCell>
              <Reasons row={row} />
            </TableCell>
            <TableCell>
              {row.owner ? (
                <EntityRefLink entityRef={row.owner} defaultKind="group" />
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>{row.lifecycle ?? '—'}</TableCell>
            <TableCell>
              {[row.accountId, row.region].filter(Boolean).join(' / ') || '—'}
            </TableCell>
            <TableCell>
              <Sparkline sparkline={row.sparkline} />
            </TableCell>
            <TableCell align="right" data-testid="fleet-fired">
              {row.firedIn7d ?? '—'}
            </TableCell>
            <TableCell>
              {row.collectedAt ? instantWithAge(row.collectedAt) : 'Not yet'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
