import { describeFailure, AwsService } from '../collectors/errors';

/** AWS error names whose message says what to change, without credentials in it. */
const TELLING = new Set([
  'ValidationException',
  'ConflictException',
  'ResourceLimitExceeded',
  'ResourceInUse',
  'LimitExceededException',
  'InvalidParameterValueException',
]);

export type CallFailure = {
  message: string;
  /** The call may have reached AWS (a timeout, a 5xx): read the resource before saying nothing changed. */
  uncertain: boolean;
  throttled: boolean;
  denied: boolean;
};

/** A failed action call in words: the collector's sentences, plus AWS's own for validation errors. */
export function actionCallFailure(
  error: unknown,
  site: {
    service: AwsService;
    operation: string;
    accountId: string;
    region: string;
  },
): CallFailure {
  const failure = describeFailure(error, site);
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = e?.name ?? '';
  const status = e?.$metadata?.httpStatusCode;
  let message = failure.message.replace(/; the next round tries again$/, '');
  if (TELLING.has(name) && e.message) {
    message = `${site.service} ${site.operation} was refused in ${
      site.accountId
    }/${site.region} (${name}): ${e.message.slice(0, 300)}`;
  }
  return {
    message,
    uncertain:
      failure.outcome === 'error' &&
      (status === undefined || status >= 500) &&
      !TELLING.has(name),
    throttled: failure.outcome === 'throttled',
    denied: failure.outcome === 'denied',
  };
}
