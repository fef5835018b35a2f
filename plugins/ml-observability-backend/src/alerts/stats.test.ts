import type { AlertTransition } from '@mlobs/backstage-plugin-ml-observability-common';
import { computeAlarmStats, totalAlarmStats } from './stats';

const NOW = new Date('2026-12-04T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const rule = { transitions: 6, windowHours: 24 };

function t(
  msAgo: number,
  state: AlertTransition['state'],
  previousState?: AlertTransition['state'],
): AlertTransition {
  return {
    alarmArn: 'arn:a',
    alarmName: 'a',
    state,
    ...(previousState ? { previousState } : {}),
    at: ago(msAgo),
    origin: 'eventbridge',
  };
}

describe('computeAlarmStats', () => {
  it.each([
    {
      name: 'no history',
      transitions: [],
      expected: {
        firedIn7d: 0,
        firedIn30d: 0,
        timeInAlarmMs30d: 0,
        noisy: false,
      },
    },
    {
      name: 'one recovered ALARM in the week',
      transitions: [
        t(2 * DAY, 'ALARM', 'OK'),
        t(2 * DAY - HOUR, 'OK', 'ALARM'),
      ],
      expected: {
        firedIn7d: 1,
        firedIn30d: 1,
        timeInAlarmMs30d: HOUR,
        medianRecoveryMs: HOUR,
        noisy: false,
      },
    },
    {
      name: 'an open ALARM counts up to now',
      transitions: [t(10 * DAY, 'ALARM', 'OK')],
      expected: {
        firedIn7d: 0,
        firedIn30d: 1,
        timeInAlarmMs30d: 10 * DAY,
        noisy: false,
      },
    },
    {
      name: 'an ALARM from before the window (stored row) counts from the window start',
      transitions: [t(40 * DAY, 'ALARM', 'OK'), t(20 * DAY, 'OK', 'ALARM')],
      expected: {
        firedIn7d: 0,
        firedIn30d: 0,
        timeInAlarmMs30d: 10 * DAY,
        noisy: false,
      },
    },
    {
      name: 'an ALARM from before the window, known from the first change in it',
      transitions: [t(29 * DAY, 'OK', 'ALARM')],
      expected: {
        firedIn7d: 0,
        firedIn30d: 0,
        timeInAlarmMs30d: DAY,
        noisy: false,
      },
    },
    {
      name: 'repeated ALARM rows and out-of-order input count one firing',
      transitions: [
        t(HOUR, 'OK'),
        t(3 * HOUR, 'ALARM', 'ALARM'),
        t(4 * HOUR, 'ALARM', 'OK'),
      ],
      expected: {
        firedIn7d: 1,
        firedIn30d: 1,
        timeInAlarmMs30d: 3 * HOUR,
        medianRecoveryMs: 3 * HOUR,
        noisy: false,
      },
    },
    {
      name: 'the median of several recoveries; older ones are not counted',
      transitions: [
        t(40 * DAY, 'ALARM', 'OK'),
        t(40 * DAY - 5 * HOUR, 'OK', 'ALARM'),
        t(20 * DAY, 'ALARM', 'OK'),
        t(20 * DAY - HOUR, 'INSUFFICIENT_DATA', 'ALARM'),
        t(10 * DAY, 'ALARM', 'INSUFFICIENT_DATA'),
        t(10 * DAY - 2 * HOUR, 'OK', 'ALARM'),
        t(5 * DAY, 'ALARM', 'OK'),
        t(5 * DAY - 4 * HOUR, 'OK', 'ALARM'),
      ],
      expected: {
        firedIn7d: 1,
        firedIn30d: 3,
        timeInAlarmMs30d: 7 * HOUR,
        medianRecoveryMs: 2 * HOUR,
        noisy: false,
      },
    },
  ])('$name', ({ transitions, expected }) => {
    expect(
      computeAlarmStats(transitions, { now: NOW, noisyRule: rule }),
    ).toEqual(expected);
  });

  it('takes a current ALARM with no change in the window as alarming all window', () => {
    expect(
      computeAlarmStats([], {
        now: NOW,
        noisyRule: rule,
        currentState: 'ALARM',
      }).timeInAlarmMs30d,
    ).toBe(30 * DAY);
    expect(
      computeAlarmStats([], { now: NOW, noisyRule: rule, currentState: 'OK' })
        .timeInAlarmMs30d,
    ).toBe(0);
  });

  it('is noisy with enough changes within a sliding window of the last 7 days', () => {
    const flapping = (spacing: number, start: number) =>
      Array.from({ length: 6 }, (_, i) =>
        t(start - i * spacing, i % 2 ? 'OK' : 'ALARM'),
      );
    // 6 changes over 20 hours: noisy.
    expect(
      computeAlarmStats(flapping(4 * HOUR, 3 * DAY), {
        now: NOW,
        noisyRule: rule,
      }).noisy,
    ).toBe(true);
    // 6 changes over 30 hours: not within 24.
    expect(
      computeAlarmStats(flapping(6 * HOUR, 3 * DAY), {
        now: NOW,
        noisyRule: rule,
      }).noisy,
    ).toBe(false);
    // Noisy 10 days ago: not any more.
    expect(
      computeAlarmStats(flapping(HOUR, 10 * DAY), { now: NOW, noisyRule: rule })
        .noisy,
    ).toBe(false);
    // A stricter rule.
    expect(
      computeAlarmStats(flapping(6 * HOUR, 3 * DAY), {
        now: NOW,
        noisyRule: { transitions: 3, windowHours: 12 },
      }).noisy,
    ).toBe(true);
  });

  it('ignores transitions after now', () => {
    expect(
      computeAlarmStats([t(-HOUR, 'ALARM', 'OK')], {
        now: NOW,
        noisyRule: rule,
      }).firedIn7d,
    ).toBe(0);
  });
});

describe('totalAlarmStats', () => {
  it('adds figures up over alarms, with the median of all recoveries', () => {
    const options = { now: NOW, noisyRule: rule };
    const a = [t(3 * DAY, 'ALARM', 'OK'), t(3 * DAY - HOUR, 'OK', 'ALARM')];
    const b = [
      t(2 * DAY, 'ALARM', 'OK'),
      t(2 * DAY - 3 * HOUR, 'OK', 'ALARM'),
      t(DAY, 'ALARM', 'OK'),
      t(DAY - 5 * HOUR, 'OK', 'ALARM'),
    ];
    const perAlarm = [a, b].map(transitions => ({
      transitions,
      stats: computeAlarmStats(transitions, options),
    }));
    expect(totalAlarmStats(perAlarm, options)).toEqual({
      firedIn7d: 3,
      firedIn30d: 3,
      timeInAlarmMs30d: 9 * HOUR,
      medianRecoveryMs: 3 * HOUR,
      noisy: false,
    });
    expect(totalAlarmStats([], options)).toEqual({
      firedIn7d: 0,
      firedIn30d: 0,
      timeInAlarmMs30d: 0,
      noisy: false,
    });
  });
});
