export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** AWS JSON protocols carry timestamps as epoch seconds (fractions allowed). */
export function toEpochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * Accepts what the SDK sends for a timestamp member (epoch seconds as a number)
 * and, leniently, ISO strings from hand-written requests.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const asNumber = Number(value);
    if (value.trim() !== '' && Number.isFinite(asNumber))
      return asNumber * 1000;
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

export function floorTo(ms: number, step: number): number {
  return Math.floor(ms / step) * step;
}

export function ceilTo(ms: number, step: number): number {
  return Math.ceil(ms / step) * step;
}

export function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** "2026/11/25" in UTC, the partition layout used in S3 paths. */
export function datePath(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(
    d.getUTCDate(),
  )}`;
}

/** "202611251400" in UTC, the stamp SageMaker puts in monitoring job names. */
export function compactStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(
    d.getUTCDate(),
  )}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}

/** "25/11/26 14:00:00", the datapoint format CloudWatch uses in alarm state reasons. */
export function reasonStamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(
    d.getUTCFullYear() % 100,
  )} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(
    d.getUTCSeconds(),
  )}`;
}

export function isoNoMillis(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000+0000');
}
