/**
 * One entry of `aws.amazon.com/sagemaker-endpoint-name`: a plain endpoint
 * name (served in the model's own account and region) or an endpoint ARN
 * naming its own, so one model can aggregate endpoints across regions and
 * accounts.
 */
import {
  checkAccountId,
  checkEndpointName,
  checkRegion,
  quote,
} from './validators';

/**
 * One endpoint of a model and where it is served.
 * @public
 */
export interface ModelEndpoint {
  /** The endpoint name; from an ARN, as the ARN spells it (AWS writes ARNs in lower case). */
  name: string;
  /** Undefined for a plain name when no account is known (the backend's default credentials). */
  accountId?: string;
  region: string;
  /** The ARN as written, when the annotation used one. */
  arn?: string;
}

/** The forms an entry of the endpoint annotation may take. @public */
export const ENDPOINT_REF_FORMS =
  'an endpoint name (letters, digits and hyphens, 1–63 characters) or an endpoint ARN arn:<partition>:sagemaker:<region>:<account-id>:endpoint/<name> with partition aws, aws-cn or aws-us-gov';

/** The partition each region family belongs to. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

/** The result of reading one entry: where the endpoint is, or which part is wrong and why. */
export type EndpointRefResult =
  | { ok: true; arn?: { name: string; accountId: string; region: string } }
  | { ok: false; part: string; problem: string };

/**
 * Reads one entry of the endpoint annotation. A plain name is checked
 * against SageMaker's naming rule; an ARN part by part, each failure naming
 * the part (partition, service, region, account, resource type, name).
 * @public
 */
export function parseEndpointRef(entry: string): EndpointRefResult {
  if (!entry.startsWith('arn:')) {
    const rule = checkEndpointName(entry);
    return rule
      ? {
          ok: false,
          part: 'endpoint name',
          problem: `${quote(entry)} is not a valid endpoint name (${rule})`,
        }
      : { ok: true };
  }
  const parts = entry.split(':');
  if (parts.length !== 6) {
    return {
      ok: false,
      part: 'ARN',
      problem: `${quote(entry)} has ${
        parts.length
      } colon-separated parts, an endpoint ARN has 6`,
    };
  }
  const [, partition, service, region, accountId, resource] = parts;
  const fail = (part: string, problem: string): EndpointRefResult => ({
    ok: false,
    part,
    problem: `the ${part} of ${quote(entry)} ${problem}`,
  });
  if (!PARTITIONS.includes(partition)) {
    return fail(
      'partition',
      `is ${quote(partition)}; expected aws, aws-cn or aws-us-gov`,
    );
  }
  if (service !== 'sagemaker') {
    return fail('service', `is ${quote(service)}; expected sagemaker`);
  }
  const regionRule = checkRegion(region);
  if (regionRule) {
    return fail('region', `is ${quote(region)}; expected ${regionRule}`);
  }
  if (partitionOf(region) !== partition) {
    return fail(
      'region',
      `is ${quote(region)}, which is not in partition ${partition}`,
    );
  }
  const accountRule = checkAccountId(accountId);
  if (accountRule) {
    return fail('account', `is ${quote(accountId)}; expected ${accountRule}`);
  }
  const slash = resource.indexOf('/');
  const type = slash === -1 ? resource : resource.slice(0, slash);
  if (type !== 'endpoint') {
    return fail('resource type', `is ${quote(type)}; expected endpoint/<name>`);
  }
  const name = resource.slice(slash + 1);
  const nameRule = checkEndpointName(name);
  if (nameRule) {
    return fail('endpoint name', `is ${quote(name)}; expected ${nameRule}`);
  }
  return { ok: true, arn: { name, accountId, region } };
}

/**
 * A key telling two endpoints apart across the fleet: SageMaker endpoint names
 * are unique per account and region without regard to case.
 * @public
 */
export function endpointPlacementKey(endpoint: {
  name: string;
  accountId?: string;
  region: string;
}): string {
  return `${endpoint.accountId ?? ''}/${
    endpoint.region
  }/${endpoint.name.toLowerCase()}`;
}
