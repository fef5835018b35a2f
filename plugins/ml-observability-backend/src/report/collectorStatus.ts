/** The collector's status as the status route answers it, from the record of rounds and the snapshots. */
import type {
  CollectionRoundSummary,
  CollectorStatus,
  CollectorStatusValue,
  DegradedSource,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { FailingSourceGroup } from '../domain/sources';

/** Affected models named per degraded source; the count says how many there are. */
export const DEGRADED_SOURCE_REFS = 10;

export interface CollectorStatusInput {
  /** The last fleet round that finished. */
  lastRound?: CollectionRoundSummary;
  /** When the last fleet round that ended ok finished (ISO). */
  lastSuccessAt?: string;
  /** The failing sources of the models the caller may read. */
  failing: FailingSourceGroup[];
  now: Date;
  /** A last round older than this means the collector has stopped. */
  staleAfterSeconds: number;
}

export function collectorStatusOf(
  input: CollectorStatusInput,
): CollectorStatus {
  const degradedSources = input.failing
    .map(degradedSourceOf)
    .sort((a, b) => b.models - a.models);
  return {
    status: statusOf(input, degradedSources.length > 0),
    lastRound: input.lastRound ?? null,
    ...(input.lastSuccessAt ? { lastSuccessAt: input.lastSuccessAt } : {}),
    degradedSources,
  };
}

function statusOf(
  input: CollectorStatusInput,
  degraded: boolean,
): CollectorStatusValue {
  const { lastRound } = input;
  if (!lastRound) return 'not-run';
  if (lastRound.outcome !== 'ok') return 'failed';
  const ageMs = input.now.getTime() - Date.parse(lastRound.finishedAt);
  if (ageMs > input.staleAfterSeconds * 1000) return 'stale';
  return degraded ? 'degraded' : 'ok';
}

function degradedSourceOf(group: FailingSourceGroup): DegradedSource {
  return {
    source: group.source,
    ...(group.accountId ? { accountId: group.accountId } : {}),
    ...(group.region ? { region: group.region } : {}),
    outcome: group.outcome,
    ...(group.message ? { message: group.message } : {}),
    ...(group.since ? { since: group.since } : {}),
    models: group.entityRefs.length,
    entityRefs: group.entityRefs.slice(0, DEGRADED_SOURCE_REFS),
  };
}
