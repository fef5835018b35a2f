import { combineSeed } from '../util/hash';
import { parseScheduleExpression } from './cron';
import type {
  BiasFacetSpec,
  CustomMetricSpec,
  FeatureSpec,
  FeatureStatistic,
  ModelSpec,
  ScheduleSpec,
  VariantSpec,
} from './model';
import {
  ExecutionOutcome,
  ScheduleRuntime,
  lastFinishedBefore,
} from './monitoring';
import { Profile, profileValue } from './profile';

export interface SimulatedSchedule {
  spec: ScheduleSpec;
  runtime: ScheduleRuntime;
}

/**
 * Runtime view of one simulated model: computes any metric value or execution outcome
 * on demand from (seed, identity, time). Holds no per-datapoint state.
 */
export class ModelSim {
  readonly schedules = new Map<string, SimulatedSchedule>();
  private readonly streams = new Map<string, number>();
  private readonly featureStreams = new Map<
    string,
    Record<FeatureStatistic, number>
  >();

  constructor(readonly spec: ModelSpec, private readonly seed: string) {
    for (const scheduleSpec of spec.schedules) {
      const runtime: ScheduleRuntime = {
        name: scheduleSpec.name,
        account: spec.account,
        region: spec.region,
        endpointName: spec.endpoint?.name,
        type: scheduleSpec.type,
        jobDefinitionName: scheduleSpec.jobDefinitionName,
        cadence: parseScheduleExpression(
          scheduleSpec.expression,
          scheduleSpec.createdAt,
        ),
        createdAt: scheduleSpec.createdAt,
        stoppedAt:
          scheduleSpec.status === 'Stopped'
            ? spec.endpoint?.lastModifiedAt
            : undefined,
        stream: this.stream('schedule', scheduleSpec.name),
        outcome: () => ({ status: 'Completed' }),
      };
      let failureSince = scheduleSpec.failure?.since;
      if (scheduleSpec.failure?.sinceLastFinishedBefore !== undefined) {
        const cutoff = scheduleSpec.failure.sinceLastFinishedBefore;
        failureSince = lastFinishedBefore(runtime, cutoff) ?? cutoff;
      }
      runtime.outcome = scheduledAt =>
        this.outcome(scheduleSpec, scheduledAt, failureSince);
      this.schedules.set(scheduleSpec.name, { spec: scheduleSpec, runtime });
    }
  }

  get name(): string {
    return this.spec.name;
  }

  stream(...parts: string[]): number {
    const key = parts.join('\u0000');
    let value = this.streams.get(key);
    if (value === undefined) {
      value = combineSeed(
        this.seed,
        this.spec.account,
        this.spec.name,
        ...parts,
      );
      this.streams.set(key, value);
    }
    return value;
  }

  featureValue(
    feature: FeatureSpec,
    statistic: FeatureStatistic,
    at: number,
  ): number {
    let streams = this.featureStreams.get(feature.name);
    if (!streams) {
      streams = {
        baseline_drift: this.stream('feature', feature.name, 'baseline_drift'),
        non_null: this.stream('feature', feature.name, 'non_null'),
        integral: this.stream('feature', feature.name, 'integral'),
      };
      this.featureStreams.set(feature.name, streams);
    }
    const profiles: Record<FeatureStatistic, Profile> = {
      baseline_drift: feature.drift,
      non_null: feature.nonNull,
      integral: feature.integral,
    };
    const profile = profiles[statistic];
    return profileValue(profile, streams[statistic], at, at / 1000);
  }

  qualityValue(metric: string, at: number): number | undefined {
    const profile = this.spec.quality[metric];
    if (!profile) return undefined;
    return profileValue(profile, this.stream('quality', metric), at, at / 1000);
  }

  biasValue(facet: BiasFacetSpec, metric: string, at: number): number {
    return profileValue(
      facet.metrics[metric],
      this.stream('bias', facet.facet, facet.value, metric),
      at,
      at / 1000,
    );
  }

  attributionValue(feature: string, at: number): number {
    return profileValue(
      this.spec.attribution!.features[feature],
      this.stream('attribution', feature),
      at,
      at / 1000,
    );
  }

  customValue(metric: CustomMetricSpec, at: number): number {
    return profileValue(
      metric.profile,
      this.stream('custom', metric.name),
      at,
      at / 1000,
    );
  }

  invocations(
    variant: VariantSpec,
    minuteStart: number,
    shadow: boolean,
  ): number {
    const profile: Profile = {
      mean: variant.invocationsPerMinute * (shadow ? 1 : variant.weight),
      noise: Math.max(1, variant.invocationsPerMinute * 0.08),
      diurnal: 0.35,
      min: 0,
      integer: true,
    };
    return profileValue(
      profile,
      this.stream('invocations', variant.name),
      minuteStart,
      minuteStart / 1000,
    );
  }

  latency(variant: VariantSpec, minuteStart: number): number {
    const spike = variant.latencySpikes;
    const inSpike =
      spike !== undefined &&
      minuteStart >= spike.firstAt &&
      (minuteStart - spike.firstAt) % spike.everyMs < spike.durationMs;
    const mean = variant.latencyMicros * (inSpike ? spike!.factor : 1);
    const profile: Profile = {
      mean,
      noise: mean * 0.12,
      min: mean * 0.3,
      integer: true,
    };
    return profileValue(
      profile,
      this.stream('latency', variant.name),
      minuteStart,
      minuteStart / 1000,
    );
  }

  private outcome(
    schedule: ScheduleSpec,
    scheduledAt: number,
    failureSince: number | undefined,
  ): ExecutionOutcome {
    if (
      schedule.failure &&
      failureSince !== undefined &&
      scheduledAt >= failureSince
    ) {
      return {
        status: 'Failed',
        failureReason: schedule.failure.reason(scheduledAt),
      };
    }
    if (schedule.type === 'DataQuality') {
      const drifted = this.spec.features.some(
        f =>
          this.featureValue(f, 'baseline_drift', scheduledAt) >
          this.spec.driftThreshold,
      );
      return { status: drifted ? 'CompletedWithViolations' : 'Completed' };
    }
    const bias = this.spec.bias;
    if (schedule.type === 'ModelBias' && bias?.violationAbove !== undefined) {
      const limit = bias.violationAbove;
      const violated = bias.facets.some(f =>
        Object.keys(f.metrics).some(
          m =>
            // DI is a ratio around 1; the others are differences around 0.
            Math.abs(this.biasValue(f, m, scheduledAt) - (m === 'DI' ? 1 : 0)) >
            limit,
        ),
      );
      return { status: violated ? 'CompletedWithViolations' : 'Completed' };
    }
    const rule = this.spec.qualityRule;
    if (schedule.type === 'ModelQuality' && rule) {
      const value = this.qualityValue(rule.metric, scheduledAt);
      const violated =
        value !== undefined &&
        (rule.violatesWhen === 'below'
          ? value < rule.threshold
          : value > rule.threshold);
      return { status: violated ? 'CompletedWithViolations' : 'Completed' };
    }
    return { status: 'Completed' };
  }
}
