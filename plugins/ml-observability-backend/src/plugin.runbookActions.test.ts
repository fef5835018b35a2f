/**
 * Runbook actions end to end through the plugin: the routes, the permission,
 * the lock, the audit, and AWS through the real SDK against the emulator
 * (UpdateEndpointWeightsAndCapacities, Pipelines, alarm mute rules).
 */
import {
  DescribeEndpointCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  CloudWatchClient,
  GetAlarmMuteRuleCommand,
} from '@aws-sdk/client-cloudwatch';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  emulatorClientConfig,
  Emulator,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import type {
  ActionPlan,
  ActionRun,
  ActionRunList,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startEmulatorBackend } from './__testUtils__/emulatorBackend';
import { modelEntity } from './__testUtils__/fixtures';
import {
  PRIMARY,
  PRIMARY_REGION,
} from './collectors/__testUtils__/emulatorFixture';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const alice = 'user:default/alice';
const bob = 'user:default/bob';
const mallory = 'user:default/mallory';
const MODEL =
  '/api/ml-observability/v1/models/default/component/search-ranking';

const RUNBOOK = `model_name: 'search-ranking'
owner: 'ml-platform-team'
monitoring_config:
  data_quality:
    frequency: 'every hour'
    alert_threshold: 0.3
    escalation_path: ['ml-engineer', 'team-lead']
  model_performance:
    metrics: ['auc']
    business_hours_threshold: 80.0
    off_hours_threshold: 75.0
incident_response:
  severity_1:
    condition: 'AUC < 0.7 on the champion variant'
    immediate_action: 'Shift all traffic to the challenger'
    notification: 'Page on-call engineer'
    timeline: 'Resolve within 1 hour'
    action:
      type: shift-traffic
      to_variant: challenger
      endpoint: search-ranking-prod
  severity_2:
    condition: 'Drift score above 0.3 on any feature'
    immediate_action: 'Retrain'
    notification: 'Post in the team channel'
    timeline: 'Resolve within 1 business day'
    action:
      type: start-pipeline
      pipeline: churn-prediction-retraining
      parameters: { Reason: 'drift' }
  severity_3:
    condition: 'Latency above 60 ms'
    immediate_action: 'Mute the AUC alarm while investigating'
    notification: 'Post in the team channel'
    timeline: 'Resolve within 1 business day'
    action:
      type: mute-alarms
      duration: '30 minutes'
      alarms: ['search-ranking-auc-low']
  severity_4:
    condition: 'Drift on the shadow'
    immediate_action: 'Shift to a variant that is not there'
    notification: 'Post in the team channel'
    timeline: 'Resolve within 1 business day'
    action:
      type: shift-traffic
      to_variant: popularity-fallback
      endpoint: search-ranking-prod
`;

function catalogDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-actions-'));
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(join(dir, 'runbooks', 'search-ranking.yaml'), RUNBOOK);
  return dir;
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out; last value ${JSON.stringify(value)}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

describe.each(databases.eachSupportedId())(
  'runbook actions through the plugin (%s)',
  (databaseId: TestDatabaseId) => {
    let emulator: Emulator;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let dir: string;
    const audited: Array<{ eventId: string; meta?: object }> = [];
    const actionsRegistry = actionsRegistryServiceMock();
    const sagemaker = () =>
      new SageMakerClient(
        emulatorClientConfig({
          url: emulator.url,
          accountId: PRIMARY,
        }),
      );

    beforeAll(async () => {
      dir = catalogDir();
      emulator = await startEmulator({
        scenario: 'demo',
        endpointTransitionSeconds: 1,
      });
      const started = await startEmulatorBackend({
        emulator,
        databases,
        databaseId,
        mlObservability: {
          actions: { followIntervalSeconds: 1, maxRunsPerWindow: 20 },
        },
        services: [
          createServiceFactory({
            service: actionsRegistryServiceRef,
            deps: {},
            factory: () => actionsRegistry,
          }),
          mockServices.auditor.mock({
            createEvent: async options => {
              audited.push({ eventId: options.eventId, meta: options.meta });
              return {
                success: async o => {
                  audited.push({
                    eventId: `${options.eventId}:success`,
                    meta: o?.meta,
                  });
                },
                fail: async o => {
                  audited.push({
                    eventId: `${options.eventId}:fail`,
                    meta: o.meta,
                  });
                },
              };
            },
          }).factory,
          mockServices.permissions.mock({
            authorize: async (requests, options) => {
              const principal = options?.credentials.principal as {
                userEntityRef?: string;
              };
              // bob may read but not act; mallory may not even see the model.
              return requests.map(r => ({
                result:
                  principal?.userEntityRef === mallory ||
                  (r.permission.name === 'ml-observability.model.act' &&
                    principal?.userEntityRef === bob)
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              }));
            },
          }).factory,
        ],
        entities: [
          modelEntity('search-ranking', {
            location: `file:${join(dir, 'entities.yaml')}`,
            annotations: {
              'aws.amazon.com/sagemaker-endpoint-name':
                'search-ranking-prod,search-ranking-shadow',
              'aws.amazon.com/account-id': PRIMARY,
              'aws.amazon.com/region': PRIMARY_REGION,
              'ml-observability/runbook': './runbooks/search-ranking.yaml',
            },
          }),
        ],
        hiddenFrom: { [mallory]: ['component:default/search-ranking'] },
      });
      backend = started.backend;
      await started.round();
    });

    afterAll(async () => {
      await backend?.stop();
      await emulator?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const as = (user: string) => mockCredentials.user.header(user);
    const post = (path: string, body: object, user = alice) =>
      request(backend.server)
        .post(`${MODEL}${path}`)
        .set('Authorization', as(user))
        .send(body);
    const getRun = async (id: string): Promise<ActionRun> =>
      (
        await request(backend.server)
          .get(`${MODEL}/actions/runs/${id}`)
          .set('Authorization', as(alice))
          .expect(200)
      ).body;

    it('plans a traffic shift from the weights DescribeEndpoint gives now', async () => {
      const res = await post('/actions/severity-1', { dryRun: true }).expect(
        200,
      );
      const plan: ActionPlan = res.body;
      expect(plan).toMatchObject({
        ok: true,
        refusals: [],
        type: 'shift-traffic',
        label: 'Shift traffic to challenger',
        undoable: true,
        shiftTraffic: {
          endpoint: 'search-ranking-prod',
          endpointStatus: 'InService',
          before: [
            { variant: 'champion', trafficPercent: 90 },
            { variant: 'challenger', trafficPercent: 10 },
          ],
          after: [
            { variant: 'champion', weight: 0, trafficPercent: 0 },
            { variant: 'challenger', weight: 1, trafficPercent: 100 },
          ],
        },
      });
      expect(plan.summary).toContain(
        'champion 90% → 0%, challenger 10% → 100%',
      );
    });

    it('refuses a variant the endpoint does not have, naming those it has', async () => {
      const plan: ActionPlan = (
        await post('/actions/severity-4', { dryRun: true }).expect(200)
      ).body;
      expect(plan.ok).toBe(false);
      expect(plan.refusals).toEqual([
        'Endpoint search-ranking-prod has no production variant popularity-fallback; its variants are champion, challenger',
      ]);
      const applied = await post('/actions/severity-4', {}).expect(409);
      expect(applied.body.error.message).toContain(
        'no production variant popularity-fallback',
      );
    });

    it('answers 404 for an action the runbook does not declare, 403 without the permission, 404 for an invisible model', async () => {
      const missing = await post('/actions/severity-9', {
        dryRun: true,
      }).expect(404);
      expect(missing.body.error.message).toContain(
        'its actions are severity-1, severity-2, severity-3, severity-4',
      );
      const denied = await post(
        '/actions/severity-1',
        { dryRun: true },
        bob,
      ).expect(403);
      expect(denied.body.error.message).toContain('ml-observability.model.act');
      await post('/actions/severity-1', {}, bob).expect(403);
      await post(
        '/actions/severity-1',
        { dryRun: true },
        'user:default/mallory',
      ).expect(404);
      await request(backend.server)
        .post(`${MODEL}/actions/severity-1`)
        .set('Authorization', 'Bearer forged-token')
        .send({})
        .expect(401);
      await post('/actions/severity-1', { dryRun: 'yes' }).expect(400);
      expect(audited).toContainEqual(
        expect.objectContaining({
          eventId: 'runbook-action',
          meta: expect.objectContaining({ outcome: 'denied' }),
        }),
      );
    });

    it('plans for an assistant with the same checks (the registry cannot check the entity itself)', async () => {
      const planned = await actionsRegistry.invoke({
        id: 'test:plan-runbook-action',
        input: {
          entityRef: 'component:default/search-ranking',
          actionId: 'severity-1',
        },
        credentials: mockCredentials.user(alice),
      });
      expect(planned.output).toMatchObject({
        ok: true,
        label: 'Shift traffic to challenger',
        weightsAfter: [
          { variant: 'champion', trafficPercent: 0 },
          { variant: 'challenger', trafficPercent: 100 },
        ],
      });
      await expect(
        actionsRegistry.invoke({
          id: 'test:run-runbook-action',
          input: {
            entityRef: 'component:default/search-ranking',
            actionId: 'severity-1',
          },
          credentials: mockCredentials.user(bob),
        }),
      ).rejects.toThrow(
        'You are not allowed to run runbook actions of component:default/search-ranking',
      );
      await expect(
        actionsRegistry.invoke({
          id: 'test:plan-runbook-action',
          input: {
            entityRef: 'component:default/search-ranking',
            actionId: 'severity-1',
          },
          credentials: mockCredentials.user(mallory),
        }),
      ).rejects.toThrow(
        'No ML model component:default/search-ranking in the catalog',
      );
    });

    it('shifts traffic, follows the endpoint to InService, one run at a time, and undoes it', async () => {
      const key = `shift-${databaseId}-0001`;
      const started = await post('/actions/severity-1', {
        idempotencyKey: key,
      }).expect(202);
      const run: ActionRun = started.body;
      expect(run).toMatchObject({
        status: 'running',
        actor: alice,
        kind: 'apply',
      });

      // The same key answers the same run; another user meanwhile gets 409 naming who acts.
      const again = await post('/actions/severity-1', {
        idempotencyKey: key,
      }).expect(200);
      expect(again.body.id).toBe(run.id);
      const other = await post(
        '/actions/severity-1',
        {},
        'user:default/carol',
      ).expect(409);
      expect(other.body.error.message).toContain(
        `${alice} is already running "Shift traffic to challenger" on component:default/search-ranking`,
      );
      const otherPlan: ActionPlan = (
        await post(
          '/actions/severity-1',
          { dryRun: true },
          'user:default/carol',
        ).expect(200)
      ).body;
      expect(otherPlan.ok).toBe(false);
      expect(otherPlan.refusals[0]).toContain(`${alice} is already running`);

      const ended = await until(
        () => getRun(run.id),
        r => r.status !== 'running',
      );
      expect(ended).toMatchObject({
        status: 'succeeded',
        canUndo: true,
        finalWeights: [
          { variant: 'champion', trafficPercent: 0 },
          { variant: 'challenger', trafficPercent: 100 },
        ],
      });
      expect(ended.progress.map(p => p.message)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('SageMaker accepted the new weights'),
          'Endpoint search-ranking-prod is Updating',
          'Endpoint search-ranking-prod is InService',
        ]),
      );

      // The report shows the new weights as soon as the run has ended (the model was collected again).
      const report = (
        await request(backend.server)
          .get(MODEL)
          .set('Authorization', as(alice))
          .expect(200)
      ).body;
      expect(
        report.endpoints
          .find((e: { name: string }) => e.name === 'search-ranking-prod')
          .variants.map((v: { name: string; trafficPercent: number }) => [
            v.name,
            v.trafficPercent,
          ]),
      ).toEqual([
        ['champion', 0],
        ['challenger', 100],
      ]);

      // What SageMaker itself says now.
      const described = await sagemaker().send(
        new DescribeEndpointCommand({ EndpointName: 'search-ranking-prod' }),
      );
      expect(
        described.ProductionVariants?.map(v => [
          v.VariantName,
          v.CurrentWeight,
        ]),
      ).toEqual([
        ['champion', 0],
        ['challenger', 1],
      ]);

      const undoPlan: ActionPlan = (
        await post(`/actions/runs/${run.id}/undo`, { dryRun: true }).expect(200)
      ).body;
      expect(undoPlan.shiftTraffic?.after.map(w => w.trafficPercent)).toEqual([
        90, 10,
      ]);
      const undo: ActionRun = (
        await post(`/actions/runs/${run.id}/undo`, {}).expect(202)
      ).body;
      expect(undo).toMatchObject({ kind: 'undo', undoOf: run.id });
      await until(
        () => getRun(undo.id),
        r => r.status !== 'running',
      );
      const back = await sagemaker().send(
        new DescribeEndpointCommand({ EndpointName: 'search-ranking-prod' }),
      );
      expect(back.ProductionVariants?.map(v => v.CurrentWeight)).toEqual([
        0.9, 0.1,
      ]);
      expect(await getRun(run.id)).toMatchObject({
        undoneBy: undo.id,
        canUndo: false,
      });
      await post(`/actions/runs/${run.id}/undo`, {}).expect(409);

      const list: ActionRunList = (
        await request(backend.server)
          .get(`${MODEL}/actions`)
          .set('Authorization', as(alice))
          .expect(200)
      ).body;
      expect(list.runs.slice(0, 2).map(r => [r.kind, r.status])).toEqual([
        ['undo', 'succeeded'],
        ['apply', 'succeeded'],
      ]);
      expect(audited).toContainEqual(
        expect.objectContaining({
          eventId: 'runbook-action:success',
          meta: expect.objectContaining({
            runId: run.id,
            actor: alice,
            before: expect.any(Array),
            after: expect.any(Array),
          }),
        }),
      );
    });

    it('starts a retraining pipeline and follows its execution', async () => {
      const run: ActionRun = (await post('/actions/severity-2', {}).expect(202))
        .body;
      const started = await until(
        () => getRun(run.id),
        r => Boolean(r.pipelineExecution),
      );
      expect(started.pipelineExecution?.status).toBe('Executing');
      await emulator.advanceClock(6 * 3600);
      const ended = await until(
        () => getRun(run.id),
        r => r.status !== 'running',
      );
      expect(ended).toMatchObject({
        status: 'succeeded',
        canUndo: false,
        pipelineExecution: { status: 'Succeeded' },
      });
    });

    it('mutes the named alarms with a mute rule and deletes it on undo', async () => {
      const run: ActionRun = (await post('/actions/severity-3', {}).expect(202))
        .body;
      const ended = await until(
        () => getRun(run.id),
        r => r.status !== 'running',
      );
      expect(ended.status).toBe('succeeded');
      expect(ended.outcome).toContain('1 alarm muted until');
      const cloudwatch = new CloudWatchClient(
        emulatorClientConfig({ url: emulator.url, accountId: PRIMARY }),
      );
      const rule = await cloudwatch.send(
        new GetAlarmMuteRuleCommand({
          AlarmMuteRuleName: ended.muteRule!.name,
        }),
      );
      expect(rule.MuteTargets?.AlarmNames).toEqual(['search-ranking-auc-low']);
      const undo: ActionRun = (
        await post(`/actions/runs/${run.id}/undo`, {}).expect(202)
      ).body;
      await until(
        () => getRun(undo.id),
        r => r.status === 'succeeded',
      );
      await expect(
        cloudwatch.send(
          new GetAlarmMuteRuleCommand({
            AlarmMuteRuleName: ended.muteRule!.name,
          }),
        ),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  },
);
