import { ListMonitoringSchedulesCommand } from '@aws-sdk/client-sagemaker';
import { InputError } from '@backstage/errors';
import { nonAwsAnswerOf } from '@mlobs/backstage-plugin-ml-observability-node';
import { describeAwsError, SendingClient } from '../aws/clients';

/** What the template and the error messages propose when Model Monitor is not available. */
export const CUSTOM_DRIFT_PATH =
  'choose the drift source "your own drift job" instead: publish drift scores to CloudWatch (the ml-observability/metrics contract) and let mlobs:cloudwatch:create-alarms alarm on them (input customDrift)';

const CLOSED =
  /no longer (open|available) to new customers|not (open|available) to new customers/i;

/**
 * How SageMaker refused a Model Monitor create call: `closed` when Model Monitor is not open
 * to this account (AWS closed it to new customers), `denied` when IAM does not allow the call.
 */
export function modelMonitorRefusal(
  error: unknown,
): 'closed' | 'denied' | undefined {
  if (!(error instanceof Error)) return undefined;
  if (CLOSED.test(error.message)) return 'closed';
  return /^AccessDenied/.test(error.name) ? 'denied' : undefined;
}

/**
 * The error the action fails with when a create call is refused: what was refused, what was
 * created before it (nothing, when the first create is refused), and the custom drift path.
 */
export function refusedError(
  error: Error,
  options: { operation: string; where: string; created: string[] },
): InputError {
  const kind = modelMonitorRefusal(error);
  const created = options.created.length
    ? `Created before the refusal: ${options.created.join(', ')}.`
    : 'Nothing was created.';
  const next =
    kind === 'closed'
      ? `Model Monitor is not available to this account: ${CUSTOM_DRIFT_PATH}`
      : `The role may not call sagemaker:${options.operation}: grant it, or ${CUSTOM_DRIFT_PATH}`;
  return new InputError(
    `SageMaker refused ${options.operation} in ${options.where} (${
      error.name
    }: ${error.message.split('\n')[0]}). ${created} ${next}.`,
  );
}

/**
 * For the dry run. SageMaker has no dry-run flag on its create calls and answers reads in an
 * account closed to Model Monitor, so whether a create would be refused cannot be asked without
 * creating something. What can be read: whether the account has any monitoring schedule at all
 * (an account that has one is an existing Model Monitor customer). Without one, a warning says
 * that a new customer is refused and proposes the custom path.
 */
export async function modelMonitorDryRunWarning(
  sagemaker: SendingClient,
  where: string,
): Promise<string | undefined> {
  let page: { MonitoringScheduleSummaries?: unknown[] };
  try {
    page = await sagemaker.send(
      new ListMonitoringSchedulesCommand({ MaxResults: 1 }),
    );
  } catch (error) {
    // The check only informs the dry run: a list it may not read (denied, an HTML 500 page) is a warning.
    return `the dry run could not list the Model Monitor schedules of ${where} (${listFailure(
      error,
    )}), so it cannot tell whether this account may use Model Monitor; if the real run is refused at its first create call (before anything is created), ${CUSTOM_DRIFT_PATH}`;
  }
  if ((page.MonitoringScheduleSummaries ?? []).length > 0) return undefined;
  return `${where} has no Model Monitor schedule yet: AWS no longer opens Model Monitor to new customers, so if this account never used it the real run is refused at its first create call (before anything is created); the dry run cannot tell, SageMaker has no dry-run create. If so, ${CUSTOM_DRIFT_PATH}`;
}

function listFailure(error: unknown): string {
  const answer = nonAwsAnswerOf(error);
  return answer
    ? `ListMonitoringSchedules answered HTTP ${answer.statusCode} with a non-AWS body: the operation may be unsupported by this endpoint`
    : `ListMonitoringSchedules failed: ${describeAwsError(error)}`;
}
