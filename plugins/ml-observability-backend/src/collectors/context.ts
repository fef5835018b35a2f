import type { LoggerService } from '@backstage/backend-plugin-api';
import { nonAwsAnswerOf } from '@mlobs/backstage-plugin-ml-observability-node';
import type { AwsClients } from './clients';
import { AwsService, SourceFailure, describeFailure } from './errors';
import type { Limiter } from './limit';

/** A failed AWS call, already described for people; `cause` is kept for logs and special cases. */
export class AwsCallError extends Error {
  constructor(readonly failure: SourceFailure, readonly cause: unknown) {
    super(failure.message);
    this.name = 'AwsCallError';
  }

  /** The SDK's error name, e.g. `ValidationException`. */
  get code(): string | undefined {
    return (this.cause as { name?: string } | undefined)?.name;
  }
}

/**
 * Everything a collection step needs to talk to one account and region. One
 * is made per round: what it remembers lasts the round.
 */
export class RegionContext {
  /**
   * Operations that answered with a non-AWS body (an HTML 500 page) this
   * round, by `Service.Operation`: the rest of the round does not call them
   * again (for other models), it fails their steps the same way at once.
   */
  private readonly nonAwsAnswers = new Map<string, AwsCallError>();

  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly clients: AwsClients,
    private readonly limiter: Limiter,
    private readonly requestTimeoutMs: number,
    private readonly logger?: LoggerService,
    readonly signal?: AbortSignal,
  ) {}

  /** For each SDK call: the abort cancels calls under way too. */
  get http(): { abortSignal?: AbortSignal } {
    return this.signal ? { abortSignal: this.signal } : {};
  }

  get where(): string {
    return `${this.accountId}/${this.region}`;
  }

  /** One AWS call, within the region's concurrency bound; failures become {@link AwsCallError}. */
  async send<T>(
    service: AwsService,
    operation: string,
    call: () => Promise<T>,
  ): Promise<T> {
    const key = `${service}.${operation}`;
    // Checked again once a slot is free: a call queued before the abort (or
    // before the operation answered a non-AWS body) is not made after it.
    const mayCall = () => {
      this.signal?.throwIfAborted();
      const known = this.nonAwsAnswers.get(key);
      if (known) throw new AwsCallError(known.failure, known.cause);
    };
    mayCall();
    try {
      return await this.limiter.run(async () => {
        mayCall();
        try {
          return await call();
        } catch (error) {
          // Described before the slot passes on, so a queued call sees a non-AWS answer remembered.
          throw this.signal?.aborted
            ? error
            : this.callError(service, operation, error);
        }
      });
    } catch (error) {
      if (this.signal?.aborted) throw this.signal.reason;
      throw error instanceof AwsCallError
        ? error
        : this.callError(service, operation, error);
    }
  }

  private callError(
    service: AwsService,
    operation: string,
    error: unknown,
  ): AwsCallError {
    const failure = describeFailure(
      error,
      { service, operation, accountId: this.accountId, region: this.region },
      { requestTimeoutMs: this.requestTimeoutMs },
    );
    this.logger?.debug(
      `${failure.message} [${(error as Error)?.name ?? 'unknown error'}]`,
    );
    const failed = new AwsCallError(failure, error);
    if (nonAwsAnswerOf(error))
      this.nonAwsAnswers.set(`${service}.${operation}`, failed);
    return failed;
  }

  /** Every page of a paginated call, in order; pages of one walk are sequential by nature. */
  async pages<P extends { NextToken?: string }>(
    service: AwsService,
    operation: string,
    call: (token: string | undefined) => Promise<P>,
  ): Promise<P[]> {
    const out: P[] = [];
    let token: string | undefined;
    const next = (t: string | undefined) =>
      this.send(service, operation, () => call(t));
    do {
      const page = await next(token);
      out.push(page);
      token = page.NextToken;
    } while (token);
    return out;
  }

  /** The failure of a step: AWS errors as described, anything else as an internal error. */
  failureOf(error: unknown, what: string): SourceFailure {
    if (error instanceof AwsCallError) return error.failure;
    this.logger?.error(
      `Collecting ${what} in ${this.where} failed unexpectedly`,
      error as Error,
    );
    return {
      outcome: 'error',
      message: `collecting ${what} in ${this.where} failed unexpectedly; see the backend logs`,
    };
  }
}

export type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; failure: SourceFailure };

/**
 * Runs a step and keeps its failure as a value, so one failing source never
 * stops the others. An abort is not a failure of the source: it ends the round.
 */
export async function attempt<T>(
  ctx: RegionContext,
  what: string,
  step: () => Promise<T>,
): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    return { ok: false, failure: ctx.failureOf(error, what) };
  }
}
