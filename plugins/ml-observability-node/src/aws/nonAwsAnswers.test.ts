import { NonAwsAnswerError, nonAwsAnswerOf } from './nonAwsAnswers';

function sdkError(
  name: string,
  status: number,
  headers?: Record<string, string>,
) {
  const error = Object.assign(new Error('x'), {
    name,
    $metadata: { httpStatusCode: status },
  });
  if (headers) {
    Object.defineProperty(error, '$response', {
      value: { statusCode: status, headers },
      enumerable: false,
    });
  }
  return error;
}

describe('nonAwsAnswerOf', () => {
  it('finds a 5xx the SDK could not read an AWS error from', () => {
    expect(
      nonAwsAnswerOf(
        sdkError('SyntaxError', 500, { 'Content-Type': 'text/html' }),
      ),
    ).toEqual({ statusCode: 500, contentType: 'text/html' });
    expect(nonAwsAnswerOf(sdkError('Unknown', 502))).toEqual({
      statusCode: 502,
    });
    expect(nonAwsAnswerOf(sdkError('UnknownError', 504))).toEqual({
      statusCode: 504,
    });
  });

  it('reads its own error back', () => {
    expect(
      nonAwsAnswerOf(
        new NonAwsAnswerError({ statusCode: 500, contentType: 'text/html' }),
      ),
    ).toEqual({ statusCode: 500, contentType: 'text/html' });
  });

  it('leaves AWS errors, client errors and anything else alone', () => {
    expect(nonAwsAnswerOf(sdkError('InternalFailure', 500))).toBeUndefined();
    expect(
      nonAwsAnswerOf(sdkError('ThrottlingException', 400)),
    ).toBeUndefined();
    expect(nonAwsAnswerOf(sdkError('SyntaxError', 200))).toBeUndefined();
    expect(nonAwsAnswerOf(sdkError('SyntaxError', 404))).toBeUndefined();
    expect(nonAwsAnswerOf(new SyntaxError('no status'))).toBeUndefined();
    expect(nonAwsAnswerOf('text')).toBeUndefined();
    expect(nonAwsAnswerOf(undefined)).toBeUndefined();
  });

  it('keeps the page out of its message and carries nothing the SDK would retry on', () => {
    const error = new NonAwsAnswerError({
      statusCode: 500,
      contentType: 'text/html',
    });
    expect(error.message).toBe(
      'HTTP 500 answer without an AWS error body (text/html)',
    );
    expect(error).not.toHaveProperty('$metadata');
    expect(error).not.toHaveProperty('$retryable');
    expect(error.cause).toBeUndefined();
  });
});
