import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AlarmTransition,
  RecordedTransition,
  TransitionRecorder,
  TransitionSink,
} from './types';

/** Tells people about one stored transition (a portal notification, a signal). */
export interface TransitionNotifier {
  /**
   * Sends, or updates, the notification of a transition. Resolves once the
   * notifications backend has it; throws when it could not, and the change
   * is then sent again (on redelivery of its message or by the retry sweep).
   */
  notify(recorded: RecordedTransition): Promise<void>;
}

/** Raised when some transitions were stored but could not be notified: the caller keeps their messages. */
export class NotificationDeferredError extends Error {
  constructor(readonly failed: number, readonly cause: unknown) {
    super(
      `${failed} alarm transition notification(s) could not be sent and will be retried: ${String(
        cause instanceof Error ? cause.message : cause,
      )}`,
    );
    this.name = 'NotificationDeferredError';
  }
}

/**
 * Waits before the further attempts to mark sent notifications: what was sent
 * but could not be marked (the database restarting, failing over) would be
 * sent again on redelivery of its message.
 */
const MARK_RETRY_DELAYS_MS = [250, 1000, 4000];

/**
 * The one path every transition takes, whatever its origin: store it (the
 * recorder drops what it has seen and knows what is latest), then notify the
 * changes that are new to the people, latest for their alarm, and not
 * history. Backfilled transitions are history: stored, never notified.
 */
export class AlertPipeline implements TransitionSink {
  /**
   * Changes being notified in this process (a batch, or the sweep): the other
   * path leaves them alone, so a change is not sent twice while the first
   * send is still unmarked.
   */
  private readonly claimed = new Set<string>();

  constructor(
    private readonly options: {
      recorder: TransitionRecorder;
      notifier: TransitionNotifier;
      logger: LoggerService;
      /** Default: 250 ms, 1 s, 4 s. */
      markRetryDelaysMs?: number[];
      /** Tests wait no time. */
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  async handle(transitions: AlarmTransition[]): Promise<void> {
    if (transitions.length === 0) return;
    const recorded = await this.options.recorder.record(transitions);
    await this.notifyAll(recorded.filter(isDue));
  }

  /**
   * Sends again what was stored but never notified since `since` (the
   * notifications backend was down, or the process stopped in between).
   * Returns how many were sent.
   */
  async retryPending(options: {
    since: Date;
    /**
     * Leaves alone what was received after this: a batch the consumer or a
     * round is still notifying would otherwise be sent twice.
     */
    receivedBefore?: Date;
    limit?: number;
  }): Promise<number> {
    const pending = await this.options.recorder.pendingNotifications({
      since: options.since,
      ...(options.receivedBefore
        ? { receivedBefore: options.receivedBefore }
        : {}),
      limit: options.limit ?? 100,
    });
    return this.notifyAll(pending.filter(isDue));
  }

  private async notifyAll(due: RecordedTransition[]): Promise<number> {
    const { notifier, logger } = this.options;
    const sent: string[] = [];
    let failed = 0;
    let firstError: unknown;
    // One change delivered twice in a batch (at-least-once queues, a round and an event) is one stored
    // row: it is told once. In time order, so that an ALARM and its OK in one batch end as "resolved".
    const byId = new Map(
      due
        .filter(item => !this.claimed.has(item.transition.eventId))
        .map(item => [item.transition.eventId, item]),
    );
    const ordered = [...byId.values()].sort((a, b) =>
      a.transition.at.localeCompare(b.transition.at),
    );
    for (const id of byId.keys()) this.claimed.add(id);
    try {
      for (const item of ordered) {
        try {
          await notifier.notify(item);
          sent.push(item.transition.eventId);
        } catch (error) {
          failed += 1;
          firstError ??= error;
        }
      }
      if (sent.length > 0) await this.markNotified(sent);
    } finally {
      for (const id of byId.keys()) this.claimed.delete(id);
    }
    if (failed > 0) {
      logger.warn(
        `ML observability: ${failed} of ${
          ordered.length
        } alarm notifications failed, will retry: ${String(firstError)}`,
      );
      throw new NotificationDeferredError(failed, firstError);
    }
    return sent.length;
  }

  /** Marks sent changes, trying again for a few seconds: a database blip must not make them sent twice. */
  private async markNotified(eventIds: string[]): Promise<void> {
    const { recorder, logger } = this.options;
    const delays = this.options.markRetryDelaysMs ?? MARK_RETRY_DELAYS_MS;
    const sleep =
      this.options.sleep ??
      ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        await recorder.markNotified(eventIds);
        return;
      } catch (error) {
        if (attempt >= delays.length) {
          logger.error(
            `ML observability: ${
              eventIds.length
            } alarm notification(s) were sent but could not be marked as sent; they may be sent again: ${String(
              error,
            )}`,
          );
          throw error;
        }
        await sleep(delays[attempt]);
      }
    }
  }
}

function isDue(recorded: RecordedTransition): boolean {
  return (
    recorded.isLatest &&
    !recorded.notified &&
    recorded.transition.origin !== 'backfill'
  );
}
