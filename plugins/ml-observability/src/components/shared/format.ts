import {
  formatDuration,
  formatInstant,
  HealthStatus,
  MetricDisplay,
  TimeRange,
} from '@mlobs/backstage-plugin-ml-observability-common';

export const HEALTH_STATUS_TEXT: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

export const TIME_RANGE_TEXT: Record<TimeRange, string> = {
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
};

/** Seconds from an ISO instant to now; undefined for a value that is not a date. */
export function secondsSince(
  iso: string,
  now = Date.now(),
): number | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.max(0, (now - ms) / 1000);
}

/** "2024-05-14 10:00 UTC (2 h ago)". */
export function instantWithAge(iso: string, now = Date.now()): string {
  const age = secondsSince(iso, now);
  return age === undefined
    ? formatInstant(iso)
    : `${formatInstant(iso)} (${formatDuration(age)} ago)`;
}

/** A normalized value the way the report says it is best shown. */
export function formatByDisplay(display: MetricDisplay, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (display === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

// CloudWatch ComparisonOperator → what a person reads.
const COMPARISONS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the band',
  LessThanLowerThreshold: 'below the band',
  GreaterThanUpperThreshold: 'above the band',
};

export function comparisonText(comparison: string | undefined): string {
  if (!comparison) return '';
  return COMPARISONS[comparison] ?? comparison;
}

/** Short axis label for a time: "14:00" for a day, "May 14" beyond. */
export function timeTick(iso: string | number, range: TimeRange): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return range === '24h'
    ? date.toISOString().slice(11, 16)
    : date.toISOString().slice(5, 10);
}
