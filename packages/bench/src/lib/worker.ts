/**
 * Runs a part of a suite in its own Node process (so its memory and CPU are
 * its own) and talks to it over IPC: one request, one answer.
 */
import { ChildProcess, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';

type Handlers = Record<string, (arg: any) => Promise<unknown>>;

interface Request {
  id: number;
  command: string;
  arg: unknown;
}
type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; message: string };

export class Worker<H extends Handlers> {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private exited?: string;

  private constructor(
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(reply.message));
    });
    child.on('exit', (code, signal) => {
      this.exited = `worker exited (code ${code}, signal ${signal}); its log is ${logFile}`;
      for (const waiter of this.pending.values())
        waiter.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  /** Starts `file` (a module that calls `serveCommands`), logging its output to `logFile`. */
  static start<H extends Handlers>(file: string, logFile: string): Worker<H> {
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = fork(file, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' },
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    return new Worker<H>(child, logFile);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  call<C extends keyof H & string>(
    command: C,
    arg: Parameters<H[C]>[0],
  ): Promise<Awaited<ReturnType<H[C]>>> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.child.send({ id, command, arg } satisfies Request);
    });
  }

  /** Ends the worker: SIGTERM, then SIGKILL if it has not gone after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>(resolve =>
      this.child.once('exit', () => resolve()),
    );
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/** The worker side: answers each request with its handler's result or its error message. */
export function serveCommands(handlers: Handlers): void {
  if (!process.send) {
    throw new Error('this module runs as a worker; start it with Worker.start');
  }
  process.on('message', async (request: Request) => {
    let reply: Reply;
    try {
      const handler = handlers[request.command];
      if (!handler) throw new Error(`unknown command ${request.command}`);
      reply = { id: request.id, ok: true, result: await handler(request.arg) };
    } catch (error) {
      reply = {
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    process.send!(reply);
  });
  process.on('SIGTERM', () => process.exit(0));
}
