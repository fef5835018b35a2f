import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  checkAccountId,
  HealthStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { FleetFilters as Filters } from '../../hooks/useFleet';
import { HEALTH_STATUS_TEXT } from '../shared/format';

const STATUSES: HealthStatus[] = ['critical', 'warning', 'unknown', 'healthy'];

export interface FilterOptions {
  owner: string[];
  lifecycle: string[];
  accountId: string[];
  region: string[];
}

function ownerLabel(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
}

function MultiFilter(props: {
  label: string;
  helperText?: string;
  value: string[];
  options: string[];
  onChange: (value: string[]) => void;
  getOptionLabel?: (option: string) => string;
  freeSolo?: boolean;
  /** The rule a typed value breaks, if any; such values are not applied. */
  validate?: (value: string) => string | undefined;
}) {
  const [problem, setProblem] = useState<string>();
  return (
    <Autocomplete
      multiple
      freeSolo={props.freeSolo ?? true}
      size="small"
      options={props.options}
      value={props.value}
      getOptionLabel={props.getOptionLabel ?? (o => o)}
      onChange={(_event, value) => {
        const values = (value as string[]).map(v => v.trim()).filter(Boolean);
        const rejected = values.find(v => props.validate?.(v));
        setProblem(
          rejected
            ? `"${rejected}" left out: ${props.validate!(rejected)}`
            : undefined,
        );
        props.onChange(values.filter(v => !props.validate?.(v)));
      }}
      renderInput={params => (
        <TextField
          {...params}
          variant="outlined"
          label={props.label}
          error={problem !== undefined}
          helperText={problem ?? props.helperText}
        />
      )}
    />
  );
}

/**
 * The fleet's filters. Owner starts as the user's groups; clearing it shows
 * every owner. Free text is allowed where the options seen so far may not
 * cover what exists.
 */
export function FleetFilters(props: {
  value: Filters;
  options: FilterOptions;
  myGroups: string[];
  onChange: (value: Filters) => void;
}) {
  const { value, options, onChange } = props;
  const set = (key: keyof Filters) => (next: string[]) =>
    onChange({ ...value, [key]: next.length > 0 ? next : undefined });
  const isMyGroups =
    props.myGroups.length > 0 &&
    value.owner?.length === props.myGroups.length &&
    props.myGroups.every(g => value.owner?.includes(g));
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <MultiFilter
          label="Owner"
          helperText={ownerHelperText(isMyGroups, value.owner?.length ?? 0)}
          value={value.owner ?? []}
          options={options.owner}
          getOptionLabel={ownerLabel}
          onChange={set('owner')}
        />
      </Grid>
      <Grid item xs={12} md={2}>
        <MultiFilter
          label="Health"
          freeSolo={false}
          value={value.status ?? []}
          options={STATUSES}
          getOptionLabel={s => HEALTH_STATUS_TEXT[s as HealthStatus] ?? s}
          onChange={set('status')}
        />
      </Grid>
      <Grid item xs={12} md={2}>
        <MultiFilter
          label="Lifecycle"
          value={value.lifecycle ?? []}
          options={options.lifecycle}
          onChange={set('lifecycle')}
        />
      </Grid>
      <Grid item xs={12} md={2}>
        <MultiFilter
          label="Account"
          validate={checkAccountId}
          value={value.accountId ?? []}
          options={options.accountId}
          onChange={set('accountId')}
        />
      </Grid>
      <Grid item xs={12} md={2}>
        <MultiFilter
          label="Region"
          value={value.region ?? []}
          options={options.region}
          onChange={set('region')}
        />
      </Grid>
    </Grid>
  );
}

function ownerHelperText(isMyGroups: boolean, selected: number) {
  if (isMyGroups) return 'Your groups. Clear to see every owner.';
  return selected > 0 ? undefined : 'Every owner';
}
