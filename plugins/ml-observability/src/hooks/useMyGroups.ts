import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * The groups the signed-in user belongs to, from the identity's ownership
 * refs: what "my groups" means in the fleet's owner filter.
 */
export function useMyGroups(): { groups?: string[]; loading: boolean } {
  const identityApi = useApi(identityApiRef);
  const { value, loading } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return identity.ownershipEntityRefs.filter(ref => {
      try {
        return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
      } catch {
        return false;
      }
    });
  }, [identityApi]);
  // An identity that cannot be read leaves the filter open rather than empty.
  return { groups: loading ? undefined : value ?? [], loading };
}
