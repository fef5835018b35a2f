import type { ModelSim } from '../sim/modelSim';
import type { ScheduleSpec, WeightChange } from '../sim/model';
import {
  EndpointConfigRecord,
  EndpointRecord,
  Json,
  ScheduleRecord,
  VariantOverride,
  arnOf,
  modelMonitorImage,
} from './records';
import { PipelineStore } from './pipelineStore';

export interface Tag {
  Key: string;
  Value: string;
}

const NO_CHANGES: readonly WeightChange[] = [];

/** SageMaker resources of one account and region. */
export class SageMakerStore {
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly configs = new Map<string, EndpointConfigRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly tags = new Map<string, Tag[]>();
  readonly pipelines: PipelineStore;

  constructor(readonly account: string, readonly region: string) {
    this.pipelines = new PipelineStore(account, region);
  }

  arn(
    resource: 'endpoint' | 'endpoint-config' | 'monitoring-schedule',
    name: string,
  ): string {
    return arnOf(this.region, this.account, resource, name);
  }

  /** Creates the endpoint, its config and schedules of a simulated model. */
  seed(model: ModelSim): void {
    const spec = model.spec;
    const endpoint = spec.endpoint;
    const tags = Object.entries(spec.tags).map(([Key, Value]) => ({
      Key,
      Value,
    }));
    if (!endpoint) return;
    const variant = (v: (typeof endpoint.variants)[number]) => ({
      VariantName: v.name,
      ModelName: v.modelName,
      ...(v.serverless
        ? { ServerlessConfig: v.serverless }
        : {
            InitialInstanceCount: v.instanceCount,
            InstanceType: v.instanceType,
          }),
      InitialVariantWeight: v.weight,
    });
    const body: Json = { ProductionVariants: endpoint.variants.map(variant) };
    if (endpoint.shadowVariants?.length) {
      body.ShadowProductionVariants = endpoint.shadowVariants.map(variant);
    }
    if (endpoint.dataCapture) {
      body.DataCaptureConfig = {
        EnableCapture: endpoint.dataCapture.enabled,
        InitialSamplingPercentage: endpoint.dataCapture.samplingPercentage,
        DestinationS3Uri: endpoint.dataCapture.destination,
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'] },
      };
    }
    const images: Record<string, string> = {};
    for (const v of [
      ...endpoint.variants,
      ...(endpoint.shadowVariants ?? []),
    ]) {
      images[v.name] = v.image;
    }
    const configArn = this.arn('endpoint-config', endpoint.configName);
    this.configs.set(endpoint.configName, {
      name: endpoint.configName,
      arn: configArn,
      createdAt: endpoint.createdAt,
      body,
      images,
    });
    const arn = this.arn('endpoint', endpoint.name);
    const record: EndpointRecord = {
      name: endpoint.name,
      arn,
      configName: endpoint.configName,
      status: endpoint.status,
      createdAt: endpoint.createdAt,
      lastModifiedAt: endpoint.lastModifiedAt,
      failureReason: endpoint.failureReason,
      captureStatus:
        endpoint.dataCapture && endpoint.dataCapture.enabled
          ? endpoint.dataCapture.status
          : undefined,
      model,
    };
    this.endpoints.set(endpoint.name, record);
    model.weightChanges = () => this.weightChanges(record);
    this.tags.set(arn, tags);
    this.tags.set(configArn, tags);
    for (const [name, schedule] of model.schedules) {
      const scheduleArn = this.arn('monitoring-schedule', name);
      this.schedules.set(name, {
        name,
        arn: scheduleArn,
        createdAt: schedule.spec.createdAt,
        configModifiedAt: schedule.spec.createdAt,
        status: schedule.spec.status ?? 'Scheduled',
        type: schedule.spec.type,
        endpointName: endpoint.name,
        config: this.scheduleConfig(endpoint.name, schedule.spec),
        runtime: schedule.runtime,
        sim: { model, schedule },
      });
      this.tags.set(scheduleArn, tags);
    }
  }

  private scheduleConfig(endpointName: string, spec: ScheduleSpec): Json {
    const base = {
      ScheduleConfig: { ScheduleExpression: spec.expression },
      MonitoringType: spec.type,
    };
    if (spec.type !== 'DataQuality' || spec.jobDefinitionName) {
      return {
        ...base,
        MonitoringJobDefinitionName:
          spec.jobDefinitionName ?? `${spec.name}-job-definition`,
      };
    }
    const bucket = `s3://sagemaker-${this.region}-${this.account}/model-monitor/${endpointName}`;
    return {
      ...base,
      MonitoringJobDefinition: {
        BaselineConfig: {
          ConstraintsResource: { S3Uri: `${bucket}/baseline/constraints.json` },
          StatisticsResource: { S3Uri: `${bucket}/baseline/statistics.json` },
        },
        MonitoringInputs: [
          {
            EndpointInput: {
              EndpointName: endpointName,
              LocalPath: '/opt/ml/processing/input/endpoint',
              S3InputMode: 'File',
              S3DataDistributionType: 'FullyReplicated',
            },
          },
        ],
        MonitoringOutputConfig: {
          MonitoringOutputs: [
            {
              S3Output: {
                S3Uri: `${bucket}/reports`,
                LocalPath: '/opt/ml/processing/output',
                S3UploadMode: 'Continuous',
              },
            },
          ],
        },
        MonitoringResources: {
          ClusterConfig: {
            InstanceCount: 1,
            InstanceType: 'ml.m5.xlarge',
            VolumeSizeInGB: 20,
          },
        },
        MonitoringAppSpecification: {
          ImageUri: modelMonitorImage(this.region),
        },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        Environment: {
          dataset_source: '/opt/ml/processing/input/endpoint',
          output_path: '/opt/ml/processing/output',
          publish_cloudwatch_metrics: spec.publishMetrics
            ? 'Enabled'
            : 'Disabled',
        },
        RoleArn: `arn:aws:iam::${this.account}:role/SageMakerModelMonitorRole`,
      },
    };
  }

  /** The endpoint as of `now`: a finished update is applied first. */
  endpoint(name: string, now: number): EndpointRecord | undefined {
    const record = this.endpoints.get(name);
    if (record?.pending && now >= record.pending.completesAt) {
      const { variants } = record.pending;
      if (variants) {
        record.variants = mergeVariants(record.variants, variants);
      } else if (record.pending.configName !== record.configName) {
        record.variants = undefined;
      }
      record.configName = record.pending.configName;
      record.lastModifiedAt = record.pending.completesAt;
      record.status = 'InService';
      record.captureStatus = undefined;
      record.pending = undefined;
      (record.weightChanges ??= []).push({
        at: record.lastModifiedAt,
        weights: this.weightsOf(record.configName, record.variants),
      });
    }
    return record;
  }

  /**
   * The endpoint's weight changes, ascending, including a pending update at the instant it
   * completes (applied lazily by `endpoint`, so it counts before anyone asks for the endpoint).
   */
  weightChanges(record: EndpointRecord): readonly WeightChange[] {
    const done = record.weightChanges ?? NO_CHANGES;
    const pending = record.pending;
    if (!pending) return done;
    // As `endpoint` applies it: new weights over the current ones, or a new config's own.
    let overrides: Record<string, VariantOverride> | undefined;
    if (pending.variants) {
      overrides = mergeVariants(record.variants, pending.variants);
    } else if (pending.configName === record.configName) {
      overrides = record.variants;
    }
    return [
      ...done,
      {
        at: pending.completesAt,
        weights: this.weightsOf(pending.configName, overrides),
      },
    ];
  }

  /** Production variant weights of a config under UpdateEndpointWeightsAndCapacities overrides. */
  private weightsOf(
    configName: string,
    overrides: Record<string, VariantOverride> | undefined,
  ): Record<string, number> {
    const variants =
      (this.configs.get(configName)?.body.ProductionVariants as
        | Json[]
        | undefined) ?? [];
    return Object.fromEntries(
      variants.map(v => {
        const name = String(v.VariantName);
        const weight =
          overrides?.[name]?.weight ??
          (v.InitialVariantWeight as number | undefined) ??
          1;
        return [name, weight];
      }),
    );
  }

  allEndpoints(now: number): EndpointRecord[] {
    return [...this.endpoints.keys()].map(name => this.endpoint(name, now)!);
  }

  /** Endpoint of a schedule, from the schedule record or its inline job definition. */
  static endpointOfConfig(config: Json): string | undefined {
    const definition = config.MonitoringJobDefinition as Json | undefined;
    const inputs = definition?.MonitoringInputs as Json[] | undefined;
    const endpointInput = inputs?.[0]?.EndpointInput as Json | undefined;
    return typeof endpointInput?.EndpointName === 'string'
      ? endpointInput.EndpointName
      : undefined;
  }

  modelOfEndpoint(name: string): ModelSim | undefined {
    return this.endpoints.get(name)?.model;
  }
}

/** Later overrides win, member by member. */
export function mergeVariants(
  base: Record<string, VariantOverride> | undefined,
  next: Record<string, VariantOverride>,
): Record<string, VariantOverride> {
  const out: Record<string, VariantOverride> = { ...base };
  for (const [name, override] of Object.entries(next)) {
    out[name] = { ...out[name], ...override };
  }
  return out;
}
