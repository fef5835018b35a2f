/* eslint-disable new-cap -- openapi-fetch names its request methods after the HTTP verbs (GET, POST) */
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ActionPlan,
  ActionRun,
  ActionRunList,
  EscalationResult,
  FleetPage,
  FleetQuery,
  MlObservabilityApiPaths,
  ModelAlertHistory,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import createClient, { type Client } from 'openapi-fetch';
import type {
  MlObservabilityApi,
  ModelReportOptions,
  PlanActionOptions,
  RunActionOptions,
} from './MlObservabilityApi';

/** The backend's plugin id, as registered with the discovery service. */
const PLUGIN_ID = 'ml-observability';

/**
 * Talks to the ML Observability backend with the app's fetch API, so the
 * caller's Backstage token goes along and the backend can check permissions.
 * Requests are built by openapi-fetch from the types generated from the
 * backend's openapi.yaml; this class only maps the frontend's arguments onto
 * them.
 * @public
 */
export class MlObservabilityClient implements MlObservabilityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly client: Client<MlObservabilityApiPaths>;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.client = createClient<MlObservabilityApiPaths>({
      headers: { Accept: 'application/json' },
      // Rejecting here, before openapi-fetch reads the body, leaves the body
      // to ResponseError so callers get the server's message and status.
      fetch: async request => {
        // URL and init rather than the Request: Backstage's fetch middleware builds a Request
        // of its own from its input, and one with a body (the action routes' JSON) cannot be
        // read twice ("Cannot construct a Request with a Request object that has already been used").
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        const response = await options.fetchApi.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          ...(hasBody ? { body: await request.text() } : {}),
          signal: request.signal,
        });
        if (!response.ok) {
          throw await ResponseError.fromResponse(response);
        }
        return response;
      },
    });
  }

  async getModelReport(
    entityRef: CompoundEntityRef | string,
    options: ModelReportOptions = {},
  ): Promise<ModelReport> {
    return bodyOf(
      await this.client.GET('/v1/models/{namespace}/{kind}/{name}', {
        baseUrl: await this.baseUrl(),
        params: {
          path: modelPath(entityRef),
          query: options.range ? { range: options.range } : undefined,
        },
      }),
    );
  }

  async refreshModelReport(
    entityRef: CompoundEntityRef | string,
  ): Promise<ModelReport> {
    return bodyOf(
      await this.client.POST('/v1/models/{namespace}/{kind}/{name}/refresh', {
        baseUrl: await this.baseUrl(),
        params: { path: modelPath(entityRef) },
      }),
    );
  }

  async getAlertHistory(
    entityRef: CompoundEntityRef | string,
  ): Promise<ModelAlertHistory> {
    return bodyOf(
      await this.client.GET('/v1/models/{namespace}/{kind}/{name}/alerts', {
        baseUrl: await this.baseUrl(),
        params: { path: modelPath(entityRef) },
      }),
    );
  }

  async getFleet(query: FleetQuery = {}): Promise<FleetPage> {
    return bodyOf(
      await this.client.GET('/v1/models', {
        baseUrl: await this.baseUrl(),
        params: {
          query: {
            owner: query.owner,
            status: query.status,
            lifecycle: query.lifecycle,
            account: query.accountId,
            region: query.region,
            cursor: query.cursor || undefined,
            limit: query.limit,
            sort: query.sort,
          },
        },
      }),
    );
  }

  async lookupEscalation(resource: string): Promise<EscalationResult> {
    return bodyOf(
      await this.client.GET('/v1/escalation', {
        baseUrl: await this.baseUrl(),
        params: { query: { resource: resource.trim() } },
      }),
    );
  }

  async listActionRuns(
    entityRef: CompoundEntityRef | string,
  ): Promise<ActionRunList> {
    return bodyOf(
      await this.client.GET('/v1/models/{namespace}/{kind}/{name}/actions', {
        baseUrl: await this.baseUrl(),
        params: { path: modelPath(entityRef) },
      }),
    ) as ActionRunList;
  }

  async planAction(
    entityRef: CompoundEntityRef | string,
    actionId: string,
    options: PlanActionOptions = {},
  ): Promise<ActionPlan> {
    return bodyOf(
      await this.client.POST(
        '/v1/models/{namespace}/{kind}/{name}/actions/{actionId}',
        {
          baseUrl: await this.baseUrl(),
          params: { path: { ...modelPath(entityRef), actionId } },
          body: { dryRun: true, alarmArn: options.alarmArn },
        },
      ),
    ) as ActionPlan;
  }

  async runAction(
    entityRef: CompoundEntityRef | string,
    actionId: string,
    options: RunActionOptions,
  ): Promise<ActionRun> {
    return bodyOf(
      await this.client.POST(
        '/v1/models/{namespace}/{kind}/{name}/actions/{actionId}',
        {
          baseUrl: await this.baseUrl(),
          params: { path: { ...modelPath(entityRef), actionId } },
          body: {
            dryRun: false,
            idempotencyKey: options.idempotencyKey,
            alarmArn: options.alarmArn,
          },
        },
      ),
    ) as ActionRun;
  }

  async getActionRun(
    entityRef: CompoundEntityRef | string,
    runId: string,
  ): Promise<ActionRun> {
    return bodyOf(
      await this.client.GET(
        '/v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}',
        {
          baseUrl: await this.baseUrl(),
          params: { path: { ...modelPath(entityRef), runId } },
        },
      ),
    ) as ActionRun;
  }

  async planUndo(
    entityRef: CompoundEntityRef | string,
    runId: string,
  ): Promise<ActionPlan> {
    return bodyOf(
      await this.client.POST(
        '/v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}/undo',
        {
          baseUrl: await this.baseUrl(),
          params: { path: { ...modelPath(entityRef), runId } },
          body: { dryRun: true },
        },
      ),
    ) as ActionPlan;
  }

  async undoRun(
    entityRef: CompoundEntityRef | string,
    runId: string,
    options: Omit<RunActionOptions, 'alarmArn'>,
  ): Promise<ActionRun> {
    return bodyOf(
      await this.client.POST(
        '/v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}/undo',
        {
          baseUrl: await this.baseUrl(),
          params: { path: { ...modelPath(entityRef), runId } },
          body: { dryRun: false, idempotencyKey: options.idempotencyKey },
        },
      ),
    ) as ActionRun;
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl(PLUGIN_ID);
  }
}

/** Every route answers 200 (or 202) with JSON; errors were thrown by the fetch above. */
function bodyOf<T>(result: { data?: T }): T {
  if (result.data === undefined) {
    throw new Error('The ML observability backend sent an empty response');
  }
  return result.data;
}

function modelPath(entityRef: CompoundEntityRef | string) {
  // Round-trip through the string form so refs without a namespace get the default one.
  const ref = parseEntityRef(
    typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef),
  );
  // The catalog compares refs case-insensitively; send the canonical form.
  return {
    namespace: ref.namespace.toLocaleLowerCase('en-US'),
    kind: ref.kind.toLocaleLowerCase('en-US'),
    name: ref.name,
  };
}
