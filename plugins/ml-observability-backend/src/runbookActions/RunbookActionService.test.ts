/**
 * The runbook action service against the emulator, without the HTTP layer:
 * AWS faults mid-apply (nothing half-applied goes unreported, undo still
 * works) and a backend that stops while the endpoint is Updating (another
 * replica takes the run over and reports how it ended).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  emulatorClientConfig,
  Emulator,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import { migrateDatabase, storesFor, Stores } from '../store';
import { RunbookActionService } from './RunbookActionService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const credentials = mockCredentials.user('user:default/alice');

const report = {
  entityRef: 'component:default/search-ranking',
  accountId: ACCOUNT,
  region: REGION,
  endpoints: [
    { name: 'search-ranking-prod', accountId: ACCOUNT, region: REGION },
  ],
  alarms: [],
  escalation: {
    path: [],
    severityRules: [
      {
        level: 1,
        condition: 'AUC < 0.7',
        immediateAction: 'Shift all traffic to the challenger',
        notification: 'Page',
        timeline: '1 hour',
        action: {
          id: 'severity-1',
          type: 'shift-traffic',
          label: 'Shift traffic to challenger',
          toVariant: 'challenger',
          weight: 1,
        },
      },
    ],
  },
} as unknown as ModelReport;

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out: ${JSON.stringify(value)}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

describe.each(databases.eachSupportedId())(
  'RunbookActionService (%s)',
  databaseId => {
    let emulator: Emulator;
    let stores: Stores;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      stores = storesFor(knex);
    });

    beforeEach(async () => {
      emulator = await startEmulator({
        scenario: 'demo',
        endpointTransitionSeconds: 2,
      });
    });

    afterEach(async () => {
      await emulator.stop();
    });

    const noted: Array<{ alarmArn: string; labels: string[] }> = [];
    const service = (settings: object = {}) => {
      const clients = new Map<
        string,
        { sagemaker: SageMakerClient; cloudwatch: CloudWatchClient }
      >();
      return new RunbookActionService({
        reader: { getModelReport: async () => report },
        permissions: mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }),
        stores,
        clientsOf: (accountId, region) => {
          const key = `${accountId}/${region}`;
          if (!clients.has(key)) {
            const config = emulatorClientConfig({
              url: emulator.url,
              accountId,
              region,
              maxAttempts: 2,
            });
            clients.set(key, {
              sagemaker: new SageMakerClient(config),
              cloudwatch: new CloudWatchClient(config),
            });
          }
          return clients.get(key)!;
        },
        logger: mockServices.logger.mock(),
        notifier: {
          actionTaken: async options => {
            noted.push({
              alarmArn: options.alarmArn,
              labels: options.actions.map(a => `${a.actor}: ${a.label}`),
            });
            return true;
          },
        },
        settings: { followIntervalMs: 100, maxRunsPerWindow: 100, ...settings },
      });
    };

    const weights = async () =>
      (
        await new SageMakerClient(
          emulatorClientConfig({ url: emulator.url }),
        ).send(
          new DescribeEndpointCommand({ EndpointName: 'search-ranking-prod' }),
        )
      ).ProductionVariants?.map(v => v.CurrentWeight);

    it('reports a throttled shift as failed with the endpoint unchanged, and has nothing to undo', async () => {
      const actions = service();
      emulator.setFaults({
        operations: { UpdateEndpointWeightsAndCapacities: { throttleRate: 1 } },
      });
      const { run } = await actions.apply(report.entityRef, 'severity-1', {
        credentials,
      });
      await actions.idle();
      const ended = await actions.get(report.entityRef, run.id, {
        credentials,
      });
      expect(ended.status).toBe('failed');
      expect(ended.outcome).toMatch(
        /UpdateEndpointWeightsAndCapacities was throttled in 123456789012\/us-east-1 after 2 attempts; the endpoint is InService with champion 90%, challenger 10%, unchanged/,
      );
      expect(ended.canUndo).toBe(false);
      expect(await weights()).toEqual([0.9, 0.1]);
      await expect(
        actions.undo(report.entityRef, run.id, { credentials }),
      ).rejects.toThrow(
        'The run changed nothing in AWS; there is nothing to undo',
      );
    });

    it('refuses to plan when an AWS-compatible endpoint leaves the variant weights out of DescribeEndpoint', async () => {
      const actions = service();
      emulator.setFaults({
        operations: {
          DescribeEndpoint: {
            omitFields: ['ProductionVariants.CurrentWeight'],
          },
        },
      });
      const plan = await actions.plan(report.entityRef, 'severity-1', {
        credentials,
      });
      expect(plan.ok).toBe(false);
      expect(plan.refusals).toContain(
        'DescribeEndpoint of search-ranking-prod gave no current weight for champion, challenger; the shift cannot say what it changes',
      );
      await expect(
        actions.apply(report.entityRef, 'severity-1', { credentials }),
      ).rejects.toThrow('gave no current weight');
    });

    it('reports a non-AWS 5xx answer to the update as failed, and the endpoint as unchanged', async () => {
      const actions = service();
      emulator.setFaults({
        operations: {
          UpdateEndpointWeightsAndCapacities: { nonAwsErrorRate: 1 },
        },
      });
      const { run } = await actions.apply(report.entityRef, 'severity-1', {
        credentials,
      });
      await actions.idle();
      const ended = await actions.get(report.entityRef, run.id, {
        credentials,
      });
      expect(ended.status).toBe('failed');
      expect(ended.outcome).toMatch(
        /UpdateEndpointWeightsAndCapacities in 123456789012\/us-east-1 answered HTTP 500 with a non-AWS body.*; the endpoint is InService with champion 90%, challenger 10%, unchanged/,
      );
      expect(await weights()).toEqual([0.9, 0.1]);
    });

    it('undoes after AWS denied the first undo', async () => {
      const actions = service();
      const { run } = await actions.apply(report.entityRef, 'severity-1', {
        credentials,
      });
      await actions.idle();
      expect(await weights()).toEqual([0, 1]);
      emulator.setFaults({
        operations: { UpdateEndpointWeightsAndCapacities: { denied: true } },
      });
      const { run: denied } = await actions.undo(report.entityRef, run.id, {
        credentials,
      });
      await actions.idle();
      const failed = await actions.get(report.entityRef, denied.id, {
        credentials,
      });
      expect(failed.status).toBe('failed');
      expect(failed.outcome).toContain(
        'access denied to SageMaker UpdateEndpointWeightsAndCapacities',
      );
      expect(
        (await actions.get(report.entityRef, run.id, { credentials })).canUndo,
      ).toBe(true);
      emulator.clearFaults();
      const { run: undo } = await actions.undo(report.entityRef, run.id, {
        credentials,
      });
      await actions.idle();
      expect(
        (await actions.get(report.entityRef, undo.id, { credentials })).status,
      ).toBe('succeeded');
      expect(await weights()).toEqual([0.9, 0.1]);
    });

    it('lets another replica finish a run whose backend stopped while the endpoint was Updating', async () => {
      const first = service();
      const { run } = await first.apply(report.entityRef, 'severity-1', {
        credentials,
      });
      await until(
        () => first.get(report.entityRef, run.id, { credentials }),
        r => r.progress.some(p => p.message.includes('SageMaker accepted')),
      );
      await first.stop();
      const left = await first.get(report.entityRef, run.id, { credentials });
      expect(left.status).toBe('running');

      const second = service({ orphanAfterMs: 300 });
      expect(await second.recover()).toBe(0); // still fresh: its heartbeat is recent
      await new Promise(r => setTimeout(r, 400));
      expect(await second.recover()).toBe(1);
      await second.idle();
      const ended = await second.get(report.entityRef, run.id, { credentials });
      expect(ended.status).toBe('succeeded');
      expect(ended.progress.map(p => p.message)).toContainEqual(
        expect.stringContaining('Taken over by another backend replica'),
      );
      expect(ended.finalWeights?.map(w => w.trafficPercent)).toEqual([0, 100]);
      // The lock is free again: the next action can run.
      expect(
        (await second.plan(report.entityRef, 'severity-1', { credentials }))
          .refusals,
      ).toEqual([]);
    });

    it("notes the run in the triggering alarm's notification once SageMaker accepted it", async () => {
      noted.length = 0;
      const actions = service();
      const alarmArn =
        'arn:aws:cloudwatch:us-east-1:123456789012:alarm:search-ranking-auc-low';
      const { run } = await actions.apply(report.entityRef, 'severity-1', {
        credentials,
        alarmArn,
      });
      await actions.idle();
      expect(noted).toEqual([
        {
          alarmArn,
          labels: ['user:default/alice: Shift traffic to challenger'],
        },
      ]);
      // An undo is not a first action: the notification is left as it is.
      await actions.undo(report.entityRef, run.id, { credentials });
      await actions.idle();
      expect(noted).toHaveLength(1);
    });

    it('one of two applies at once wins; the other is told who acts', async () => {
      const a = service();
      const b = service();
      const results = await Promise.allSettled([
        a.apply(report.entityRef, 'severity-1', {
          credentials: mockCredentials.user('user:default/alice'),
        }),
        b.apply(report.entityRef, 'severity-1', {
          credentials: mockCredentials.user('user:default/bob'),
        }),
      ]);
      const won = results.filter(r => r.status === 'fulfilled');
      const lost = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason.name).toBe('ConflictError');
      expect(lost[0].reason.message).toMatch(
        /user:default\/(alice|bob) is already running "Shift traffic to challenger"/,
      );
      await a.idle();
      await b.idle();
    });
  },
);
