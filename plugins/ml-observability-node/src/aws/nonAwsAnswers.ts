/**
 * Answers that did not come from an AWS service: an HTML 500 page from a
 * load balancer, or from an AWS-compatible stand-in that lacks the operation.
 *
 * The SDK reports such an answer as a `SyntaxError` (its JSON parser failed
 * on the page) or, for a body without an error code, as an `Unknown` service
 * exception, with `$metadata.httpStatusCode` and the raw answer in the hidden
 * `$response`. Its retry strategy sees a 500 and retries it, each retry taking
 * from the client's retry quota that throttled calls need too. Asking again
 * rarely helps: the same page comes back.
 */

/** The status and content type of a non-AWS answer. @public */
export interface NonAwsAnswer {
  statusCode: number;
  contentType?: string;
}

/**
 * A 5xx answer without an AWS error body, as a client of the shared factory
 * throws it: not retried, and no retry quota spent on it. It carries no
 * `$metadata.httpStatusCode` and no `cause` on purpose: the SDK's retry
 * strategy would read either as a retryable server error.
 * @public
 */
export class NonAwsAnswerError extends Error {
  readonly statusCode: number;
  readonly contentType?: string;

  constructor(answer: NonAwsAnswer) {
    super(
      `HTTP ${answer.statusCode} answer without an AWS error body${
        answer.contentType ? ` (${answer.contentType})` : ''
      }`,
    );
    this.name = 'NonAwsAnswerError';
    this.statusCode = answer.statusCode;
    this.contentType = answer.contentType;
  }
}

interface RawSdkError {
  name?: string;
  statusCode?: number;
  contentType?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

/** Names the SDK gives an error answer it found no AWS error code in. */
const UNPARSED = new Set(['SyntaxError', 'Unknown', 'UnknownError']);

function headerOf(
  headers: Record<string, string> | undefined,
  name: string,
): string | undefined {
  const key = Object.keys(headers ?? {}).find(k => k.toLowerCase() === name);
  return key ? headers![key] : undefined;
}

/**
 * The answer behind an SDK error when it was a 5xx without an AWS error body
 * (or a {@link NonAwsAnswerError}); undefined for any other error.
 * @public
 */
export function nonAwsAnswerOf(error: unknown): NonAwsAnswer | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as RawSdkError;
  if (e.name === 'NonAwsAnswerError' && typeof e.statusCode === 'number') {
    return { statusCode: e.statusCode, contentType: e.contentType };
  }
  const statusCode = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  if (statusCode === undefined || statusCode < 500) return undefined;
  if (!UNPARSED.has(e.name ?? '')) return undefined;
  const contentType = headerOf(e.$response?.headers, 'content-type');
  return contentType ? { statusCode, contentType } : { statusCode };
}

type Handler = (args: unknown) => Promise<unknown>;

interface Stack {
  add(
    middleware: (next: Handler) => Handler,
    options: {
      step: 'deserialize';
      priority: 'high';
      name: string;
      override: boolean;
    },
  ): void;
}

/**
 * Turns a non-AWS 5xx answer into a {@link NonAwsAnswerError} inside the
 * retry loop (the deserialize step, outside the SDK's deserializer), so the
 * retry strategy sees a client error: no retry, no retry quota spent.
 * Adding it twice to a stack replaces the first.
 * @public
 */
export function addNonAwsAnswerGuard(client: {
  middlewareStack: unknown;
}): void {
  (client.middlewareStack as Stack).add(
    next => async args => {
      try {
        return await next(args);
      } catch (error) {
        const answer = nonAwsAnswerOf(error);
        if (!answer || error instanceof NonAwsAnswerError) throw error;
        throw new NonAwsAnswerError(answer);
      }
    },
    {
      step: 'deserialize',
      priority: 'high',
      name: 'mlObservabilityNonAwsAnswerGuard',
      override: true,
    },
  );
}
