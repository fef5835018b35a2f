import { CustomErrorBase } from '@backstage/errors';

/** A refresh came too soon after the previous one; the error handler answers 429. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  /** Read by the error handler as the response status. */
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** Errors whose message was written for the caller and may be shown as it is. */
export const PUBLIC_ERROR_NAMES = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'ServiceUnavailableError',
  'TooManyRequestsError',
]);
