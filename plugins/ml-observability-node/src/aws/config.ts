import type { Config } from '@backstage/config';
import {
  checkAccountId,
  checkRegion,
  ModelAnnotationDefaults,
} from '@mlobs/backstage-plugin-ml-observability-common';

/**
 * The AWS services the plugin calls, by the key that names them in
 * `mlObservability.endpoints`. Adding a service is one entry here and one in
 * `awsServiceClients` (see clients.ts).
 * @public
 */
export const AWS_SERVICES = ['sagemaker', 'cloudwatch'] as const;

/** @public */
export type AwsServiceName = (typeof AWS_SERVICES)[number];

/**
 * API endpoints to use instead of the public AWS ones for an account and
 * region: VPC interface endpoints, or the local emulator.
 * @public
 */
export type AwsEndpointOverride = {
  accountId?: string;
  region?: string;
} & Partial<Record<AwsServiceName, string>>;

/** An AWS account (undefined: the default credentials' account) and region. @public */
export interface AwsTarget {
  accountId?: string;
  region: string;
}

/** Retries, timeouts and concurrency of the AWS calls. @public */
export interface AwsLimits {
  /** Attempts per call, with the SDK's adaptive retry mode. */
  maxAttempts: number;
  /** Per-request and connection timeout. */
  requestTimeoutMs: number;
  /** Concurrent calls per account and region (the backend's collector honours it). */
  concurrency: number;
}

/** @public */
export const DEFAULT_AWS_LIMITS: AwsLimits = {
  maxAttempts: 4,
  requestTimeoutMs: 10_000,
  concurrency: 4,
};

/** The region used when neither an annotation nor config names one. @public */
export const DEFAULT_AWS_REGION = 'us-east-1';

/** Everything the plugin's packages read from config about AWS. @public */
export interface AwsSettings {
  /** The account and region of a model whose annotations leave them out. */
  defaults: AwsTarget;
  endpoints: AwsEndpointOverride[];
  limits: AwsLimits;
}

function invalid(key: string, value: unknown, problem: string): never {
  throw new Error(
    `Invalid configuration ${key}: ${JSON.stringify(value)}: ${problem}`,
  );
}

function checkedUrl(value: string, key: string): string {
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
 * Reads `mlObservability.endpoints`. Throws with the config key at fault when
 * an entry is malformed, so a typo fails at startup rather than sending calls
 * to AWS.
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
    const override: AwsEndpointOverride = {
      ...(accountId !== undefined ? { accountId } : {}),
      ...(region !== undefined ? { region } : {}),
    };
    for (const service of AWS_SERVICES) {
      if (entry.has(service)) {
        override[service] = checkedUrl(
          entry.getString(service),
          `${key}.${service}`,
        );
      }
    }
    return override;
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
  service: AwsServiceName,
  target: AwsTarget,
): string | undefined {
  return overrides.find(
    o =>
      (o.accountId === undefined || o.accountId === target.accountId) &&
      (o.region === undefined || o.region === target.region) &&
      o[service] !== undefined,
  )?.[service];
}

/** Reads `mlObservability.aws`, with defaults. @public */
export function readAwsLimits(config: Config): AwsLimits {
  const aws = config.getOptionalConfig('mlObservability.aws');
  const positive = (key: keyof AwsLimits): number => {
    const value = aws?.getOptionalNumber(key);
    if (value === undefined) return DEFAULT_AWS_LIMITS[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `mlObservability.aws.${key} must be a positive integer, got ${value}`,
      );
    }
    return value;
  };
  return {
    maxAttempts: positive('maxAttempts'),
    requestTimeoutMs: positive('requestTimeoutMs'),
    concurrency: positive('concurrency'),
  };
}

/**
 * The account and region of a model whose annotations leave them out — the
 * one answer every package of the plugin gives: `mlObservability.defaults`,
 * else the AWS integration's `aws.mainAccount.accountId`, else the first
 * entry of `aws.accounts`; the region defaults to us-east-1. The account
 * stays undefined when none of them names one (the default credentials'
 * account, whose id is not known without a call).
 * @public
 */
export function readAwsDefaults(config: Config): AwsTarget {
  const accountId =
    config.getOptionalString('mlObservability.defaults.accountId') ??
    config.getOptionalString('aws.mainAccount.accountId') ??
    config
      .getOptionalConfigArray('aws.accounts')?.[0]
      ?.getOptionalString('accountId');
  if (accountId !== undefined && checkAccountId(accountId)) {
    invalid(
      'mlObservability.defaults.accountId',
      accountId,
      checkAccountId(accountId)!,
    );
  }
  const region =
    config.getOptionalString('mlObservability.defaults.region') ??
    DEFAULT_AWS_REGION;
  if (checkRegion(region)) {
    invalid('mlObservability.defaults.region', region, checkRegion(region)!);
  }
  return { ...(accountId !== undefined ? { accountId } : {}), region };
}

/** Reads every shared AWS setting, failing at startup with the key at fault. @public */
export function readAwsSettings(config: Config): AwsSettings {
  return {
    defaults: readAwsDefaults(config),
    endpoints: readAwsEndpointOverrides(config),
    limits: readAwsLimits(config),
  };
}

/**
 * Defaults for models whose annotations leave account, region or time zone
 * out: {@link readAwsDefaults} and `mlObservability.defaults.timeZone`. Pass
 * them to `parseModelAnnotations` to learn which account and region an
 * entity resolves to.
 * @public
 */
export function readModelAnnotationDefaults(
  config: Config,
): ModelAnnotationDefaults {
  const timeZone = config.getOptionalString(
    'mlObservability.defaults.timeZone',
  );
  return {
    ...readAwsDefaults(config),
    ...(timeZone !== undefined ? { timeZone } : {}),
  };
}
