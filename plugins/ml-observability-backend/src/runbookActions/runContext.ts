/** What a run's executor may use of the service: clients, pacing, and the run's record. */
import type { StoredActionRun } from '../store';
import type { ClientsOf } from './plans';

export interface RunPacing {
  followIntervalMs: number;
  shiftTimeoutMs: number;
  pipelineTimeoutMs: number;
}

export interface RunContext {
  clientsOf: ClientsOf;
  settings: RunPacing;
  clock(): Date;
  sleep(ms: number): Promise<void>;
  /** True once this process stops following (shutdown): the executor returns undefined. */
  stopped(): boolean;
  /** Appends progress (and result, changed), renewing the run's heartbeat. */
  progress(
    run: StoredActionRun,
    messages: string[],
    change?: { changed?: boolean; result?: StoredActionRun['result'] },
  ): Promise<StoredActionRun>;
  /** Ends the run with its outcome, freeing its lock. */
  end(
    run: StoredActionRun,
    status: 'succeeded' | 'failed',
    outcome: string,
    result?: StoredActionRun['result'],
    changed?: boolean,
  ): Promise<StoredActionRun>;
  /** Says in the triggering alarm's notification who acted. */
  noteInNotification(run: StoredActionRun): Promise<void>;
}

/** "2026-12-04 21:40 UTC". */
export const timeText = (at: Date) =>
  `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
