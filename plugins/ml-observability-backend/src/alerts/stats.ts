import type {
  AlarmAlertStats,
  AlarmState,
  AlertTransition,
  NoisyRule,
} from '@mlobs/backstage-plugin-ml-observability-common';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The figures of `AlarmAlertStats` that add up over several alarms. */
export type AlertStatsFigures = Omit<
  AlarmAlertStats,
  'alarmArn' | 'alarmName' | 'state' | 'lastTransitionAt'
>;

/** What `computeAlarmStats` needs besides the transitions. */
export interface AlarmStatsOptions {
  now: Date;
  noisyRule: NoisyRule;
  /**
   * The alarm's state now (from its snapshot): when it is ALARM and no
   * stored transition says when it began, it has been alarming since
   * before the window.
   */
  currentState?: AlarmState;
}

type Point = { at: number; state: AlarmState; previousState?: AlarmState };

/** Transitions up to `now`, oldest first. */
function pointsOf(transitions: AlertTransition[], now: number): Point[] {
  return transitions
    .map(t => ({
      at: Date.parse(t.at),
      state: t.state,
      previousState: t.previousState,
    }))
    .filter(p => !Number.isNaN(p.at) && p.at <= now)
    .sort((a, b) => a.at - b.at);
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]
    : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Whether at least `rule.transitions` changes fall within some `rule.windowHours` window. */
function isNoisy(times: number[], rule: NoisyRule): boolean {
  if (rule.transitions <= 0) return true;
  const windowMs = rule.windowHours * HOUR_MS;
  for (let i = 0; i + rule.transitions - 1 < times.length; i++) {
    if (times[i + rule.transitions - 1] - times[i] <= windowMs) return true;
  }
  return false;
}

/**
 * One alarm's habits from its stored transitions (any order, any age):
 * firing in the last 7 and 30 days, time in ALARM over 30 days (intervals
 * clipped to the window, an open ALARM counting up to now), the median time
 * to recover, and whether it flapped by the noisy rule in the last 7 days.
 */
export function computeAlarmStats(
  transitions: AlertTransition[],
  options: AlarmStatsOptions,
): AlertStatsFigures {
  const now = options.now.getTime();
  const from30 = now - 30 * DAY_MS;
  const from7 = now - 7 * DAY_MS;
  const points = pointsOf(transitions, now);

  const fired = (from: number) =>
    points.filter(
      (p, i) =>
        p.at >= from &&
        p.state === 'ALARM' &&
        p.previousState !== 'ALARM' &&
        (i === 0 || points[i - 1].state !== 'ALARM'),
    ).length;

  // Time in ALARM: walk the state changes, starting with the state at the window start.
  const before = points.filter(p => p.at < from30);
  const inWindow = points.filter(p => p.at >= from30);
  let state: AlarmState | undefined = before.length
    ? before[before.length - 1].state
    : undefined;
  if (state === undefined) {
    // Nothing stored before the window: the first change in it says what it
    // left; with none, the alarm's state now has held all window long.
    state = inWindow.length ? inWindow[0].previousState : options.currentState;
  }
  let timeInAlarm = 0;
  let cursor = from30;
  for (const p of inWindow) {
    if (state === 'ALARM') timeInAlarm += p.at - cursor;
    state = p.state;
    cursor = p.at;
  }
  if (state === 'ALARM') timeInAlarm += now - cursor;

  const recoveries = recoveryTimes(points, from30);
  const medianRecoveryMs = median(recoveries);
  return {
    firedIn7d: fired(from7),
    firedIn30d: fired(from30),
    timeInAlarmMs30d: timeInAlarm,
    ...(medianRecoveryMs !== undefined ? { medianRecoveryMs } : {}),
    noisy: isNoisy(
      points.filter(p => p.at >= from7).map(p => p.at),
      options.noisyRule,
    ),
  };
}

/**
 * Totals over a model's alarms: counts and time add up, the median is over
 * every alarm's recoveries, noisy when any alarm is.
 */
export function totalAlarmStats(
  perAlarm: Array<{ transitions: AlertTransition[]; stats: AlertStatsFigures }>,
  options: AlarmStatsOptions,
): AlertStatsFigures {
  const from30 = options.now.getTime() - 30 * DAY_MS;
  const recoveries = perAlarm.flatMap(({ transitions }) =>
    recoveryTimes(pointsOf(transitions, options.now.getTime()), from30),
  );
  const medianRecoveryMs = median(recoveries);
  return {
    firedIn7d: perAlarm.reduce((n, a) => n + a.stats.firedIn7d, 0),
    firedIn30d: perAlarm.reduce((n, a) => n + a.stats.firedIn30d, 0),
    timeInAlarmMs30d: perAlarm.reduce(
      (n, a) => n + a.stats.timeInAlarmMs30d,
      0,
    ),
    ...(medianRecoveryMs !== undefined ? { medianRecoveryMs } : {}),
    noisy: perAlarm.some(a => a.stats.noisy),
  };
}

/** Durations from the start of each ALARM run (in the window) to the next other state. */
function recoveryTimes(points: Point[], from: number): number[] {
  const out: number[] = [];
  let start: number | undefined;
  for (const p of points) {
    if (p.state === 'ALARM') start ??= p.at;
    else if (start !== undefined) {
      if (start >= from) out.push(p.at - start);
      start = undefined;
    }
  }
  return out;
}
