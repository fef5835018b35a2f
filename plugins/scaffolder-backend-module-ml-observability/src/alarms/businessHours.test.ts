import { isBusinessHours } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  businessHoursIndicator,
  BusinessHoursWindow,
  nextOffsetChange,
  utcOffsetMinutes,
} from './businessHours';

/**
 * Compiles the generated metric math into a function of a datapoint's
 * timestamp that evaluates it the way CloudWatch does: HOUR, MINUTE and DAY
 * (1 = Monday) of the UTC timestamp.
 */
function evaluator(window: BusinessHoursWindow, at: Date, weekdays: boolean) {
  const indicator = businessHoursIndicator(window, at, {
    metricId: 'm1',
    weekdays,
  });
  const steps = indicator.steps.map(step => ({
    id: step.id,
    // eslint-disable-next-line no-new-func
    fn: Function(
      'HOUR',
      'MINUTE',
      'DAY',
      'v',
      `"use strict"; return (${step.expression
        .replace(/\b(HOUR|MINUTE|DAY)\(m1\)/g, '$1')
        .replace(/\bFLOOR\(/g, 'Math.floor(')
        .replace(/\b(shifted|local_time)\b/g, 'v.$1')});`,
    ) as (h: number, m: number, d: number, v: Record<string, number>) => number,
  }));
  return (t: Date): number => {
    if (indicator.constant !== undefined) return indicator.constant;
    const v: Record<string, number> = {};
    for (const step of steps) {
      v[step.id] = step.fn(
        t.getUTCHours(),
        t.getUTCMinutes(),
        ((t.getUTCDay() + 6) % 7) + 1,
        v,
      );
    }
    return v[indicator.resultId];
  };
}

// A winter week (no DST change inside), every 20 minutes.
const WEEK = Array.from(
  { length: (7 * 24 * 60) / 20 },
  (_, i) => new Date(Date.UTC(2026, 0, 12) + i * 20 * 60_000),
);
const AT = new Date(Date.UTC(2026, 0, 12));

describe('businessHoursIndicator', () => {
  it.each([
    ['America/New_York', '09:00', '18:00', [1, 2, 3, 4, 5]],
    ['Europe/London', '09:00', '17:30', [1, 2, 3, 4, 5]],
    ['America/Los_Angeles', '08:00', '20:00', [1, 2, 3, 4, 5, 6]],
    ['Asia/Kolkata', '09:30', '18:30', [1, 2, 3, 4, 5]],
    ['Pacific/Auckland', '22:00', '06:00', [1, 2, 3, 4, 5]],
    ['UTC', '00:00', '24:00', [6, 7]],
  ])(
    'matches isBusinessHours for %s %s-%s on days %j, with DAY()',
    (timeZone, start, end, days) => {
      const window = { timeZone, start, end, days };
      const evaluate = evaluator(window, AT, true);
      for (const t of WEEK) {
        expect({
          t: t.toISOString(),
          v: evaluate(t),
        }).toEqual({
          t: t.toISOString(),
          v: isBusinessHours(t, window) ? 1 : 0,
        });
      }
    },
  );

  it('without DAY() follows the hours every day of the week', () => {
    const window = {
      timeZone: 'America/New_York',
      start: '09:00',
      end: '18:00',
      days: [1, 2, 3, 4, 5],
    };
    const evaluate = evaluator(window, AT, false);
    for (const t of WEEK) {
      const everyDay = isBusinessHours(t, {
        ...window,
        days: [1, 2, 3, 4, 5, 6, 7],
      });
      expect(evaluate(t)).toBe(everyDay ? 1 : 0);
    }
  });

  it('describes the UTC window and folds constant windows', () => {
    const ny = businessHoursIndicator(
      {
        timeZone: 'America/New_York',
        start: '09:00',
        end: '18:00',
        days: [1, 2, 3, 4, 5],
      },
      AT,
      {
        metricId: 'm1',
        weekdays: true,
      },
    );
    expect(ny.utcWindow).toBe(
      'Mon 14:00-23:00, Tue 14:00-23:00, Wed 14:00-23:00, Thu 14:00-23:00, Fri 14:00-23:00 UTC',
    );
    expect(ny.offsetMinutes).toBe(-300);
    expect(ny.steps.map(s => s.id)).toEqual([
      'shifted',
      'local_time',
      'in_hours',
    ]);
    expect(ny.steps[0].expression).toBe(
      '(DAY(m1)-1)*1440+HOUR(m1)*60+MINUTE(m1)-300',
    );

    const always = businessHoursIndicator(
      {
        timeZone: 'UTC',
        start: '00:00',
        end: '00:00',
        days: [1, 2, 3, 4, 5, 6, 7],
      },
      AT,
      {
        metricId: 'm1',
        weekdays: true,
      },
    );
    expect(always).toMatchObject({ constant: 1, steps: [] });
    const never = businessHoursIndicator({ timeZone: 'UTC', days: [] }, AT, {
      metricId: 'm1',
      weekdays: true,
    });
    expect(never).toMatchObject({ constant: 0, steps: [] });
  });

  it('rejects invalid windows', () => {
    expect(() =>
      businessHoursIndicator({ timeZone: 'Mars/Base', start: '09:00' }, AT, {
        metricId: 'm1',
        weekdays: true,
      }),
    ).toThrow('Invalid business hours');
  });
});

describe('time zone offsets', () => {
  it('knows offsets and the next daylight-saving change', () => {
    expect(utcOffsetMinutes('America/New_York', AT)).toBe(-300);
    expect(utcOffsetMinutes('Asia/Kolkata', AT)).toBe(330);
    expect(utcOffsetMinutes('UTC', AT)).toBe(0);
    expect(nextOffsetChange('America/New_York', AT)?.toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(nextOffsetChange('UTC', AT)).toBeUndefined();
  });
});
