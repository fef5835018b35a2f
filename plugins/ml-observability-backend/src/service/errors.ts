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

/** The path exists but not with this method; the error handler answers 405. */
export class MethodNotAllowedError extends CustomErrorBase {
  name = 'MethodNotAllowedError' as const;
  /** Read by the error handler as the response status. */
  readonly statusCode = 405;

  constructor(message: string, readonly allowed: string[]) {
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
  'MethodNotAllowedError',
]);

/** PostgreSQL SQLSTATEs of a server going away or not accepting connections yet. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);

const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/**
 * Whether an error means a backing service (the database, the catalog) is
 * briefly out of reach, as during a database restart: the caller should try
 * again shortly rather than report a bug.
 */
export function isTransientUnavailability(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) {
      return true;
    }
  }
  if (name === 'KnexTimeoutError') return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|terminating connection|connection is closed|the database system is (starting up|shutting down)/i.test(
      message,
    )
  );
}
