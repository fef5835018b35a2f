import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateDatabase, storesFor } from '../store';
import { pruneAlertHistory } from './retention';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const NOW = new Date('2026-12-04T00:00:00.000Z');
const DAY = 24 * 3_600_000;

describe('pruneAlertHistory', () => {
  it('keeps retentionDays of transitions', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(knex);
    const stores = storesFor(knex);
    const arn = 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:a';
    await stores.events.record(
      [31, 29, 1].map(days => ({
        eventId: `e-${days}`,
        alarmArn: arn,
        alarmName: 'a',
        accountId: '111111111111',
        region: 'us-east-1',
        state: days === 29 ? 'OK' : 'ALARM',
        at: new Date(NOW.getTime() - days * DAY).toISOString(),
        origin: 'round',
      })),
    );
    expect(await pruneAlertHistory(stores, { retentionDays: 30 }, NOW)).toBe(1);
    expect(
      (await stores.events.listForAlarms([arn])).map(t => t.eventId),
    ).toEqual(['e-1', 'e-29']);
    expect(await pruneAlertHistory(stores, { retentionDays: 30 }, NOW)).toBe(0);
  });
});
