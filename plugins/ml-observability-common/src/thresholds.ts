import {
  canonicalMetricName,
  MetricDirection,
  metricInfo,
  normalizeMetricValue,
} from './metrics';
import type { Runbook } from './runbook';
import type { ThresholdKind } from './types';

/**
 * A weekly business-hours window in local time. `days` are ISO weekdays,
 * 1 = Monday … 7 = Sunday (0 is accepted for Sunday too). When `end` is
 * before `start` the window runs past midnight into the next day.
 * @public
 */
export interface BusinessHours {
  /** `HH:MM`, 24-hour clock. */
  start: string;
  /** `HH:MM`; `24:00` means midnight at the end of the day. */
  end: string;
  days: number[];
}

/** @public */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  start: '09:00',
  end: '18:00',
  days: [1, 2, 3, 4, 5],
};

/** @public */
export interface BusinessHoursOptions extends Partial<BusinessHours> {
  /** IANA time zone the window is in. */
  timeZone: string;
}

// Building a DateTimeFormat is slow and the fleet asks per model and tick.
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const WEEKDAYS: Record<string, number> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  if (typeof timeZone !== 'string' || timeZone === '') return undefined;
  let format = formatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      format = null;
    }
    if (formatters.size > 1000) formatters.clear();
    formatters.set(timeZone, format);
  }
  return format ?? undefined;
}

function minutesOf(text: string): number | undefined {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}

/**
 * Problems with a business-hours setting, empty when it is usable. For
 * checking configuration at startup, before isBusinessHours would throw.
 * @public
 */
export function validateBusinessHours(options: BusinessHoursOptions): string[] {
  const problems: string[] = [];
  if (!formatterFor(options.timeZone)) {
    problems.push(
      `timeZone ${JSON.stringify(
        options.timeZone,
      )} is not an IANA time zone Intl knows`,
    );
  }
  for (const key of ['start', 'end'] as const) {
    const value = options[key];
    if (value !== undefined && minutesOf(value) === undefined) {
      problems.push(
        `${key} ${JSON.stringify(
          value,
        )} is not a time of day as HH:MM (00:00 to 24:00)`,
      );
    }
  }
  const days = options.days;
  if (
    days !== undefined &&
    (!Array.isArray(days) ||
      days.some(d => !Number.isInteger(d) || d < 0 || d > 7))
  ) {
    problems.push('days must be ISO weekday numbers, 1 = Monday to 7 = Sunday');
  }
  return problems;
}

/** Local ISO weekday and minutes since midnight of an instant in a zone. */
function localClock(
  date: Date,
  timeZone: string,
): { day: number; minutes: number } {
  const format = formatterFor(timeZone)!;
  const parts = Object.fromEntries(
    format.formatToParts(date).map(p => [p.type, p.value]),
  );
  // Some ICU versions still print midnight as 24 under h23.
  const hour = Number(parts.hour) % 24;
  return {
    day: WEEKDAYS[parts.weekday],
    minutes: hour * 60 + Number(parts.minute),
  };
}

/**
 * True when `date` falls in business hours in the given time zone. The
 * conversion goes through Intl, so DST changes are handled: 09:00 in New
 * York is 14:00 UTC in winter and 13:00 UTC in summer. Throws on an invalid
 * zone or window (see validateBusinessHours).
 * @public
 */
export function isBusinessHours(
  date: Date,
  options: BusinessHoursOptions,
): boolean {
  const problems = validateBusinessHours(options);
  if (problems.length > 0)
    throw new Error(`Invalid business hours: ${problems.join('; ')}`);
  const start = minutesOf(options.start ?? DEFAULT_BUSINESS_HOURS.start)!;
  const end = minutesOf(options.end ?? DEFAULT_BUSINESS_HOURS.end)!;
  const days = new Set(
    (options.days ?? DEFAULT_BUSINESS_HOURS.days).map(d => (d === 0 ? 7 : d)),
  );
  const { day, minutes } = localClock(date, options.timeZone);
  const previousDay = day === 1 ? 7 : day - 1;
  if (start === end) return days.has(day);
  if (start < end) return days.has(day) && minutes >= start && minutes < end;
  // Overnight window: belongs to the day it started on.
  return (
    (days.has(day) && minutes >= start) ||
    (days.has(previousDay) && minutes < end)
  );
}

/**
 * What decides quality thresholds for one model, besides its runbook.
 * @public
 */
export interface ThresholdContext {
  /** The model's time zone (annotation, else configured default). */
  timeZone: string;
  businessHours?: Partial<BusinessHours>;
  /** Used when the runbook has no model_performance thresholds. */
  defaults?: { businessHoursThreshold: number; offHoursThreshold: number };
}

/** @public */
export interface ThresholdInForce {
  /** Canonical metric the threshold is for, when one was asked. */
  metric?: string;
  /** Normalized to the metric's scale (0.92 for "92.0" on accuracy). */
  value: number;
  kind: ThresholdKind;
  other: { value: number; kind: ThresholdKind };
  timeZone: string;
  source: 'runbook' | 'config';
}

function pickPair(
  runbook: Runbook | undefined,
  context: ThresholdContext,
  metric: string | undefined,
): { business: number; off: number; source: 'runbook' | 'config' } | undefined {
  const performance = runbook?.monitoring_config.model_performance;
  if (metric !== undefined && performance?.metric_thresholds) {
    const entry = Object.entries(performance.metric_thresholds).find(
      ([name]) => canonicalMetricName(name) === metric,
    );
    if (entry) {
      return {
        business: entry[1].business_hours_threshold,
        off: entry[1].off_hours_threshold,
        source: 'runbook',
      };
    }
  }
  // The shared threshold is a minimum on a 0–1 (or 0–100) score; it cannot
  // apply to rmse, error rates or custom metrics with their own units.
  if (metric !== undefined) {
    const info = metricInfo(metric);
    if (!info.score || info.direction !== 'higher-is-better') return undefined;
  }
  if (performance) {
    // The runbook's shared threshold covers the metrics it lists, not every score we happen to
    // collect (a click-through rate of 2% is not "below 85%").
    const listed = (performance.metrics ?? []).map(canonicalMetricName);
    if (metric !== undefined && listed.length > 0 && !listed.includes(metric)) {
      return undefined;
    }
    return {
      business: performance.business_hours_threshold,
      off: performance.off_hours_threshold,
      source: 'runbook',
    };
  }
  if (context.defaults) {
    return {
      business: context.defaults.businessHoursThreshold,
      off: context.defaults.offHoursThreshold,
      source: 'config',
    };
  }
  return undefined;
}

/**
 * The quality threshold in force at `date` for a model: the business-hours
 * one during business hours in the model's time zone, the off-hours one
 * otherwise, with the other given alongside.
 *
 * Which threshold applies to which metric: a per-metric entry in
 * `model_performance.metric_thresholds` wins; otherwise the shared
 * `business_hours_threshold` / `off_hours_threshold` apply to higher-is-better
 * scores (accuracy, precision, recall, f1, auc, r2, weighted forms...), and
 * to nothing else. Without a runbook the configured defaults are used the
 * same way. Undefined when no threshold applies. Throws, like
 * isBusinessHours, when the context's zone or window is invalid.
 * @public
 */
export function qualityThresholdInForce(
  runbook: Runbook | undefined,
  context: ThresholdContext,
  date: Date,
  metric?: string,
): ThresholdInForce | undefined {
  const canonical =
    metric === undefined ? undefined : canonicalMetricName(metric);
  const pair = pickPair(runbook, context, canonical);
  if (!pair) return undefined;
  // Without a metric the shared threshold is read as a score.
  const scale = canonical ?? 'accuracy';
  const business = normalizeMetricValue(scale, pair.business);
  const off = normalizeMetricValue(scale, pair.off);
  const inHours = isBusinessHours(date, {
    timeZone: context.timeZone,
    ...context.businessHours,
  });
  const current: ThresholdKind = inHours ? 'business-hours' : 'off-hours';
  return {
    ...(canonical !== undefined ? { metric: canonical } : {}),
    value: inHours ? business : off,
    kind: current,
    other: inHours
      ? { value: off, kind: 'off-hours' }
      : { value: business, kind: 'business-hours' },
    timeZone: context.timeZone,
    source: pair.source,
  };
}

/**
 * True when a normalized value is on the wrong side of its threshold:
 * below it for higher-is-better metrics, above it for lower-is-better ones.
 * Equal is not a breach.
 * @public
 */
export function isThresholdBreached(
  value: number,
  threshold: number,
  direction: MetricDirection,
): boolean {
  const epsilon = 1e-9;
  return direction === 'higher-is-better'
    ? value < threshold - epsilon
    : value > threshold + epsilon;
}

/**
 * The drift score threshold of a model: the runbook's `alert_threshold`, else
 * the configured default.
 * @public
 */
export function driftThresholdOf(
  runbook: Runbook | undefined,
  fallback: number,
): number {
  return runbook?.monitoring_config.data_quality.alert_threshold ?? fallback;
}
