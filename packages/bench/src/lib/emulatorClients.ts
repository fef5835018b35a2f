import { ConfigReader } from '@backstage/config';
import { emulatorAppConfig } from '@mlobs/aws-ml-emulator';
import {
  AwsLimits,
  DefaultAwsClientFactory,
} from '@mlobs/backstage-plugin-ml-observability-node';

/** Longer than any benchmark run: the bench's own reads had no request timeout before they used the factory. */
export const NO_TIMEOUT_MS = 3_600_000;

/** The plugin's client factory, signing as `accountId` at the emulator. */
export function emulatorClients(
  target: { url: string; accountId: string },
  limits: Partial<AwsLimits>,
): DefaultAwsClientFactory {
  return DefaultAwsClientFactory.fromConfig(
    new ConfigReader(
      emulatorAppConfig({ url: target.url, accountIds: [target.accountId] }),
    ),
    { limits, userAgent: 'bench' },
  );
}
