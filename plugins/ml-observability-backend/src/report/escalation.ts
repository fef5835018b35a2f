/** Which resource matched a model, and what the escalation lookup says of the model. */
import type {
  EscalationMatch,
  EscalationMatchKind,
  ModelReport,
  OnCallUrlTemplates,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { onCallLinks } from '@mlobs/backstage-plugin-ml-observability-common';
import type { ModelRecord, ResourceKey, ResourceKind } from '../domain/types';

// When a model matches through several keys, the most specific wins.
const PREFERENCE: ResourceKind[] = [
  'alarm-arn',
  'endpoint',
  'alarm',
  'schedule',
];

/** The most specific kind each model matched by. */
export function bestMatchKinds(
  hits: Array<{ entityRef: string } & ResourceKey>,
): Map<string, ResourceKind> {
  const best = new Map<string, ResourceKind>();
  for (const hit of hits) {
    const known = best.get(hit.entityRef);
    if (!known || PREFERENCE.indexOf(hit.kind) < PREFERENCE.indexOf(known)) {
      best.set(hit.entityRef, hit.kind);
    }
  }
  return best;
}

const MATCH_KIND: Record<ResourceKind, EscalationMatchKind> = {
  endpoint: 'endpoint',
  schedule: 'schedule',
  alarm: 'alarm',
  'alarm-arn': 'arn',
};

export function matchKindOf(
  kind: ResourceKind,
  isArn: boolean,
): EscalationMatchKind {
  return isArn ? 'arn' : MATCH_KIND[kind];
}

/** One model's answer to an escalation lookup, from its record and its report. */
export function escalationMatchOf(
  record: ModelRecord,
  report: ModelReport,
  found: {
    matchedBy: EscalationMatchKind;
    resource: string;
    ownerTitle?: string;
    onCallUrls: OnCallUrlTemplates;
  },
): EscalationMatch {
  const { escalation } = report;
  const rule =
    escalation.severityRules.find(r => r.level === escalation.activeSeverity) ??
    escalation.severityRules[0];
  const title = found.ownerTitle;
  return {
    entityRef: record.entityRef,
    ...(record.title ? { title: record.title } : {}),
    matchedBy: found.matchedBy,
    resource: found.resource,
    ...(record.owner
      ? { owner: { entityRef: record.owner, ...(title ? { title } : {}) } }
      : {}),
    ...(escalation.path[0] ? { nextInPath: escalation.path[0] } : {}),
    path: escalation.path,
    ...(rule ? { severityRule: rule } : {}),
    ...(escalation.runbookUrl ? { runbookUrl: escalation.runbookUrl } : {}),
    onCall: onCallLinks(record.target?.onCall ?? [], found.onCallUrls),
    health: report.health.status,
  };
}
