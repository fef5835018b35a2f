import {
  BusinessHours,
  DEFAULT_BUSINESS_HOURS,
  validateBusinessHours,
} from '@mlobs/backstage-plugin-ml-observability-common';

const DAY = 1440;
const WEEK = 7 * DAY;

/** Minutes east of UTC of a time zone at an instant, e.g. -300 for New York in winter. */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  const text = new Intl.DateTimeFormat('en-US', {
    timeZone,
    timeZoneName: 'longOffset',
  })
    .formatToParts(at)
    .find(p => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(text ?? '');
  if (!match) return 0; // "GMT" alone: UTC
  const total = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -total : total;
}

/**
 * The next instant within a year at which the zone's UTC offset changes
 * (daylight saving), to the minute, or undefined.
 */
export function nextOffsetChange(
  timeZone: string,
  from: Date,
): Date | undefined {
  const start = utcOffsetMinutes(timeZone, from);
  const hour = 3600_000;
  const origin = from.getTime();
  let low = origin;
  let high: number | undefined;
  for (
    let t = origin + 24 * hour;
    t <= origin + 366 * 24 * hour;
    t += 24 * hour
  ) {
    if (utcOffsetMinutes(timeZone, new Date(t)) !== start) {
      high = t;
      break;
    }
    low = t;
  }
  if (high === undefined) return undefined;
  while (high - low > 60_000) {
    const mid = Math.floor((low + high) / 2);
    if (utcOffsetMinutes(timeZone, new Date(mid)) === start) low = mid;
    else high = mid;
  }
  // Offsets change on whole minutes; the change is the last whole minute up to high.
  return new Date(Math.floor(high / 60_000) * 60_000);
}

function minutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h * 60 + m;
}

/** Sorted, merged half-open intervals within [0, period). */
function normalize(
  intervals: Array<[number, number]>,
  period: number,
): Array<[number, number]> {
  const split: Array<[number, number]> = [];
  for (const [a, b] of intervals) {
    if (b - a >= period) return [[0, period]];
    const start = ((a % period) + period) % period;
    const end = start + (b - a);
    if (end <= period) split.push([start, end]);
    else split.push([start, period], [0, end - period]);
  }
  split.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of split) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** One expression query of a metric math alarm. */
export interface MathStep {
  id: string;
  expression: string;
  label: string;
}

export interface BusinessHoursIndicator {
  /** Constant when business hours are always or never in force. */
  constant?: 0 | 1;
  /** Expressions ending with the indicator (1 in business hours, else 0), in evaluation order. */
  steps: MathStep[];
  /** Id of the indicator expression. */
  resultId: string;
  /** The window in UTC, for descriptions: "Mon-Fri 14:00-23:00 UTC". */
  utcWindow: string;
  offsetMinutes: number;
  /** When the zone's offset changes next, the window in the alarm is an hour off until re-run. */
  nextOffsetChange?: Date;
}

export interface BusinessHoursWindow extends Partial<BusinessHours> {
  timeZone: string;
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function clock(total: number): string {
  const m = ((total % DAY) + DAY) % DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(
    m % 60,
  ).padStart(2, '0')}`;
}

/**
 * Builds metric math that is 1 for datapoints inside the business-hours
 * window and 0 outside, from HOUR(), MINUTE() and, when `weekdays`, DAY() of
 * each datapoint's timestamp (UTC in CloudWatch). The model's local window is
 * converted to UTC with the zone's offset at `at`. Only arithmetic and FLOOR
 * are used (no IF or comparisons), so the same expression runs on CloudWatch
 * and on the local emulator.
 *
 * step(x >= a) for whole numbers x in [0, P) and a in [0, P] is
 * FLOOR((x + P - a) / P); an interval [a, b) is step(a) - step(b).
 */
export function businessHoursIndicator(
  window: BusinessHoursWindow,
  at: Date,
  options: { metricId: string; weekdays: boolean },
): BusinessHoursIndicator {
  const problems = validateBusinessHours(window);
  if (problems.length > 0) {
    throw new Error(`Invalid business hours: ${problems.join('; ')}`);
  }
  const start = minutes(window.start ?? DEFAULT_BUSINESS_HOURS.start);
  const end = minutes(window.end ?? DEFAULT_BUSINESS_HOURS.end);
  const days = [
    ...new Set(
      (window.days ?? DEFAULT_BUSINESS_HOURS.days).map(d => (d === 0 ? 7 : d)),
    ),
  ].sort();
  // start === end means the whole day; end before start runs past midnight.
  let length = end - start;
  if (length <= 0) length += DAY;
  const offset = utcOffsetMinutes(window.timeZone, at);
  const useDays = options.weekdays && days.length < 7;
  const period = useDays ? WEEK : DAY;

  // Local window(s) in minutes of the (local) week or day.
  let local: Array<[number, number]> = [];
  if (useDays) {
    local = days.map(d => [
      (d - 1) * DAY + start,
      (d - 1) * DAY + start + length,
    ]);
  } else if (days.length > 0) {
    local = [[start, start + length]];
  }
  const intervals = normalize(local, period);
  const change = nextOffsetChange(window.timeZone, at);

  const utc = normalize(
    intervals.map(([a, b]) => [a - offset, b - offset]),
    period,
  );
  const utcWindow = utc
    .map(([a, b]) =>
      useDays
        ? `${DAY_NAMES[Math.floor(a / DAY) % 7]} ${clock(a)}-${
            b === period ? '24:00' : clock(b)
          }`
        : `${clock(a)}-${b === DAY ? '24:00' : clock(b)}`,
    )
    .join(', ');
  const base = {
    resultId: 'in_hours',
    utcWindow: utcWindow ? `${utcWindow} UTC` : 'never',
    offsetMinutes: offset,
    ...(change ? { nextOffsetChange: change } : {}),
  };
  if (intervals.length === 0) return { ...base, constant: 0, steps: [] };
  if (
    intervals.length === 1 &&
    intervals[0][0] === 0 &&
    intervals[0][1] === period
  ) {
    return { ...base, constant: 1, steps: [] };
  }

  const m = options.metricId;
  const utcMinutes = `HOUR(${m})*60+MINUTE(${m})`;
  const shifted = useDays
    ? `(DAY(${m})-1)*${DAY}+${utcMinutes}${offset >= 0 ? '+' : '-'}${Math.abs(
        offset,
      )}`
    : `${utcMinutes}${offset >= 0 ? '+' : '-'}${Math.abs(offset)}`;
  const step = (a: number) => {
    if (a === 0) return '1';
    if (a === period) return '0';
    return `FLOOR((local_time+${period - a})/${period})`;
  };
  const terms = intervals.map(([a, b]) => {
    const upper = step(b);
    return upper === '0' ? step(a) : `${step(a)}-${upper}`;
  });
  return {
    ...base,
    steps: [
      {
        id: 'shifted',
        expression: shifted,
        label: `Local minute of the ${
          useDays ? 'week' : 'day'
        }, before wrapping`,
      },
      {
        id: 'local_time',
        expression: `shifted-${period}*FLOOR(shifted/${period})`,
        label: `Local minute of the ${useDays ? 'week' : 'day'} in ${
          window.timeZone
        }`,
      },
      {
        id: 'in_hours',
        expression: terms.join('+'),
        label: '1 in business hours, 0 off hours',
      },
    ],
  };
}
