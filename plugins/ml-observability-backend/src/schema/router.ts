import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type {
  EscalationResult,
  FleetPage,
  HealthStatus,
  ModelReport,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { spec } from './openapi.generated';

export { spec };

type EntityPath = { namespace: string; kind: string; name: string };

/**
 * The routes of openapi.yaml with the common package's types, so handlers
 * and the frontend share one definition of each response.
 */
export type EndpointMap = {
  '#get|/health': { response: { status: 'ok' } };
  '#get|/v1/models': {
    query: {
      owner?: string[];
      status?: HealthStatus[];
      lifecycle?: string[];
      account?: string[];
      region?: string[];
      cursor?: string;
      limit?: number;
    };
    response: FleetPage;
  };
  '#get|/v1/models/{namespace}/{kind}/{name}': {
    path: EntityPath;
    query: { range?: TimeRange };
    response: ModelReport;
  };
  '#post|/v1/models/{namespace}/{kind}/{name}/refresh': {
    path: EntityPath;
    response: ModelReport;
  };
  '#get|/v1/escalation': {
    query: { resource: string };
    response: EscalationResult;
  };
};

export type ValidatorOptions = NonNullable<
  Parameters<typeof createValidatedOpenApiRouterFromGeneratedEndpointMap>[1]
>['validatorOptions'];

/** An express router that validates requests (and, when asked, responses) against openapi.yaml. */
export function createOpenApiRouter(options?: {
  validatorOptions?: ValidatorOptions;
}) {
  return createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    spec,
    options,
  );
}
