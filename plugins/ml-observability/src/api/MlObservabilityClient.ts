import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EscalationResult,
  FleetPage,
  FleetQuery,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  MlObservabilityApi,
  ModelReportOptions,
} from './MlObservabilityApi';

/** The backend's plugin id, as registered with the discovery service. */
const PLUGIN_ID = 'ml-observability';

// FleetQuery field → query parameter of GET /v1/models.
const FLEET_PARAMS: Array<[keyof FleetQuery, string]> = [
  ['owner', 'owner'],
  ['status', 'status'],
  ['lifecycle', 'lifecycle'],
  ['accountId', 'account'],
  ['region', 'region'],
];

/**
 * Talks to the ML Observability backend with the app's fetch API, so the
 * caller's Backstage token goes along and the backend can check permissions.
 * @public
 */
export class MlObservabilityClient implements MlObservabilityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getModelReport(
    entityRef: CompoundEntityRef | string,
    options: ModelReportOptions = {},
  ): Promise<ModelReport> {
    return this.request<ModelReport>(
      `${modelPath(entityRef)}${rangeQuery(options)}`,
    );
  }

  async refreshModelReport(
    entityRef: CompoundEntityRef | string,
  ): Promise<ModelReport> {
    return this.request<ModelReport>(`${modelPath(entityRef)}/refresh`, {
      method: 'POST',
    });
  }

  async getFleet(query: FleetQuery = {}): Promise<FleetPage> {
    const params = new URLSearchParams();
    for (const [field, name] of FLEET_PARAMS) {
      for (const value of (query[field] as string[] | undefined) ?? []) {
        params.append(name, value);
      }
    }
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.toString();
    return this.request<FleetPage>(`/v1/models${search ? `?${search}` : ''}`);
  }

  async lookupEscalation(resource: string): Promise<EscalationResult> {
    const params = new URLSearchParams({ resource: resource.trim() });
    return this.request<EscalationResult>(`/v1/escalation?${params}`);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { Accept: 'application/json', ...init?.headers },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function modelPath(entityRef: CompoundEntityRef | string): string {
  // Round-trip through the string form so refs without a namespace get the default one.
  const ref = parseEntityRef(
    typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef),
  );
  // The catalog compares refs case-insensitively; send the canonical form.
  return `/v1/models/${[
    ref.namespace.toLocaleLowerCase('en-US'),
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}

function rangeQuery(options: ModelReportOptions): string {
  return options.range ? `?range=${encodeURIComponent(options.range)}` : '';
}
