export type ServiceName = 'sagemaker' | 'cloudwatch' | 'sts' | 'sqs' | 'sns';

/**
 * An AWS service error, protocol-neutral. `type` is the JSON `__type` shape name;
 * `queryCode` is the awsQuery error code that query-compatible services (CloudWatch)
 * put in the `x-amzn-query-error` header and query services (STS) put in the XML body.
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
    readonly queryCode: string = type,
    readonly fault: 'Sender' | 'Receiver' = status >= 500
      ? 'Receiver'
      : 'Sender',
  ) {
    super(message);
    this.name = type;
  }
}

// SageMaker (awsJson1_1). It models only a few errors; the rest arrive as SageMakerServiceException
// with the __type as name, which is how the real service reports validation problems.
export const sagemakerErrors = {
  validation: (message: string) =>
    new AwsError('ValidationException', message, 400),
  notFound: (message: string) => new AwsError('ResourceNotFound', message, 400),
  inUse: (message: string) => new AwsError('ResourceInUse', message, 400),
  conflict: (message: string) =>
    new AwsError('ConflictException', message, 400),
};

// CloudWatch (awsJson1_0, awsQueryCompatible): the SDK resolves the modelled exception from the
// query code, e.g. "ValidationError" -> ValidationException.
export const cloudwatchErrors = {
  validation: (message: string) =>
    new AwsError('ValidationException', message, 400, 'ValidationError'),
  invalidParameter: (message: string) =>
    new AwsError(
      'InvalidParameterValueException',
      message,
      400,
      'InvalidParameterValue',
    ),
  invalidCombination: (message: string) =>
    new AwsError(
      'InvalidParameterCombinationException',
      message,
      400,
      'InvalidParameterCombination',
    ),
  missingParameter: (message: string) =>
    new AwsError(
      'MissingRequiredParameterException',
      message,
      400,
      'MissingParameter',
    ),
  notFound: (message: string) => new AwsError('ResourceNotFound', message, 404),
  invalidNextToken: (message: string) =>
    new AwsError('InvalidNextToken', message, 400),
  limitExceeded: (message: string) =>
    new AwsError('LimitExceededFault', message, 400, 'LimitExceeded'),
  /** ResourceNotFoundException (404), the newer operations' error (alarm mute rules). */
  resourceNotFoundException: (message: string) =>
    new AwsError('ResourceNotFoundException', message, 404),
  invalidFormat: (message: string) =>
    new AwsError('InvalidFormatFault', message, 400, 'InvalidFormat'),
};

export function throttlingError(service: ServiceName): AwsError {
  if (service === 'sagemaker')
    return new AwsError('ThrottlingException', 'Rate exceeded', 400);
  return new AwsError(
    'ThrottlingException',
    'Rate exceeded',
    400,
    'Throttling',
  );
}

export function internalError(service: ServiceName): AwsError {
  const message = 'We encountered an internal error. Please try again.';
  if (service === 'cloudwatch') {
    return new AwsError(
      'InternalServiceFault',
      message,
      500,
      'InternalServiceError',
    );
  }
  return new AwsError('InternalFailure', message, 500);
}

export function accessDeniedError(
  service: ServiceName,
  message: string,
): AwsError {
  if (service === 'sagemaker')
    return new AwsError('AccessDeniedException', message, 400);
  return new AwsError('AccessDeniedException', message, 403, 'AccessDenied');
}

export function missingAuthenticationError(): AwsError {
  return new AwsError(
    'MissingAuthenticationTokenException',
    'Missing Authentication Token',
    403,
    'MissingAuthenticationToken',
  );
}

export function unknownOperationError(target: string): AwsError {
  return new AwsError(
    'UnknownOperationException',
    `Unknown operation ${target}`,
    400,
  );
}

export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, 400);
}
