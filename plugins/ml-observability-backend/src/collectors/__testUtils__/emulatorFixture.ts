/**
 * A collector wired to a local emulator through the real SDK: credentials
 * from `aws.accounts` (the emulator reads the account from the access key),
 * endpoints from `mlObservability.endpoints`, limits from `mlObservability.aws`.
 */
import { ConfigReader } from '@backstage/config';
import {
  DEMO_ACCOUNTS,
  Emulator,
  emulatorAppConfig,
  EmulatorOptions,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import { AwsClientFactory } from '../clients';
import { DefaultFleetCollector } from '../DefaultFleetCollector';
import type { CollectionTarget } from '../types';

/** A Wednesday morning, so schedules, business hours and cron slots are predictable. */
export const FIXED_START = Date.parse('2025-03-12T10:20:00.000Z');

export const PRIMARY = DEMO_ACCOUNTS.primary.account;
export const PRIMARY_REGION = DEMO_ACCOUNTS.primary.region;
export const EU = DEMO_ACCOUNTS.eu.account;
export const EU_REGION = DEMO_ACCOUNTS.eu.region;

export interface Fixture {
  emulator: Emulator;
  collector: DefaultFleetCollector;
  factory: AwsClientFactory;
  close(): Promise<void>;
}

export function accountsConfig(accounts: string[]) {
  return emulatorAppConfig({ url: '', accountIds: accounts }).aws.accounts;
}

export async function collectorFor(
  url: string,
  options: {
    accounts?: string[];
    aws?: {
      maxAttempts?: number;
      requestTimeoutMs?: number;
      concurrency?: number;
    };
  } = {},
): Promise<{ collector: DefaultFleetCollector; factory: AwsClientFactory }> {
  const config = new ConfigReader({
    aws: { accounts: accountsConfig(options.accounts ?? [PRIMARY, EU]) },
    mlObservability: {
      endpoints: [{ sagemaker: url, cloudwatch: url }],
      aws: { maxAttempts: 2, requestTimeoutMs: 5000, ...options.aws },
    },
  });
  const factory = AwsClientFactory.fromConfig(config);
  return {
    collector: new DefaultFleetCollector({ clientFactory: factory }),
    factory,
  };
}

export async function startFixture(
  options: EmulatorOptions & {
    aws?: {
      maxAttempts?: number;
      requestTimeoutMs?: number;
      concurrency?: number;
    };
  } = {},
): Promise<Fixture> {
  const { aws, ...emulatorOptions } = options;
  const emulator = await startEmulator({
    now: () => new Date(FIXED_START),
    ...emulatorOptions,
  });
  const { collector, factory } = await collectorFor(emulator.url, { aws });
  return {
    emulator,
    collector,
    factory,
    close: async () => {
      factory.destroy();
      await emulator.stop();
    },
  };
}

export function target(
  name: string,
  endpointNames: string[],
  extra: Partial<CollectionTarget> = {},
): CollectionTarget {
  return {
    entityRef: `component:default/${name}`,
    accountId: PRIMARY,
    region: PRIMARY_REGION,
    endpointNames,
    metricSources: [],
    ...extra,
  };
}

/** The demo catalog (examples/entities.yaml) as collection targets. */
export function demoTargets(): CollectionTarget[] {
  const perf = (model: string) => ({
    namespace: 'ML/ModelPerformance',
    dimensions: [{ name: 'ModelName', value: model }],
    periodSeconds: 300,
  });
  return [
    target('fraud-detection-v2', [], {
      metricSources: [perf('fraud-detection-v2')],
    }),
    target('recommendation-engine', ['recommendation-engine-prod'], {
      metricSources: [perf('recommendation-engine')],
    }),
    target('churn-prediction', ['churn-prediction-prod']),
    target('demand-forecast', ['demand-forecast-prod']),
    target('product-categorizer', ['product-categorizer-prod']),
    target('search-ranking', ['search-ranking-prod', 'search-ranking-shadow']),
    target('credit-risk-scoring', ['credit-risk-scoring'], {
      accountId: EU,
      region: EU_REGION,
    }),
    target('ticket-routing', ['ticket-routing-prod']),
    target('loan-approval', ['loan-approval-prod']),
    // One endpoint name in two places: the catalog names the EU one by its ARN.
    target('fraud-screening', ['fraud-screening-prod'], {
      endpoints: [
        {
          name: 'fraud-screening-prod',
          accountId: PRIMARY,
          region: PRIMARY_REGION,
        },
        { name: 'fraud-screening-prod', accountId: EU, region: EU_REGION },
      ],
    }),
  ];
}
