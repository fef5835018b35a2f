import { ResponseError } from '@backstage/errors';

const STATUS_TEXT: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** A fetch response as the backend sends errors: Backstage's JSON error body. */
export function errorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify({
    error: { name: status === 404 ? 'NotFoundError' : 'Error', message },
    request: { method: 'GET', url: '/v1/models' },
    response: { statusCode: status },
  });
  return {
    ok: false,
    status,
    statusText: STATUS_TEXT[status] ?? 'Error',
    url: 'http://localhost:7007/api/ml-observability/v1/models',
    headers: new Headers({ 'Content-Type': 'application/json', ...headers }),
    text: async () => body,
    json: async () => JSON.parse(body),
  } as unknown as Response;
}

/** The error the API client rejects with for such a response. */
export function responseError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Promise<ResponseError> {
  return ResponseError.fromResponse(errorResponse(status, message, headers));
}
