import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DEFAULT_NAMESPACE,
  KubernetesValidatorFunctions,
} from '@backstage/catalog-model';
import {
  checkAccountId,
  checkRegion,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { readModelAnnotationDefaults } from '@mlobs/backstage-plugin-ml-observability-node';

/** One account and region whose SageMaker endpoints are discovered. */
export interface EndpointDiscoveryTarget {
  /** Unique among targets; part of the provider name, so keep it stable. */
  id: string;
  /** Undefined: the default credentials' account. */
  accountId?: string;
  region: string;
  namespace: string;
  /** Owner of endpoints no model claims. */
  unclaimedOwner: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

export const CONFIG_KEY =
  'catalog.providers.mlObservability.sagemakerEndpoints';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 5 },
  // Let the catalog ingest the models first, so their claims are known.
  initialDelay: { seconds: 30 },
};

/**
 * Reads the discovery targets; an absent key means discovery is off. Throws
 * with the config key at fault, so a typo fails at startup.
 */
export function readEndpointDiscoveryTargets(
  config: Config,
): EndpointDiscoveryTarget[] {
  const entries = config.getOptionalConfigArray(CONFIG_KEY) ?? [];
  const defaults = readModelAnnotationDefaults(config);
  const targets = entries.map((entry, index): EndpointDiscoveryTarget => {
    const key = `${CONFIG_KEY}[${index}]`;
    const accountId =
      entry.getOptionalString('accountId') ?? defaults.accountId;
    const region = entry.getOptionalString('region') ?? defaults.region!;
    if (accountId !== undefined && checkAccountId(accountId)) {
      throw new Error(
        `${key}.accountId ${JSON.stringify(
          accountId,
        )}: expected ${checkAccountId(accountId)}`,
      );
    }
    if (checkRegion(region)) {
      throw new Error(
        `${key}.region ${JSON.stringify(region)}: expected ${checkRegion(
          region,
        )}`,
      );
    }
    const namespace = entry.getOptionalString('namespace') ?? DEFAULT_NAMESPACE;
    if (!KubernetesValidatorFunctions.isValidNamespace(namespace)) {
      throw new Error(
        `${key}.namespace ${JSON.stringify(
          namespace,
        )} is not a valid catalog namespace`,
      );
    }
    // The id names the catalog provider: an account only found through the
    // aws.* fallback stays "default", so existing provider names keep their entities.
    const namedAccount =
      entry.getOptionalString('accountId') ??
      config.getOptionalString('mlObservability.defaults.accountId');
    const id =
      entry.getOptionalString('id') ?? `${namedAccount ?? 'default'}-${region}`;
    return {
      id,
      ...(accountId !== undefined ? { accountId } : {}),
      region,
      namespace,
      unclaimedOwner: entry.getOptionalString('unclaimedOwner') ?? 'unknown',
      schedule: entry.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            entry.getConfig('schedule'),
          )
        : DEFAULT_SCHEDULE,
    };
  });
  const ids = new Set<string>();
  for (const target of targets) {
    if (ids.has(target.id)) {
      throw new Error(
        `${CONFIG_KEY}: two entries share the id ${JSON.stringify(
          target.id,
        )}; give each account and region its own id`,
      );
    }
    ids.add(target.id);
  }
  return targets;
}
