/**
 * Bookkeeping shared by the reliability parts: what each part tried, what
 * was lost, every response body scanned for leaks, and crashes caught while
 * the backends run in this process.
 */
import { errorMessage, HttpAnswer, HttpRequest, send } from '../lib/httpClient';
import { findLeaks, Leak, LeakPattern, leakPatterns } from './leaks';

export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

export interface PartResult {
  name: string;
  /** One line per thing tried, with its counts. */
  tried: string[];
  checks: Check[];
  /** Requests sent by this part (all scanned for leaks). */
  requests: number;
  wallMs: number;
  notes: string[];
}

export const lost = (part: PartResult) => part.checks.filter(c => !c.ok);

export class Part {
  readonly result: PartResult;
  private readonly started = performance.now();

  constructor(name: string, private readonly suite: Suite) {
    this.result = {
      name,
      tried: [],
      checks: [],
      requests: 0,
      wallMs: 0,
      notes: [],
    };
    suite.log(`\n${name}`);
  }

  tried(line: string): void {
    this.result.tried.push(line);
    this.suite.log(`  tried: ${line}`);
  }

  note(line: string): void {
    this.result.notes.push(line);
    this.suite.log(`  note: ${line}`);
  }

  check(what: string, ok: boolean, detail = ''): boolean {
    this.result.checks.push({ what, ok, detail });
    this.suite.log(
      `  ${ok ? 'ok  ' : 'LOST'} ${what}${detail ? ` — ${detail}` : ''}`,
    );
    return ok;
  }

  /** Sends a request; the body is scanned for leaks. Network errors become status 0. */
  async send(req: HttpRequest): Promise<HttpAnswer> {
    this.result.requests++;
    try {
      const answer = await send(req);
      this.suite.scan(`${req.method} ${shorten(req.url)}`, answer);
      return answer;
    } catch (error) {
      return { status: 0, headers: {}, text: (error as Error).message, ms: 0 };
    }
  }

  finish(): PartResult {
    this.result.wallMs = performance.now() - this.started;
    const crashes = this.suite.takeCrashes();
    this.check(
      'no unhandled error or rejection in the backend process',
      crashes.length === 0,
      crashes.slice(0, 3).join('; '),
    );
    return this.result;
  }
}

function shorten(url: string): string {
  const u = url.replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
  return u.length > 160 ? `${u.slice(0, 157)}...` : u;
}

/** The rule for answers to bad input: never 5xx, and a 4xx says what is wrong. */
export function badInputProblem(answer: HttpAnswer): string | undefined {
  if (answer.status === 0) return `no answer (${answer.text})`;
  if (answer.status >= 500)
    return `status ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.status >= 400 && !errorMessage(answer.text)) {
    return `status ${answer.status} without an error message: ${JSON.stringify(
      answer.text.slice(0, 120),
    )}`;
  }
  return undefined;
}

export class Suite {
  readonly leaks: Leak[] = [];
  private crashes: string[] = [];
  scannedResponses = 0;
  private patterns: LeakPattern[];
  private readonly internalUrls = new Set<string>();

  constructor(
    readonly log: (line: string) => void,
    private readonly secrets: { awsSecret: string; accessKeyIds: string[] },
  ) {
    this.patterns = leakPatterns({ ...secrets, internalUrls: [] });
    process.on('unhandledRejection', reason => {
      this.crashes.push(`unhandled rejection: ${describe(reason)}`);
    });
    process.on('uncaughtException', error => {
      this.crashes.push(`uncaught exception: ${describe(error)}`);
    });
  }

  /** An address only the backend should know (the emulator standing in for AWS). */
  addInternalUrl(url: string): void {
    this.internalUrls.add(url);
    this.refreshPatterns();
  }

  addAccessKeyId(id: string): void {
    if (!this.secrets.accessKeyIds.includes(id))
      this.secrets.accessKeyIds.push(id);
    this.refreshPatterns();
  }

  private refreshPatterns(): void {
    this.patterns = leakPatterns({
      ...this.secrets,
      internalUrls: [...this.internalUrls],
    });
  }

  scan(where: string, answer: HttpAnswer): void {
    this.scannedResponses++;
    this.leaks.push(...findLeaks(where, answer.text, this.patterns));
  }

  takeCrashes(): string[] {
    const out = this.crashes;
    this.crashes = [];
    return out;
  }
}

function describe(reason: unknown): string {
  return reason instanceof Error
    ? `${reason.name}: ${reason.message}`
    : String(reason);
}
