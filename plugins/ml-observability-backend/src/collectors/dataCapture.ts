/**
 * Data capture of an endpoint, from DescribeEndpoint's summary and, when an
 * AWS-compatible endpoint leaves CurrentSamplingPercentage out, from the
 * endpoint config's InitialSamplingPercentage: described once per config
 * (the config a running endpoint uses never changes; a new one has a new
 * name), so steady rounds make no extra call.
 */
import {
  DataCaptureConfigSummary,
  DescribeEndpointConfigCommand,
} from '@aws-sdk/client-sagemaker';
import type {
  DataCaptureInfo,
  EndpointInfo,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { RegionContext } from './context';
import type {
  EndpointCacheEntry,
  EndpointConfigSampling,
  RegionCollectorState,
} from './state';

/** A config that could not be described is tried again after this long, not every round. */
export const CONFIG_RETRY_MS = 3600 * 1000;

/**
 * AWS documents every member of the summary, but AWS-compatible endpoints
 * leave some out: a missing CaptureStatus stays absent (unknown, not
 * stopped), a missing EnableCapture is read from a Started status, and a
 * missing CurrentSamplingPercentage is left to the endpoint config.
 */
export function dataCaptureOf(
  capture: DataCaptureConfigSummary | undefined,
): DataCaptureInfo {
  if (!capture) return { enabled: false };
  const status =
    capture.CaptureStatus === 'Started' || capture.CaptureStatus === 'Stopped'
      ? capture.CaptureStatus
      : undefined;
  return {
    enabled: capture.EnableCapture ?? status === 'Started',
    ...(status ? { status } : {}),
    ...(capture.CurrentSamplingPercentage !== undefined
      ? { samplingPercentage: capture.CurrentSamplingPercentage }
      : {}),
    ...(capture.DestinationS3Uri
      ? { destination: capture.DestinationS3Uri }
      : {}),
  };
}

/** Capture is on, DescribeEndpoint did not say how much traffic it samples, and a config can. */
function lacksSampling(info: EndpointInfo): boolean {
  return (
    info.dataCapture.enabled &&
    info.dataCapture.samplingPercentage === undefined &&
    !!info.endpointConfigName
  );
}

function withConfigSampling(
  info: EndpointInfo,
  samplingPercentage: number,
): EndpointInfo {
  return {
    ...info,
    dataCapture: {
      ...info.dataCapture,
      samplingPercentage,
      samplingFromConfig: true,
    },
  };
}

async function describeConfigSampling(
  ctx: RegionContext,
  name: string,
  now: Date,
): Promise<EndpointConfigSampling> {
  const checkedAt = now.toISOString();
  try {
    const config = await ctx.send('SageMaker', 'DescribeEndpointConfig', () =>
      ctx.clients.sagemaker.send(
        new DescribeEndpointConfigCommand({ EndpointConfigName: name }),
        ctx.http,
      ),
    );
    const pct = config.DataCaptureConfig?.InitialSamplingPercentage;
    return pct !== undefined
      ? { name, samplingPercentage: pct, checkedAt }
      : { name, checkedAt };
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    // A detail of the endpoints source, not a source: the endpoint is shown without sampling.
    return { name, checkedAt, failed: true };
  }
}

function isDue(
  cached: EndpointConfigSampling | undefined,
  configName: string,
  now: Date,
): boolean {
  if (!cached || cached.name !== configName) return true;
  return (
    cached.failed === true &&
    now.getTime() - Date.parse(cached.checkedAt) >= CONFIG_RETRY_MS
  );
}

/**
 * The sampling of the named endpoints whose DescribeEndpoint left it out,
 * from their configs: the cached answer while the endpoint keeps its config,
 * else one DescribeEndpointConfig per config name.
 */
export async function fillCaptureSampling(
  ctx: RegionContext,
  state: RegionCollectorState,
  endpointNames: Iterable<string>,
  now: Date,
): Promise<void> {
  const entries = [...new Set(endpointNames)]
    .map(name => state.endpoints[name])
    .filter((e): e is EndpointCacheEntry => !!e && lacksSampling(e.info));
  const described = new Map<string, Promise<EndpointConfigSampling>>();
  await Promise.all(
    entries.map(async entry => {
      const configName = entry.info.endpointConfigName!;
      if (isDue(entry.config, configName, now)) {
        if (!described.has(configName))
          described.set(
            configName,
            describeConfigSampling(ctx, configName, now),
          );
        entry.config = await described.get(configName)!;
      }
      const pct = entry.config?.samplingPercentage;
      if (pct !== undefined) entry.info = withConfigSampling(entry.info, pct);
    }),
  );
}
