import {
  DescribeEndpointCommand,
  DescribeEndpointOutput,
} from '@aws-sdk/client-sagemaker';
import { InputError } from '@backstage/errors';
import { describeAwsError, isNotFound, SendingClient } from './clients';

/**
 * Runs the AWS steps of an action. An InputError (the caller's to fix)
 * passes as it is; any other failure becomes one sentence naming what failed
 * and where, without the SDK's stack or request id.
 */
export async function failingAs<T>(
  what: string,
  steps: () => Promise<T>,
): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new Error(`${what} failed: ${describeAwsError(error)}`);
  }
}

/** DescribeEndpoint; a missing endpoint is an InputError naming it and where it was looked for. */
export async function describeEndpoint(
  sagemaker: SendingClient,
  endpointName: string,
  where: string,
): Promise<DescribeEndpointOutput> {
  try {
    return await sagemaker.send(
      new DescribeEndpointCommand({ EndpointName: endpointName }),
    );
  } catch (error) {
    if (isNotFound(error)) {
      throw new InputError(`endpoint ${endpointName} not found in ${where}`);
    }
    throw error;
  }
}
