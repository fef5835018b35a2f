import { DAY, HOUR, MINUTE, floorTo } from '../util/time';

/**
 * The schedule expressions SageMaker Model Monitor accepts: hourly `cron(0 * ? * * *)`,
 * daily `cron(0 H ? * * *)`, every N hours `cron(0 H/N ? * * *)` / `cron(0 *\/N ? * * *)`,
 * hour lists `cron(0 1,13 ? * * *)`, and one-shot `NOW`.
 */
export type Cadence =
  | { kind: 'cron'; minute: number; hours: number[] }
  | { kind: 'once'; at: number };

export function parseScheduleExpression(
  expression: string,
  createdAt: number,
): Cadence {
  const trimmed = expression.trim();
  if (trimmed === 'NOW') return { kind: 'once', at: createdAt };
  const match = /^cron\((.*)\)$/.exec(trimmed);
  if (!match) throw new Error(`Invalid ScheduleExpression: ${expression}`);
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6 && fields.length !== 5) {
    throw new Error(`Invalid ScheduleExpression: ${expression}`);
  }
  const [minuteField, hourField, dayOfMonth, month, dayOfWeek, year = '*'] =
    fields;
  const minute = Number(minuteField);
  if (!/^\d{1,2}$/.test(minuteField) || minute > 59) {
    throw new Error(
      `Invalid minute field in ScheduleExpression: ${expression}`,
    );
  }
  const everyDay =
    (dayOfMonth === '?' || dayOfMonth === '*') &&
    month === '*' &&
    (dayOfWeek === '*' || dayOfWeek === '?') &&
    dayOfMonth !== dayOfWeek &&
    year === '*';
  if (!everyDay) {
    throw new Error(
      `Unsupported ScheduleExpression ${expression}: Model Monitor schedules run hourly, daily or every N hours`,
    );
  }
  return { kind: 'cron', minute, hours: parseHours(hourField, expression) };
}

function parseHours(field: string, expression: string): number[] {
  const fail = () =>
    new Error(`Invalid hour field in ScheduleExpression: ${expression}`);
  const hours = new Set<number>();
  for (const part of field.split(',')) {
    const step = /^(\*|\d{1,2})\/(\d{1,2})$/.exec(part);
    if (part === '*') {
      for (let h = 0; h < 24; h++) hours.add(h);
    } else if (step) {
      const start = step[1] === '*' ? 0 : Number(step[1]);
      const every = Number(step[2]);
      if (start > 23 || every < 1 || every > 24) throw fail();
      for (let h = start; h < 24; h += every) hours.add(h);
    } else if (/^\d{1,2}$/.test(part) && Number(part) <= 23) {
      hours.add(Number(part));
    } else {
      throw fail();
    }
  }
  return [...hours].sort((a, b) => a - b);
}

/** Smallest scheduled instant >= t. */
export function nextRun(cadence: Cadence, t: number): number | undefined {
  if (cadence.kind === 'once') return cadence.at >= t ? cadence.at : undefined;
  let day = floorTo(t, DAY);
  for (let guard = 0; guard < 3; guard++, day += DAY) {
    for (const h of cadence.hours) {
      const at = day + h * HOUR + cadence.minute * MINUTE;
      if (at >= t) return at;
    }
  }
  return undefined;
}

/** Largest scheduled instant <= t. */
export function previousRun(cadence: Cadence, t: number): number | undefined {
  if (cadence.kind === 'once') return cadence.at <= t ? cadence.at : undefined;
  let day = floorTo(t, DAY);
  for (let guard = 0; guard < 3; guard++, day -= DAY) {
    for (let i = cadence.hours.length - 1; i >= 0; i--) {
      const at = day + cadence.hours[i] * HOUR + cadence.minute * MINUTE;
      if (at <= t) return at;
    }
  }
  return undefined;
}

/** Scheduled instants in [from, to), ascending or descending. */
export function* runsBetween(
  cadence: Cadence,
  from: number,
  to: number,
  descending = false,
): Generator<number> {
  if (!descending) {
    let at = nextRun(cadence, from);
    while (at !== undefined && at < to) {
      yield at;
      at = nextRun(cadence, at + 1);
    }
  } else {
    let at = previousRun(cadence, to - 1);
    while (at !== undefined && at >= from) {
      yield at;
      at = previousRun(cadence, at - 1);
    }
  }
}

/** Typical gap between runs, used to size alarm periods and history windows. */
export function typicalInterval(cadence: Cadence): number {
  if (cadence.kind === 'once' || cadence.hours.length <= 1) return DAY;
  return (24 / cadence.hours.length) * HOUR;
}
