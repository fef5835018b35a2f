import type {
  ExtensionSourceId,
  SourceId,
  SourceOutcome,
  SourceStatus,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';

/** Outcomes that are not a failure of the source: it gave data, or has nothing to give yet. */
const NOT_FAILING: ReadonlySet<SourceStatus['outcome']> = new Set([
  'ok',
  'pending',
]);

/**
 * Whether a source status says the source is failing: throttled, denied, not found, unsupported or an
 * error. What the operator is told about (log, metrics, status route), not what makes data stale.
 */
export function isFailing(status: SourceStatus | undefined): boolean {
  return status !== undefined && !NOT_FAILING.has(status.outcome);
}

/** What the grouping needs of a model: where it lives and its sources' statuses. */
export interface ModelSources {
  entityRef: string;
  accountId?: string;
  region?: string;
  sources: SourceStatuses;
}

/** One source failing with one outcome in one account and region, over the models that say so. */
export interface FailingSourceGroup {
  source: SourceId | ExtensionSourceId;
  accountId?: string;
  region?: string;
  outcome: SourceOutcome;
  /** The message of the first model, by entity ref. */
  message?: string;
  /** The earliest `failingSince` of the models. */
  since?: string;
  /** Sorted. */
  entityRefs: string[];
}

/** The key of a source in an account and region: what the log says once, and what recovers. */
export function sourceScopeKey(group: {
  source: string;
  accountId?: string;
  region?: string;
}): string {
  return `${group.source}|${group.accountId ?? ''}|${group.region ?? ''}`;
}

/** "123456789012/us-east-1", or what is known of it. */
export function scopeText(group: {
  accountId?: string;
  region?: string;
}): string {
  if (!group.accountId && !group.region) return 'no AWS account or region';
  return `${group.accountId ?? 'unknown account'}/${
    group.region ?? 'unknown region'
  }`;
}

/**
 * The failing sources of these models, one group per source, account, region and outcome, in the order
 * of source, account, region and outcome.
 */
export function failingSources(
  models: Iterable<ModelSources>,
): FailingSourceGroup[] {
  const groups = new Map<string, FailingSourceGroup>();
  const sorted = [...models].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
  for (const model of sorted) {
    for (const [source, status] of Object.entries(model.sources) as Array<
      [SourceId | ExtensionSourceId, SourceStatus | undefined]
    >) {
      if (!status || !isFailing(status)) continue;
      const scope = {
        source,
        ...(model.accountId ? { accountId: model.accountId } : {}),
        ...(model.region ? { region: model.region } : {}),
      };
      const key = `${sourceScopeKey(scope)}|${status.outcome}`;
      const group = groups.get(key);
      if (!group) {
        groups.set(key, {
          ...scope,
          outcome: status.outcome,
          ...(status.message ? { message: status.message } : {}),
          ...(status.failingSince ? { since: status.failingSince } : {}),
          entityRefs: [model.entityRef],
        });
        continue;
      }
      group.entityRefs.push(model.entityRef);
      if (
        status.failingSince &&
        (!group.since || status.failingSince < group.since)
      )
        group.since = status.failingSince;
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]) => group);
}
