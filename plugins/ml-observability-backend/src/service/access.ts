import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_HAS_MEMBER,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mlObservabilityReadPermission,
  OnCallRef,
  onCallLinks,
  OnCallUrlTemplates,
  Ownership,
  OwnershipMember,
} from '@mlobs/backstage-plugin-ml-observability-common';

/** What a caller may do with a model's data. */
export type ModelAccess = 'allowed' | 'invisible' | 'forbidden';

/**
 * How each of `refs` stands for the caller: `invisible` when the catalog's
 * read rule (`catalog.entity.read`, conditions included) hides the entity,
 * `forbidden` when it is visible but the report permission refuses, else
 * `allowed`. Both permissions for all refs are asked in one call, and no
 * entity is read: the answer for a model is the same on every page.
 */
export async function modelAccess(
  credentials: BackstageCredentials,
  refs: string[],
  permissions: PermissionsService,
): Promise<Map<string, ModelAccess>> {
  const unique = [...new Set(refs)];
  if (unique.length === 0) return new Map();
  const decisions = await permissions.authorize(
    unique.flatMap(resourceRef => [
      { permission: catalogEntityReadPermission, resourceRef },
      { permission: mlObservabilityReadPermission, resourceRef },
    ]),
    { credentials },
  );
  return new Map(
    unique.map((ref, i): [string, ModelAccess] => {
      if (decisions[2 * i]?.result !== AuthorizeResult.ALLOW) {
        return [ref, 'invisible'];
      }
      return [
        ref,
        decisions[2 * i + 1]?.result === AuthorizeResult.ALLOW
          ? 'allowed'
          : 'forbidden',
      ];
    }),
  );
}

/**
 * The models among `refs` this caller may see: the one answer the fleet page,
 * the escalation lookup and a model's report (so the actions too) give to
 * "which models may this caller see".
 */
export async function visibleModels(
  credentials: BackstageCredentials,
  refs: string[],
  permissions: PermissionsService,
): Promise<Set<string>> {
  // One question without resources first: a policy that allows (or denies) both outright answers for every
  // model at once, instead of a decision per model and permission.
  const blanket = await permissions.authorizeConditional(
    [
      { permission: catalogEntityReadPermission },
      { permission: mlObservabilityReadPermission },
    ],
    { credentials },
  );
  if (blanket.every(d => d.result === AuthorizeResult.ALLOW)) {
    return new Set(refs);
  }
  if (blanket.some(d => d.result === AuthorizeResult.DENY)) return new Set();
  const access = await modelAccess(credentials, refs, permissions);
  return new Set(
    [...access].flatMap(([ref, value]) => (value === 'allowed' ? [ref] : [])),
  );
}

function memberOf(entity: Entity): OwnershipMember {
  const profile = (
    entity.spec as
      | { profile?: { displayName?: unknown; email?: unknown } }
      | undefined
  )?.profile;
  return {
    entityRef: stringifyEntityRef(entity),
    ...(typeof profile?.displayName === 'string'
      ? { displayName: profile.displayName }
      : {}),
    ...(typeof profile?.email === 'string' ? { email: profile.email } : {}),
  };
}

/** The owner entity and its members, as one caller may see them. */
export interface OwnerEntities {
  ownerRef: string;
  owner?: Entity;
  members: Entity[];
}

/**
 * The owner entity and, for a group, its members (the targets of its
 * `hasMember` relations), read by ref with the caller's credentials: two
 * lookups by key, whose cost does not grow with the catalog the way a
 * filtered query does.
 */
export async function ownerEntities(
  ownerRef: string,
  credentials: BackstageCredentials,
  catalog: CatalogService,
): Promise<OwnerEntities> {
  const owner = await catalog.getEntityByRef(ownerRef, { credentials });
  if (!owner) return { ownerRef, members: [] };
  const memberRefs =
    owner.kind.toLowerCase() === 'user'
      ? []
      : (owner.relations ?? [])
          .filter(r => r.type === RELATION_HAS_MEMBER)
          .map(r => r.targetRef);
  if (memberRefs.length === 0) return { ownerRef, owner, members: [] };
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: memberRefs,
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.profile'],
    },
    { credentials },
  );
  return {
    ownerRef,
    owner,
    members: items.flatMap(m => (m ? [m] : [])),
  };
}

/**
 * Who owns a model, as the caller may see it: the owner entity and, for a
 * group, its members; on-call links from annotations.
 */
export function ownershipOf(
  found: OwnerEntities | undefined,
  onCall: OnCallRef[],
  templates: OnCallUrlTemplates,
): Ownership {
  const links = onCallLinks(onCall, templates);
  if (!found) return { members: [], onCall: links };
  const { ownerRef, owner } = found;
  if (!owner) {
    return { owner: { entityRef: ownerRef }, members: [], onCall: links };
  }
  const members =
    owner.kind.toLowerCase() === 'user'
      ? [memberOf(owner)]
      : found.members
          .map(memberOf)
          .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  return {
    owner: {
      entityRef: ownerRef,
      ...(owner.metadata.title ? { title: owner.metadata.title } : {}),
    },
    members,
    onCall: links,
  };
}

/** Who a caller is, as far as what the catalog shows them depends on it. */
function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}

/**
 * Owner lookups of the last `ttlMs` per caller and owner: teams and their
 * members change rarely, and a report page should not wait for the catalog
 * twice. Keyed by the caller, so no one sees what the catalog hides from
 * them; bounded, oldest out first; a failed lookup is not kept.
 */
export class OwnerLookupCache {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<OwnerEntities> }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  get(
    ownerRef: string,
    credentials: BackstageCredentials,
    load: () => Promise<OwnerEntities>,
  ): Promise<OwnerEntities> {
    const key = `${principalKey(credentials)}\n${ownerRef}`;
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.options.ttlMs) return hit.value;
    const entry = { at: now, value: load() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry.value;
  }
}
