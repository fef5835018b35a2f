/**
 * Load: concurrent users on the report, fleet and escalation routes for a
 * bounded time while collection rounds write new snapshots underneath.
 * Every answer must be a 200 with the right content.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { startEmulator } from '@mlobs/aws-ml-emulator';
import type {
  EscalationResult,
  FleetPage,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { FleetProvider, startBackend } from '../lib/backend';
import { waitForCatalog } from '../lib/catalogWait';
import type { DatabaseChoice } from '../lib/database';
import { summarize } from '../lib/percentiles';
import { seededRandom } from '../lib/random';
import {
  ACCOUNT,
  endpointOf,
  modelEntities,
  modelName,
  orgEntities,
  REGION,
  teamOf,
} from '../lib/scaleFleet';
import { Part, PartResult, Suite } from './harness';

type Route = 'report' | 'fleet' | 'escalation';

export interface LoadOptions {
  database: DatabaseChoice;
  models: number;
  clients: number;
  durationMs: number;
}

export async function loadPart(
  suite: Suite,
  options: LoadOptions,
): Promise<PartResult> {
  const part = new Part('Load', suite);
  const emulator = await startEmulator({
    scenario: 'scale',
    models: options.models,
    faults: { default: { latencyMs: 40, jitterMs: 20 } },
  });
  suite.addInternalUrl(emulator.url);
  const backend = await startBackend({
    emulatorUrl: emulator.url,
    accounts: [ACCOUNT],
    database: options.database,
    provider: new FleetProvider([
      ...modelEntities(options.models),
      ...orgEntities(),
    ]),
    mlObservability: { lookbackDays: 0.25 },
  });
  try {
    await waitForCatalog({
      baseUrl: backend.url,
      filter: 'spec.type=ml-model',
      count: options.models,
      timeoutMs: 120_000,
    });
    const first = await backend.captured.service!.collectFleet();
    part.check(
      'the first collection round succeeds',
      first.outcome === 'ok',
      `${first.models} models`,
    );

    const api = `${backend.url}/api/ml-observability`;
    const latencies: Record<Route, number[]> = {
      report: [],
      fleet: [],
      escalation: [],
    };
    const failures: Record<Route, string[]> = {
      report: [],
      fleet: [],
      escalation: [],
    };
    const deadline = performance.now() + options.durationMs;
    const rounds: string[] = [];

    const request = async (
      route: Route,
      url: string,
      who: string,
      verify: (body: any) => string | undefined,
    ) => {
      const answer = await part.send({
        method: 'GET',
        url,
        headers: { authorization: mockCredentials.user.header(who) },
      });
      latencies[route].push(answer.ms);
      if (answer.status !== 200) {
        failures[route].push(
          `${answer.status} ${url.slice(api.length)}: ${answer.text.slice(
            0,
            160,
          )}`,
        );
        return;
      }
      const problem = verify(JSON.parse(answer.text));
      if (problem) failures[route].push(`${url.slice(api.length)}: ${problem}`);
    };

    const client = async (id: number) => {
      const random = seededRandom(1000 + id);
      const who = `user:default/${teamOf(id)}-member-1`;
      while (performance.now() < deadline) {
        const model = modelName(1 + Math.floor(random() * options.models));
        const roll = random();
        if (roll < 0.5) {
          const range = random() < 0.8 ? '24h' : '7d';
          await request(
            'report',
            `${api}/v1/models/default/component/${model}?range=${range}`,
            who,
            (r: ModelReport) =>
              r.entityRef === `component:default/${model}`
                ? undefined
                : `report of ${r.entityRef}`,
          );
        } else if (roll < 0.7) {
          const filters = [
            '',
            '&status=critical',
            '&status=warning&status=critical',
            `&owner=group:default/${teamOf(id)}`,
          ];
          const filter = filters[Math.floor(random() * filters.length)];
          let url = `${api}/v1/models?limit=${
            10 + Math.floor(random() * 40)
          }${filter}`;
          // Follow the cursor for a page or two, as a person scrolling would.
          for (let page = 0; page < 3 && url; page++) {
            let next: string | undefined;
            await request('fleet', url, who, (p: FleetPage) => {
              next = p.nextCursor;
              return Array.isArray(p.items) && typeof p.totalCount === 'number'
                ? undefined
                : 'not a fleet page';
            });
            url = next
              ? `${api}/v1/models?limit=10&cursor=${encodeURIComponent(
                  next,
                )}${filter}`
              : '';
          }
        } else {
          const endpoint = endpointOf(model);
          const resources = [
            endpoint,
            `${model}-drift`,
            `${endpoint}-data-quality`,
            `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${endpoint}`,
          ];
          const resource = resources[Math.floor(random() * resources.length)];
          await request(
            'escalation',
            `${api}/v1/escalation?resource=${encodeURIComponent(resource)}`,
            who,
            (e: EscalationResult) =>
              e.matches.some(m => m.entityRef === `component:default/${model}`)
                ? undefined
                : `no match for ${resource}`,
          );
        }
      }
    };
    // Collection rounds run while the clients read, as the scheduled task would.
    const collector = (async () => {
      while (performance.now() < deadline - 2000) {
        await new Promise(resolve =>
          setTimeout(resolve, options.durationMs / 4),
        );
        if (performance.now() >= deadline - 2000) break;
        const started = performance.now();
        const round = await backend.captured.service!.collectFleet();
        rounds.push(
          `${round.outcome} in ${((performance.now() - started) / 1000).toFixed(
            1,
          )} s`,
        );
      }
    })();
    await Promise.all([
      ...Array.from({ length: options.clients }, (_, i) => client(i)),
      collector,
    ]);

    for (const route of ['report', 'fleet', 'escalation'] as Route[]) {
      const s = latencies[route].length
        ? summarize(latencies[route])
        : undefined;
      const timing = s
        ? `, p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`
        : '';
      const seconds = (options.durationMs / 1000).toFixed(0);
      part.tried(
        `${route}: ${latencies[route].length} requests from ${options.clients} concurrent users in ${seconds} s${timing}`,
      );
      part.check(
        `${route}: every answer a 200 with the right content`,
        failures[route].length === 0,
        failures[route].length
          ? `${failures[route].length} failed, e.g. ${failures[route][0]}`
          : '',
      );
    }
    part.tried(
      `${rounds.length} collection rounds during the load (${
        options.models
      } models, 40 ms AWS latency): ${rounds.join(', ')}`,
    );
    part.check(
      'collection rounds during the load succeed',
      rounds.length > 0 && rounds.every(r => r.startsWith('ok')),
      rounds.join(', '),
    );
  } finally {
    await backend.stop();
    await emulator.stop();
  }
  return part.finish();
}
