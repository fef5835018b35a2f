/**
 * How often things are expected to happen: runbook frequencies ("every 2
 * hours") and SageMaker monitoring schedule expressions. Used to tell when
 * data is late.
 */

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

const ADVERBS: Record<string, number> = {
  hourly: 3600,
  daily: 86400,
  nightly: 86400,
  weekly: 604800,
};

/**
 * The accepted shapes of a runbook frequency, for error messages.
 * @public
 */
export const FREQUENCY_RULE =
  'a frequency like "every 2 hours", "every 30 minutes", "every hour", "hourly", "daily" or "weekly"';

/**
 * Seconds between runs for a runbook frequency such as "every 2 hours",
 * "every hour", "hourly", "daily", "every 30 min" or "every 6h"; undefined
 * when the text is not one of these shapes.
 * @public
 */
export function parseFrequency(text: string): number | undefined {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (ADVERBS[value]) return ADVERBS[value];
  const match =
    /^(?:every|once every|once an?|once per|per) ?(\d+(?:\.\d+)?)? ?([a-z]+)$/.exec(
      value,
    );
  if (!match) return undefined;
  const unit = UNIT_SECONDS[match[2]];
  if (!unit) return undefined;
  const count = match[1] === undefined ? 1 : Number(match[1]);
  if (!(count > 0)) return undefined;
  return Math.round(count * unit);
}

/**
 * Seconds between runs of a SageMaker monitoring schedule expression. Model
 * Monitor accepts hourly (`cron(0 * ? * * *)`), every N hours
 * (`cron(0 H/N ? * * *)` or `cron(0 *\/N ? * * *)`) and daily
 * (`cron(0 H ? * * *)`) expressions, plus `NOW` for a one-off run, which has
 * no interval. Anything else gives undefined.
 * @public
 */
export function scheduleIntervalSeconds(
  expression: string,
): number | undefined {
  const match = /^cron\((.*)\)$/i.exec(expression.trim());
  if (!match) return undefined;
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minutes, hours, dayOfMonth, , dayOfWeek] = fields;
  if (!/^\d{1,2}$/.test(minutes)) return undefined;
  const everyDay =
    (dayOfMonth === '?' || dayOfMonth === '*') &&
    (dayOfWeek === '*' || dayOfWeek === '?');
  if (!everyDay) return undefined;
  if (hours === '*') return 3600;
  const step = /^(?:\*|\d{1,2})\/(\d{1,2})$/.exec(hours);
  if (step) {
    const n = Number(step[1]);
    return n >= 1 && n <= 24 ? n * 3600 : undefined;
  }
  if (/^\d{1,2}$/.test(hours)) return 86400;
  const list = hours.split(',');
  if (list.length > 1 && list.every(h => /^\d{1,2}$/.test(h))) {
    // Uneven lists are possible; the widest gap is what lateness must allow.
    const sorted = list.map(Number).sort((a, b) => a - b);
    let widest = 24 - sorted[sorted.length - 1] + sorted[0];
    for (let i = 1; i < sorted.length; i++) {
      widest = Math.max(widest, sorted[i] - sorted[i - 1]);
    }
    return widest * 3600;
  }
  return undefined;
}
