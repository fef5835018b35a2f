import { ResponseError } from '@backstage/errors';

/** The HTTP status of a failed backend call, when it got that far. */
export function statusOf(error: unknown): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

/** What the server said went wrong, rather than "Request failed with 404". */
export function serverMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    const cause = error.cause?.message;
    return cause && cause.trim() !== '' ? cause : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Seconds from a 429's Retry-After header, when it sends one in seconds. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!ResponseError.is(error)) return undefined;
  const header = error.response.headers?.get?.('Retry-After');
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
