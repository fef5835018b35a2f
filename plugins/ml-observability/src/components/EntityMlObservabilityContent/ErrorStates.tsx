import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { mlObservabilityReadPermission } from '@mlobs/backstage-plugin-ml-observability-common';
import { serverMessage, statusOf } from '../../hooks/errors';

/**
 * A failed report load, told apart by status: a model the backend does not
 * know (or the user may not see), one the user may not read, and the rest.
 */
export function ReportError(props: {
  error: Error;
  entityRef: string;
  onRetry: () => void;
}) {
  const status = statusOf(props.error);
  const detail = serverMessage(props.error);
  if (status === 404) {
    return (
      <EmptyState
        missing="info"
        title="Model not found"
        description={`ML Observability has no model ${props.entityRef}, or you are not allowed to see it. ${detail}`}
      />
    );
  }
  if (status === 403) {
    return (
      <EmptyState
        missing="info"
        title="No access to this model's observability data"
        description={`Reading it needs the ${mlObservabilityReadPermission.name} permission on ${props.entityRef}; ask the portal's administrators. ${detail}`}
      />
    );
  }
  return (
    <>
      <ResponseErrorPanel
        error={props.error}
        title="Could not load the model's observability data"
      />
      <Button
        variant="outlined"
        onClick={props.onRetry}
        style={{ marginTop: 16 }}
      >
        Try again
      </Button>
    </>
  );
}
