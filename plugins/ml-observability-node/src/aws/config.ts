import type { Config } from '@backstage/config';
import {
  checkAccountId,
  checkRegion,
  ModelAnnotationDefaults,
} from '@mlobs/backstage-plugin-ml-observability-common';

/**
 * API endpoints to use instead of the public AWS ones for an account and
 * region: VPC interface endpoints, or the local emulator.
 * @public
 */
export interface AwsEndpointOverride {
  accountId?: string;
  region?: string;
  sagemaker?: string;
  cloudwatch?: string;
}

/** The region used when neither an annotation nor config names one. @public */
export const DEFAULT_AWS_REGION = 'us-east-1';

function checkedUrl(
  value: string | undefined,
  key: string,
): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${key} ${JSON.stringify(value)} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${key} ${JSON.stringify(value)} must be an http or https URL`,
    );
  }
  return value;
}

/**
 * Reads `mlObservability.endpoints` (the shape the backend plugin documents).
 * Throws with the config key at fault when an entry is malformed, so a typo
 * fails at startup rather than sending calls to AWS.
 * @public
 */
export function readAwsEndpointOverrides(
  config: Config,
): AwsEndpointOverride[] {
  const entries =
    config.getOptionalConfigArray('mlObservability.endpoints') ?? [];
  return entries.map((entry, index) => {
    const key = `mlObservability.endpoints[${index}]`;
    const accountId = entry.getOptionalString('accountId');
    const region = entry.getOptionalString('region');
    if (accountId !== undefined && checkAccountId(accountId)) {
      throw new Error(
        `${key}.accountId ${JSON.stringify(
          accountId,
        )}: expected ${checkAccountId(accountId)}`,
      );
    }
    if (region !== undefined && checkRegion(region)) {
      throw new Error(
        `${key}.region ${JSON.stringify(region)}: expected ${checkRegion(
          region,
        )}`,
      );
    }
    return {
      ...(accountId !== undefined ? { accountId } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(entry.has('sagemaker')
        ? {
            sagemaker: checkedUrl(
              entry.getString('sagemaker'),
              `${key}.sagemaker`,
            ),
          }
        : {}),
      ...(entry.has('cloudwatch')
        ? {
            cloudwatch: checkedUrl(
              entry.getString('cloudwatch'),
              `${key}.cloudwatch`,
            ),
          }
        : {}),
    };
  });
}

/**
 * The endpoint override of a service for an account and region: the first
 * entry matching both (an entry without accountId or region matches any)
 * that sets that service.
 * @public
 */
export function findAwsEndpoint(
  overrides: AwsEndpointOverride[],
  service: 'sagemaker' | 'cloudwatch',
  target: { accountId?: string; region: string },
): string | undefined {
  for (const entry of overrides) {
    if (entry.accountId !== undefined && entry.accountId !== target.accountId)
      continue;
    if (entry.region !== undefined && entry.region !== target.region) continue;
    if (entry[service]) return entry[service];
  }
  return undefined;
}

/**
 * Defaults for models whose annotations leave account, region or time zone
 * out, from `mlObservability.defaults` (region falls back to us-east-1).
 * @public
 */
export function readModelAnnotationDefaults(
  config: Config,
): ModelAnnotationDefaults {
  const defaults = config.getOptionalConfig('mlObservability.defaults');
  const accountId = defaults?.getOptionalString('accountId');
  const timeZone = defaults?.getOptionalString('timeZone');
  return {
    ...(accountId !== undefined ? { accountId } : {}),
    region: defaults?.getOptionalString('region') ?? DEFAULT_AWS_REGION,
    ...(timeZone !== undefined ? { timeZone } : {}),
  };
}
