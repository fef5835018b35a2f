/*
 * The plugin's OpenTelemetry metrics, through @opentelemetry/api as Backstage's own plugins emit theirs
 * (this release line's metrics service is alpha). Without an SDK registered in the backend process the
 * instruments are no-ops; with one (see the README), they are exported with the rest of the backend's.
 * Instruments are made when their owner is constructed, after the backend's instrumentation has started.
 */
import {
  Counter,
  Histogram,
  Meter,
  MeterProvider,
  metrics,
  ValueType,
} from '@opentelemetry/api';
import type {
  HealthStatus,
  SourceOutcome,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { FailingSourceGroup } from '../domain/sources';

/** The meter every instrument of the plugin belongs to. */
export const METER_NAME = '@mlobs/backstage-plugin-ml-observability-backend';

/** Every metric name, as the README documents them. */
export const METRIC_NAMES = {
  rounds: 'mlobs.collector.rounds',
  roundDuration: 'mlobs.collector.round.duration',
  awsCalls: 'mlobs.collector.aws.calls',
  sourcesDegraded: 'mlobs.collector.sources.degraded',
  models: 'mlobs.models',
} as const;

/** How a round ended for the metrics: its stored outcome, or `error` when it threw. */
export type RoundMetricOutcome = 'ok' | 'failed' | 'aborted' | 'error';

/** How one AWS call attempt ended: `ok`, a failure outcome, or `aborted` (the round stopped it). */
export type AwsCallOutcome = Exclude<SourceOutcome, 'pending'> | 'aborted';

/** The plugin's meter from `provider`, by default the global one of @opentelemetry/api. */
export function pluginMeter(provider?: MeterProvider): Meter {
  return (provider ?? metrics).getMeter(METER_NAME);
}

/** Rounds counted and timed, fleet rounds and one-model refreshes alike. */
export class RoundMetrics {
  private readonly rounds: Counter;
  private readonly duration: Histogram;

  constructor(meter: Meter) {
    this.rounds = meter.createCounter(METRIC_NAMES.rounds, {
      description: 'Collection rounds that ended, by kind and outcome',
      unit: '{round}',
      valueType: ValueType.INT,
    });
    this.duration = meter.createHistogram(METRIC_NAMES.roundDuration, {
      description: 'How long collection rounds took, by kind and outcome',
      unit: 's',
      advice: {
        explicitBucketBoundaries: [
          0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900,
        ],
      },
    });
  }

  record(
    kind: 'fleet' | 'refresh',
    outcome: RoundMetricOutcome,
    seconds: number,
  ): void {
    const attributes = { kind, outcome };
    this.rounds.add(1, attributes);
    this.duration.record(seconds, attributes);
  }
}

/** AWS calls as they reach the wire (retries included), by service, operation and outcome. */
export class AwsCallMetrics {
  private readonly calls: Counter;

  constructor(meter: Meter) {
    this.calls = meter.createCounter(METRIC_NAMES.awsCalls, {
      description:
        'AWS API call attempts of the collector (each retry counts), by service, operation and outcome',
      unit: '{call}',
      valueType: ValueType.INT,
    });
  }

  record(service: string, operation: string, outcome: AwsCallOutcome): void {
    this.calls.add(1, { service, operation, outcome });
  }
}

/** What the fleet gauges observe: the stored fleet, as every replica reads it. */
export interface FleetObservation {
  byVerdict: Map<HealthStatus, number>;
  degraded: FailingSourceGroup[];
}

const VERDICTS: HealthStatus[] = ['healthy', 'warning', 'critical', 'unknown'];

type Attributes = Record<string, string>;

/**
 * Registers the gauges read from the stored snapshots at each export: models by verdict and models per
 * degraded source. A series that disappears is observed once more as 0, so it does not stay at its last
 * value. A failed read observes nothing and is left to `onError`.
 */
export function observeFleet(
  meter: Meter,
  read: () => Promise<FleetObservation>,
  onError: (error: unknown) => void,
): void {
  const models = meter.createObservableGauge(METRIC_NAMES.models, {
    description: 'Models by health verdict, from the stored snapshots',
    unit: '{model}',
    valueType: ValueType.INT,
  });
  const degraded = meter.createObservableGauge(METRIC_NAMES.sourcesDegraded, {
    description:
      'Models whose source is failing, by source, outcome, account and region, from the stored snapshots',
    unit: '{model}',
    valueType: ValueType.INT,
  });
  let seen = new Map<string, Attributes>();
  meter.addBatchObservableCallback(
    async result => {
      let fleet: FleetObservation;
      try {
        fleet = await read();
      } catch (error) {
        onError(error);
        return;
      }
      for (const verdict of VERDICTS) {
        result.observe(models, fleet.byVerdict.get(verdict) ?? 0, { verdict });
      }
      const now = new Map<string, Attributes>();
      for (const group of fleet.degraded) {
        const attributes = degradedAttributes(group);
        now.set(JSON.stringify(attributes), attributes);
        result.observe(degraded, group.entityRefs.length, attributes);
      }
      for (const [key, attributes] of seen) {
        if (!now.has(key)) result.observe(degraded, 0, attributes);
      }
      seen = now;
    },
    [models, degraded],
  );
}

function degradedAttributes(group: FailingSourceGroup): Attributes {
  return {
    source: group.source,
    outcome: group.outcome,
    ...(group.accountId ? { 'cloud.account.id': group.accountId } : {}),
    ...(group.region ? { 'cloud.region': group.region } : {}),
  };
}
