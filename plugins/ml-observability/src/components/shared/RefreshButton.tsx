import { useId } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { mlObservabilityRefreshPermission } from '@mlobs/backstage-plugin-ml-observability-common';
import { useModelPermission } from '../../hooks/useModelPermission';

/**
 * Collects the model now. When the user may not, the button is disabled and
 * the reason is written next to it (a tooltip on a disabled button is out of
 * reach of keyboards and screen readers).
 */
export function RefreshButton(props: {
  entityRef: string;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { allowed, loading } = useModelPermission(
    mlObservabilityRefreshPermission,
    props.entityRef,
  );
  const reasonId = useId();
  const denied = !loading && !allowed;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button
        variant="outlined"
        size="small"
        startIcon={
          props.refreshing ? (
            <CircularProgress size={16} aria-hidden />
          ) : (
            <RefreshIcon aria-hidden />
          )
        }
        disabled={loading || denied || props.refreshing}
        aria-describedby={denied ? reasonId : undefined}
        onClick={props.onRefresh}
      >
        {props.refreshing ? 'Refreshing…' : 'Refresh now'}
      </Button>
      {denied && (
        <Typography id={reasonId} variant="caption" color="textSecondary">
          Refreshing needs the {mlObservabilityRefreshPermission.name}{' '}
          permission on this model.
        </Typography>
      )}
    </Box>
  );
}
