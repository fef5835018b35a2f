import { TestDatabases } from '@backstage/backend-test-utils';
import type { AlarmTransition } from '../alerts/types';
import { migrateDatabase, storesFor } from '.';
import { transitionTime } from './EventStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const ARN = 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:churn-latency';
const OTHER = 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:churn-errors';

function change(
  minutes: number,
  state: AlarmTransition['state'],
  overrides: Partial<AlarmTransition> = {},
): AlarmTransition {
  return {
    eventId: `evt-${overrides.alarmArn ?? ARN}-${state}-${minutes}`,
    alarmArn: ARN,
    alarmName: 'churn-latency',
    accountId: '111111111111',
    region: 'us-east-1',
    state,
    at: iso(minutes),
    origin: 'eventbridge',
    ...overrides,
  };
}

describe('transitionTime', () => {
  it('reads CloudWatch offsets and ISO times alike', () => {
    expect(transitionTime('2026-12-04T05:00:00.000+0000')).toBe(
      Date.parse('2026-12-04T05:00:00.000Z'),
    );
    expect(transitionTime('2026-12-04T07:00:00.000+0200')).toBe(
      Date.parse('2026-12-04T05:00:00.000Z'),
    );
    expect(() => transitionTime('yesterday')).toThrow(/Invalid/);
  });
});

describe.each(databases.eachSupportedId())('EventStore on %p', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    return { knex, events: storesFor(knex).events };
  }

  it('stores a change once, by event id or by alarm + state + time', async () => {
    const { events } = await setup();
    const first = await events.record([
      change(0, 'ALARM', { reason: 'x'.repeat(5000), previousState: 'OK' }),
    ]);
    expect(first).toEqual([
      expect.objectContaining({ isNew: true, isLatest: true, notified: false }),
    ]);
    expect(first[0].transition.reason).toHaveLength(1000);
    expect(first[0].transition.previousState).toBe('OK');

    const again = await events.record([
      change(0, 'ALARM'),
      // The same change from SNS: another id, CloudWatch's time format.
      change(0, 'ALARM', {
        eventId: 'sns-1',
        origin: 'sns',
        at: '2026-12-01T10:00:00.000+0000',
      }),
    ]);
    expect(again.map(r => r.isNew)).toEqual([false, false]);
    // Described by the stored row: the id markNotified takes.
    expect(again[1].transition.eventId).toBe(first[0].transition.eventId);
    expect(await events.listForAlarms([ARN])).toHaveLength(1);
  });

  it('counts duplicates inside one batch once', async () => {
    const { events } = await setup();
    const recorded = await events.record([
      change(0, 'ALARM'),
      change(0, 'ALARM', { eventId: 'other-id' }),
      change(0, 'ALARM'),
      change(5, 'OK'),
    ]);
    expect(recorded.map(r => r.isNew)).toEqual([true, false, false, true]);
    expect(await events.listForAlarms([ARN])).toHaveLength(2);
  });

  it('stores an older change delivered late without making it latest', async () => {
    const { events } = await setup();
    await events.record([change(10, 'ALARM')]);
    const [late] = await events.record([change(5, 'OK')]);
    expect(late).toMatchObject({ isNew: true, isLatest: false });
    const [latest] = await events.record([change(10, 'ALARM')]);
    expect(latest).toMatchObject({ isNew: false, isLatest: true });
    expect((await events.listForAlarms([ARN])).map(t => t.at)).toEqual([
      iso(10),
      iso(5),
    ]);
  });

  it('tells when the ALARM an OK ends began', async () => {
    const { events } = await setup();
    await events.record([
      change(0, 'OK'),
      change(10, 'ALARM'),
      change(20, 'ALARM', { eventId: 'repeat' }),
    ]);
    const [ok, insufficient, okAgain] = await events.record([
      change(30, 'OK'),
      change(40, 'INSUFFICIENT_DATA'),
      change(50, 'OK'),
    ]);
    expect(ok.alarmingSince).toBe(iso(10));
    expect(ok.isLatest).toBe(false);
    expect(insufficient.alarmingSince).toBeUndefined();
    expect(okAgain).toMatchObject({ isLatest: true });
    expect(okAgain.alarmingSince).toBeUndefined();
    // An ALARM delivered late that ends before the stored OK.
    const [, lateOk] = await events.record([
      change(60, 'ALARM'),
      change(70, 'OK'),
    ]);
    expect(lateOk.alarmingSince).toBe(iso(60));
  });

  it('keeps what was notified, and lists the latest changes never notified', async () => {
    const { events } = await setup();
    const received = new Date(T0 + 60 * 60_000);
    const recorded = await events.record(
      [
        change(0, 'ALARM'),
        change(5, 'OK'),
        change(1, 'ALARM', { alarmArn: OTHER, alarmName: 'churn-errors' }),
        change(2, 'ALARM', {
          alarmArn: 'arn:backfilled',
          origin: 'backfill',
        }),
      ],
      received,
    );
    await events.markNotified([recorded[2].transition.eventId]);
    const [notified] = await events.record([recorded[2].transition]);
    expect(notified).toMatchObject({ isNew: false, notified: true });

    const pending = await events.pendingNotifications({
      since: new Date(received.getTime() - 1),
      limit: 10,
    });
    expect(pending).toEqual([
      expect.objectContaining({
        transition: expect.objectContaining({ state: 'OK', at: iso(5) }),
        isLatest: true,
        alarmingSince: iso(0),
        notified: false,
      }),
    ]);
    expect(
      await events.pendingNotifications({ since: received, limit: 10 }),
    ).toEqual([]);
    // What was received at or after receivedBefore is still its batch's to notify.
    expect(
      await events.pendingNotifications({
        since: new Date(0),
        receivedBefore: received,
        limit: 10,
      }),
    ).toEqual([]);
    expect(
      await events.pendingNotifications({
        since: new Date(0),
        receivedBefore: new Date(received.getTime() + 1),
        limit: 10,
      }),
    ).toHaveLength(1);
    await events.markNotified([pending[0].transition.eventId]);
    expect(
      await events.pendingNotifications({ since: new Date(0), limit: 10 }),
    ).toEqual([]);
  });

  it('counts firing by model, knows which alarms it saw, and prunes', async () => {
    const { events } = await setup();
    await events.record([
      change(0, 'ALARM'),
      change(5, 'OK'),
      change(10, 'ALARM'),
      change(3, 'ALARM', { alarmArn: OTHER }),
    ]);
    const counts = await events.firedCounts(
      new Map([
        ['component:default/a', [ARN, OTHER]],
        ['component:default/b', [OTHER]],
        ['component:default/c', []],
      ]),
      new Date(T0 + 60_000),
    );
    expect(Object.fromEntries(counts)).toEqual({
      'component:default/a': 2,
      'component:default/b': 1,
      'component:default/c': 0,
    });
    expect(await events.knownAlarms([ARN, 'arn:never'])).toEqual(
      new Set([ARN]),
    );
    expect(await events.listForAlarms([ARN, OTHER], { limit: 2 })).toEqual([
      expect.objectContaining({ at: iso(10) }),
      expect.objectContaining({ at: iso(5) }),
    ]);
    expect(
      await events.listForAlarms([ARN], { since: new Date(T0 + 60_000) }),
    ).toHaveLength(2);
    expect(await events.prune(new Date(T0 + 4 * 60_000))).toBe(2);
    expect(await events.knownAlarms([ARN, OTHER])).toEqual(new Set([ARN]));
  });

  it('records 1,000 changes in one batch, and again as duplicates', async () => {
    const { events } = await setup();
    const batch = Array.from({ length: 1000 }, (_, i) =>
      change(i, i % 2 ? 'OK' : 'ALARM', {
        alarmArn: `${ARN}-${i % 50}`,
        eventId: `bulk-${i}`,
      }),
    );
    const first = await events.record(batch);
    expect(first.filter(r => r.isNew)).toHaveLength(1000);
    expect(first.filter(r => r.isLatest)).toHaveLength(50);
    const second = await events.record(batch);
    expect(second.filter(r => r.isNew)).toHaveLength(0);
    const counts = await events.firedCounts(
      new Map([['all', batch.map(t => t.alarmArn)]]),
      new Date(0),
    );
    expect(counts.get('all')).toBe(500);
  });

  it('keeps one row when replicas insert the same changes at once', async () => {
    const { events } = await setup();
    const batch = [change(0, 'ALARM'), change(5, 'OK')];
    const [a, b] = await Promise.all([
      events.record(batch),
      events.record(batch.map(t => ({ ...t, eventId: `${t.eventId}-sns` }))),
    ]);
    expect(await events.listForAlarms([ARN])).toHaveLength(2);
    // Each change is new to exactly one replica.
    expect(a.map((r, i) => Number(r.isNew) + Number(b[i].isNew))).toEqual([
      1, 1,
    ]);
  });
});
