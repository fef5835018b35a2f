/*
 * A catalog entity read as a model: the facts every layer derives from it the same way (owner,
 * lifecycle, what its annotations resolve to), and the record of a model not collected yet.
 */
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ModelEndpoint,
  parseModelAnnotations,
  SourceStatus,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { CollectionTarget } from '@mlobs/backstage-plugin-ml-observability-node';
import type { MlObservabilityConfig } from '../config';
import type { ModelRecord, StoredTarget } from './types';

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

/** Title, owner and lifecycle as the catalog has them now. */
export function catalogFacts(
  entity: Entity,
): Pick<ModelRecord, 'title' | 'owner' | 'lifecycle'> {
  const title = entity.metadata.title;
  const owner = ownerOf(entity);
  const lifecycle = lifecycleOf(entity);
  return {
    ...(title ? { title } : {}),
    ...(owner ? { owner } : {}),
    ...(lifecycle ? { lifecycle } : {}),
  };
}

/** The record with the catalog's current title, owner and lifecycle in place of the stored ones. */
export function withCatalogFacts(
  record: ModelRecord,
  entity: Entity,
): ModelRecord {
  const { title: _t, owner: _o, lifecycle: _l, ...rest } = record;
  return { ...rest, ...catalogFacts(entity) };
}

function missingAccount(
  base: Omit<ResolvedModel, 'stored' | 'catalogStatus'>,
  stored: StoredTarget,
): ResolvedModel {
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

/**
 * Where the model's endpoints are served, only when an ARN puts one outside the model's own
 * account and region (a plain name inherits both, now that the account is resolved).
 */
function collectionEndpoints(
  endpoints: ModelEndpoint[],
  accountId: string,
  region: string,
): Pick<CollectionTarget, 'endpoints'> {
  const placed = endpoints.map(e => ({
    name: e.name,
    accountId: e.accountId ?? accountId,
    region: e.region,
  }));
  const elsewhere = placed.some(
    e => e.accountId !== accountId || e.region !== region,
  );
  return elsewhere ? { endpoints: placed } : {};
}

/** Resolves a model entity against the configured defaults. Never throws. */
export function resolveModel(
  entity: Entity,
  config: MlObservabilityConfig,
): ResolvedModel {
  const entityRef = stringifyEntityRef(entity);
  const base = { entityRef, entity, ...catalogFacts(entity) };
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
    endpoints: value.endpoints,
    metricSources: value.metricSources,
    ...(value.timeZone ? { timeZone: value.timeZone } : {}),
    onCall: value.onCall,
    ...(value.runbook ? { runbook: value.runbook } : {}),
  };
  if (!value.accountId) return missingAccount(base, stored);
  return {
    ...base,
    stored,
    target: {
      entityRef,
      accountId: value.accountId,
      region: value.region,
      endpointNames: value.endpointNames,
      ...collectionEndpoints(value.endpoints, value.accountId, value.region),
      metricSources: value.metricSources,
      annotations: entity.metadata.annotations ?? {},
    },
    catalogStatus: { outcome: 'ok' },
  };
}

/**
 * The record of a model the catalog has and no round has collected yet: what
 * its annotations say, and that nothing was read from AWS.
 */
export function uncollectedRecord(
  model: ResolvedModel,
  now: Date,
): ModelRecord {
  const { stored } = model;
  return {
    entityRef: model.entityRef,
    ...(model.title ? { title: model.title } : {}),
    ...(model.owner ? { owner: model.owner } : {}),
    ...(model.lifecycle ? { lifecycle: model.lifecycle } : {}),
    ...(stored.accountId ? { accountId: stored.accountId } : {}),
    ...(stored.region ? { region: stored.region } : {}),
    ...(stored.timeZone ? { timeZone: stored.timeZone } : {}),
    target: stored,
    sources: { catalog: model.catalogStatus },
    checkedAt: now.toISOString(),
  };
}
