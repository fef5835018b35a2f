import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { emulatorClientConfig } from '../clientConfig';
import { Emulator, EmulatorOptions, startEmulator } from '../emulator';

/** A fixed "now" so every assertion about simulated time is reproducible. */
export const NOW = new Date('2026-11-25T14:37:00Z');

export const PRIMARY = { account: '123456789012', region: 'us-east-1' };
export const EU = { account: '210987654321', region: 'eu-west-1' };

export interface ClientOptions {
  account?: string;
  region?: string;
  maxAttempts?: number;
  requestTimeout?: number;
}

function config(emulator: Emulator, o: ClientOptions) {
  return emulatorClientConfig({
    url: emulator.url,
    accountId: o.account ?? PRIMARY.account,
    region: o.region ?? PRIMARY.region,
    maxAttempts: o.maxAttempts,
    requestTimeout: o.requestTimeout,
    tag: 'TEST',
    secretAccessKey: 'secret',
  });
}

export function sageMaker(emulator: Emulator, o: ClientOptions = {}) {
  return new SageMakerClient(config(emulator, o));
}

export function cloudWatch(emulator: Emulator, o: ClientOptions = {}) {
  return new CloudWatchClient(config(emulator, o));
}

export function sqs(emulator: Emulator, o: ClientOptions = {}) {
  return new SQSClient(config(emulator, o));
}

export function sns(emulator: Emulator, o: ClientOptions = {}) {
  return new SNSClient(config(emulator, o));
}

export async function startTestEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  return startEmulator({
    now: () => NOW,
    endpointTransitionSeconds: 60,
    ...options,
  });
}

/** Captures the rejection of an SDK call so tests can assert name and status. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (e) {
    const error = e as {
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
    };
    return {
      name: error.name,
      status: error.$metadata?.httpStatusCode,
      message: error.message,
    };
  }
  throw new Error('Expected the call to fail');
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export function monitorDimensions(
  endpoint: string,
  type: 'data-quality' | 'model-quality',
) {
  return [
    { Name: 'Endpoint', Value: endpoint },
    { Name: 'MonitoringSchedule', Value: `${endpoint}-${type}` },
  ];
}
