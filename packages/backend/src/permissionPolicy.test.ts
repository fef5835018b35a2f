import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { ExamplePortalPolicy } from './permissionPolicy';

const act = createPermission({
  name: 'ml-observability.model.act',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const read = createPermission({
  name: 'ml-observability.model.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

const guest = {
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: [],
  },
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: [
      'user:default/guest',
      'group:default/personalization-team',
    ],
  },
  token: 'token',
  credentials: {} as never,
};

describe('the example portal policy', () => {
  const policy = new ExamplePortalPolicy();

  it('lets only the owners of a model run its runbook actions', async () => {
    expect(await policy.handle({ permission: act }, guest)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/guest', 'group:default/personalization-team'],
        },
      },
    });
  });

  it('allows everything else', async () => {
    expect(await policy.handle({ permission: read }, guest)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
