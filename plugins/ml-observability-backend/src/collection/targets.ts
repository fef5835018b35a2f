import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  parseModelAnnotations,
  SourceStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { CollectionTarget } from '../collectors/types';
import type { MlObservabilityConfig } from '../config';
import type { StoredTarget } from '../store';

/** A catalog entity read as a model: what to collect, or why it cannot be. */
export interface ResolvedModel {
  entityRef: string;
  entity: Entity;
  title?: string;
  owner?: string;
  lifecycle?: string;
  stored: StoredTarget;
  /** Absent when the annotations are unusable; `catalogStatus` says why. */
  target?: CollectionTarget;
  catalogStatus: SourceStatus;
}

/** The owner entity ref: the `ownedBy` relation, else `spec.owner` read as a group. */
export function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function lifecycleOf(entity: Entity): string | undefined {
  const value = (entity.spec as { lifecycle?: unknown } | undefined)?.lifecycle;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Resolves a model entity against the configured defaults. Never throws. */
export function resolveModel(
  entity: Entity,
  config: MlObservabilityConfig,
): ResolvedModel {
  const entityRef = stringifyEntityRef(entity);
  const base = {
    entityRef,
    entity,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    ...(ownerOf(entity) ? { owner: ownerOf(entity) } : {}),
    ...(lifecycleOf(entity) ? { lifecycle: lifecycleOf(entity) } : {}),
  };
  const parsed = parseModelAnnotations(entity, {
    ...(config.defaults.accountId
      ? { accountId: config.defaults.accountId }
      : {}),
    region: config.defaults.region,
    timeZone: config.defaults.timeZone,
  });
  if (!parsed.ok) {
    return {
      ...base,
      stored: {
        endpointNames: [],
        metricSources: [],
        onCall: [],
        errors: parsed.errors,
      },
      catalogStatus: {
        outcome: 'error',
        message: parsed.errors.map(e => e.message).join('; '),
      },
    };
  }
  const value = parsed.value;
  const stored: StoredTarget = {
    ...(value.accountId ? { accountId: value.accountId } : {}),
    region: value.region,
    endpointNames: value.endpointNames,
    metricSources: value.metricSources,
    ...(value.timeZone ? { timeZone: value.timeZone } : {}),
    onCall: value.onCall,
    ...(value.runbook ? { runbook: value.runbook } : {}),
  };
  if (!value.accountId) {
    const message = `no AWS account for this model: set the ${ANNOTATION_AWS_ACCOUNT_ID} annotation, mlObservability.defaults.accountId or aws.accounts in app-config`;
    return {
      ...base,
      stored: {
        ...stored,
        errors: [
          {
            annotation: ANNOTATION_AWS_ACCOUNT_ID,
            code: 'missing',
            message,
            allowed: 'a 12-digit AWS account id',
          },
        ],
      },
      catalogStatus: { outcome: 'error', message },
    };
  }
  return {
    ...base,
    stored,
    target: {
      entityRef,
      accountId: value.accountId,
      region: value.region,
      endpointNames: value.endpointNames,
      metricSources: value.metricSources,
    },
    catalogStatus: { outcome: 'ok' },
  };
}
