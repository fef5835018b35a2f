import type { AlertsConfig } from '../config';
import type { Stores } from '../store';

const DAY_MS = 24 * 3_600_000;

/**
 * Forgets alarm transitions older than `alerts.retentionDays` (by when the
 * alarm changed); part of a round's prune. Returns how many were removed.
 */
export async function pruneAlertHistory(
  stores: Pick<Stores, 'events'>,
  alerts: Pick<AlertsConfig, 'retentionDays'>,
  now: Date,
): Promise<number> {
  return await stores.events.prune(
    new Date(now.getTime() - alerts.retentionDays * DAY_MS),
  );
}
