import { NonAwsAnswerError } from '@mlobs/backstage-plugin-ml-observability-node';
import { CredentialsError, describeFailure } from './errors';

const site = {
  service: 'SageMaker' as const,
  operation: 'ListEndpoints',
  accountId: '123456789012',
  region: 'us-east-1',
};

function awsError(
  name: string,
  status: number,
  message = 'raw message',
  attempts = 1,
) {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status, attempts },
  });
}

describe('describeFailure', () => {
  it('reads throttling after retries', () => {
    expect(
      describeFailure(
        awsError('ThrottlingException', 400, 'Rate exceeded', 4),
        site,
      ),
    ).toEqual({
      outcome: 'throttled',
      message:
        'SageMaker ListEndpoints was throttled in 123456789012/us-east-1 after 4 attempts; the next round tries again',
    });
    expect(describeFailure(awsError('Throttling', 400), site).outcome).toBe(
      'throttled',
    );
    expect(describeFailure(awsError('Whatever', 429), site).outcome).toBe(
      'throttled',
    );
  });

  it('names the IAM action on denial and never repeats the role ARN AWS puts in its message', () => {
    const failure = describeFailure(
      awsError(
        'AccessDeniedException',
        400,
        'User: arn:aws:sts::123456789012:assumed-role/backstage/session is not authorized to perform: sagemaker:ListEndpoints',
      ),
      site,
    );
    expect(failure).toEqual({
      outcome: 'denied',
      message:
        'access denied to SageMaker ListEndpoints in 123456789012/us-east-1; allow sagemaker:ListEndpoints for the credentials Backstage uses for account 123456789012',
    });
    expect(
      describeFailure(awsError('AccessDenied', 403), {
        ...site,
        service: 'CloudWatch',
        operation: 'DescribeAlarms',
      }).message,
    ).toContain('allow cloudwatch:DescribeAlarms');
  });

  it('tells rejected credentials from missing permissions', () => {
    for (const name of [
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'ExpiredToken',
    ]) {
      const failure = describeFailure(awsError(name, 403), site);
      expect(failure.outcome).toBe('denied');
      expect(failure.message).toBe(
        `AWS rejected the credentials used for account 123456789012 (${name}); check aws.accounts in the app config`,
      );
    }
  });

  it('passes the safe message of a credentials error', () => {
    const failure = describeFailure(
      new CredentialsError(
        'no AWS credentials are configured for account 1',
        true,
      ),
      site,
    );
    expect(failure).toEqual({
      outcome: 'denied',
      message: 'no AWS credentials are configured for account 1',
    });
  });

  it('maps not found, unsupported, timeouts, network and server errors', () => {
    expect(
      describeFailure(awsError('ResourceNotFound', 400), site).outcome,
    ).toBe('not-found');
    expect(
      describeFailure(awsError('UnknownOperationException', 400), site),
    ).toEqual({
      outcome: 'unsupported',
      message:
        'SageMaker ListEndpoints is not supported in 123456789012/us-east-1',
    });
    expect(
      describeFailure(
        Object.assign(new Error('x'), { name: 'TimeoutError' }),
        site,
        { requestTimeoutMs: 250 },
      ),
    ).toEqual({
      outcome: 'error',
      message:
        'SageMaker ListEndpoints got no answer within 250 ms in 123456789012/us-east-1; AWS may be slow or unreachable',
    });
    expect(
      describeFailure(
        Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
        site,
      ).message,
    ).toBe(
      'could not reach SageMaker for 123456789012/us-east-1 (host not found); check the network and mlObservability.endpoints',
    );
    expect(
      describeFailure(
        new Error(
          'AWS SDK error wrapper for Error: connect ECONNREFUSED 10.0.0.1:443',
        ),
        site,
      ).message,
    ).toContain('(connection refused)');
    expect(
      describeFailure(
        awsError('InternalFailure', 503, 'We encountered an internal error'),
        site,
      ),
    ).toEqual({
      outcome: 'error',
      message:
        'SageMaker ListEndpoints failed in 123456789012/us-east-1 with a server error (HTTP 503)',
    });
  });

  describe('an answer without an AWS error body', () => {
    const expected = (status: number) => ({
      outcome: 'unsupported',
      message: `SageMaker ListEndpoints in 123456789012/us-east-1 answered HTTP ${status} with a non-AWS body: the operation may be unsupported by this endpoint`,
    });

    it('reads the SDK parse failure of an HTML page from its raw answer', () => {
      // As the SDK's deserializer leaves it: the parser's error, status and the hidden raw answer.
      const error = Object.assign(
        new SyntaxError(
          `Unexpected token '<', "<!DOCTYPE "... is not valid JSON`,
        ),
        { $metadata: { httpStatusCode: 500, attempts: 3 } },
      );
      Object.defineProperty(error, '$response', {
        value: {
          statusCode: 500,
          headers: { 'content-type': 'text/html' },
          body: '<!DOCTYPE html><html>…</html>',
        },
        enumerable: false,
      });
      expect(describeFailure(error, site)).toEqual(expected(500));
    });

    it('reads an error without an AWS error code, and the guarded clients’ error', () => {
      expect(describeFailure(awsError('Unknown', 502), site)).toEqual(
        expected(502),
      );
      expect(
        describeFailure(
          new NonAwsAnswerError({ statusCode: 503, contentType: 'text/html' }),
          site,
        ),
      ).toEqual(expected(503));
    });

    it('leaves AWS server errors and unparsable successes alone', () => {
      expect(
        describeFailure(awsError('InternalFailure', 500), site).outcome,
      ).toBe('error');
      expect(
        describeFailure(
          Object.assign(new SyntaxError('bad JSON'), {
            $metadata: { httpStatusCode: 200 },
          }),
          site,
        ).outcome,
      ).toBe('error');
    });
  });

  it('names the error code, never the raw message, of anything else', () => {
    const failure = describeFailure(
      awsError('ValidationException', 400, 'secret-ish details {"a":1}'),
      site,
    );
    expect(failure).toEqual({
      outcome: 'error',
      message:
        'SageMaker ListEndpoints failed in 123456789012/us-east-1 (ValidationException)',
    });
    expect(describeFailure('a string', site).message).toBe(
      'SageMaker ListEndpoints failed in 123456789012/us-east-1',
    );
  });
});
