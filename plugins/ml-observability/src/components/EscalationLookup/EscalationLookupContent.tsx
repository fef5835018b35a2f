import { FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEscalationLookup } from '../../hooks/useEscalationLookup';
import { EscalationMatchCard } from './EscalationMatchCard';

/** The query parameter holding the looked-up resource, so a lookup can be linked. */
export const RESOURCE_PARAM = 'resource';

/**
 * Paste an alarm name or ARN, an endpoint name or a monitoring schedule name;
 * get the model, its owner, who is next in the path and the rule to follow.
 * @public
 */
export function EscalationLookupContent() {
  const [searchParams, setSearchParams] = useSearchParams();
  const resource = searchParams.get(RESOURCE_PARAM) ?? '';
  const [draft, setDraft] = useState(resource);
  // Back and forward change the looked-up resource; the field follows.
  useEffect(() => setDraft(resource), [resource]);
  const { result, loading, error } = useEscalationLookup(resource);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    setSearchParams(value ? { [RESOURCE_PARAM]: value } : {});
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          component="form"
          onSubmit={submit}
          role="search"
          display="flex"
          style={{ gap: 16 }}
        >
          <TextField
            id="escalation-resource"
            label="Alarm name or ARN, endpoint or schedule name"
            variant="outlined"
            size="small"
            fullWidth
            value={draft}
            onChange={event => setDraft(event.target.value)}
          />
          <Button type="submit" variant="contained" color="primary">
            Look up
          </Button>
        </Box>
      </Grid>
      <Grid item xs={12}>
        {!resource && (
          <EmptyState
            missing="info"
            title="Who owns this alarm?"
            description="Paste the alarm name or ARN from the page you got, or an endpoint or monitoring schedule name, to find the model, its owner, who is next in the escalation path and the runbook's rule."
          />
        )}
        {loading && <Progress />}
        {error && (
          <ResponseErrorPanel
            error={error}
            title={`Could not look up ${resource}`}
          />
        )}
        {result && result.matches.length === 0 && (
          <EmptyState
            missing="data"
            title={`No model matches ${result.query}`}
            description="Lookups match exact alarm names and ARNs, endpoint names and monitoring schedule names of the models you are allowed to see. Check the spelling, or that the model's catalog entity names this endpoint."
          />
        )}
        {result && result.matches.length > 0 && (
          <>
            <Typography variant="body2" aria-live="polite" gutterBottom>
              {result.matches.length === 1
                ? `1 model matches ${result.query}`
                : `${result.matches.length} models match ${result.query}`}
            </Typography>
            <Grid container spacing={2}>
              {result.matches.map(match => (
                <Grid item xs={12} lg={6} key={match.entityRef}>
                  <EscalationMatchCard match={match} />
                </Grid>
              ))}
            </Grid>
          </>
        )}
      </Grid>
    </Grid>
  );
}
