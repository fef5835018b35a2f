import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  Emulator,
  emulatorAppConfig,
  emulatorClientConfig,
  EmulatorOptions,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import { AwsClientFactory, createAwsClientFactory } from '../aws/clients';
import { ActionSettings, readActionSettings } from '../actions/settings';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:ml-alerts`;

export interface AwsTestEnvironment {
  emulator: Emulator;
  clients: AwsClientFactory;
  settings: ActionSettings;
  /** Plain SDK clients on the emulator, to check what the actions did. */
  sagemaker: SageMakerClient;
  cloudwatch: CloudWatchClient;
  stop(): Promise<void>;
}

export async function startAwsTestEnvironment(
  options: EmulatorOptions & { config?: JsonObject } = {},
): Promise<AwsTestEnvironment> {
  const { config: extra, ...emulatorOptions } = options;
  const emulator = await startEmulator({
    port: 0,
    scenario: 'demo',
    ...emulatorOptions,
  });
  const emulated = emulatorAppConfig({ url: emulator.url });
  const config = new ConfigReader({
    aws: emulated.aws,
    mlObservability: {
      ...emulated.mlObservability,
      defaults: { accountId: ACCOUNT, region: REGION },
      aws: { maxAttempts: 1 },
      ...(extra ?? {}),
    },
  });
  const clientOptions = emulatorClientConfig({
    url: emulator.url,
    accountId: ACCOUNT,
    region: REGION,
  });
  const sagemaker = new SageMakerClient(clientOptions);
  const cloudwatch = new CloudWatchClient(clientOptions);
  const clients = createAwsClientFactory(config);
  return {
    emulator,
    clients,
    settings: readActionSettings(config),
    sagemaker,
    cloudwatch,
    stop: async () => {
      sagemaker.destroy();
      cloudwatch.destroy();
      clients.destroy();
      await emulator.stop();
    },
  };
}

export async function temporaryDirectory(prefix: string) {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Runs an action like the scaffolder does, returning its outputs. */
export async function runAction<TInput extends JsonObject>(
  action: TemplateAction<any, any, any>,
  input: TInput,
  options: { dryRun?: boolean; workspacePath?: string } = {},
): Promise<{
  outputs: Record<string, any>;
  logger: ReturnType<typeof mockServices.logger.mock>;
}> {
  const outputs: Record<string, any> = {};
  const logger = mockServices.logger.mock();
  const base = createMockActionContext({
    input,
    logger,
    ...(options.workspacePath ? { workspacePath: options.workspacePath } : {}),
  });
  const ctx: ActionContext<TInput, any> = {
    ...base,
    isDryRun: options.dryRun ?? false,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
  } as ActionContext<TInput, any>;
  await action.handler(ctx);
  return { outputs, logger };
}
