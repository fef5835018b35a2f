import { formatDuration } from './format';
import {
  alarmReasons,
  biasReasons,
  driftReasons,
  endpointReasons,
  qualityReasons,
  scheduleReasons,
  sourceReasons,
} from './healthRules';
import { failedSourcesOf, sourceNames } from './sources';
import type {
  FailedSource,
  HealthReason,
  HealthReasonSeverity,
  HealthStatus,
  ModelHealth,
  ModelReport,
  SourceOutcome,
  Staleness,
} from './types';

/**
 * The parts of a report the verdict is computed from.
 * @public
 */
export type HealthInputs = Partial<
  Pick<
    ModelReport,
    | 'endpoints'
    | 'monitoringSchedules'
    | 'drift'
    | 'quality'
    | 'alarms'
    | 'custom'
    | 'fairness'
    | 'sources'
    | 'collectedAt'
  >
>;

/** @public */
export interface HealthOptions {
  /** Seconds between two collections by the backend. Default 900. */
  collectionIntervalSeconds?: number;
  /** Data (or a schedule's last run) is late after this many intervals. Default 3. */
  staleFactor?: number;
}

/** @public */
export const DEFAULT_COLLECTION_INTERVAL_SECONDS = 900;
/** @public */
export const DEFAULT_STALE_FACTOR = 3;

const SEVERITY_ORDER: Record<HealthReasonSeverity, number> = {
  critical: 0,
  warning: 1,
  unknown: 2,
  info: 3,
};

const STATUS_ORDER: Record<HealthStatus, number> = {
  critical: 0,
  warning: 1,
  unknown: 2,
  healthy: 3,
};

/** Outcomes after which a source's earlier data is shown in place of new data. */
const FAILED_OUTCOMES: ReadonlySet<SourceOutcome> = new Set([
  'throttled',
  'denied',
  'error',
]);

/**
 * How old the data shown is, and whether that is too old: older than
 * `staleFactor` collection intervals. The data is as old as the collection,
 * unless a source failed in it: then as old as that source's last success,
 * since its earlier data is what is shown. Never collected counts as stale.
 * @public
 */
export function computeStaleness(
  data: Pick<HealthInputs, 'collectedAt' | 'sources'>,
  now: Date,
  options: HealthOptions = {},
): Staleness {
  const interval =
    options.collectionIntervalSeconds ?? DEFAULT_COLLECTION_INTERVAL_SECONDS;
  const factor = options.staleFactor ?? DEFAULT_STALE_FACTOR;
  const collected = data.collectedAt ? Date.parse(data.collectedAt) : NaN;
  if (Number.isNaN(collected)) return { isStale: true, ageSeconds: null };
  let oldest = collected;
  for (const status of Object.values(data.sources ?? {})) {
    if (!status?.lastSuccessAt || !FAILED_OUTCOMES.has(status.outcome)) {
      continue;
    }
    const lastGood = Date.parse(status.lastSuccessAt);
    if (!Number.isNaN(lastGood) && lastGood < oldest) oldest = lastGood;
  }
  const ageSeconds = Math.max(0, Math.round((now.getTime() - oldest) / 1000));
  return {
    isStale: ageSeconds > interval * factor,
    ageSeconds,
    ...(oldest < collected ? { dataAsOf: new Date(oldest).toISOString() } : {}),
  };
}

function hasAnyData(inputs: HealthInputs): boolean {
  return [
    inputs.endpoints,
    inputs.monitoringSchedules,
    // A drift feature without a datapoint says nothing about the model.
    inputs.drift?.filter(d => d.latest !== undefined),
    inputs.quality,
    inputs.alarms,
    inputs.custom,
    inputs.fairness?.bias,
    inputs.fairness?.attribution,
  ].some(list => (list?.length ?? 0) > 0);
}

/** The reason given when the report holds nothing to judge by. */
function nothingReadReason(failed: FailedSource[]): HealthReason {
  return {
    severity: 'unknown',
    source: 'staleness',
    message:
      failed.length > 0
        ? `Nothing is known about this model: ${sourceNames(
            failed.map(f => f.source),
          )} could not be read and no earlier data of them is kept`
        : 'No source returned any data for this model; check that its annotations name existing AWS resources',
  };
}

/** Why the collection's own age is a problem, if it is. */
function stalenessReasons(
  inputs: HealthInputs,
  staleness: Staleness,
  failed: FailedSource[],
  interval: number,
): HealthReason[] {
  if (staleness.ageSeconds === null) {
    return [
      {
        severity: 'unknown',
        source: 'staleness',
        message: 'No data has been collected for this model yet',
      },
    ];
  }
  const reasons: HealthReason[] = [];
  if (!hasAnyData(inputs)) reasons.push(nothingReadReason(failed));
  if (staleness.isStale) {
    reasons.push({
      severity: 'warning',
      source: 'staleness',
      since: inputs.collectedAt!,
      message: `The data is ${formatDuration(
        staleness.ageSeconds,
      )} old; it should be refreshed every ${formatDuration(
        interval,
      )}, so what you see may be out of date`,
    });
  }
  return reasons;
}

/**
 * The health verdict of DESIGN.md §6: the worst of the known signals,
 * - a CloudWatch alarm in ALARM: critical;
 * - an endpoint Failed / OutOfService: critical;
 * - a quality metric past its threshold in force: critical;
 * - a feature drift score above its threshold: warning;
 * - a bias metric outside the runbook's bounds (`monitoring_config.bias`): warning;
 * - the last monitoring run CompletedWithViolations: warning;
 * - the last monitoring run Failed: warning (monitoring is blind, the model
 *   may be fine), likewise a Failed or Stopped schedule;
 * - a schedule that publishes no metrics: warning ("we cannot see ...");
 * - data capture stopped (or off while a schedule needs it): warning;
 * - a source not found: warning;
 * - stale data, or a schedule whose last run is older than `staleFactor`
 *   of its interval: warning;
 * else healthy. Known signals include the earlier data kept for a source
 * that failed since. A source that could not be read and has no good data
 * within `staleFactor` intervals (`failedSourcesOf`) never makes the verdict
 * worse: it gets an `unknown` reason, is listed in `failedSources` and marks
 * the verdict `partial`. The verdict is `unknown` only when nothing about the
 * model can be judged: never collected, or the report holds no endpoint,
 * schedule, drift score, quality metric, alarm or custom series at all (every
 * source failed, was pending or had nothing), and no reason above holds.
 * `info` reasons (a source briefly throttled, still pending) are listed but
 * never change the verdict. Reasons come worst first.
 * @public
 */
export function computeHealth(
  inputs: HealthInputs,
  now: Date,
  options: HealthOptions = {},
): ModelHealth {
  const factor = options.staleFactor ?? DEFAULT_STALE_FACTOR;
  const interval =
    options.collectionIntervalSeconds ?? DEFAULT_COLLECTION_INTERVAL_SECONDS;
  const schedules = inputs.monitoringSchedules ?? [];
  const sources = inputs.sources ?? {};
  const failed = failedSourcesOf(sources, now, interval * factor);
  // The collection's own age: a source that failed since is judged by its own
  // rule (a failed source once its last good data is too old), not twice.
  const staleness = computeStaleness(
    { collectedAt: inputs.collectedAt },
    now,
    options,
  );
  const reasons: HealthReason[] = [
    ...alarmReasons(inputs.alarms ?? []),
    ...endpointReasons(inputs.endpoints ?? [], schedules),
    ...qualityReasons(inputs.quality ?? []),
    ...driftReasons(inputs.drift ?? []),
    ...biasReasons(inputs.fairness?.bias ?? []),
    ...scheduleReasons(schedules, now, factor),
    ...stalenessReasons(inputs, staleness, failed, interval),
    ...sourceReasons(sources, now, interval * factor),
  ];

  // Array.prototype.sort is stable: within a severity, rule order is kept.
  reasons.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const worst = reasons
    .map(r => r.severity)
    .find(
      (s): s is 'critical' | 'warning' => s === 'critical' || s === 'warning',
    );
  const known = staleness.ageSeconds !== null && hasAnyData(inputs);
  const status: HealthStatus = worst ?? (known ? 'healthy' : 'unknown');
  return {
    status,
    reasons,
    ...(failed.length > 0 && status !== 'unknown' ? { partial: true } : {}),
    ...(failed.length > 0 ? { failedSources: failed } : {}),
  };
}

/**
 * Rank of a status, 0 = worst (critical) … 3 = healthy.
 * @public
 */
export function healthRank(status: HealthStatus): number {
  return STATUS_ORDER[status] ?? STATUS_ORDER.unknown;
}

/**
 * Sort order for the fleet, worst first: critical, warning, unknown,
 * healthy; then more reasons first; then by title or entity ref, so the
 * order is stable across pages.
 * @public
 */
export function compareHealth(
  a: {
    status: HealthStatus;
    reasonCount?: number;
    title?: string;
    entityRef?: string;
  },
  b: {
    status: HealthStatus;
    reasonCount?: number;
    title?: string;
    entityRef?: string;
  },
): number {
  const byStatus = healthRank(a.status) - healthRank(b.status);
  if (byStatus !== 0) return byStatus;
  const byCount = (b.reasonCount ?? 0) - (a.reasonCount ?? 0);
  if (byCount !== 0) return byCount;
  const nameA = a.title ?? a.entityRef ?? '';
  const nameB = b.title ?? b.entityRef ?? '';
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  const refA = a.entityRef ?? '';
  const refB = b.entityRef ?? '';
  if (refA === refB) return 0;
  return refA < refB ? -1 : 1;
}
