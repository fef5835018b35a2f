import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MlObservabilityConfig } from '../config';
import type { Stores } from '../store';

/** What the read paths (fleet page, escalation lookup) work with for one request. */
export interface ReadContext {
  catalog: CatalogService;
  permissions: PermissionsService;
  stores: Stores;
  config: MlObservabilityConfig;
  now: Date;
}
