import type {
  SourceId,
  SourceStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { isFailing } from '../domain/sources';

/**
 * Merges one round's source outcomes into the stored ones. A source not
 * reported keeps its stored status; a failed source keeps the time it was
 * last good, so the page can say how old the data it still shows is.
 */
export function mergeSources(
  previous: SourceStatuses,
  next: SourceStatuses,
  now: Date,
): SourceStatuses {
  const merged: SourceStatuses = { ...previous };
  const nowIso = now.toISOString();
  for (const [id, status] of Object.entries(next) as Array<
    [SourceId, SourceStatus | undefined]
  >) {
    if (!status) continue;
    const before = previous[id];
    const lastSuccessAt =
      status.outcome === 'ok'
        ? status.lastSuccessAt ?? nowIso
        : status.lastSuccessAt ?? before?.lastSuccessAt;
    const failingSince = failingSinceOf(status, before, nowIso);
    merged[id] = {
      outcome: status.outcome,
      ...(status.message ? { message: status.message } : {}),
      ...(lastSuccessAt ? { lastSuccessAt } : {}),
      checkedAt: status.checkedAt ?? nowIso,
      ...(failingSince ? { failingSince } : {}),
    };
  }
  return merged;
}

/**
 * The first round of a failure: kept while the source keeps failing (whatever the outcome), this round's
 * time when it starts failing now, none while it is ok. A status stored before this was recorded has none.
 */
function failingSinceOf(
  status: SourceStatus,
  before: SourceStatus | undefined,
  nowIso: string,
): string | undefined {
  if (!isFailing(status)) return undefined;
  if (!isFailing(before)) return nowIso;
  return before?.failingSince;
}

/** True when a round brought good data from AWS for the model. */
export function hasGoodAwsData(sources: SourceStatuses): boolean {
  const aws: SourceId[] = [
    'endpoints',
    'schedules',
    'executions',
    'alarms',
    'metrics',
    'custom-metrics',
  ];
  return aws.some(id => sources[id]?.outcome === 'ok');
}
