import type { Handler, RequestContext } from '../server/context';
import { sagemakerErrors } from '../server/errors';
import { hashString } from '../util/hash';
import { Input } from '../util/input';
import {
  compareTuples,
  decodeToken,
  encodeToken,
  pageSageMakerList,
  pageSorted,
} from '../util/pagination';
import { toEpochSeconds } from '../util/time';
import { NAME_PATTERN, notFoundConfig } from './endpointConfigs';
import type {
  EndpointConfigRecord,
  EndpointRecord,
  Json,
  VariantOverride,
} from './records';
import { mergeVariants } from './store';
import { sageMakerPageSize, sageMakerSort } from './listing';

const ENDPOINT_STATUSES = [
  'OutOfService',
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'InService',
  'Deleting',
  'Failed',
  'UpdateRollbackFailed',
] as const;

function notFoundEndpoint(name: string) {
  return sagemakerErrors.validation(`Could not find endpoint "${name}".`);
}

function resolvedImage(image: string): string {
  const digest = Array.from({ length: 8 }, (_, i) =>
    hashString(`${image}#${i}`).toString(16).padStart(8, '0'),
  ).join('');
  return `${image.split(':')[0]}@sha256:${digest}`;
}

function variantSummaries(
  config: EndpointConfigRecord,
  member: 'ProductionVariants' | 'ShadowProductionVariants',
  deployedAt: number,
  current?: Record<string, VariantOverride>,
  desired?: Record<string, VariantOverride>,
): Json[] | undefined {
  const variants = config.body[member] as Json[] | undefined;
  if (!variants?.length) return undefined;
  return variants.map(v => {
    const name = String(v.VariantName);
    const initialWeight = (v.InitialVariantWeight as number | undefined) ?? 1;
    const initialCount = (v.InitialInstanceCount as number | undefined) ?? 1;
    const now = current?.[name];
    const next = { ...now, ...desired?.[name] };
    const image =
      config.images[name] ?? `model/${String(v.ModelName ?? name)}:latest`;
    const summary: Json = {
      VariantName: name,
      DeployedImages: [
        {
          SpecifiedImage: image,
          ResolvedImage: resolvedImage(image),
          ResolutionTime: toEpochSeconds(deployedAt),
        },
      ],
      CurrentWeight: now?.weight ?? initialWeight,
      DesiredWeight: next.weight ?? initialWeight,
    };
    if (v.ServerlessConfig) {
      summary.CurrentServerlessConfig = v.ServerlessConfig;
      summary.DesiredServerlessConfig = v.ServerlessConfig;
    } else {
      summary.CurrentInstanceCount = now?.instanceCount ?? initialCount;
      summary.DesiredInstanceCount = next.instanceCount ?? initialCount;
    }
    return summary;
  });
}

export function describeEndpointRecord(
  ctx: RequestContext,
  record: EndpointRecord,
): Json {
  const store = ctx.state.sagemaker;
  const config = store.configs.get(record.configName);
  const out: Json = {
    EndpointName: record.name,
    EndpointArn: record.arn,
    EndpointConfigName: record.configName,
    EndpointStatus: record.status,
    CreationTime: toEpochSeconds(record.createdAt),
    LastModifiedTime: toEpochSeconds(record.lastModifiedAt),
  };
  if (record.failureReason) out.FailureReason = record.failureReason;
  if (config && record.status !== 'Creating') {
    out.ProductionVariants = variantSummaries(
      config,
      'ProductionVariants',
      record.lastModifiedAt,
      record.variants,
      record.status === 'Updating' ? record.pending?.variants : undefined,
    );
    const shadows = variantSummaries(
      config,
      'ShadowProductionVariants',
      record.lastModifiedAt,
    );
    if (shadows) out.ShadowProductionVariants = shadows;
    const capture = config.body.DataCaptureConfig as Json | undefined;
    if (capture) {
      const enabled = capture.EnableCapture !== false;
      out.DataCaptureConfig = {
        EnableCapture: enabled,
        CaptureStatus:
          record.captureStatus ?? (enabled ? 'Started' : 'Stopped'),
        CurrentSamplingPercentage: capture.InitialSamplingPercentage,
        DestinationS3Uri: capture.DestinationS3Uri,
        ...(capture.KmsKeyId ? { KmsKeyId: capture.KmsKeyId } : {}),
      };
    }
  }
  if (
    record.pending &&
    record.status === 'Updating' &&
    !record.pending.variants
  ) {
    const next = store.configs.get(record.pending.configName);
    out.PendingDeploymentSummary = {
      EndpointConfigName: record.pending.configName,
      StartTime: toEpochSeconds(record.pending.startedAt),
      ProductionVariants: ((next?.body.ProductionVariants as Json[]) ?? []).map(
        v => ({
          VariantName: v.VariantName,
          DesiredWeight: v.InitialVariantWeight ?? 1,
          DesiredInstanceCount: v.InitialInstanceCount ?? 1,
          VariantStatus: [
            {
              Status: 'Creating',
              StartTime: toEpochSeconds(record.pending!.startedAt),
            },
          ],
        }),
      ),
    };
  }
  return out;
}

const listEndpoints: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const { sortBy, descending } = sageMakerSort(
    input,
    ['Name', 'CreationTime', 'Status'] as const,
    'CreationTime',
  );
  const limit = sageMakerPageSize(body.MaxResults);
  const nameContains = input.string('NameContains');
  const status = input.oneOf('StatusEquals', ENDPOINT_STATUSES);
  const createdBefore = input.timestamp('CreationTimeBefore');
  const createdAfter = input.timestamp('CreationTimeAfter');
  const modifiedBefore = input.timestamp('LastModifiedTimeBefore');
  const modifiedAfter = input.timestamp('LastModifiedTimeAfter');
  const after = decodeToken<Array<string | number>>(
    'sagemaker',
    'ListEndpoints',
    body.NextToken,
  );
  const matches = ctx.state.sagemaker
    .allEndpoints(ctx.now)
    .filter(
      e =>
        (!nameContains || e.name.includes(nameContains)) &&
        (!status || e.status === status) &&
        (createdBefore === undefined || e.createdAt < createdBefore) &&
        (createdAfter === undefined || e.createdAt > createdAfter) &&
        (modifiedBefore === undefined || e.lastModifiedAt < modifiedBefore) &&
        (modifiedAfter === undefined || e.lastModifiedAt > modifiedAfter),
    );
  const { page, next } = pageSageMakerList(
    matches,
    { sortBy, descending },
    after,
    limit,
  );
  return {
    Endpoints: page.map(e => ({
      EndpointName: e.name,
      EndpointArn: e.arn,
      CreationTime: toEpochSeconds(e.createdAt),
      LastModifiedTime: toEpochSeconds(e.lastModifiedAt),
      EndpointStatus: e.status,
    })),
    ...(next ? { NextToken: encodeToken('ListEndpoints', next) } : {}),
  };
};

const describeEndpoint: Handler = (body, ctx) => {
  const name = new Input(body, 'sagemaker').requiredString('EndpointName');
  const record = ctx.state.sagemaker.endpoint(name, ctx.now);
  if (!record) throw notFoundEndpoint(name);
  return describeEndpointRecord(ctx, record);
};

const createEndpoint: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const name = input.requiredString('EndpointName');
  const configName = input.requiredString('EndpointConfigName');
  if (!NAME_PATTERN.test(name))
    throw sagemakerErrors.validation(`Invalid EndpointName "${name}".`);
  const store = ctx.state.sagemaker;
  const arn = store.arn('endpoint', name);
  if (store.endpoints.has(name)) {
    throw sagemakerErrors.validation(
      `Cannot create already existing endpoint "${arn}".`,
    );
  }
  if (!store.configs.has(configName)) throw notFoundConfig(configName);
  store.endpoints.set(name, {
    name,
    arn,
    configName,
    status: 'Creating',
    createdAt: ctx.now,
    lastModifiedAt: ctx.now,
    pending: {
      configName,
      startedAt: ctx.now,
      completesAt: ctx.now + ctx.settings.endpointTransitionMs,
    },
  });
  store.tags.set(arn, Array.isArray(body.Tags) ? (body.Tags as never) : []);
  return { EndpointArn: arn };
};

const updateEndpoint: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const name = input.requiredString('EndpointName');
  const configName = input.requiredString('EndpointConfigName');
  const store = ctx.state.sagemaker;
  const record = store.endpoint(name, ctx.now);
  if (!record) throw notFoundEndpoint(name);
  if (!store.configs.has(configName)) throw notFoundConfig(configName);
  if (record.status !== 'InService') {
    throw sagemakerErrors.validation(
      `Cannot update in-progress endpoint "${record.arn}" (status ${record.status}).`,
    );
  }
  record.status = 'Updating';
  record.lastModifiedAt = ctx.now;
  record.pending = {
    configName,
    startedAt: ctx.now,
    completesAt: ctx.now + ctx.settings.endpointTransitionMs,
  };
  store.endpoint(name, ctx.now);
  return { EndpointArn: record.arn };
};

/**
 * UpdateEndpointWeightsAndCapacities: new weights and instance counts for
 * variants of an InService endpoint, without a new config. The endpoint is
 * Updating for the transition time (DescribeEndpoint shows the old weights as
 * Current, the new ones as Desired), then InService with the new weights.
 */
const updateEndpointWeightsAndCapacities: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const name = input.requiredString('EndpointName');
  const desired = body.DesiredWeightsAndCapacities;
  if (!Array.isArray(desired) || desired.length === 0 || desired.length > 10) {
    throw sagemakerErrors.validation(
      "1 validation error detected: Value at 'desiredWeightsAndCapacities' failed to satisfy constraint: Member must have length between 1 and 10",
    );
  }
  const store = ctx.state.sagemaker;
  const record = store.endpoint(name, ctx.now);
  if (!record) throw notFoundEndpoint(name);
  if (record.status !== 'InService') {
    throw sagemakerErrors.validation(
      `Cannot update in-progress endpoint "${record.arn}" (status ${record.status}).`,
    );
  }
  const config = store.configs.get(record.configName);
  const variants =
    (config?.body.ProductionVariants as Json[] | undefined) ?? [];
  const changes: Record<string, VariantOverride> = {};
  for (const item of desired as Json[]) {
    const variantName = item?.VariantName;
    if (typeof variantName !== 'string' || variantName === '') {
      throw sagemakerErrors.validation(
        'VariantName is required in each DesiredWeightsAndCapacities member.',
      );
    }
    const variant = variants.find(v => v.VariantName === variantName);
    if (!variant) {
      throw sagemakerErrors.validation(
        `The variant name(s) [${variantName}] is/are not present in the endpoint "${record.arn}".`,
      );
    }
    if (variantName in changes) {
      throw sagemakerErrors.validation(
        `The variant name ${variantName} appears more than once in DesiredWeightsAndCapacities.`,
      );
    }
    const weight = item.DesiredWeight;
    const count = item.DesiredInstanceCount;
    if (weight === undefined && count === undefined) {
      throw sagemakerErrors.validation(
        `Variant ${variantName}: give DesiredWeight or DesiredInstanceCount.`,
      );
    }
    if (weight !== undefined && !(typeof weight === 'number' && weight >= 0)) {
      throw sagemakerErrors.validation(
        `Variant ${variantName}: DesiredWeight must be a number of at least 0.`,
      );
    }
    if (count !== undefined) {
      if (variant.ServerlessConfig) {
        throw sagemakerErrors.validation(
          `Variant ${variantName} is serverless; it has no instance count to update.`,
        );
      }
      if (!(Number.isInteger(count) && (count as number) >= 0)) {
        throw sagemakerErrors.validation(
          `Variant ${variantName}: DesiredInstanceCount must be a whole number of at least 0.`,
        );
      }
    }
    changes[variantName] = {
      ...(weight !== undefined ? { weight: weight as number } : {}),
      ...(count !== undefined ? { instanceCount: count as number } : {}),
    };
  }
  const after = mergeVariants(record.variants, changes);
  const total = variants.reduce(
    (sum, v) =>
      sum +
      (after[String(v.VariantName)]?.weight ??
        (v.InitialVariantWeight as number | undefined) ??
        1),
    0,
  );
  if (!(total > 0)) {
    throw sagemakerErrors.validation(
      `The sum of the variant weights of endpoint "${record.arn}" would be 0; at least one variant must receive traffic.`,
    );
  }
  record.status = 'Updating';
  record.lastModifiedAt = ctx.now;
  record.pending = {
    configName: record.configName,
    startedAt: ctx.now,
    completesAt: ctx.now + ctx.settings.endpointTransitionMs,
    variants: changes,
  };
  return { EndpointArn: record.arn };
};

const listTags: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const arn = input.requiredString('ResourceArn');
  const limit = sageMakerPageSize(body.MaxResults, 50);
  const after = decodeToken<[number]>('sagemaker', 'ListTags', body.NextToken);
  const tags =
    ctx.state.sagemaker.tags.get(arn.toLowerCase()) ??
    ctx.state.sagemaker.tags.get(arn) ??
    [];
  const indexed = tags.map((tag, i) => ({ tag, i }));
  const { page, next } = pageSorted(
    indexed,
    x => [x.i],
    compareTuples,
    after,
    limit,
  );
  return {
    Tags: page.map(x => x.tag),
    ...(next ? { NextToken: encodeToken('ListTags', next) } : {}),
  };
};

export const endpointHandlers: Record<string, Handler> = {
  ListEndpoints: listEndpoints,
  DescribeEndpoint: describeEndpoint,
  CreateEndpoint: createEndpoint,
  UpdateEndpoint: updateEndpoint,
  UpdateEndpointWeightsAndCapacities: updateEndpointWeightsAndCapacities,
  ListTags: listTags,
};
