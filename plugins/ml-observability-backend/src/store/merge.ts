import type {
  SourceId,
  SourceStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';

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
    merged[id] = {
      outcome: status.outcome,
      ...(status.message ? { message: status.message } : {}),
      ...(lastSuccessAt ? { lastSuccessAt } : {}),
      checkedAt: status.checkedAt ?? nowIso,
    };
  }
  return merged;
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
