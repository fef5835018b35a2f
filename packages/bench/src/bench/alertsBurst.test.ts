import {
  ALERTS_END,
  ALERTS_START,
  AlarmStateValue,
  assertSpread,
  BurstAlarm,
  burstFloor,
  idleRate,
  owedNotifications,
  planBurst,
  replaceAlertsSection,
} from './alertsBurst';

const alarms = (states: AlarmStateValue[]): BurstAlarm[] =>
  states.map((state, i) => ({ arn: `arn:${i}`, name: `a${i}`, state }));

describe('planBurst', () => {
  it('gives 1,000 changes for 1,000 alarms, each a real change, two of one alarm far apart', () => {
    const fleet = alarms(
      Array.from({ length: 1000 }, (_, i): AlarmStateValue => {
        if (i % 7 === 0) return 'ALARM';
        return i % 5 === 0 ? 'INSUFFICIENT_DATA' : 'OK';
      }),
    );
    const steps = planBurst(fleet);
    expect(steps).toHaveLength(1000);
    expect(steps.every(s => s.previous !== s.state)).toBe(true);
    expect(new Set(steps.map(s => s.arn)).size).toBe(750);
    expect(() => assertSpread(steps, 10)).not.toThrow();
  });

  it('fires then resolves, fires, makes a quiet change, or leaves an alarm alone, by position', () => {
    const steps = planBurst(
      alarms(['OK', 'OK', 'OK', 'OK', 'ALARM', 'ALARM']),
      3,
    );
    expect(steps.map(s => `${s.name}:${s.previous}>${s.state}`)).toEqual([
      'a0:OK>ALARM',
      'a1:OK>ALARM',
      'a2:OK>INSUFFICIENT_DATA',
      'a4:ALARM>OK',
      'a5:ALARM>OK',
      'a0:ALARM>OK',
      'a4:OK>ALARM',
    ]);
  });
});

describe('owedNotifications', () => {
  const spread = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      arn: `filler:${i}`,
      name: `f${i}`,
      previous: 'OK' as const,
      state: 'INSUFFICIENT_DATA' as const,
    }));

  it('owes an ALARM, and the OK or INSUFFICIENT_DATA that ends one, nothing else', () => {
    const steps = [
      { arn: 'x', name: 'x', previous: 'OK' as const, state: 'ALARM' as const },
      {
        arn: 'y',
        name: 'y',
        previous: 'OK' as const,
        state: 'INSUFFICIENT_DATA' as const,
      },
      ...spread(10),
      { arn: 'x', name: 'x', previous: 'ALARM' as const, state: 'OK' as const },
      {
        arn: 'y',
        name: 'y',
        previous: 'INSUFFICIENT_DATA' as const,
        state: 'OK' as const,
      },
    ];
    expect(owedNotifications(steps, new Map())).toEqual([
      { step: 0, arn: 'x', state: 'ALARM' },
      { step: 12, arn: 'x', state: 'OK' },
    ]);
  });

  it('resolves an alarm only when the history holds its ALARM', () => {
    const steps = [
      { arn: 'z', name: 'z', previous: 'ALARM' as const, state: 'OK' as const },
    ];
    expect(owedNotifications(steps, new Map())).toEqual([]);
    expect(
      owedNotifications(steps, new Map([['z', ['OK', 'ALARM'] as const]])),
    ).toEqual([{ step: 0, arn: 'z', state: 'OK' }]);
  });

  it('refuses a burst whose answer would depend on how messages are batched', () => {
    const steps = [
      { arn: 'x', name: 'x', previous: 'OK' as const, state: 'ALARM' as const },
      ...spread(3),
      { arn: 'x', name: 'x', previous: 'ALARM' as const, state: 'OK' as const },
    ];
    expect(() => owedNotifications(steps, new Map())).toThrow(
      /could share a receive batch/,
    );
  });

  it('owes 750 for the planned burst over OK alarms', () => {
    const steps = planBurst(alarms(Array(1000).fill('OK')));
    // 250 fired and resolved (2 each), 250 fired, 250 quiet changes.
    expect(owedNotifications(steps, new Map())).toHaveLength(750);
  });
});

describe('burstFloor', () => {
  const calls = {
    messages: 1000,
    waitTimeSeconds: 20,
    maxMessages: 10,
    emptyQueueMs: 500,
  };

  it('is ceil(n/10) receives and deletes when every receive is full', () => {
    const floor = burstFloor({
      ...calls,
      receives: 100,
      deleteBatches: 100,
      total: 200,
    });
    expect(floor).toMatchObject({
      receives: 100,
      deletes: 100,
      emptyPolls: 0,
      total: 200,
      ratio: 1,
    });
  });

  it('counts the empty polls a long poller needs, and partial receives against us', () => {
    const floor = burstFloor({
      ...calls,
      messages: 995,
      emptyQueueMs: 21_000,
      receives: 103,
      deleteBatches: 101,
      total: 204,
    });
    expect(floor).toMatchObject({
      receives: 102,
      deletes: 100,
      emptyPolls: 2,
      emptyPollsNeeded: 2,
      total: 202,
    });
    expect(floor.ratio).toBeCloseTo(204 / 202);
    // Empty polls while the queue held messages are not needed.
    expect(
      burstFloor({
        ...calls,
        messages: 995,
        receives: 103,
        deleteBatches: 101,
        total: 204,
      }),
    ).toMatchObject({ emptyPollsNeeded: 1, total: 201 });
  });

  it('caps the empty polls at one per WaitTimeSeconds of empty queue, so short polling fails', () => {
    const floor = burstFloor({
      ...calls,
      emptyQueueMs: 60_000,
      receives: 400,
      deleteBatches: 100,
      total: 500,
    });
    expect(floor.emptyPolls).toBe(300);
    expect(floor.emptyPollsNeeded).toBe(3);
    expect(floor.ratio).toBeCloseTo(500 / 203);
  });
});

describe('idleRate', () => {
  it('takes the rate from the spacing of the polls', () => {
    const rate = idleRate([0, 25_000, 50_000, 75_000], 90_000, 20);
    expect(rate.floorPerHour).toBe(180);
    expect(rate.perHour).toBeCloseTo(144);
    expect(idleRate([5], 60_000, 20).perHour).toBeUndefined();
  });
});

describe('replaceAlertsSection', () => {
  it('replaces the section between the markers and keeps the rest', () => {
    const doc = `# B\n\nbefore\n\n${ALERTS_START}\nold\n${ALERTS_END}\n\nafter\n`;
    expect(replaceAlertsSection(doc, '## Alerts\nnew\n')).toBe(
      `# B\n\nbefore\n\n${ALERTS_START}\n## Alerts\nnew\n${ALERTS_END}\n\nafter\n`,
    );
  });

  it('appends the section when the file has none', () => {
    expect(replaceAlertsSection('# B\n', 'x')).toBe(
      `# B\n\n${ALERTS_START}\nx\n${ALERTS_END}\n`,
    );
  });
});
