import { mockServices } from '@backstage/backend-test-utils';
import type { AlarmInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import type { FleetCollector } from '../collectors/types';
import { RoundAlerts } from './roundAlerts';
import type { AlarmTransition } from './types';

const now = new Date('2026-12-04T06:00:00Z');
const arn = (name: string) =>
  `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
const alarm = (name: string, state: AlarmInfo['state']): AlarmInfo => ({
  name,
  arn: arn(name),
  type: 'metric',
  state,
  since: '2026-12-04T05:59:00Z',
});

function setup(
  options: { known?: string[]; perRound?: number; failHistory?: boolean } = {},
) {
  const handled: AlarmTransition[][] = [];
  const asked: string[][] = [];
  const collector = {
    alarmHistory: jest.fn(
      async (alarms: Array<{ arn: string; name: string }>) => {
        asked.push(alarms.map(a => a.name));
        if (options.failHistory) throw new Error('throttled');
        return {
          transitions: alarms.map(a => ({
            eventId: `backfill:${a.arn}`,
            alarmArn: a.arn,
            alarmName: a.name,
            accountId: '123456789012',
            region: 'us-east-1',
            state: 'ALARM' as const,
            at: '2026-12-01T00:00:00.000Z',
            origin: 'backfill' as const,
          })),
          read: alarms.map(a => a.arn),
          calls: { 'CloudWatch.DescribeAlarmHistory': alarms.length },
        };
      },
    ),
  } as unknown as FleetCollector;
  const knownAlarms = jest.fn(
    async (arns: string[]) =>
      new Set(arns.filter(a => (options.known ?? []).map(arn).includes(a))),
  );
  const rounds = new RoundAlerts({
    sink: { handle: async t => void handled.push(t) },
    knownAlarms,
    collector,
    backfillPerRound: options.perRound ?? 20,
    logger: mockServices.logger.mock(),
  });
  return { rounds, handled, asked, knownAlarms };
}

describe('RoundAlerts', () => {
  it('hands the round transitions to the sink, then backfills alarms the history does not know', async () => {
    const { rounds, handled, asked } = setup({ known: ['a'] });
    const result = await rounds.afterRound(
      [
        {
          entityRef: 'component:default/m',
          previous: [alarm('a', 'OK')],
          current: [alarm('a', 'ALARM'), alarm('b', 'OK')],
        },
      ],
      { now },
    );
    expect(handled[0].map(t => [t.alarmName, t.state, t.origin])).toEqual([
      ['a', 'ALARM', 'round'],
    ]);
    expect(asked).toEqual([['b']]);
    expect(handled[1].map(t => t.origin)).toEqual(['backfill']);
    expect(result).toMatchObject({ transitions: 1, backfilled: 1 });
  });

  it('backfills a bounded number per round and never asks twice for an alarm it read', async () => {
    const { rounds, asked, knownAlarms } = setup({ perRound: 2 });
    const current = ['a', 'b', 'c'].map(n => alarm(n, 'OK'));
    const models = [
      { entityRef: 'component:default/m', previous: current, current },
    ];
    await rounds.afterRound(models, { now });
    await rounds.afterRound(models, { now });
    await rounds.afterRound(models, { now });
    expect(asked).toEqual([['a', 'b'], ['c']]);
    // Settled alarms are not even looked up again.
    expect(knownAlarms).toHaveBeenCalledTimes(2);
  });

  it('logs a failed backfill and retries it on the next round', async () => {
    const { rounds, asked, handled } = setup({ failHistory: true });
    const models = [
      { entityRef: 'component:default/m', current: [alarm('a', 'OK')] },
    ];
    await expect(rounds.afterRound(models, { now })).resolves.toMatchObject({
      backfilled: 0,
    });
    await rounds.afterRound(models, { now });
    expect(asked).toEqual([['a'], ['a']]);
    expect(handled).toEqual([]);
  });

  it('survives a sink that fails', async () => {
    const rounds = new RoundAlerts({
      sink: {
        handle: async () => {
          throw new Error('database restarted');
        },
      },
      knownAlarms: async () => new Set(),
      collector: {} as FleetCollector,
      backfillPerRound: 5,
      logger: mockServices.logger.mock(),
    });
    await expect(
      rounds.afterRound(
        [
          {
            entityRef: 'e',
            previous: [alarm('a', 'OK')],
            current: [alarm('a', 'ALARM')],
          },
        ],
        { now },
      ),
    ).resolves.toMatchObject({ transitions: 1, backfilled: 0 });
  });
});
