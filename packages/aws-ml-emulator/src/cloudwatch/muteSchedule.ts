import { DAY, HOUR, MINUTE, SECOND } from '../util/time';

/**
 * The schedules of CloudWatch alarm mute rules: `at(yyyy-MM-ddThh:mm)` (one time) or
 * `cron(Minutes Hours Day-of-month Month Day-of-week)` (recurring; `*`, `-`, `,` and the
 * English names JAN-DEC / SUN-SAT), each read in `Timezone` (default UTC), and an ISO 8601
 * `Duration` from PT1M to P15D.
 */
export type MuteSchedule =
  | { kind: 'at'; at: number; durationMs: number; timezone: string }
  | { kind: 'cron'; fields: CronField[]; durationMs: number; timezone: string };

/** Allowed values of one cron field. */
type CronField = Set<number> | 'any';

export class MuteScheduleError extends Error {}

const MONTHS = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseDuration(text: string): number {
  const m =
    /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
      text,
    );
  if (!m || text === 'P' || text.endsWith('T')) {
    throw new MuteScheduleError(
      `Invalid Duration ${text}: use an ISO 8601 duration such as PT4H or P2DT12H.`,
    );
  }
  const [weeks, days, hours, minutes, seconds] = m
    .slice(1)
    .map(v => Number(v ?? 0));
  const ms =
    weeks * 7 * DAY +
    days * DAY +
    hours * HOUR +
    minutes * MINUTE +
    seconds * SECOND;
  if (ms < MINUTE || ms > 15 * DAY) {
    throw new MuteScheduleError(
      `Invalid Duration ${text}: it must be between PT1M and P15D.`,
    );
  }
  return ms;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      throw new MuteScheduleError(
        `Invalid Timezone ${timezone}: use an IANA time zone such as America/New_York.`,
      );
    }
    formatters.set(timezone, f);
  }
  return f;
}

/** Wall-clock minus UTC at instant `t`, in ms (minute precision). */
function offsetAt(t: number, timezone: string): number {
  if (timezone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(t)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
  );
  return wall - Math.floor(t / MINUTE) * MINUTE;
}

/** The UTC instant of a wall-clock time in `timezone`. */
function fromWallClock(wall: number, timezone: string): number {
  let utc = wall - offsetAt(wall, timezone);
  utc = wall - offsetAt(utc, timezone);
  return utc;
}

function parseCronField(
  text: string,
  min: number,
  max: number,
  names?: string[],
): CronField {
  if (text === '*') return 'any';
  const value = (v: string) => {
    const named = names?.indexOf(v.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + (names === MONTHS ? 1 : 0) : Number(v);
    if (!/^\d+$/.test(v) && named < 0) return NaN;
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to = from] = part.split('-');
    const a = value(from);
    const b = value(to);
    if (!(a >= min && b <= max && a <= b) || part.split('-').length > 2)
      throw new MuteScheduleError(`Invalid cron field ${text}.`);
    for (let v = a; v <= b; v++) out.add(v);
  }
  return out;
}

export function parseMuteSchedule(
  expression: string,
  duration: string,
  timezone = 'UTC',
): MuteSchedule {
  const durationMs = parseDuration(duration);
  formatter(timezone);
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})\)$/.exec(
    expression.trim(),
  );
  if (at) {
    const [y, mo, d, h, mi] = at.slice(1).map(Number);
    const wall = Date.UTC(y, mo - 1, d, h, mi);
    const check = new Date(wall);
    if (
      check.getUTCMonth() !== mo - 1 ||
      check.getUTCDate() !== d ||
      h > 23 ||
      mi > 59
    ) {
      throw new MuteScheduleError(`Invalid date in ${expression}.`);
    }
    return {
      kind: 'at',
      at: fromWallClock(wall, timezone),
      durationMs,
      timezone,
    };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) {
    const parts = cron[1].trim().split(/\s+/);
    if (parts.length !== 5) {
      throw new MuteScheduleError(
        `Invalid Expression ${expression}: cron takes 5 fields (Minutes Hours Day-of-month Month Day-of-week).`,
      );
    }
    const fields = [
      parseCronField(parts[0], 0, 59),
      parseCronField(parts[1], 0, 23),
      parseCronField(parts[2], 1, 31),
      parseCronField(parts[3], 1, 12, MONTHS),
      parseCronField(parts[4], 0, 6, DAYS),
    ];
    return { kind: 'cron', fields, durationMs, timezone };
  }
  throw new MuteScheduleError(
    `Invalid Expression ${expression}: use at(yyyy-MM-ddThh:mm) or cron(Minutes Hours Day-of-month Month Day-of-week).`,
  );
}

function has(field: CronField, v: number): boolean {
  return field === 'any' || field.has(v);
}

function cronMatches(fields: CronField[], wall: Date): boolean {
  const [minute, hour, dom, month, dow] = fields;
  if (!has(minute, wall.getUTCMinutes()) || !has(hour, wall.getUTCHours()))
    return false;
  if (!has(month, wall.getUTCMonth() + 1)) return false;
  // As in cron: with both days restricted, either matches.
  const domOk = has(dom, wall.getUTCDate());
  const dowOk = has(dow, wall.getUTCDay());
  if (dom !== 'any' && dow !== 'any') return domOk || dowOk;
  return domOk && dowOk;
}

/** The start of the mute window that contains `t`, if any. */
export function windowStartAt(
  schedule: MuteSchedule,
  t: number,
): number | undefined {
  if (schedule.kind === 'at') {
    return t >= schedule.at && t < schedule.at + schedule.durationMs
      ? schedule.at
      : undefined;
  }
  // The latest occurrence no older than the duration: walk back minute by minute.
  const last = Math.floor(t / MINUTE) * MINUTE;
  let offset = offsetAt(last, schedule.timezone);
  let offsetHour = Math.floor(last / HOUR);
  for (let m = last; m > t - schedule.durationMs; m -= MINUTE) {
    const hour = Math.floor(m / HOUR);
    if (hour !== offsetHour) {
      offset = offsetAt(m, schedule.timezone);
      offsetHour = hour;
    }
    if (cronMatches(schedule.fields, new Date(m + offset))) return m;
  }
  return undefined;
}
