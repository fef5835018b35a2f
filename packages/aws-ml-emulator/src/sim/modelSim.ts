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
  WeightChange,
} from './model';
import {
  ExecutionOutcome,
  ScheduleRuntime,
  lastFinishedBefore,
} from './monitoring';
import { Profile, profileValue } from './profile';

const NO_CHANGES: readonly WeightChange[] = [];

/** Share of the traffic `weights` give `variant` (weights are relative, as in SageMaker). */
function shareOf(weights: Record<string, number>, variant: string): number {
  let total = 0;
  for (const w of Object.values(weights)) total += w;
  return total > 0 ? (weights[variant] ?? 0) / total : 0;
}

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

  /**
   * The endpoint's weight changes, ascending (a pending one at the instant it completes); set by
   * the SageMaker store that holds the endpoint. Before the first change the spec's weights serve.
   */
  weightChanges: () => readonly WeightChange[] = () => NO_CHANGES;

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
    const relief =
      statistic === 'baseline_drift' &&
      this.spec.fallbackRelief?.features.includes(feature.name)
        ? this.fallbackRelief(at)
        : 0;
    return profileValue(profile, streams[statistic], at, at / 1000, relief);
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
    const relief = this.spec.fallbackRelief?.custom.includes(metric.name)
      ? this.fallbackRelief(at)
      : 0;
    return profileValue(
      metric.profile,
      this.stream('custom', metric.name),
      at,
      at / 1000,
      relief,
    );
  }

  /** Share of the endpoint's traffic a production variant serves at `t`, by the weights then. */
  trafficShare(variant: string, t: number): number {
    let weights: Record<string, number> | undefined;
    for (const change of this.weightChanges()) {
      if (change.at > t) break;
      weights = change.weights;
    }
    if (weights) return shareOf(weights, variant);
    return shareOf(this.initialWeights(), variant);
  }

  private initialWeights(): Record<string, number> {
    return Object.fromEntries(
      (this.spec.endpoint?.variants ?? []).map(v => [v.name, v.weight]),
    );
  }

  /**
   * How far the fallback variant's traffic has relieved the degraded metrics at `t` (0..1): the
   * fallback's traffic share, followed with an exponential lag through every weight change.
   * Before the first change the share is taken as having held forever.
   */
  fallbackRelief(t: number): number {
    const spec = this.spec.fallbackRelief;
    if (!spec) return 0;
    let share = shareOf(this.initialWeights(), spec.variant);
    let relief = share;
    let since: number | undefined;
    const settle = (until: number) => {
      if (since !== undefined) {
        relief =
          share +
          (relief - share) * Math.exp(-(until - since) / spec.timeConstantMs);
      }
    };
    for (const change of this.weightChanges()) {
      if (change.at > t) break;
      settle(change.at);
      share = shareOf(change.weights, spec.variant);
      since = change.at;
    }
    settle(t);
    return relief;
  }

  invocations(
    variant: VariantSpec,
    minuteStart: number,
    shadow: boolean,
  ): number {
    // A shadow variant gets a copy of all requests; a production variant its share of them.
    const share = shadow ? 1 : this.trafficShare(variant.name, minuteStart);
    if (share <= 0) return 0;
    const profile: Profile = {
      mean: variant.invocationsPerMinute * share,
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
