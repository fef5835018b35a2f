import { createServiceFactory } from '@backstage/backend-plugin-api';
// The real scheduler, with its database lock; backend-test-utils brings it along.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  FakeCollector,
  modelEntity,
  visibilityCatalog,
} from './__testUtils__/fixtures';
import { mlObservabilityPlugin } from './plugin';
import { fleetCollectorServiceRef } from './service/serviceRefs';
import { storesFor } from './store';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const INTERVAL_MS = 2000;
const OBSERVE_MS = 7000;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('two replicas on one database', () => {
  it('collect once per interval between them, never at the same time', async () => {
    const knex = await databases.init('POSTGRES_15');
    const entities = [
      modelEntity('fraud-detection-v2'),
      modelEntity('churn-prediction'),
    ];

    // A round takes a while, as it does against AWS, so overlapping rounds would show.
    const slowCollector = () => {
      const collector = new FakeCollector(() => ({
        series: [],
        sources: { endpoints: { outcome: 'ok' } },
      }));
      const collect = collector.collect.bind(collector);
      collector.collect = async (...args) => {
        await sleep(300);
        return collect(...args);
      };
      return collector;
    };

    const startReplica = (collector: FakeCollector) =>
      startTestBackend({
        features: [
          mlObservabilityPlugin,
          mockServices.rootConfig.factory({
            data: {
              mlObservability: {
                defaults: { accountId: '123456789012' },
                schedule: {
                  frequency: { seconds: INTERVAL_MS / 1000 },
                  timeout: { seconds: 30 },
                },
              },
            },
          }),
          mockServices.database.factory({ knex }),
          schedulerServiceFactory,
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => visibilityCatalog(entities),
          }),
          createServiceFactory({
            service: fleetCollectorServiceRef,
            deps: {},
            factory: () => collector,
          }),
        ],
      });

    const collectors = [slowCollector(), slowCollector()];
    // Rounds may start while the second replica is still starting, so count from the first.
    const started = Date.now();
    const first = await startReplica(collectors[0]);
    const second = await startReplica(collectors[1]);
    await sleep(OBSERVE_MS);
    const stopping = Date.now();
    await Promise.all([first.stop(), second.stop()]);
    const elapsed = Date.now() - started;
    // Let a round that was under way when the replicas stopped finish writing.
    await sleep(1000);

    const runs = await storesFor(knex).runs.listRuns('fleet');
    const calls = collectors[0].calls.length + collectors[1].calls.length;
    const summary = runs.map(
      r => `${r.outcome} ${r.startedAt} → ${r.finishedAt}`,
    );
    // A round under way when the replicas stop is aborted by the scheduler's signal (a 300 ms
    // round, so now and then under load); every round that ended before is ok.
    const before = runs.filter(r => Date.parse(r.finishedAt!) < stopping);
    const atStop = runs.filter(r => Date.parse(r.finishedAt!) >= stopping);
    expect({
      runs: runs.length,
      calls,
      outcomes: [...new Set(before.map(r => r.outcome))],
      atStop: atStop.filter(r => r.outcome !== 'ok' && r.outcome !== 'aborted'),
    }).toEqual({
      runs: calls,
      calls,
      outcomes: ['ok'],
      atStop: [],
    });
    expect(atStop.length).toBeLessThanOrEqual(1);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // The lock spaces rounds at least an interval apart; without it each replica would collect every
    // interval, about twice as many rounds.
    expect({ count: runs.length, summary }).toEqual({
      count: Math.min(runs.length, Math.floor(elapsed / INTERVAL_MS) + 2),
      summary,
    });
    for (let i = 1; i < runs.length; i++) {
      // Never two rounds at once.
      expect(Date.parse(runs[i].startedAt)).toBeGreaterThanOrEqual(
        Date.parse(runs[i - 1].finishedAt!),
      );
    }
    // One snapshot per model, written by whichever replica ran each round.
    expect((await storesFor(knex).snapshots.listRefs()).sort()).toEqual([
      'component:default/churn-prediction',
      'component:default/fraud-detection-v2',
    ]);
  });
});
