/**
 * Runbook actions (issue 14) against the demo emulator, through the real
 * plugin, the real catalog and its ML observability module, two backends on
 * one PostgreSQL database: malformed action blocks, an action for a variant
 * that does not exist, AWS throttling and denial mid-apply and mid-undo, two
 * users applying at once, and a backend stopped while the endpoint is
 * Updating (the other backend's `ml-observability-action-runs` task takes the
 * run over). What AWS ends up with is read with DescribeEndpoint, never taken
 * from the plugin.
 */
import {
  DescribeEndpointCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  DEMO_ACCOUNTS,
  Emulator,
  emulatorClientConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import type {
  ActionPlan,
  ActionRun,
  ActionRunList,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  awsAccessKeyId,
  FleetProvider,
  RunningBackend,
  startBackend,
} from '../lib/backend';
import { waitForCatalog } from '../lib/catalogWait';
import { adminConnection, DatabaseChoice } from '../lib/database';
import { errorMessage, HttpAnswer } from '../lib/httpClient';
import {
  MALFORMED_ACTIONS,
  malformed,
  RECOMMENDER_RUNBOOK,
  SEARCH_RUNBOOK,
  validBefore,
} from './actionRunbooks';
import { Part, PartResult, Suite } from './harness';

const PRIMARY = DEMO_ACCOUNTS.primary;
/** Long enough that only the suite ends an update (it moves the emulator's clock past it). */
const TRANSITION_S = 600;
const ORPHAN_AFTER_MS = 60_000;
const RECOVER_TASK = 'ml-observability-action-runs';
const RECOMMENDER = 'rel-actions-recommender';
const SEARCH = 'rel-actions-search';
const ALICE = 'user:default/alice';
const FRESH = 'rel-actions-bad-from-the-start';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

type TestScheduler = ReturnType<typeof mockServices.scheduler> & {
  factory(options: object): ReturnType<typeof mockServices.scheduler.factory>;
  triggerTask(id: string): Promise<void>;
};

function entity(
  name: string,
  endpoint: string,
  location: string,
  runbook: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'aws.amazon.com/sagemaker-endpoint-name': endpoint,
        'aws.amazon.com/account-id': PRIMARY.account,
        'aws.amazon.com/region': PRIMARY.region,
        'ml-observability/runbook': `./runbooks/${runbook}`,
      },
    },
    spec: {
      type: 'ml-model',
      lifecycle: 'production',
      owner: 'group:default/ml-platform-team',
    },
  };
}

class ActionsBench {
  private readonly sagemaker: SageMakerClient;

  constructor(
    readonly part: Part,
    readonly emulator: Emulator,
    public backend: RunningBackend,
  ) {
    this.sagemaker = new SageMakerClient(
      emulatorClientConfig({
        url: emulator.url,
        accountId: PRIMARY.account,
        region: PRIMARY.region,
      }),
    );
  }

  private model(name: string, path = '') {
    return `${this.backend.url}/api/ml-observability/v1/models/default/component/${name}${path}`;
  }

  post(model: string, path: string, body: object, user = ALICE) {
    return this.part.send({
      method: 'POST',
      url: this.model(model, path),
      headers: {
        authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  }

  get(model: string, path = '', user = ALICE) {
    return this.part.send({
      method: 'GET',
      url: this.model(model, path),
      headers: { authorization: mockCredentials.user.header(user) },
    });
  }

  async report(model: string): Promise<ModelReport | undefined> {
    const answer = await this.get(model);
    return answer.status === 200 ? JSON.parse(answer.text) : undefined;
  }

  async plan(model: string, actionId: string) {
    const answer = await this.post(model, `/actions/${actionId}`, {
      dryRun: true,
    });
    return {
      answer,
      plan:
        answer.status === 200
          ? (JSON.parse(answer.text) as ActionPlan)
          : undefined,
    };
  }

  async run(model: string, id: string): Promise<ActionRun | undefined> {
    const answer = await this.get(model, `/actions/runs/${id}`);
    return answer.status === 200 ? JSON.parse(answer.text) : undefined;
  }

  /** Polls the run until `done`; answers the last run read. */
  async until(
    model: string,
    id: string,
    done: (run: ActionRun) => boolean,
    timeoutMs = 20_000,
  ): Promise<ActionRun | undefined> {
    const deadline = Date.now() + timeoutMs;
    let last: ActionRun | undefined;
    for (;;) {
      last = await this.run(model, id);
      if (last && done(last)) return last;
      if (Date.now() > deadline) return last;
      await sleep(200);
    }
  }

  ended(model: string, id: string, timeoutMs = 20_000) {
    return this.until(model, id, r => r.status !== 'running', timeoutMs);
  }

  /** Waits until the run has seen the endpoint Updating (the change reached SageMaker), then ends the update. */
  async finishUpdate(model: string, id: string): Promise<boolean> {
    const updating = await this.until(model, id, r =>
      r.progress.some(p => / is Updating$/.test(p.message)),
    );
    const seen = updating?.progress.some(p => / is Updating$/.test(p.message));
    this.emulator.advanceClock(TRANSITION_S + 1);
    return Boolean(seen);
  }

  async weights(endpoint: string) {
    const described = await this.sagemaker.send(
      new DescribeEndpointCommand({ EndpointName: endpoint }),
    );
    const variants = (described.ProductionVariants ?? []).map(v => ({
      variant: v.VariantName ?? '?',
      weight: v.CurrentWeight,
    }));
    return {
      status: described.EndpointStatus ?? '?',
      variants,
      text: `${described.EndpointStatus}: ${variants
        .map(v => `${v.variant} ${v.weight}`)
        .join(', ')}`,
    };
  }

  updateCalls(): number {
    return (
      this.emulator.stats().operations.UpdateEndpointWeightsAndCapacities
        ?.calls ?? 0
    );
  }
}

const answerText = (a: HttpAnswer) => {
  if (a.status >= 200 && a.status < 300) {
    const body = JSON.parse(a.text) as { id?: string; status?: string };
    return `${a.status} run ${body.id} ${body.status}`;
  }
  return `${a.status} ${errorMessage(a.text) ?? a.text.slice(0, 160)}`;
};

const runText = (run: ActionRun | undefined) =>
  run
    ? `${run.status}: ${run.outcome ?? run.progress.at(-1)?.message}`
    : 'no run';

const weightsText = (run: ActionRun | undefined) =>
  (run?.finalWeights ?? []).map(w => `${w.variant} ${w.weight}`).join(', ');

async function catalogModule(): Promise<BackendFeature> {
  const imported = await import(
    '@mlobs/backstage-plugin-catalog-backend-module-ml-observability'
  );
  return imported.default as BackendFeature;
}

export async function actionsPart(
  suite: Suite,
  options: { database: DatabaseChoice; quick: boolean },
): Promise<PartResult> {
  const part = new Part('Runbook actions', suite);
  if (options.database.kind !== 'postgres')
    throw new Error(
      'the actions part needs PostgreSQL (two backends share it)',
    );
  const database = options.database;
  suite.addAccessKeyId(awsAccessKeyId(PRIMARY.account));
  const emulator = await startEmulator({
    scenario: 'demo',
    endpointTransitionSeconds: TRANSITION_S,
  });
  suite.addInternalUrl(emulator.url);
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-rel-actions-'));
  mkdirSync(join(dir, 'runbooks'));
  const write = (file: string, text: string) =>
    writeFileSync(join(dir, 'runbooks', file), text);
  write(`${RECOMMENDER}.yaml`, RECOMMENDER_RUNBOOK);
  write(`${SEARCH}.yaml`, SEARCH_RUNBOOK);
  for (const m of MALFORMED_ACTIONS)
    write(`${m.model}.yaml`, validBefore(m.model));
  // A model whose very first runbook has a malformed action (weight 1.5).
  write(`${FRESH}.yaml`, malformed({ ...MALFORMED_ACTIONS[1], model: FRESH }));
  const location = `file:${join(dir, 'catalog-info.yaml')}`;
  writeFileSync(
    join(dir, 'catalog-info.yaml'),
    '# entities come from the suite\n',
  );
  const entities = [
    entity(
      RECOMMENDER,
      'recommendation-engine-prod',
      location,
      `${RECOMMENDER}.yaml`,
    ),
    entity(SEARCH, 'search-ranking-prod', location, `${SEARCH}.yaml`),
    ...MALFORMED_ACTIONS.map(m =>
      entity(m.model, 'demand-forecast-prod', location, `${m.model}.yaml`),
    ),
  ];
  const fresh = entity(
    FRESH,
    'demand-forecast-prod',
    location,
    `${FRESH}.yaml`,
  );
  const module = await catalogModule();
  const start = (scheduler?: TestScheduler) =>
    startBackend({
      emulatorUrl: emulator.url,
      accounts: [PRIMARY.account],
      database,
      provider: new FleetProvider([...entities, fresh]),
      services: [module],
      ...(scheduler
        ? { scheduler: scheduler.factory({ skipTaskRunOnStartup: true }) }
        : {}),
      mlObservability: {
        lookbackDays: 0.25,
        aws: { maxAttempts: 2, requestTimeoutMs: 5000, concurrency: 4 },
        actions: { followIntervalSeconds: 1, maxRunsPerWindow: 100 },
      },
    });
  const schedulerB = mockServices.scheduler() as TestScheduler;
  const backends: RunningBackend[] = [];
  const caseTimes: string[] = [];
  try {
    const a = await start();
    backends.push(a);
    const b = await start(schedulerB);
    backends.push(b);
    part.note(
      `Two backends (plugin, catalog with @mlobs/backstage-plugin-catalog-backend-module-ml-observability) on one PostgreSQL database (${database.url.replace(
        /\/\/[^@]*@/,
        '//',
      )}, prefix ${
        database.prefix
      }); the demo emulator with endpoint updates lasting ${TRANSITION_S} s of its clock, ended by the suite moving the clock once the run has seen the endpoint Updating; actions.followIntervalSeconds 1. ` +
        `${
          entities.length + 1
        } models of the suite's own (file: catalog location in a temporary directory, runbooks next to it): ${RECOMMENDER} on recommendation-engine-prod, ${SEARCH} on search-ranking-prod, ${
          MALFORMED_ACTIONS.length
        } whose runbooks get a malformed action block, and ${FRESH}, whose first runbook has one.`,
    );
    await waitForCatalog({
      baseUrl: a.url,
      filter: 'spec.type=ml-model',
      count: entities.length,
      timeoutMs: 60_000,
    });
    const round = await a.captured.service!.collectFleet();
    part.check(
      'setup: the first collection round succeeds',
      round.outcome === 'ok',
      round.outcome,
    );
    const bench = new ActionsBench(part, emulator, a);
    const cases: Array<[string, () => Promise<void>]> = [
      ['1', () => malformedCase(bench, database, write)],
      ['2', () => missingVariantCase(bench)],
      ['3', () => faultsCase(bench)],
      ['4', () => concurrentCase(bench)],
      [
        '5',
        () =>
          restartCase(bench, {
            a,
            b,
            schedulerB,
            database,
            quick: options.quick,
            stopA: async () => {
              await a.stop();
              backends.splice(backends.indexOf(a), 1);
            },
          }),
      ],
    ];
    for (const [id, run] of cases) {
      const started = performance.now();
      try {
        await run();
      } catch (error) {
        part.check(
          `${id}. the case ran to its end`,
          false,
          (error as Error).message,
        );
      } finally {
        emulator.clearFaults();
        caseTimes.push(
          `${id}: ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
    }
    part.note(`Wall time of each case: ${caseTimes.join(', ')}.`);
  } finally {
    for (const backend of backends) await backend.stop();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return part.finish();
}

/** 1. Malformed action blocks: the catalog module names the field, the report serves no action for the rule, POST is a 404. */
async function malformedCase(
  bench: ActionsBench,
  database: Extract<DatabaseChoice, { kind: 'postgres' }>,
  write: (file: string, text: string) => void,
) {
  const { part } = bench;
  const catalog = `${bench.backend.url}/api/catalog`;
  const authorization = mockCredentials.user.header(ALICE);
  // Each model was read once with its valid runbook; now its author adds a broken action to severity_2.
  for (const m of MALFORMED_ACTIONS) write(`${m.model}.yaml`, malformed(m));
  for (const m of MALFORMED_ACTIONS) {
    await part.send({
      method: 'POST',
      url: `${catalog}/refresh`,
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ entityRef: `component:default/${m.model}` }),
    });
  }
  const catalogErrors = new Map<string, string[]>();
  const deadline = Date.now() + 30_000;
  while (
    catalogErrors.size < MALFORMED_ACTIONS.length &&
    Date.now() < deadline
  ) {
    for (const m of MALFORMED_ACTIONS) {
      if (catalogErrors.has(m.model)) continue;
      const answer = await part.send({
        method: 'GET',
        url: `${catalog}/entities/by-name/component/default/${m.model}`,
        headers: { authorization },
      });
      if (answer.status !== 200) continue;
      const items = (
        JSON.parse(answer.text) as {
          status?: { items?: Array<{ error?: { message?: string } }> };
        }
      ).status?.items;
      const messages = (items ?? []).map(i => i.error?.message ?? '');
      if (messages.length > 0) catalogErrors.set(m.model, messages);
    }
    if (catalogErrors.size < MALFORMED_ACTIONS.length) await sleep(500);
  }
  const unnamed = MALFORMED_ACTIONS.filter(
    m => !(catalogErrors.get(m.model) ?? []).some(e => e.includes(m.field)),
  );
  part.check(
    '1. malformed action: the catalog module reports a processing error naming the field',
    unnamed.length === 0,
    unnamed.length
      ? unnamed
          .map(
            m =>
              `${m.model} (${m.problem}): ${
                (catalogErrors.get(m.model) ?? []).join(' / ') ||
                'no error on the entity within 30 s'
              }`,
          )
          .join('; ')
      : `e.g. "${catalogErrors.get(MALFORMED_ACTIONS[1].model)?.[0]}"`,
  );
  await bench.backend.captured.service!.collectFleet();
  // The model whose first runbook was already malformed: the catalog never accepted it.
  const freshEntity = await part.send({
    method: 'GET',
    url: `${catalog}/entities/by-name/component/default/${FRESH}`,
    headers: { authorization },
  });
  const freshReport = await bench.get(FRESH);
  const freshPost = await bench.post(FRESH, '/actions/severity-2', {
    dryRun: true,
  });
  // Its processing error, as the catalog recorded it (refresh_state; no final entity is stitched without a good one).
  const catalogDb = adminConnection(database.url, `${database.prefix}catalog`);
  const freshErrors = await catalogDb('refresh_state')
    .where({ entity_ref: `component:default/${FRESH}` })
    .first('errors')
    .then(
      row => String(row?.errors ?? ''),
      error => `refresh_state not readable: ${(error as Error).message}`,
    )
    .finally(() => catalogDb.destroy());
  const freshField = 'incident_response.severity_2.action.weight';
  part.check(
    '1. malformed action from the start: the catalog (with the module) records the error naming the field and never accepts the model, so there is no report and no button; POST answers 404',
    freshErrors.includes(freshField) &&
      freshEntity.status === 404 &&
      freshReport.status === 404 &&
      freshPost.status === 404 &&
      Boolean(errorMessage(freshPost.text)),
    `refresh_state errors ${
      freshErrors.includes(freshField)
        ? `name ${freshField}`
        : JSON.stringify(freshErrors.slice(0, 200))
    }; catalog ${freshEntity.status}; report ${answerText(
      freshReport,
    )}; POST ${answerText(freshPost)}`,
  );
  const problems: string[] = [];
  let sourceMessage = '';
  for (const m of MALFORMED_ACTIONS) {
    const report = await bench.report(m.model);
    if (!report) {
      problems.push(`${m.model}: no report`);
      continue;
    }
    const source = report.sources?.runbook;
    if (source?.outcome === 'ok' || !(source?.message ?? '').includes(m.field))
      problems.push(
        `${m.model}: runbook source ${source?.outcome} "${
          source?.message ?? ''
        }"`,
      );
    if (m === MALFORMED_ACTIONS[1]) sourceMessage = source?.message ?? '';
    const rule = report.escalation.severityRules.find(r => r.level === 2);
    if (rule?.action)
      problems.push(`${m.model}: severity 2 serves action ${rule.action.id}`);
    const post = await bench.post(m.model, '/actions/severity-2', {
      dryRun: true,
    });
    const message = errorMessage(post.text) ?? '';
    if (post.status !== 404 || !message.includes('its actions are severity-1'))
      problems.push(`${m.model}: POST severity-2 ${answerText(post)}`);
  }
  part.check(
    '1. malformed action: the report says the runbook is invalid naming the field, serves no action for that rule, and POST .../actions/severity-2 answers 404 naming the declared actions',
    problems.length === 0,
    problems.length
      ? problems.slice(0, 4).join('; ')
      : `e.g. runbook source "${sourceMessage}"`,
  );
  part.tried(
    `1. malformed action blocks: ${
      MALFORMED_ACTIONS.length
    } models read once with a valid runbook (severity_1 mute-alarms, severity_2 without action), then severity_2 given ${MALFORMED_ACTIONS.map(
      m => m.problem,
    ).join(
      ', ',
    )}; catalog refresh of each, a collection round, the report and POST .../actions/severity-2 of each. The report keeps the last valid runbook (severity-1 only) and marks the runbook source as an error. Also ${FRESH}, whose first runbook already has weight 1.5`,
  );
}

/** 2. An action for a variant the endpoint does not have: refused, 409, nothing changed. */
async function missingVariantCase(bench: ActionsBench) {
  const { part } = bench;
  const before = await bench.weights('recommendation-engine-prod');
  const callsBefore = bench.updateCalls();
  const { answer, plan } = await bench.plan(RECOMMENDER, 'severity-2');
  part.check(
    '2. missing variant: the plan is ok: false and its refusal names the existing variants',
    plan?.ok === false &&
      plan.refusals.some(r =>
        r.includes('its variants are AllTraffic, popularity-fallback'),
      ),
    plan ? plan.refusals.join('; ') : answerText(answer),
  );
  const applied = await bench.post(RECOMMENDER, '/actions/severity-2', {});
  part.check(
    '2. missing variant: applying answers 409 saying why',
    applied.status === 409 &&
      (errorMessage(applied.text) ?? '').includes('champion-v9'),
    answerText(applied),
  );
  const after = await bench.weights('recommendation-engine-prod');
  part.check(
    '2. missing variant: DescribeEndpoint shows the endpoint unchanged, no UpdateEndpointWeightsAndCapacities call',
    after.text === before.text && bench.updateCalls() === callsBefore,
    `${after.text}; ${bench.updateCalls() - callsBefore} update calls`,
  );
  part.tried(
    `2. missing variant: plan and apply of ${RECOMMENDER}'s severity-2 (shift-traffic to champion-v9 on recommendation-engine-prod, whose variants are AllTraffic and popularity-fallback)`,
  );
}

/** 3. Throttled and denied UpdateEndpointWeightsAndCapacities mid-apply and mid-undo. */
async function faultsCase(bench: ActionsBench) {
  const { part, emulator } = bench;
  const endpoint = 'recommendation-engine-prod';
  const original = await bench.weights(endpoint);
  const faults = [
    ['throttled', { throttleRate: 1 }, /throttl/i],
    ['denied', { denied: true }, /denied|not allowed|not authori/i],
  ] as const;
  for (const [label, rule, said] of faults) {
    emulator.setFaults({
      operations: { UpdateEndpointWeightsAndCapacities: rule },
    });
    const started = await bench.post(RECOMMENDER, '/actions/severity-1', {});
    const id =
      started.status === 202 ? (JSON.parse(started.text) as ActionRun).id : '';
    const ended = id ? await bench.ended(RECOMMENDER, id) : undefined;
    emulator.clearFaults();
    const now = await bench.weights(endpoint);
    part.check(
      `3. ${label} apply: the run ends failed, saying what happened and that the endpoint is unchanged`,
      ended?.status === 'failed' &&
        said.test(ended.outcome ?? '') &&
        /unchanged/.test(ended.outcome ?? ''),
      id ? runText(ended) : `apply answered ${answerText(started)}`,
    );
    part.check(
      `3. ${label} apply: DescribeEndpoint confirms nothing changed`,
      now.text === original.text,
      now.text,
    );
  }
  // A shift that works, then its undo denied, then the undo once the fault is gone.
  const started = await bench.post(RECOMMENDER, '/actions/severity-1', {});
  const id =
    started.status === 202 ? (JSON.parse(started.text) as ActionRun).id : '';
  const sawUpdating = id ? await bench.finishUpdate(RECOMMENDER, id) : false;
  const shifted = id ? await bench.ended(RECOMMENDER, id) : undefined;
  const afterShift = await bench.weights(endpoint);
  part.check(
    '3. without the fault the shift succeeds (popularity-fallback all traffic)',
    sawUpdating &&
      shifted?.status === 'succeeded' &&
      afterShift.variants.find(v => v.variant === 'popularity-fallback')
        ?.weight === 1 &&
      afterShift.variants.find(v => v.variant === 'AllTraffic')?.weight === 0,
    `${runText(shifted)}; DescribeEndpoint ${afterShift.text}`,
  );
  emulator.setFaults({
    operations: { UpdateEndpointWeightsAndCapacities: { denied: true } },
  });
  const undo = await bench.post(RECOMMENDER, `/actions/runs/${id}/undo`, {});
  const undoId =
    undo.status === 202 ? (JSON.parse(undo.text) as ActionRun).id : '';
  const undoEnded = undoId ? await bench.ended(RECOMMENDER, undoId) : undefined;
  emulator.clearFaults();
  const afterDenied = await bench.weights(endpoint);
  part.check(
    '3. denied undo: the undo run fails and says so (denied, endpoint unchanged); DescribeEndpoint still shows the shift',
    undoEnded?.status === 'failed' &&
      /denied|not allowed|not authori/i.test(undoEnded.outcome ?? '') &&
      /unchanged/.test(undoEnded.outcome ?? '') &&
      afterDenied.text === afterShift.text,
    `${
      undoId ? runText(undoEnded) : `undo answered ${answerText(undo)}`
    }; DescribeEndpoint ${afterDenied.text}`,
  );
  const original2 = await bench.run(RECOMMENDER, id);
  const retry = await bench.post(RECOMMENDER, `/actions/runs/${id}/undo`, {});
  const retryId =
    retry.status === 202 ? (JSON.parse(retry.text) as ActionRun).id : '';
  const retryUpdating = retryId
    ? await bench.finishUpdate(RECOMMENDER, retryId)
    : false;
  const retryEnded = retryId
    ? await bench.ended(RECOMMENDER, retryId)
    : undefined;
  const back = await bench.weights(endpoint);
  part.check(
    '3. undo once the fault is cleared: succeeds, DescribeEndpoint shows the weights from before',
    retryUpdating &&
      retryEnded?.status === 'succeeded' &&
      back.text === original.text,
    `${
      retryId ? runText(retryEnded) : `undo answered ${answerText(retry)}`
    } (the shift could still be undone after the failed undo: canUndo ${
      original2?.canUndo
    }); DescribeEndpoint ${back.text}`,
  );
  part.tried(
    `3. AWS faults: ${RECOMMENDER}'s severity-1 (popularity-fallback takes all traffic) applied with UpdateEndpointWeightsAndCapacities throttled (every attempt), then denied; then applied without fault, its undo denied, then undone again without fault (DescribeEndpoint before: ${original.text})`,
  );
}

/** 4. Two users apply the same action at once: one 202, one 409 naming who acts, one AWS call. */
async function concurrentCase(bench: ActionsBench) {
  const { part } = bench;
  const users = ['user:default/carol', 'user:default/dave'];
  const callsBefore = bench.updateCalls();
  const answers = await Promise.all(
    users.map(user => bench.post(RECOMMENDER, '/actions/severity-1', {}, user)),
  );
  const won = answers.findIndex(a => a.status === 202);
  const lost = answers.findIndex(a => a.status === 409);
  const statuses = answers.map((a, i) => `${users[i]}: ${answerText(a)}`);
  const winner = won >= 0 ? users[won] : undefined;
  part.check(
    '4. two users at once: exactly one 202, the other 409 naming who is acting',
    won >= 0 &&
      lost >= 0 &&
      (errorMessage(answers[lost].text) ?? '').includes(
        `${winner} is already running`,
      ),
    statuses.join('; '),
  );
  const id = won >= 0 ? (JSON.parse(answers[won].text) as ActionRun).id : '';
  if (id) await bench.finishUpdate(RECOMMENDER, id);
  const ended = id ? await bench.ended(RECOMMENDER, id) : undefined;
  const calls = bench.updateCalls() - callsBefore;
  part.check(
    '4. two users at once: one UpdateEndpointWeightsAndCapacities call reached the emulator, and the run succeeded',
    calls === 1 && ended?.status === 'succeeded',
    `${calls} calls (emulator statistics); run ${runText(ended)}`,
  );
  part.tried(
    `4. concurrent apply: ${users.join(
      ' and ',
    )} POST ${RECOMMENDER}'s severity-1 in parallel`,
  );
}

/** 5. The backend following a shift stops while the endpoint is Updating; the other one takes the run over. */
async function restartCase(
  bench: ActionsBench,
  o: {
    a: RunningBackend;
    b: RunningBackend;
    schedulerB: TestScheduler;
    database: Extract<DatabaseChoice, { kind: 'postgres' }>;
    quick: boolean;
    stopA: () => Promise<void>;
  },
) {
  const { part, emulator } = bench;
  const started = await bench.post(SEARCH, '/actions/severity-1', {});
  const id =
    started.status === 202 ? (JSON.parse(started.text) as ActionRun).id : '';
  if (!id) {
    part.check(
      '5. restart: the shift starts on the first backend',
      false,
      answerText(started),
    );
    return;
  }
  const updating = await bench.until(SEARCH, id, r =>
    r.progress.some(p => / is Updating$/.test(p.message)),
  );
  const endpointBefore = await bench.weights('search-ranking-prod');
  await o.stopA();
  bench.backend = o.b;
  const stopped = await bench.run(SEARCH, id);
  part.check(
    '5. restart: the first backend stopped while the endpoint was Updating; the run stays running',
    Boolean(updating?.progress.some(p => / is Updating$/.test(p.message))) &&
      endpointBefore.status === 'Updating' &&
      stopped?.status === 'running',
    `DescribeEndpoint ${endpointBefore.text}; run read on the second backend: ${stopped?.status}`,
  );
  // The run is an orphan once its heartbeat is 60 s old.
  const admin = adminConnection(o.database.url);
  const [name] = await admin
    .select('datname')
    .from('pg_database')
    .where('datname', 'like', `${o.database.prefix.replace(/_/g, '\\_')}%`)
    .then(rows =>
      rows
        .map((r: { datname: string }) => r.datname)
        .filter(n => n.endsWith('ml-observability')),
    )
    .finally(() => admin.destroy());
  const db = adminConnection(o.database.url, name);
  let waited = '';
  try {
    if (o.quick) {
      await db('action_runs')
        .where({ id })
        .update({
          heartbeat_at: db.raw('heartbeat_at - ?', [ORPHAN_AFTER_MS + 1000]),
        });
      waited = `its heartbeat moved back by ${
        (ORPHAN_AFTER_MS + 1000) / 1000
      } s in action_runs (quick form; the full run waits the 60 s)`;
    } else {
      const waitStarted = Date.now();
      await sleep(ORPHAN_AFTER_MS + 1500);
      waited = `waited ${((Date.now() - waitStarted) / 1000).toFixed(
        0,
      )} s for the run to be silent 60 s`;
    }
  } finally {
    await db.destroy();
  }
  await o.schedulerB.triggerTask(RECOVER_TASK);
  const taken = await bench.until(SEARCH, id, r =>
    r.progress.some(p =>
      /^Taken over by another backend replica/.test(p.message),
    ),
  );
  const takenOver = Boolean(
    taken?.progress.some(p =>
      /^Taken over by another backend replica/.test(p.message),
    ),
  );
  const stillUpdating = (await bench.weights('search-ranking-prod')).status;
  emulator.advanceClock(601);
  const ended = await bench.ended(SEARCH, id);
  const described = await bench.weights('search-ranking-prod');
  const final = (v: string) =>
    ended?.finalWeights?.find(w => w.variant === v)?.weight;
  part.check(
    `5. restart: the second backend's ${RECOVER_TASK} task takes the run over while the endpoint is Updating and reports it succeeded with the final weights`,
    takenOver &&
      stillUpdating === 'Updating' &&
      ended?.status === 'succeeded' &&
      final('champion') === 0 &&
      final('challenger') === 1,
    `${runText(ended)}; final weights ${weightsText(ended)}; DescribeEndpoint ${
      described.text
    }`,
  );
  const { answer, plan } = await bench.plan(SEARCH, 'severity-1');
  part.check(
    '5. restart: the lock is released (a new plan on the second backend is ok)',
    plan?.ok === true,
    plan ? plan.refusals.join('; ') || 'ok' : answerText(answer),
  );
  const list = await bench.get(SEARCH, '/actions');
  const runs =
    list.status === 200 ? (JSON.parse(list.text) as ActionRunList).runs : [];
  part.tried(
    `5. restart: ${SEARCH}'s severity-1 (challenger takes all traffic) applied on the first backend, which was stopped once the run saw search-ranking-prod Updating; ${waited}; the second backend's ${RECOVER_TASK} task triggered (it runs every 30 s), the update ended by the emulator's clock once the run was taken over; ${runs.length} run(s) listed`,
  );
}
