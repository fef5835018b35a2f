import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StaticFile =
  | string
  | { status: number; delayMs?: number; body?: string };

/** Serves fixed files on 127.0.0.1 under `prefix`, e.g. runbooks next to a catalog file. */
export async function serveFiles(
  prefix: string,
  files: Record<string, StaticFile>,
): Promise<{
  url: string;
  host: string;
  requests: () => number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const file = path.startsWith(prefix)
      ? files[path.slice(prefix.length)]
      : undefined;
    const answer = (status: number, body: string) => {
      res.writeHead(status, {
        'content-type': 'text/yaml; charset=utf-8',
        etag: `"${body.length}"`,
      });
      res.end(body);
    };
    if (file === undefined) answer(404, 'not found');
    else if (typeof file === 'string') answer(200, file);
    else {
      const timer = setTimeout(
        () => answer(file.status, file.body ?? ''),
        file.delayMs ?? 0,
      );
      res.on('close', () => clearTimeout(timer));
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    host: `127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
