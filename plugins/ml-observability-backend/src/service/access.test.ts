import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  modelAccess,
  OwnerEntities,
  OwnerLookupCache,
  visibleModels,
} from './access';

const TEAM = 'group:default/team-a';

function found(title: string): OwnerEntities {
  return {
    ownerRef: TEAM,
    owner: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a', title },
    },
    members: [],
  };
}

describe('OwnerLookupCache', () => {
  let now = 0;
  const cache = () =>
    new OwnerLookupCache({ ttlMs: 30_000, maxEntries: 2, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('answers a caller from its own lookup until the TTL passes', async () => {
    const owners = cache();
    const alice = mockCredentials.user('user:default/alice');
    const load = jest.fn(async () => found('first'));
    await owners.get(TEAM, alice, load);
    now += 29_999;
    await expect(owners.get(TEAM, alice, load)).resolves.toEqual(
      found('first'),
    );
    expect(load).toHaveBeenCalledTimes(1);
    now += 1;
    load.mockImplementation(async () => found('second'));
    await expect(owners.get(TEAM, alice, load)).resolves.toEqual(
      found('second'),
    );
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('never answers one caller with what another was shown', async () => {
    const owners = cache();
    await owners.get(
      TEAM,
      mockCredentials.user('user:default/alice'),
      async () => found('seen by alice'),
    );
    const forBob = jest.fn(async () => found('seen by bob'));
    await expect(
      owners.get(TEAM, mockCredentials.user('user:default/bob'), forBob),
    ).resolves.toEqual(found('seen by bob'));
    const forService = jest.fn(async () => found('seen by a service'));
    await expect(
      owners.get(TEAM, mockCredentials.service('plugin:other'), forService),
    ).resolves.toEqual(found('seen by a service'));
    expect([forBob, forService].map(f => f.mock.calls.length)).toEqual([1, 1]);
  });

  it('does not keep a failed lookup, and keeps at most maxEntries', async () => {
    const owners = cache();
    const alice = mockCredentials.user('user:default/alice');
    await expect(
      owners.get(TEAM, alice, async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    const retry = jest.fn(async () => found('after the outage'));
    await expect(owners.get(TEAM, alice, retry)).resolves.toEqual(
      found('after the outage'),
    );

    const others = ['b', 'c'].map(n =>
      mockCredentials.user(`user:default/${n}`),
    );
    for (const who of others)
      await owners.get(TEAM, who, async () => found(''));
    // alice's entry was the oldest of three; it is gone.
    await owners.get(TEAM, alice, retry);
    expect(retry).toHaveBeenCalledTimes(2);
  });
});

describe('modelAccess and visibleModels', () => {
  const hidden = 'component:default/hidden';
  const closed = 'component:default/closed';
  const open = 'component:default/open';
  // The catalog hides one model; the report permission refuses another.
  const authorize = jest.fn(
    async (
      requests: Array<{ permission: { name: string }; resourceRef: string }>,
    ) =>
      requests.map(({ permission, resourceRef }) => ({
        result:
          (permission.name === 'catalog.entity.read' &&
            resourceRef === hidden) ||
          (permission.name !== 'catalog.entity.read' && resourceRef === closed)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  );
  const conditional = { result: AuthorizeResult.CONDITIONAL };
  const authorizeConditional = jest.fn(
    async (requests: unknown[]): Promise<Array<{ result: AuthorizeResult }>> =>
      requests.map(() => conditional),
  );
  const permissions = {
    authorize,
    authorizeConditional,
  } as unknown as PermissionsService;
  const credentials = mockCredentials.user();

  beforeEach(() => {
    authorize.mockClear();
    authorizeConditional.mockClear();
  });

  it('tells hidden from forbidden models in one permission call', async () => {
    const access = await modelAccess(
      credentials,
      [open, hidden, closed, open],
      permissions,
    );
    expect(Object.fromEntries(access)).toEqual({
      [open]: 'allowed',
      [hidden]: 'invisible',
      [closed]: 'forbidden',
    });
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(authorize.mock.calls[0][0]).toHaveLength(6);
  });

  it('keeps only the models the caller may read, asking nothing for none', async () => {
    expect(
      await visibleModels(credentials, [hidden, closed, open], permissions),
    ).toEqual(new Set([open]));
    expect(await visibleModels(credentials, [], permissions)).toEqual(
      new Set(),
    );
    expect(authorize).toHaveBeenCalledTimes(1);
  });

  it('asks nothing per model when the policy allows or denies both permissions outright', async () => {
    authorizeConditional.mockImplementationOnce(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
    expect(
      await visibleModels(credentials, [hidden, closed, open], permissions),
    ).toEqual(new Set([hidden, closed, open]));
    authorizeConditional.mockImplementationOnce(async requests =>
      requests.map((_, i) => ({
        result: i === 0 ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })),
    );
    expect(await visibleModels(credentials, [open], permissions)).toEqual(
      new Set(),
    );
    expect(authorize).not.toHaveBeenCalled();
  });
});
