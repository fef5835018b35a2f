import { DEFAULT_ACCOUNT, DEFAULT_REGION } from './world';

/**
 * The access key id that makes the emulator answer as `accountId`: it reads
 * the account from the first run of 12 digits in the key id (signatures are
 * not verified). `tag` only tells callers apart in logs and leak checks.
 */
export function emulatorAccessKeyId(accountId: string, tag = 'EMU'): string {
  return `AKIA${accountId}${tag}`;
}

export interface EmulatorCredentialOptions {
  /** Default: "emulator". The reliability suite passes a secret it then hunts for in responses and logs. */
  secretAccessKey?: string;
  /** Suffix of the access key id. Default: EMU. */
  tag?: string;
}

/** Static credentials that sign as `accountId` at the emulator. */
export function emulatorCredentials(
  accountId: string = DEFAULT_ACCOUNT,
  options: EmulatorCredentialOptions = {},
): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: emulatorAccessKeyId(accountId, options.tag),
    secretAccessKey: options.secretAccessKey ?? 'emulator',
  };
}

export interface EmulatorClientOptions extends EmulatorCredentialOptions {
  /** The emulator's URL (`emulator.url`). */
  url: string;
  /** Default: the emulator's default account. */
  accountId?: string;
  /** Default: us-east-1. */
  region?: string;
  /** Default: 1, so a test sees the first failure. */
  maxAttempts?: number;
  /** Per-request timeout in milliseconds; unset: the SDK's (none). */
  requestTimeout?: number;
}

/**
 * The constructor options of any AWS SDK v3 client (SageMaker, CloudWatch, ...)
 * pointed at the emulator, signing as one account.
 */
export function emulatorClientConfig(options: EmulatorClientOptions) {
  return {
    endpoint: options.url,
    region: options.region ?? DEFAULT_REGION,
    credentials: emulatorCredentials(
      options.accountId ?? DEFAULT_ACCOUNT,
      options,
    ),
    maxAttempts: options.maxAttempts ?? 1,
    // @smithy/node-http-handler 4.x only warns on requestTimeout unless told to throw.
    ...(options.requestTimeout
      ? {
          requestHandler: {
            requestTimeout: options.requestTimeout,
            throwOnRequestTimeout: true,
          },
        }
      : {}),
  };
}

export interface EmulatorAppConfigOptions extends EmulatorCredentialOptions {
  url: string;
  /** Accounts given static credentials in `aws.accounts`. Default: the emulator's default account. */
  accountIds?: string[];
}

/**
 * The app-config fragment that sends the plugin's calls to the emulator:
 * `aws.accounts` with static credentials per account, and
 * `mlObservability.endpoints` pointing SageMaker and CloudWatch at `url`.
 * Merge it into a test's or a benchmark's config.
 */
export function emulatorAppConfig(options: EmulatorAppConfigOptions) {
  return {
    aws: {
      accounts: (options.accountIds ?? [DEFAULT_ACCOUNT]).map(accountId => ({
        accountId,
        ...emulatorCredentials(accountId, options),
      })),
    },
    mlObservability: {
      endpoints: [{ sagemaker: options.url, cloudwatch: options.url }],
    },
  };
}
