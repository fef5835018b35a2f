/**
 * The response loop as deployed, without a queue: the emulator's demo fleet,
 * an alarm set to ALARM and back to OK between collection rounds, and the
 * owners told through the notifications service (a recording fake here).
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
import { mlObservabilityPlugin } from './plugin';
import { storesFor } from './store';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const CATALOG_FILE = resolve(__dirname, '../../../examples/entities.yaml');

describe.each(databases.eachSupportedId())(
  'alarm transitions from rounds on %p',
  databaseId => {
    let emulator: Emulator;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let triggerCollect: () => Promise<void>;
    let knex: Awaited<ReturnType<typeof databases.init>>;
    const sent: NotificationSendOptions[] = [];
    const signals: Array<{ channel: string; message: unknown }> = [];

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

    beforeAll(async () => {
      emulator = await startEmulator({ scenario: 'demo' });
      knex = await databases.init(databaseId);
      const scheduler = mockServices.scheduler() as ReturnType<
        typeof mockServices.scheduler
      > & {
        factory(
          options: object,
        ): ReturnType<typeof mockServices.scheduler.factory>;
      };
      backend = await startTestBackend({
        features: [
          mlObservabilityPlugin,
          mockServices.rootConfig.factory({
            data: {
              aws: { accounts: accountsConfig([PRIMARY, EU]) },
              mlObservability: {
                endpoints: [
                  { sagemaker: emulator.url, cloudwatch: emulator.url },
                ],
                aws: { maxAttempts: 2, requestTimeoutMs: 5000 },
              },
            },
          }),
          mockServices.database.factory({ knex }),
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
                void sent.push(options),
            }),
          }),
          createServiceFactory({
            service: signalsServiceRef,
            deps: {},
            factory: () => ({
              publish: async (s: { channel: string; message: unknown }) =>
                void signals.push({ channel: s.channel, message: s.message }),
            }),
          }),
        ],
      });
      triggerCollect = () => scheduler.triggerTask('ml-observability-collect');
      await triggerCollect();
    });

    afterAll(async () => {
      await backend?.stop();
      await emulator?.stop();
    });

    it('tells the owner once when an alarm fires, and updates that notification when it resolves', async () => {
      const stored = await storesFor(knex).snapshots.list([churn.entityRef]);
      const alarm = stored[0].alarms!.find(a => a.state === 'OK');
      expect(alarm).toBeDefined();
      const cloudwatch = new CloudWatchClient(
        emulatorClientConfig({
          url: emulator.url,
          accountId: churn.accountId,
          region: churn.region,
        }),
      );
      const setState = async (StateValue: 'ALARM' | 'OK') => {
        await cloudwatch.send(
          new SetAlarmStateCommand({
            AlarmName: alarm!.name,
            StateValue,
            StateReason: `test set ${StateValue}`,
          }),
        );
      };

      await setState('ALARM');
      await triggerCollect();
      // A round that sees nothing new sends nothing more.
      await triggerCollect();
      const fired = sent.filter(s => s.payload.scope === alarm!.arn);
      expect(fired).toHaveLength(1);
      expect(fired[0].recipients).toEqual({
        type: 'entity',
        entityRef: expect.arrayContaining(['group:default/ml-platform-team']),
      });
      expect(fired[0].payload).toMatchObject({
        title: expect.stringContaining(alarm!.name),
        description: expect.stringContaining('test set ALARM'),
        link: '/catalog/default/component/churn-prediction/ml-observability',
      });
      expect(signals).toContainEqual({
        channel: 'ml-observability:component:default/churn-prediction',
        message: expect.objectContaining({
          alarmArn: alarm!.arn,
          state: 'ALARM',
        }),
      });

      await setState('OK');
      await triggerCollect();
      const both = sent.filter(s => s.payload.scope === alarm!.arn);
      expect(both).toHaveLength(2);
      expect(both[1].payload.title).toMatch(/resolved after/);

      const history = await request(backend.server)
        .get(
          '/api/ml-observability/v1/models/default/component/churn-prediction/alerts',
        )
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .expect(200);
      expect(
        history.body.transitions
          .slice(0, 2)
          .map((t: AlertTransition) => t.state),
      ).toEqual(['OK', 'ALARM']);
      const row = history.body.alarms.find(
        (a: AlarmAlertStats) => a.alarmArn === alarm!.arn,
      );
      expect(row).toMatchObject({
        firedIn7d: 1,
        firedIn30d: 1,
        noisy: false,
        state: 'OK',
      });
      expect(row.medianRecoveryMs).toBeGreaterThanOrEqual(0);

      const fleet = await request(backend.server)
        .get('/api/ml-observability/v1/models?sort=firedIn7d')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .expect(200);
      expect(fleet.body.items[0]).toMatchObject({
        entityRef: churn.entityRef,
        firedIn7d: 1,
      });
      await request(backend.server)
        .get('/api/ml-observability/v1/models?sort=loudest')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .expect(400);

      const events = await storesFor(knex).events.listForAlarms(
        [alarm!.arn],
        {},
      );
      expect(events.map(e => [e.state, e.origin])).toEqual([
        ['OK', 'round'],
        ['ALARM', 'round'],
      ]);
    });
  },
);
