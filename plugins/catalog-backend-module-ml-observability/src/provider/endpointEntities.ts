import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_VIEW_URL,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_REGION,
  ModelAnnotationDefaults,
  parseModelAnnotations,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { EndpointDiscoveryTarget } from './config';

/** `spec.type` of the discovered endpoint Resources. @public */
export const SAGEMAKER_ENDPOINT_RESOURCE_TYPE = 'sagemaker-endpoint';
/** Set to "true" on endpoint Resources no model claims. @public */
export const ANNOTATION_UNCLAIMED = 'ml-observability/unclaimed';
/** The endpoint's ARN on its Resource. @public */
export const ANNOTATION_SAGEMAKER_ENDPOINT_ARN =
  'aws.amazon.com/sagemaker-endpoint-arn';
/** The endpoint's status at discovery (InService, Failed, ...). @public */
export const ANNOTATION_ENDPOINT_STATUS = 'ml-observability/endpoint-status';

export interface DiscoveredEndpoint {
  name: string;
  arn?: string;
  status?: string;
}

/**
 * A model's endpoints in one account and region (a model with endpoint ARNs elsewhere makes one
 * claim per place).
 */
export interface ModelClaim {
  entityRef: string;
  /** Full owner reference, e.g. group:default/ml-platform-team. */
  owner?: string;
  endpointNames: string[];
  accountId?: string;
  region: string;
}

/**
 * The endpoint claims of catalog entities. Entities whose annotations do not
 * parse claim nothing: the catalog only holds their last valid version, and
 * the model processor reports the problem.
 */
export function claimsOf(
  entities: Entity[],
  defaults: ModelAnnotationDefaults,
): ModelClaim[] {
  const claims: ModelClaim[] = [];
  for (const entity of entities) {
    const parsed = parseModelAnnotations(entity, defaults);
    if (!parsed.ok || parsed.value.endpointNames.length === 0) continue;
    const entityRef = stringifyEntityRef(entity);
    let owner: string | undefined;
    const rawOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof rawOwner === 'string') {
      try {
        owner = stringifyEntityRef(
          parseEntityRef(rawOwner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        );
      } catch {
        owner = undefined;
      }
    }
    // One claim per account/region the model's endpoints are in (an ARN names its own).
    const places = new Map<string, ModelClaim>();
    for (const endpoint of parsed.value.endpoints) {
      const key = `${endpoint.accountId ?? ''}/${endpoint.region}`;
      const claim = places.get(key) ?? {
        entityRef,
        ...(owner ? { owner } : {}),
        endpointNames: [],
        ...(endpoint.accountId ? { accountId: endpoint.accountId } : {}),
        region: endpoint.region,
      };
      if (!claim.endpointNames.includes(endpoint.name)) {
        claim.endpointNames.push(endpoint.name);
      }
      places.set(key, claim);
    }
    claims.push(...places.values());
  }
  return claims.sort(
    (a, b) =>
      a.entityRef.localeCompare(b.entityRef) ||
      `${a.accountId}/${a.region}`.localeCompare(`${b.accountId}/${b.region}`),
  );
}

function partitionOf(arn: string | undefined): string {
  return /^arn:([^:]+):/.exec(arn ?? '')?.[1] ?? 'aws';
}

function accountOf(arn: string | undefined): string | undefined {
  return /^arn:[^:]+:sagemaker:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1];
}

export function consoleUrl(region: string, name: string, arn?: string): string {
  const hosts: Record<string, string> = {
    'aws-us-gov': 'console.amazonaws-us-gov.com',
    'aws-cn': 'console.amazonaws.cn',
  };
  const host = hosts[partitionOf(arn)] ?? `${region}.console.aws.amazon.com`;
  return `https://${host}/sagemaker/home?region=${region}#/endpoints/${encodeURIComponent(
    name,
  )}`;
}

export interface EndpointEntitiesResult {
  entities: Entity[];
  unclaimed: string[];
  /** Endpoints that models in this account and region name but that do not exist. */
  missing: Array<{ entityRef: string; endpointName: string }>;
}

/** Builds one Resource per endpoint, related to the models that name it. */
export function buildEndpointEntities(
  target: EndpointDiscoveryTarget,
  endpoints: DiscoveredEndpoint[],
  claims: ModelClaim[],
): EndpointEntitiesResult {
  // A model without an account (and no default) names endpoints of the default credentials' account.
  const relevant = claims.filter(
    c =>
      c.region === target.region &&
      (c.accountId === undefined ||
        target.accountId === undefined ||
        c.accountId === target.accountId),
  );
  // By name ignoring case: SageMaker endpoint names are unique per account and region without regard
  // to case, and an ARN writes them in lower case.
  const claimants = new Map<string, ModelClaim[]>();
  for (const claim of relevant) {
    for (const name of claim.endpointNames) {
      const key = name.toLowerCase();
      const list = claimants.get(key) ?? [];
      if (!list.includes(claim)) list.push(claim);
      claimants.set(key, list);
    }
  }

  const entities: Entity[] = [];
  const unclaimed: string[] = [];
  const seen = new Set<string>();
  for (const endpoint of [...endpoints].sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    seen.add(endpoint.name.toLowerCase());
    const models = claimants.get(endpoint.name.toLowerCase()) ?? [];
    if (models.length === 0) unclaimed.push(endpoint.name);
    const accountId = target.accountId ?? accountOf(endpoint.arn);
    const url = consoleUrl(target.region, endpoint.name, endpoint.arn);
    const location = `url:${url}`;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: endpoint.name,
        namespace: target.namespace,
        title: endpoint.name,
        description:
          models.length > 0
            ? `SageMaker endpoint in ${accountId ?? 'the default account'}/${
                target.region
              }, serving ${models.map(m => m.entityRef).join(', ')}.`
            : `SageMaker endpoint in ${accountId ?? 'the default account'}/${
                target.region
              } that no model in the catalog claims: add it to a model's aws.amazon.com/sagemaker-endpoint-name annotation.`,
        annotations: {
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
          [ANNOTATION_VIEW_URL]: url,
          ...(accountId ? { [ANNOTATION_AWS_ACCOUNT_ID]: accountId } : {}),
          [ANNOTATION_AWS_REGION]: target.region,
          ...(endpoint.arn
            ? { [ANNOTATION_SAGEMAKER_ENDPOINT_ARN]: endpoint.arn }
            : {}),
          ...(endpoint.status
            ? { [ANNOTATION_ENDPOINT_STATUS]: endpoint.status }
            : {}),
          ...(models.length === 0 ? { [ANNOTATION_UNCLAIMED]: 'true' } : {}),
        },
        tags: models.length === 0 ? ['sagemaker', 'unclaimed'] : ['sagemaker'],
        links: [{ url, title: 'SageMaker console' }],
      },
      spec: {
        type: SAGEMAKER_ENDPOINT_RESOURCE_TYPE,
        owner: models.find(m => m.owner)?.owner ?? target.unclaimedOwner,
        dependencyOf: models.map(m => m.entityRef),
      },
    });
  }

  const missing: EndpointEntitiesResult['missing'] = [];
  for (const claim of relevant) {
    // Only a model pinned to this account may say an endpoint is missing from it.
    if (claim.accountId === undefined && target.accountId !== undefined)
      continue;
    for (const name of claim.endpointNames) {
      if (!seen.has(name.toLowerCase()))
        missing.push({ entityRef: claim.entityRef, endpointName: name });
    }
  }
  return { entities, unclaimed, missing };
}
