/**
 * Turns AWS SDK errors into a source outcome and a sentence a person can act
 * on. Raw SDK messages are never passed through: AccessDenied messages carry
 * the caller's role ARN, and a dump helps nobody at 3 AM.
 */
import type { SourceOutcome } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AwsCredentialsError as CredentialsError,
  nonAwsAnswerOf,
} from '@mlobs/backstage-plugin-ml-observability-node';

export type FailureOutcome = Exclude<SourceOutcome, 'ok' | 'pending'>;

export interface SourceFailure {
  outcome: FailureOutcome;
  message: string;
}

export type AwsService = 'SageMaker' | 'CloudWatch';

export interface CallSite {
  service: AwsService;
  operation: string;
  accountId: string;
  region: string;
}

/**
 * Thrown by the credential provider of a client (the shared factory's in
 * ml-observability-node) when no credentials can be had for an account; its
 * message is safe to show.
 */
export { CredentialsError };

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'LimitExceededException',
  'PriorThrottlingException',
]);

const CREDENTIALS_REJECTED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);

const NOT_FOUND = new Set([
  'ResourceNotFound',
  'ResourceNotFoundException',
  'NoSuchEntity',
]);

const UNSUPPORTED = new Set([
  'UnknownOperationException',
  'InvalidAction',
  'UnsupportedOperation',
  'UnsupportedOperationException',
  'OptInRequired',
]);

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  errors?: unknown[];
  cause?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
  return error && typeof error === 'object' ? (error as ErrorLike) : {};
}

const NETWORK_CODE_IN_TEXT = new RegExp(
  `\\b(${Object.keys(NETWORK_CODES).join('|')})\\b`,
);

function networkCode(e: ErrorLike, depth = 0): string | undefined {
  if (e.code && NETWORK_CODES[e.code]) return e.code;
  // Node reports a refused dual-stack connection as an AggregateError.
  for (const inner of e.errors ?? []) {
    const code = asErrorLike(inner).code;
    if (code && NETWORK_CODES[code]) return code;
  }
  if (e.cause && depth < 3) {
    const code = networkCode(asErrorLike(e.cause), depth + 1);
    if (code) return code;
  }
  // The SDK may wrap a socket error in its own, keeping only the text ("connect ECONNREFUSED ...").
  return NETWORK_CODE_IN_TEXT.exec(e.message ?? '')?.[1];
}

function iamAction(site: CallSite): string {
  const prefix = site.service === 'SageMaker' ? 'sagemaker' : 'cloudwatch';
  return `${prefix}:${site.operation}`;
}

/** The outcome of a failed call and a message naming the call, the account and the region. */
export function describeFailure(
  error: unknown,
  site: CallSite,
  options: { requestTimeoutMs?: number } = {},
): SourceFailure {
  const e = asErrorLike(error);
  const where = `${site.accountId}/${site.region}`;
  const call = `${site.service} ${site.operation}`;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;

  if (error instanceof CredentialsError) {
    return {
      outcome: error.denied ? 'denied' : 'error',
      message: error.message,
    };
  }
  // An HTML page from a proxy or a stand-in lacking the operation; asking again rarely helps.
  const answer = nonAwsAnswerOf(error);
  if (answer) {
    return {
      outcome: 'unsupported',
      message: `${call} in ${where} answered HTTP ${answer.statusCode} with a non-AWS body: the operation may be unsupported by this endpoint`,
    };
  }
  if (THROTTLING.has(name) || status === 429) {
    const attempts = e.$metadata?.attempts;
    return {
      outcome: 'throttled',
      message: `${call} was throttled in ${where}${
        attempts && attempts > 1 ? ` after ${attempts} attempts` : ''
      }; the next round tries again`,
    };
  }
  if (
    name.startsWith('AccessDenied') ||
    name === 'UnauthorizedOperation' ||
    status === 403
  ) {
    if (CREDENTIALS_REJECTED.has(name)) {
      return {
        outcome: 'denied',
        message: `AWS rejected the credentials used for account ${site.accountId} (${name}); check aws.accounts in the app config`,
      };
    }
    return {
      outcome: 'denied',
      message: `access denied to ${call} in ${where}; allow ${iamAction(
        site,
      )} for the credentials Backstage uses for account ${site.accountId}`,
    };
  }
  if (CREDENTIALS_REJECTED.has(name)) {
    return {
      outcome: 'denied',
      message: `AWS rejected the credentials used for account ${site.accountId} (${name}); check aws.accounts in the app config`,
    };
  }
  if (NOT_FOUND.has(name)) {
    return {
      outcome: 'not-found',
      message: `${call} found no such resource in ${where}`,
    };
  }
  if (UNSUPPORTED.has(name) || (status === 404 && !name)) {
    return {
      outcome: 'unsupported',
      message: `${call} is not supported in ${where}`,
    };
  }
  if (
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    name === 'RequestTimeoutException'
  ) {
    const limit = options.requestTimeoutMs
      ? ` within ${options.requestTimeoutMs} ms`
      : '';
    return {
      outcome: 'error',
      message: `${call} got no answer${limit} in ${where}; AWS may be slow or unreachable`,
    };
  }
  const network = networkCode(e);
  if (network) {
    return {
      outcome: 'error',
      message: `could not reach ${site.service} for ${where} (${NETWORK_CODES[network]}); check the network and mlObservability.endpoints`,
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      outcome: 'error',
      message: `${call} failed in ${where} with a server error (HTTP ${status})`,
    };
  }
  const code =
    /^[A-Za-z][A-Za-z0-9.]*$/.test(name) && name !== 'Error'
      ? ` (${name})`
      : '';
  return { outcome: 'error', message: `${call} failed in ${where}${code}` };
}
