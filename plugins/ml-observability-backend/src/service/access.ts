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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mlObservabilityReadPermission,
  OnCallRef,
  onCallLinks,
  OnCallUrlTemplates,
  Ownership,
  OwnershipMember,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { ownerOf } from '../collection/targets';

const BATCH = 500;

/** Enough of an entity for titles, owners, filters and on-call links. */
export const SUMMARY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
  'spec.lifecycle',
  'relations',
];

/**
 * The entities among `refs` that the caller may both see in the catalog
 * (their own credentials, so catalog permission rules apply) and read
 * reports of. Refs the caller cannot see are simply absent.
 */
export async function readableEntities(
  refs: string[],
  credentials: BackstageCredentials,
  catalog: CatalogService,
  permissions: PermissionsService,
): Promise<Map<string, Entity>> {
  const visible = new Map<string, Entity>();
  const unique = [...new Set(refs)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const part = unique.slice(i, i + BATCH);
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: part, fields: SUMMARY_FIELDS },
      { credentials },
    );
    items.forEach((entity, index) => {
      if (entity) visible.set(part[index], entity);
    });
  }
  if (visible.size === 0) return visible;
  const candidates = [...visible.keys()];
  const decisions = await permissions.authorize(
    candidates.map(resourceRef => ({
      permission: mlObservabilityReadPermission,
      resourceRef,
    })),
    { credentials },
  );
  decisions.forEach((decision, index) => {
    if (decision.result !== AuthorizeResult.ALLOW)
      visible.delete(candidates[index]);
  });
  return visible;
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

/**
 * Who owns a model, as the caller may see it: the owner entity and, for a
 * group, its members through `hasMember`; on-call links from annotations.
 */
export async function ownershipOf(
  entity: Entity,
  onCall: OnCallRef[],
  templates: OnCallUrlTemplates,
  credentials: BackstageCredentials,
  catalog: CatalogService,
): Promise<Ownership> {
  const links = onCallLinks(onCall, templates);
  const ownerRef = ownerOf(entity);
  if (!ownerRef) return { members: [], onCall: links };
  const owner = await catalog.getEntityByRef(ownerRef, { credentials });
  if (!owner)
    return { owner: { entityRef: ownerRef }, members: [], onCall: links };

  let members: OwnershipMember[] = [];
  if (owner.kind.toLowerCase() === 'user') {
    members = [memberOf(owner)];
  } else {
    const refs = (owner.relations ?? [])
      .filter(r => r.type === RELATION_HAS_MEMBER)
      .map(r => r.targetRef);
    if (refs.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.profile',
          ],
        },
        { credentials },
      );
      members = items.flatMap(m => (m ? [memberOf(m)] : []));
    }
  }
  return {
    owner: {
      entityRef: ownerRef,
      ...(owner.metadata.title ? { title: owner.metadata.title } : {}),
    },
    members,
    onCall: links,
  };
}
