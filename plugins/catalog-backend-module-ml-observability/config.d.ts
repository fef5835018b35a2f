import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      mlObservability?: {
        /**
         * SageMaker endpoint discovery, one entry per account and region. Absent: no discovery. Each run lists the
         * region's endpoints (ListEndpoints, 100 per page) and emits one Resource of type sagemaker-endpoint per
         * endpoint, related (dependencyOf) to the models naming it; endpoints no model names are annotated
         * ml-observability/unclaimed: "true", tagged "unclaimed" and logged.
         */
        sagemakerEndpoints?: Array<{
          /** Stable id of this entry, part of the provider name. Default: <accountId or "default">-<region>. */
          id?: string;
          /** 12-digit AWS account. Default: mlObservability.defaults.accountId, else the default credentials. */
          accountId?: string;
          /** AWS region. Default: mlObservability.defaults.region, else us-east-1. */
          region?: string;
          /** Catalog namespace of the emitted Resources. Default: default. */
          namespace?: string;
          /** Owner of endpoints no model claims, e.g. group:default/platform-team. Default: unknown. */
          unclaimedOwner?: string;
          /** How often to discover. Default: every 30 minutes, timeout 5 minutes, first run after 30 seconds. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        }>;
      };
    };
  };

  mlObservability?: {
    // defaults, endpoints and aws are declared once, in the config.d.ts of ml-observability-node.

    /**
     * Where the scaffolder action mlobs:publish:local writes catalog files. When set, the catalog accepts
     * locations of type mlobs-local whose targets are paths under this directory (and only there).
     */
    localPublish?: {
      /** Absolute, or relative to the backend's working directory. */
      rootDirectory: string;
    };
  };
}
