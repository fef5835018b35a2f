import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  AlertQueueStatus,
  CollectionRoundSummary,
  CollectorStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { failingSources, isFailing } from '../domain/sources';
import { collectorStatusOf } from '../report/collectorStatus';
import type { CollectionRun } from '../store/RunStore';
import { visibleModels } from './access';
import { assembledModels, FleetContext } from './fleetPage';

/**
 * The collector's status for a caller: the last fleet round from the record of rounds, and the failing
 * sources of the stored snapshots the caller may read (the fleet page's rule), so every replica answers
 * the same whichever ran the round.
 */
export async function collectorStatus(
  credentials: BackstageCredentials,
  context: FleetContext,
): Promise<CollectorStatus> {
  const { stores, config, now } = context;
  const [lastRun, lastOk, models] = await Promise.all([
    stores.runs.lastFinishedRun('fleet'),
    stores.runs.lastOkFinishedAt('fleet'),
    assembledModels(context),
  ]);
  const affected = models.filter(({ snapshot }) =>
    Object.values(snapshot.sources).some(isFailing),
  );
  // Only the models with a failing source are asked about.
  const permitted = await visibleModels(
    credentials,
    affected.map(m => m.snapshot.entityRef),
    context.permissions,
  );
  const failing = failingSources(
    affected
      .map(m => m.snapshot)
      .filter(snapshot => permitted.has(snapshot.entityRef)),
  );
  return collectorStatusOf({
    ...(lastRun ? { lastRound: roundSummaryOf(lastRun) } : {}),
    ...(lastOk ? { lastSuccessAt: lastOk.toISOString() } : {}),
    failing,
    now,
    staleAfterSeconds:
      config.collectionIntervalSeconds * config.staleAfterIntervals,
  });
}

/**
 * The status with the alarm queues: a queue that is denied, missing or failing degrades an otherwise
 * ok collector (alerts come slower, through rounds), it does not fail it.
 */
export function withAlertQueues(
  status: CollectorStatus,
  queues: AlertQueueStatus[],
): CollectorStatus {
  if (queues.length === 0) return status;
  const broken = queues.some(q => q.state !== 'ok' && q.state !== 'idle');
  return {
    ...status,
    ...(broken && status.status === 'ok' ? { status: 'degraded' } : {}),
    alertQueues: queues,
  };
}

function roundSummaryOf(run: CollectionRun): CollectionRoundSummary {
  const finishedAt = run.finishedAt ?? run.startedAt;
  return {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(run.startedAt)),
    outcome: run.outcome === 'running' ? 'failed' : run.outcome,
    models: run.models,
    ...(run.error ? { error: run.error } : {}),
  };
}
