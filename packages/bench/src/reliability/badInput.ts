/**
 * Bad input: the generated corpus of malformed requests against every route,
 * then malformed annotations and runbooks through the catalog, with and
 * without the catalog module that validates them. No answer may be a 5xx,
 * and every 4xx must say what is wrong.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { startEmulator } from '@mlobs/aws-ml-emulator';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { FleetProvider, startBackend } from '../lib/backend';
import { waitForCatalog } from '../lib/catalogWait';
import type { DatabaseChoice } from '../lib/database';
import { uniquePrefix } from '../lib/database';
import { serveFiles } from '../lib/staticServer';
import { ACCOUNT, modelEntities, orgEntities } from '../lib/scaleFleet';
import { badEntity, badModels, RUNBOOK_FILES } from './badCatalog';
import { generateCorpus } from './corpus';
import { badInputProblem, Part, PartResult, Suite } from './harness';

const USER = mockCredentials.user.header('user:default/team-00-member-1');

export async function badInputPart(
  suite: Suite,
  options: { database: DatabaseChoice; quick: boolean },
): Promise<PartResult> {
  const part = new Part('Bad input', suite);
  const emulator = await startEmulator({ scenario: 'scale', models: 10 });
  suite.addInternalUrl(emulator.url);
  const runbooks = await serveFiles('/catalog/', RUNBOOK_FILES);
  try {
    await corpusStep(part, emulator.url, options.database);
    const module = await catalogModule();
    await catalogStep(part, {
      emulatorUrl: emulator.url,
      runbooks,
      database: rename(options.database, 'badcat'),
      label: 'without the catalog module',
    });
    if (module) {
      await catalogStep(part, {
        emulatorUrl: emulator.url,
        runbooks,
        database: rename(options.database, 'badcatmod'),
        label: 'with the catalog module',
        module,
      });
    } else {
      part.note(
        'plugins/catalog-backend-module-ml-observability is not installed; the catalog was tried without it only.',
      );
    }
  } finally {
    await runbooks.close();
    await emulator.stop();
  }
  return part.finish();
}

function rename(database: DatabaseChoice, label: string): DatabaseChoice {
  return database.kind === 'postgres'
    ? {
        ...database,
        prefix: `${database.prefix}${uniquePrefix(label).slice(6)}`,
      }
    : database;
}

async function catalogModule(): Promise<BackendFeature | undefined> {
  try {
    const imported = await import(
      '@mlobs/backstage-plugin-catalog-backend-module-ml-observability'
    );
    return imported.default as BackendFeature;
  } catch {
    return undefined;
  }
}

async function corpusStep(
  part: Part,
  emulatorUrl: string,
  database: DatabaseChoice,
) {
  const backend = await startBackend({
    emulatorUrl,
    accounts: [ACCOUNT],
    database,
    provider: new FleetProvider([...modelEntities(10), ...orgEntities()]),
    mlObservability: { lookbackDays: 0.25 },
  });
  try {
    await waitForCatalog({
      baseUrl: backend.url,
      filter: 'spec.type=ml-model',
      count: 10,
      timeoutMs: 60_000,
    });
    await backend.captured.service!.collectFleet();
    const corpus = generateCorpus({
      model: {
        namespace: 'default',
        kind: 'component',
        name: 'scale-model-00001',
      },
    });
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const byRoute = new Map<string, number>();
    for (const c of corpus) {
      const answer = await part.send({
        method: c.method,
        url: `${backend.url}/api/ml-observability${c.path}`,
        headers: { authorization: USER, ...c.headers },
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const route = c.id.split('/')[0];
      byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
      const problem = badInputProblem(answer);
      if (problem) problems.push(`${c.id}: ${problem}`);
    }
    part.tried(
      `${corpus.length} malformed requests (${[...byRoute]
        .map(([r, n]) => `${n} ${r}`)
        .join(', ')}); answers: ${[...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${n} × ${s}`)
        .join(', ')}`,
    );
    part.check(
      'malformed requests: no 5xx, every 4xx with a message',
      problems.length === 0,
      problems.length
        ? `${problems.length} cases (${problems
            .map(p => p.split(':')[0])
            .slice(0, 40)
            .join(', ')}), e.g. ${problems.slice(0, 2).join('; ')}`
        : '',
    );
  } finally {
    await backend.stop();
  }
}

async function catalogStep(
  part: Part,
  options: {
    emulatorUrl: string;
    runbooks: { url: string; host: string };
    database: DatabaseChoice;
    label: string;
    module?: BackendFeature;
  },
) {
  const location = `url:${options.runbooks.url}catalog-info.yaml`;
  const models = badModels();
  const entities = [
    ...modelEntities(2),
    ...orgEntities(),
    ...models.map(m => badEntity(m, location)),
  ];
  const backend = await startBackend({
    emulatorUrl: options.emulatorUrl,
    accounts: [ACCOUNT],
    database: options.database,
    provider: new FleetProvider(entities),
    mlObservability: { lookbackDays: 0.25 },
    config: {
      backend: { reading: { allow: [{ host: options.runbooks.host }] } },
    },
    services: options.module ? [options.module] : [],
  });
  const api = `${backend.url}/api/ml-observability`;
  try {
    // Invalid entities never arrive (the catalog's own checks, and the module's), so wait for the count to settle.
    const inCatalog = await settledCount(
      backend.url,
      'kind=component',
      2,
      90_000,
    );
    const round = await backend.captured.service!.collectFleet();
    const problems: string[] = [];
    const unexplained: string[] = [];
    let reports = 0;
    let absent = 0;
    const ask = async (id: string, url: string) => {
      const answer = await part.send({
        method: 'GET',
        url,
        headers: { authorization: USER },
        timeoutMs: 30_000,
      });
      const problem = badInputProblem(answer);
      if (problem) problems.push(`${id}: ${problem}`);
      return answer;
    };
    for (const model of models) {
      const answer = await ask(
        model.name,
        `${api}/v1/models/default/component/${model.name}`,
      );
      if (answer.status === 200) {
        reports++;
        const report = JSON.parse(answer.text) as ModelReport;
        const explained = Object.values(report.sources ?? {}).some(
          s => s && s.outcome !== 'ok' && s.message,
        );
        if (
          !explained &&
          !['pagerduty', 'spec.lifecycle'].some(p =>
            model.problem.startsWith(p),
          )
        ) {
          unexplained.push(`${model.name} (${model.problem})`);
        }
      } else if (answer.status === 404) {
        absent++;
      }
      const endpoint =
        model.annotations['aws.amazon.com/sagemaker-endpoint-name'];
      if (endpoint)
        await ask(
          `${model.name}/escalation`,
          `${api}/v1/escalation?resource=${encodeURIComponent(endpoint)}`,
        );
    }
    await ask('fleet', `${api}/v1/models?limit=100`);
    part.tried(
      `${models.length} malformed models and ${
        Object.keys(RUNBOOK_FILES).length - 1
      } broken runbooks through the catalog ${options.label}: ` +
        `${inCatalog} of ${
          models.length + 2
        } components accepted by the catalog; collection round ${
          round.outcome
        } (${round.failedModels} models not stored); ` +
        `${reports} reports served, ${absent} answered 404`,
    );
    part.check(
      `catalog ${options.label}: no 5xx, every 4xx with a message`,
      problems.length === 0,
      problems.slice(0, 4).join('; '),
    );
    part.check(
      `catalog ${options.label}: the collection round succeeds`,
      round.outcome === 'ok' && round.failedModels === 0,
      `${round.outcome}, ${round.failedModels} failed`,
    );
    part.check(
      `catalog ${options.label}: a served report of a malformed model says what is wrong`,
      unexplained.length === 0,
      unexplained.length
        ? unexplained.slice(0, 5).join('; ')
        : `${reports} reports checked`,
    );
  } finally {
    await backend.stop();
  }
}

/**
 * Waits until at least `min` entities match and the count has not changed for
 * ten seconds: on a busy machine the catalog's processing loop can pause for
 * several seconds between batches, and a shorter window took a pause for the end.
 */
async function settledCount(
  baseUrl: string,
  filter: string,
  min: number,
  timeoutMs: number,
): Promise<number> {
  await waitForCatalog({ baseUrl, filter, count: min, timeoutMs });
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const response = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=${encodeURIComponent(
        filter,
      )}&limit=1`,
      { headers: { authorization: USER } },
    );
    const count =
      ((await response.json()) as { totalItems?: number }).totalItems ?? 0;
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 10_000 || Date.now() > deadline) {
      return count;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
