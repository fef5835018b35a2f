import type { ModelSim, SimulatedSchedule } from '../sim/modelSim';
import type { MonitoringType, WeightChange } from '../sim/model';
import type { ScheduleRuntime } from '../sim/monitoring';

export type Json = Record<string, unknown>;

export interface EndpointConfigRecord {
  name: string;
  arn: string;
  createdAt: number;
  /** The CreateEndpointConfig members, as sent on the wire. */
  body: Json;
  /** Container image per variant name, as DescribeEndpoint reports DeployedImages. */
  images: Record<string, string>;
}

export interface EndpointRecord {
  name: string;
  arn: string;
  configName: string;
  status: string;
  createdAt: number;
  lastModifiedAt: number;
  failureReason?: string;
  /** Overrides the capture status derived from the config (capture stopped by the service). */
  captureStatus?: 'Started' | 'Stopped';
  pending?: {
    configName: string;
    startedAt: number;
    completesAt: number;
    /** UpdateEndpointWeightsAndCapacities: the variants' new weights and counts (same config). */
    variants?: Record<string, VariantOverride>;
  };
  /**
   * Weights and instance counts set by UpdateEndpointWeightsAndCapacities, per variant, over the
   * config's initial ones; an UpdateEndpoint to another config starts from that config again.
   */
  variants?: Record<string, VariantOverride>;
  /**
   * The production variant weights from each completed update on, ascending (before the first:
   * the seeded config's). The simulated traffic and what it relieves are computed from these.
   */
  weightChanges?: WeightChange[];
  model?: ModelSim;
}

export interface VariantOverride {
  weight?: number;
  instanceCount?: number;
}

export interface ScheduleRecord {
  name: string;
  arn: string;
  createdAt: number;
  configModifiedAt: number;
  status: 'Pending' | 'Scheduled' | 'Stopped' | 'Failed';
  type: MonitoringType;
  endpointName?: string;
  config: Json;
  runtime: ScheduleRuntime;
  sim?: { model: ModelSim; schedule: SimulatedSchedule };
}

export function arnOf(
  region: string,
  account: string,
  resource: 'endpoint' | 'endpoint-config' | 'monitoring-schedule',
  name: string,
): string {
  // SageMaker lower-cases resource names in ARNs.
  return `arn:aws:sagemaker:${region}:${account}:${resource}/${name.toLowerCase()}`;
}

export function modelMonitorImage(region: string): string {
  const registry: Record<string, string> = {
    'us-east-1': '156813124566',
    'us-east-2': '777275614652',
    'us-west-2': '159807026194',
    'eu-west-1': '468650794304',
    'eu-central-1': '048819808253',
  };
  return `${
    registry[region] ?? registry['us-east-1']
  }.dkr.ecr.${region}.amazonaws.com/sagemaker-model-monitor-analyzer`;
}
