/**
 * A raw HTTP client for the suites: any method, header and body (also ones
 * `fetch` refuses), a timeout, and the whole answer as text.
 */
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export function send(req: HttpRequest): Promise<HttpAnswer> {
  const started = performance.now();
  const url = new URL(req.url);
  if (url.hostname !== '127.0.0.1') {
    return Promise.reject(
      new Error(`the suites only talk to 127.0.0.1, not ${url.host}`),
    );
  }
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        // Sent as given: the corpus decides the encoding.
        path: `${url.pathname}${url.search}`,
        headers: {
          ...(req.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(req.body)) }
            : {}),
          ...req.headers,
        },
        timeout: req.timeoutMs ?? 30_000,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('timeout', () =>
      r.destroy(new Error(`no answer within ${req.timeoutMs ?? 30_000} ms`)),
    );
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** The message of a Backstage error body (`{ error: { name, message } }`), if the answer has one. */
export function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    const message = body?.error?.message;
    return typeof message === 'string' && message.trim() !== ''
      ? message
      : undefined;
  } catch {
    return undefined;
  }
}
