/**
 * The response loop as deployed: the emulator's demo fleet, an alarm set to
 * ALARM and back to OK, and the owners told through the notifications service
 * (a recording fake here). Without a queue the collection rounds see the
 * change; with one, the consumer reads the emulator's EventBridge events.
 */
import {
  CloudWatchClient,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  Emulator,
  emulatorClientConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import type {
  AlarmAlertStats,
  AlertTransition,
  EscalationMatch,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { resolve } from 'node:path';
import request from 'supertest';
import { modelEntity, visibilityCatalog } from './__testUtils__/fixtures';
import {
  accountsConfig,
  demoTargets,
  EU,
  PRIMARY,
} from './collectors/__testUtils__/emulatorFixture';
import { alertConsumerTaskId } from './alerts/consumerTasks';
import { mlObservabilityPlugin } from './plugin';
import { storesFor } from './store';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const CATALOG_FILE = resolve(__dirname, '../../../examples/entities.yaml');

const churn = demoTargets().find(t =>
  t.entityRef.endsWith('/churn-prediction'),
)!;
const entity = modelEntity('churn-prediction', {
  location: `file:${CATALOG_FILE}`,
  owner: 'ml-platform-team',
  annotations: {
    'aws.amazon.com/sagemaker-endpoint-name': churn.endpointNames.join(','),
    'aws.amazon.com/account-id': churn.accountId,
    'aws.amazon.com/region': churn.region,
    'ml-observability/runbook': './runbooks/churn-prediction.yaml',
  },
});
const COLLECT = 'ml-observability-collect';
const ALICE = mockCredentials.user.header('user:default/alice');

/** The plugin on the emulator's demo fleet, with recording notification and signal services. */
function alertsBackend(
  databaseId: Parameters<typeof databases.init>[0],
  alerts: (emulator: Emulator) => object = () => ({}),
) {
  const ctx = {
    sent: [] as NotificationSendOptions[],
    signals: [] as Array<{ channel: string; message: unknown }>,
  } as {
    emulator: Emulator;
    backend: Awaited<ReturnType<typeof startTestBackend>>;
    knex: Awaited<ReturnType<typeof databases.init>>;
    trigger: (id: string) => Promise<void>;
    sent: NotificationSendOptions[];
    signals: Array<{ channel: string; message: unknown }>;
    setState: (name: string, state: 'ALARM' | 'OK') => Promise<void>;
    scoped: (arn: string) => NotificationSendOptions[];
  };

  beforeAll(async () => {
    ctx.emulator = await startEmulator({ scenario: 'demo' });
    ctx.knex = await databases.init(databaseId);
    const scheduler = mockServices.scheduler() as ReturnType<
      typeof mockServices.scheduler
    > & {
      factory(
        options: object,
      ): ReturnType<typeof mockServices.scheduler.factory>;
    };
    ctx.backend = await startTestBackend({
      features: [
        mlObservabilityPlugin,
        mockServices.rootConfig.factory({
          data: {
            aws: { accounts: accountsConfig([PRIMARY, EU]) },
            mlObservability: {
              endpoints: [
                { sagemaker: ctx.emulator.url, cloudwatch: ctx.emulator.url },
              ],
              aws: { maxAttempts: 2, requestTimeoutMs: 5000 },
              alerts: alerts(ctx.emulator),
            },
          },
        }),
        mockServices.database.factory({ knex: ctx.knex }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => visibilityCatalog([entity]),
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) =>
              void ctx.sent.push(options),
          }),
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (s: { channel: string; message: unknown }) =>
              void ctx.signals.push({ channel: s.channel, message: s.message }),
          }),
        }),
      ],
    });
    ctx.trigger = id => scheduler.triggerTask(id);
    const cloudwatch = new CloudWatchClient(
      emulatorClientConfig({
        url: ctx.emulator.url,
        accountId: churn.accountId,
        region: churn.region,
      }),
    );
    ctx.setState = async (AlarmName, StateValue) => {
      await cloudwatch.send(
        new SetAlarmStateCommand({
          AlarmName,
          StateValue,
          StateReason: `test set ${StateValue}`,
        }),
      );
    };
    ctx.scoped = arn => ctx.sent.filter(s => s.payload.scope === arn);
    await ctx.trigger(COLLECT);
  });

  afterAll(async () => {
    await ctx.backend?.stop();
    await ctx.emulator?.stop();
  });
  return ctx;
}

/** An alarm of churn-prediction that is OK in the stored snapshot. */
async function okAlarm(knex: Awaited<ReturnType<typeof databases.init>>) {
  const stored = await storesFor(knex).snapshots.list([churn.entityRef]);
  const alarm = stored[0].alarms!.find(a => a.state === 'OK');
  expect(alarm).toBeDefined();
  return alarm!;
}

describe.each(databases.eachSupportedId())(
  'alarm transitions from rounds on %p',
  databaseId => {
    const ctx = alertsBackend(databaseId);

    it('tells the owner once when an alarm fires, and updates that notification when it resolves', async () => {
      const { sent, signals, knex } = ctx;
      const alarm = await okAlarm(knex);
      const setState = (state: 'ALARM' | 'OK') =>
        ctx.setState(alarm.name, state);
      const triggerCollect = () => ctx.trigger(COLLECT);
      const { server } = ctx.backend;

      // The first round backfilled each alarm's past from DescribeAlarmHistory.
      const firedIn7d = async () =>
        (
          await request(server)
            .get('/api/ml-observability/v1/models?sort=firedIn7d')
            .set('Authorization', ALICE)
            .expect(200)
        ).body.items[0];
      const backfilled = (await firedIn7d()).firedIn7d;
      expect(backfilled).toBeGreaterThanOrEqual(0);

      await setState('ALARM');
      await triggerCollect();
      // A round that sees nothing new sends nothing more.
      await triggerCollect();
      const fired = sent.filter(s => s.payload.scope === alarm.arn);
      expect(fired).toHaveLength(1);
      expect(fired[0].recipients).toEqual({
        type: 'entity',
        entityRef: expect.arrayContaining(['group:default/ml-platform-team']),
      });
      expect(fired[0].payload).toMatchObject({
        title: expect.stringContaining(alarm.name),
        description: expect.stringContaining('test set ALARM'),
        link: '/catalog/default/component/churn-prediction/ml-observability',
      });
      expect(signals).toContainEqual({
        channel: 'ml-observability:component:default/churn-prediction',
        message: expect.objectContaining({
          alarmArn: alarm.arn,
          state: 'ALARM',
        }),
      });

      await setState('OK');
      await triggerCollect();
      const both = sent.filter(s => s.payload.scope === alarm.arn);
      expect(both).toHaveLength(2);
      expect(both[1].payload.title).toMatch(/resolved after/);

      const history = await request(server)
        .get(
          '/api/ml-observability/v1/models/default/component/churn-prediction/alerts',
        )
        .set('Authorization', ALICE)
        .expect(200);
      expect(
        history.body.transitions
          .slice(0, 2)
          .map((t: AlertTransition) => t.state),
      ).toEqual(['OK', 'ALARM']);
      const row = history.body.alarms.find(
        (a: AlarmAlertStats) => a.alarmArn === alarm.arn,
      );
      expect(row).toMatchObject({
        firedIn7d: 1,
        firedIn30d: 1,
        noisy: false,
        state: 'OK',
      });
      expect(row.medianRecoveryMs).toBeGreaterThanOrEqual(0);

      expect(await firedIn7d()).toMatchObject({
        entityRef: churn.entityRef,
        firedIn7d: backfilled + 1,
      });
      await request(server)
        .get('/api/ml-observability/v1/models?sort=loudest')
        .set('Authorization', ALICE)
        .expect(400);

      const events = await storesFor(knex).events.listForAlarms(
        [alarm.arn],
        {},
      );
      expect(events.map(e => [e.state, e.origin])).toEqual([
        ['OK', 'round'],
        ['ALARM', 'round'],
      ]);

      // "Who owns this alarm?" answers with the alarm's latest transitions, by name and by ARN.
      for (const resource of [alarm.name, alarm.arn]) {
        const lookup = await request(server)
          .get('/api/ml-observability/v1/escalation')
          .query({ resource })
          .set('Authorization', ALICE)
          .expect(200);
        const match = lookup.body.matches.find(
          (m: EscalationMatch) => m.entityRef === churn.entityRef,
        );
        expect(
          match.recentTransitions
            .slice(0, 2)
            .map((t: AlertTransition) => [t.alarmArn, t.state, t.origin]),
        ).toEqual([
          [alarm.arn, 'OK', 'round'],
          [alarm.arn, 'ALARM', 'round'],
        ]);
        expect(match.recentTransitions.length).toBeLessThanOrEqual(5);
      }
      // An endpoint match is not about one alarm: no transitions.
      const byEndpoint = await request(server)
        .get('/api/ml-observability/v1/escalation')
        .query({ resource: churn.endpointNames[0] })
        .set('Authorization', ALICE)
        .expect(200);
      expect(byEndpoint.body.matches[0].recentTransitions).toBeUndefined();
    });
  },
);

describe.each(databases.eachSupportedId())(
  'alarm transitions from the EventBridge queue on %p',
  databaseId => {
    const queueUrl = (emulator: Emulator) =>
      emulator.alarmEventsQueueUrl(churn.accountId, churn.region)!;
    const ctx = alertsBackend(databaseId, emulator => ({
      queues: [
        {
          queueUrl: queueUrl(emulator),
          accountId: churn.accountId,
          region: churn.region,
          waitTimeSeconds: 1,
        },
      ],
    }));
    const poll = () => ctx.trigger(alertConsumerTaskId(queueUrl(ctx.emulator)));
    const status = async () =>
      (
        await request(ctx.backend.server)
          .get('/api/ml-observability/v1/status')
          .set('Authorization', ALICE)
          .expect(200)
      ).body;

    it('notifies from the event, once, whatever else delivers the same change', async () => {
      const alarm = await okAlarm(ctx.knex);
      // What the queue held before this test (the demo's own changes) is not this test's.
      await poll();
      const before = ctx.sent.length;

      await ctx.setState(alarm.name, 'ALARM');
      await poll();
      expect(ctx.scoped(alarm.arn)).toHaveLength(1);
      expect(ctx.scoped(alarm.arn)[0].payload).toMatchObject({
        title: expect.stringContaining(alarm.name),
        description: expect.stringContaining('test set ALARM'),
      });
      // The round sees the same change (same alarm, state and instant): stored once, told once.
      await ctx.trigger(COLLECT);
      expect(ctx.scoped(alarm.arn)).toHaveLength(1);

      // EventBridge delivers at least once: a duplicate of the OK event changes nothing.
      ctx.emulator.setFaults({ alarmEvents: { duplicate: true } });
      await ctx.setState(alarm.name, 'OK');
      await poll();
      await poll();
      ctx.emulator.clearFaults();
      const both = ctx.scoped(alarm.arn);
      expect(both).toHaveLength(2);
      expect(both[1].payload.title).toMatch(/resolved after/);
      expect(ctx.sent.length - before).toBeGreaterThanOrEqual(2);

      const events = await storesFor(ctx.knex).events.listForAlarms(
        [alarm.arn],
        {},
      );
      expect(events.map(e => [e.state, e.origin])).toEqual([
        ['OK', 'eventbridge'],
        ['ALARM', 'eventbridge'],
      ]);
      const [queue] = (await status()).alertQueues;
      // The emulator is not AWS: its address is not shown to portal users.
      expect(queue).toMatchObject({
        queueUrl: `<endpoint>${new URL(queueUrl(ctx.emulator)).pathname}`,
        state: 'ok',
        unparseable: 0,
      });
      expect(queue.handled).toBeGreaterThanOrEqual(3);
    });

    it('leaves a malformed message for the dead-letter queue and reports a denied queue as degraded', async () => {
      ctx.emulator.injectMessage(
        churn.accountId,
        churn.region,
        'mlobs-alarm-events',
        '{"detail-type": "CloudWatch Alarm State Change", "source": "aws.cloudwatch", "detail": ',
      );
      await poll();
      const sent = ctx.sent.length;
      expect((await status()).alertQueues[0]).toMatchObject({
        state: 'ok',
        unparseable: 1,
      });
      expect(ctx.sent).toHaveLength(sent);

      ctx.emulator.setFaults({
        accounts: {
          [churn.accountId]: {
            operations: { ReceiveMessage: { denied: true } },
          },
        },
      });
      await poll();
      ctx.emulator.clearFaults();
      const body = await status();
      expect(body.status).toBe('degraded');
      expect(body.alertQueues[0]).toMatchObject({
        state: 'denied',
        message: expect.stringContaining('sqs:ReceiveMessage'),
      });
    });
  },
);
