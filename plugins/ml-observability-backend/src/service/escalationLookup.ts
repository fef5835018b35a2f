import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  compareHealth,
  countedReasons,
  EscalationMatch,
  EscalationResult,
  onCallLinks,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { assembleReport } from '../report/buildReport';
import { matchKindOf, parseResourceQuery } from '../report/escalation';
import type { ResourceKind, StoredSeries } from '../store';
import { readableEntities } from './access';
import { FleetContext, withCatalogFacts } from './fleetPage';

// When a model matches through several keys, the most specific wins.
const PREFERENCE: ResourceKind[] = [
  'alarm-arn',
  'endpoint',
  'alarm',
  'schedule',
];

/**
 * The models behind an AWS resource, with owner, escalation path and the
 * runbook rule that applies, among the models the caller may read.
 */
export async function findOwners(
  resource: string,
  credentials: BackstageCredentials,
  context: FleetContext,
): Promise<EscalationResult> {
  const { stores, config, now, catalog } = context;
  const parsed = parseResourceQuery(resource);
  const hits = await stores.snapshots.findByResources(parsed.keys);
  const bestKind = new Map<string, ResourceKind>();
  for (const hit of hits) {
    const known = bestKind.get(hit.entityRef);
    if (!known || PREFERENCE.indexOf(hit.kind) < PREFERENCE.indexOf(known)) {
      bestKind.set(hit.entityRef, hit.kind);
    }
  }
  const snapshots = (await stores.snapshots.list([...bestKind.keys()])).filter(
    s =>
      !parsed.isArn ||
      ((!s.accountId || s.accountId === parsed.accountId) &&
        (!s.region || s.region === parsed.region)),
  );
  const readable = await readableEntities(
    snapshots.map(s => s.entityRef),
    credentials,
    catalog,
    context.permissions,
  );
  const visible = snapshots.flatMap(s => {
    const entity = readable.get(s.entityRef);
    return entity ? [withCatalogFacts(s, entity)] : [];
  });

  const series = await stores.series.listMeta(visible.map(s => s.entityRef));
  const ownerRefs = [
    ...new Set(visible.flatMap(s => (s.owner ? [s.owner] : []))),
  ];
  const owners =
    ownerRefs.length > 0
      ? (
          await catalog.getEntitiesByRefs(
            { entityRefs: ownerRefs, fields: ['metadata.title'] },
            { credentials },
          )
        ).items
      : [];
  const ownerTitle = new Map(
    ownerRefs.map((ref, i) => [ref, owners[i]?.metadata?.title]),
  );

  const matches = visible.map(snapshot => {
    const modelSeries = series.filter(
      (s: StoredSeries) => s.entityRef === snapshot.entityRef,
    );
    const { report } = assembleReport(
      { snapshot, series: modelSeries },
      config,
      now,
    );
    const { escalation } = report;
    const rule =
      escalation.severityRules.find(
        r => r.level === escalation.activeSeverity,
      ) ?? escalation.severityRules[0];
    const title = ownerTitle.get(snapshot.owner ?? '');
    const match: EscalationMatch = {
      entityRef: snapshot.entityRef,
      ...(snapshot.title ? { title: snapshot.title } : {}),
      matchedBy: matchKindOf(bestKind.get(snapshot.entityRef)!, parsed.isArn),
      resource: parsed.query,
      ...(snapshot.owner
        ? { owner: { entityRef: snapshot.owner, ...(title ? { title } : {}) } }
        : {}),
      ...(escalation.path[0] ? { nextInPath: escalation.path[0] } : {}),
      path: escalation.path,
      ...(rule ? { severityRule: rule } : {}),
      ...(escalation.runbookUrl ? { runbookUrl: escalation.runbookUrl } : {}),
      onCall: onCallLinks(snapshot.target?.onCall ?? [], config.onCallUrls),
      health: report.health.status,
    };
    return {
      match,
      rank: {
        status: report.health.status,
        reasonCount: countedReasons(report.health.reasons).length,
        entityRef: snapshot.entityRef,
      },
    };
  });
  matches.sort((a, b) => compareHealth(a.rank, b.rank));
  return { query: parsed.query, matches: matches.map(m => m.match) };
}
