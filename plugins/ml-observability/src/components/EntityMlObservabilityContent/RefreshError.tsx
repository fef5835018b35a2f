import Alert from '@material-ui/lab/Alert';
import { formatDuration } from '@mlobs/backstage-plugin-ml-observability-common';
import { retryAfterSeconds, serverMessage, statusOf } from '../../hooks/errors';

/** Why a refresh did not happen, in words that say what to do next. */
export function refreshErrorText(error: unknown): string {
  const status = statusOf(error);
  const detail = serverMessage(error);
  if (status === 403) {
    return `You are not allowed to refresh this model: ${detail}`;
  }
  if (status === 429) {
    // Retry-After is only readable when the backend exposes it to CORS.
    const wait = retryAfterSeconds(error);
    const hint =
      wait !== undefined && !/try again/i.test(detail)
        ? ` Try again in ${formatDuration(wait)}.`
        : '';
    return `This model was refreshed moments ago: ${detail}${hint}`;
  }
  return `Refresh failed: ${detail}`;
}

export function RefreshError(props: { error: unknown; onClose: () => void }) {
  return (
    <Alert
      severity={statusOf(props.error) === 429 ? 'info' : 'error'}
      onClose={props.onClose}
    >
      {refreshErrorText(props.error)}
    </Alert>
  );
}
