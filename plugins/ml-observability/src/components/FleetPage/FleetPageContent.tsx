import { useEffect, useRef, useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import type {
  FleetSort,
  FleetRow,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { FleetFilters as Filters, useFleet } from '../../hooks/useFleet';
import { useMyGroups } from '../../hooks/useMyGroups';
import { FilterOptions, FleetFilters } from './FleetFilters';
import { FleetTable } from './FleetTable';

const COMMON_LIFECYCLES = ['production', 'experimental', 'deprecated'];

function union(into: Set<string>, values: Array<string | undefined>) {
  for (const v of values) if (v) into.add(v);
}

/** Filter choices: the user's groups, common lifecycles, and what rows showed. */
function useFilterOptions(
  rows: FleetRow[] | undefined,
  myGroups: string[],
): FilterOptions {
  // Grows as pages are seen, so a filter's choices do not vanish once applied.
  const seen = useRef({
    owner: new Set<string>(),
    lifecycle: new Set<string>(COMMON_LIFECYCLES),
    accountId: new Set<string>(),
    region: new Set<string>(),
  }).current;
  union(seen.owner, myGroups);
  union(seen.owner, rows?.map(r => r.owner) ?? []);
  union(seen.lifecycle, rows?.map(r => r.lifecycle) ?? []);
  union(seen.accountId, rows?.map(r => r.accountId) ?? []);
  union(seen.region, rows?.map(r => r.region) ?? []);
  return {
    owner: [...seen.owner].sort(),
    lifecycle: [...seen.lifecycle].sort(),
    accountId: [...seen.accountId].sort(),
    region: [...seen.region].sort(),
  };
}

/**
 * Every model the user can see, worst first, with filters and paging. The
 * page chrome (header) is the app's: this is the content only.
 * @public
 */
export function FleetPageContent() {
  const { groups } = useMyGroups();
  const [filters, setFilters] = useState<Filters>();
  // "My groups" is the default owner filter once the identity is known.
  useEffect(() => {
    if (groups && filters === undefined) {
      setFilters(groups.length > 0 ? { owner: groups } : {});
    }
  }, [groups, filters]);

  // The order is the backend's (server-side): a new order starts from page one.
  const [sort, setSort] = useState<FleetSort>();
  const fleet = useFleet(filters && (sort ? { ...filters, sort } : filters));
  const rows = fleet.page?.items;
  const options = useFilterOptions(rows, groups ?? []);
  const first = fleet.offset + 1;
  const shown = rows ?? [];

  if (!filters) return <Progress />;
  return (
    <Paper>
      <Box p={2}>
        <FleetFilters
          value={filters}
          options={options}
          myGroups={groups ?? []}
          onChange={setFilters}
        />
      </Box>
      {fleet.loading && <LinearProgress aria-label="Loading models" />}
      {fleet.error && (
        <Box p={2}>
          <ResponseErrorPanel
            error={fleet.error}
            title="Could not load the fleet"
          />
        </Box>
      )}
      {!fleet.error && fleet.page && shown.length === 0 && (
        <EmptyState
          missing="data"
          title="No models match these filters"
          description="Clear the owner filter to see models of every team, or loosen the other filters."
        />
      )}
      {shown.length > 0 && (
        <FleetTable rows={shown} sort={sort} onSortChange={setSort} />
      )}
      {fleet.page && shown.length > 0 && (
        <Box
          p={2}
          display="flex"
          alignItems="center"
          justifyContent="flex-end"
          style={{ gap: 16 }}
        >
          <Typography variant="body2" aria-live="polite">
            Models {first}–{first + shown.length - 1} of {fleet.page.totalCount}
          </Typography>
          <Button
            variant="outlined"
            size="small"
            disabled={!fleet.previous}
            onClick={fleet.previous}
          >
            Previous page
          </Button>
          <Button
            variant="outlined"
            size="small"
            disabled={!fleet.next}
            onClick={fleet.next}
          >
            Next page
          </Button>
        </Box>
      )}
    </Paper>
  );
}
