/*
 * The example portal's permission policy: everything is allowed, except the
 * runbook actions of ML Observability (`ml-observability.model.act`: shift a
 * model's traffic, start its retraining, mute its alarms), which only the
 * model's owners may run. A conditional decision, so the catalog applies it
 * per entity: the button shows on the tabs of the guest's own models and the
 * API answers 403 elsewhere. Adopters bring their own policy.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** The permission's name as ml-observability-common declares it (mlObservabilityActPermission). */
const ACT = 'ml-observability.model.act';

export class ExamplePortalPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      request.permission.name === ACT &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'example-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ExamplePortalPolicy());
      },
    });
  },
});
