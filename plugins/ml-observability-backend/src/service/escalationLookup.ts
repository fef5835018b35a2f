import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AlertTransition,
  compareHealth,
  countedReasons,
  EscalationResult,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { ModelRecord, ResourceKind } from '../domain/types';
import { assembleReport } from '../report/buildReport';
import {
  bestMatchKinds,
  escalationMatchOf,
  matchKindOf,
} from '../report/escalation';
import { visibleModels } from './access';
import { alertTransitionOf } from './alertTransition';
import type { ReadContext } from './readContext';
import { parseResourceQuery, ResourceQuery } from './resourceQuery';

/** The models holding the resource, as last collected; an ARN also pins account and region. */
async function modelsHolding(
  parsed: ResourceQuery,
  context: ReadContext,
): Promise<{
  records: ModelRecord[];
  kinds: ReturnType<typeof bestMatchKinds>;
}> {
  const { stores } = context;
  const kinds = bestMatchKinds(
    await stores.snapshots.findByResources(parsed.keys),
  );
  const records = (await stores.snapshots.list([...kinds.keys()])).filter(
    s => !parsed.isArn || servedIn(s, parsed.accountId, parsed.region),
  );
  return { records, kinds };
}

/**
 * Whether a model is in an ARN's account and region: its home, or the place of one of its endpoints
 * (a model served in several regions names the others by ARN).
 */
function servedIn(
  record: ModelRecord,
  accountId: string | undefined,
  region: string | undefined,
): boolean {
  const places = [
    { accountId: record.accountId, region: record.region },
    ...(record.target?.endpoints ?? []),
    ...(record.endpoints ?? []),
  ];
  return places.some(
    p =>
      (!p.accountId || p.accountId === accountId) &&
      (!p.region || p.region === region),
  );
}

/** Owner titles as the caller may see them, in one catalog read. */
async function ownerTitles(
  records: ModelRecord[],
  credentials: BackstageCredentials,
  context: ReadContext,
): Promise<Map<string, string | undefined>> {
  const refs = [...new Set(records.flatMap(s => (s.owner ? [s.owner] : [])))];
  if (refs.length === 0) return new Map();
  const { items } = await context.catalog.getEntitiesByRefs(
    { entityRefs: refs, fields: ['metadata.title'] },
    { credentials },
  );
  return new Map(refs.map((ref, i) => [ref, items[i]?.metadata?.title]));
}

/**
 * The models behind an AWS resource, with owner, escalation path and the
 * runbook rule that applies, among the models the caller may see (the same
 * answer as the fleet page's). Title and owner are as of the last round.
 */
export async function findOwners(
  resource: string,
  credentials: BackstageCredentials,
  context: ReadContext,
): Promise<EscalationResult> {
  const { stores, config, now, permissions } = context;
  const parsed = parseResourceQuery(resource);
  const { records, kinds } = await modelsHolding(parsed, context);
  const allowed = await visibleModels(
    credentials,
    records.map(s => s.entityRef),
    permissions,
  );
  const visible = records.filter(s => allowed.has(s.entityRef));
  const [series, titles] = await Promise.all([
    stores.series.listMeta(visible.map(s => s.entityRef)),
    ownerTitles(visible, credentials, context),
  ]);

  const matches = visible.map(record => {
    const { report } = assembleReport(
      {
        snapshot: record,
        series: series.filter(s => s.entityRef === record.entityRef),
      },
      config,
      now,
    );
    const match = escalationMatchOf(record, report, {
      matchedBy: matchKindOf(kinds.get(record.entityRef)!, parsed.isArn),
      resource: parsed.query,
      ownerTitle: titles.get(record.owner ?? ''),
      onCallUrls: config.onCallUrls,
    });
    const rank = {
      status: report.health.status,
      reasonCount: countedReasons(report.health.reasons).length,
      entityRef: record.entityRef,
    };
    return { match, rank };
  });
  matches.sort((a, b) => compareHealth(a.rank, b.rank));
  const recent = await recentTransitions(visible, kinds, parsed, context);
  return {
    query: parsed.query,
    matches: matches.map(({ match }) => {
      const transitions = recent.get(match.entityRef);
      return transitions?.length
        ? { ...match, recentTransitions: transitions }
        : match;
    }),
  };
}

/** How many of the matched alarm's stored transitions a match carries. */
export const RECENT_TRANSITIONS = 5;

/**
 * For the models matched by an alarm (name or ARN): the latest stored
 * transitions of that alarm, one query per matched alarm. A name can repeat
 * across accounts and regions; each model gets its own alarm's transitions.
 */
async function recentTransitions(
  records: ModelRecord[],
  kinds: Map<string, ResourceKind>,
  parsed: ResourceQuery,
  context: ReadContext,
): Promise<Map<string, AlertTransition[]>> {
  const arnsByModel = new Map<string, string[]>();
  for (const record of records) {
    const kind = kinds.get(record.entityRef);
    if (kind !== 'alarm' && kind !== 'alarm-arn') continue;
    const arns = (record.alarms ?? [])
      .filter(a =>
        parsed.isArn ? a.arn === parsed.query : a.name === parsed.query,
      )
      .map(a => a.arn);
    if (arns.length > 0) arnsByModel.set(record.entityRef, arns);
  }
  const byArn = new Map<string, AlertTransition[]>();
  for (const arn of new Set([...arnsByModel.values()].flat())) {
    const stored = await context.stores.events.listForAlarms([arn], {
      limit: RECENT_TRANSITIONS,
    });
    byArn.set(arn, stored.map(alertTransitionOf));
  }
  return new Map(
    [...arnsByModel].map(([entityRef, arns]) => [
      entityRef,
      arns
        .flatMap(arn => byArn.get(arn) ?? [])
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, RECENT_TRANSITIONS),
    ]),
  );
}
