/**
 * Who is told about an alarm: the models that claim its ARN (through the
 * resource index, the ARN alone: names repeat across accounts and regions),
 * and for each its owner plus the runbook's escalation steps that name a
 * catalog user or group.
 */
import { escalationPathOf } from '@mlobs/backstage-plugin-ml-observability-common';
import type { ModelRecord } from '../domain/types';
import type { Stores } from '../store';

/** A model claiming an alarm, with the entity refs to notify about it. */
export interface AlarmRoute {
  record: ModelRecord;
  /** Full, lower-case, deduplicated refs: the owner first, then escalation steps in order. */
  recipients: string[];
}

const ENTITY_STEP = /^\s*(user|group):(?:([^\s/:]+)\/)?([^\s/:]+)\s*$/i;

/**
 * A runbook escalation step or configured recipient as a full, lower-case
 * entity ref (`group:ml-oncall` → `group:default/ml-oncall`), or undefined
 * when it names no catalog user or group ("ml-engineer", "Page on-call").
 */
export function recipientRef(step: string): string | undefined {
  const match = ENTITY_STEP.exec(step);
  if (!match) return undefined;
  const [, kind, namespace, name] = match;
  return `${kind}:${namespace ?? 'default'}/${name}`.toLowerCase();
}

/** The owner and the catalog entities of the escalation path, deduplicated. */
export function recipientsOf(record: ModelRecord): string[] {
  const refs = new Set<string>();
  const owner = record.owner ? recipientRef(record.owner) : undefined;
  // An owner of another kind (a component owning a model) is still who the catalog says is responsible.
  if (owner) refs.add(owner);
  else if (record.owner) refs.add(record.owner.toLowerCase());
  const runbook = record.runbook?.runbook;
  for (const step of runbook ? escalationPathOf(runbook) : []) {
    const ref = recipientRef(step);
    if (ref) refs.add(ref);
  }
  return [...refs];
}

/** The configured fallback recipients as full refs, deduplicated. */
export function fallbackRefs(refs: string[]): string[] {
  return [...new Set(refs.flatMap(r => recipientRef(r) ?? []))];
}

/** Every model whose last collected alarms include this ARN, in entity ref order. */
export async function routeAlarm(
  stores: Pick<Stores, 'snapshots'>,
  alarmArn: string,
): Promise<AlarmRoute[]> {
  const hits = await stores.snapshots.findByResources([
    { kind: 'alarm-arn', key: alarmArn },
  ]);
  if (hits.length === 0) return [];
  const records = await stores.snapshots.list([
    ...new Set(hits.map(h => h.entityRef)),
  ]);
  return records
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef))
    .map(record => ({ record, recipients: recipientsOf(record) }));
}
