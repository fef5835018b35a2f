/**
 * Faults: throttling, 5xx, hanging calls, a denied account, AWS gone for a
 * while, PostgreSQL restarted during a collection and two replicas on one
 * database, each followed by what a person sees. Nothing seen before a fault
 * may disappear, degraded parts must say so with the age of their data, and
 * everything must come back afterwards.
 */
import {
  awsAccessKeyId,
  FleetProvider,
  RunningBackend,
  startBackend,
} from '../lib/backend';
import { waitForCatalog } from '../lib/catalogWait';
import type { FaultConfig } from '@mlobs/aws-ml-emulator';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  DEMO_ACCOUNT_IDS,
  DEMO_MODELS,
  demoCatalogConfig,
  degradedSources,
  missing,
  readFleet,
  RestartableEmulator,
  Seen,
  seenOf,
  USER,
} from './demoFleet';
import { Part, PartResult, Suite } from './harness';
import type { RestartablePostgres } from '../lib/postgres';
import { replicasStep } from './replicas';

const INTERVAL_SECONDS = 2;
const ROUND_LIMIT_MS = 120_000;

export interface FaultsOptions {
  postgres: RestartablePostgres;
  quick: boolean;
}

export const faultsPluginConfig = {
  // Staleness follows the schedule; two seconds lets "AWS down for a while" become stale quickly.
  schedule: {
    frequency: { seconds: INTERVAL_SECONDS },
    timeout: { seconds: 60 },
    initialDelay: { seconds: 0 },
  },
  staleAfterIntervals: 1,
  refreshCooldownSeconds: 0,
  lookbackDays: 1,
  aws: { maxAttempts: 3, requestTimeoutMs: 2000, concurrency: 4 },
};

export class FaultBench {
  seen = new Map<string, Seen>();

  constructor(
    readonly part: Part,
    readonly emulator: RestartableEmulator,
    readonly backend: RunningBackend,
  ) {}

  /** A collection round with a deadline; its failure is a value, never a crash. */
  async round(): Promise<{ outcome: string; ms: number; error?: string }> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const summary = await Promise.race([
        this.backend.captured.service!.collectFleet(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no end within ${ROUND_LIMIT_MS / 1000} s`)),
            ROUND_LIMIT_MS,
          );
        }),
      ]);
      return { outcome: summary.outcome, ms: performance.now() - started };
    } catch (error) {
      return {
        outcome: 'threw',
        ms: performance.now() - started,
        error: (error as Error).message,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads the fleet and every report; records what a person would have lost. */
  async inspect(
    label: string,
    expect: { degraded?: boolean; stale?: boolean } = {},
  ) {
    const { reports, fleet, failures } = await readFleet(
      this.part,
      this.backend.url,
    );
    this.part.check(
      `${label}: every report and the fleet answer 200`,
      failures.length === 0,
      failures.slice(0, 2).join('; '),
    );
    const gone: string[] = [];
    const unmarked: string[] = [];
    let degraded = 0;
    let stale = 0;
    const fresh: string[] = [];
    for (const [name, report] of reports) {
      const before = this.seen.get(name);
      if (before)
        gone.push(...missing(before, report).map(m => `${name}: ${m}`));
      const sources = degradedSources(report);
      degraded += sources.length;
      unmarked.push(
        ...sources
          .filter(s => !s.marked)
          .map(s => `${name}.${s.source} (${s.outcome})`),
      );
      if (report.stale.isStale) stale++;
      else {
        const ok = Object.entries(report.sources ?? {})
          .filter(([, st]) => st?.outcome === 'ok')
          .map(([id]) => id);
        fresh.push(
          `${name} (collected ${report.collectedAt}; ok: ${
            ok.join(', ') || 'none'
          })`,
        );
      }
    }
    this.part.check(
      `${label}: nothing shown before is gone`,
      gone.length === 0,
      gone.slice(0, 4).join('; '),
    );
    this.part.check(
      `${label}: each degraded source says why and since when its data is`,
      unmarked.length === 0,
      unmarked.length
        ? unmarked.slice(0, 4).join('; ')
        : `${degraded} degraded sources, all marked`,
    );
    if (expect.degraded !== undefined) {
      this.part.check(
        `${label}: ${
          expect.degraded ? 'degradation is visible' : 'no source degraded'
        }`,
        degraded > 0 === expect.degraded,
        `${degraded} degraded sources`,
      );
    }
    if (expect.stale !== undefined) {
      this.part.check(
        `${label}: ${
          expect.stale ? 'every model is marked stale' : 'no model is stale'
        }`,
        expect.stale ? stale === reports.size : stale === 0,
        `${stale} of ${reports.size} stale${
          expect.stale && fresh.length
            ? `; not stale: ${fresh.slice(0, 3).join('; ')}`
            : ''
        }`,
      );
    }
    const fleetRows = fleet?.items.length ?? 0;
    this.part.check(
      `${label}: the fleet lists every model`,
      fleetRows === DEMO_MODELS.length,
      `${fleetRows} rows`,
    );
    return { reports, degraded, stale };
  }

  remember(reports: Map<string, ModelReport>) {
    for (const [name, report] of reports) this.seen.set(name, seenOf(report));
  }

  /** Runs rounds under a fault, then inspects; the fault is removed afterwards. */
  async underFault(
    label: string,
    faults: FaultConfig,
    rounds: number,
    expect: { degraded?: boolean } = {},
  ) {
    const emulator = this.emulator.current;
    emulator.setFaults(faults);
    const before = emulator.stats();
    const outcomes: string[] = [];
    for (let i = 0; i < rounds; i++) {
      const r = await this.round();
      outcomes.push(
        `${r.outcome} in ${(r.ms / 1000).toFixed(1)} s${
          r.error ? ` (${r.error})` : ''
        }`,
      );
    }
    // A person's refresh forces every call for that model (Describe, metrics), so faults hit it hard.
    const refreshes = new Map<number, number>();
    const refreshProblems: string[] = [];
    for (const name of DEMO_MODELS) {
      const answer = await this.part.send({
        method: 'POST',
        url: `${this.backend.url}/api/ml-observability/v1/models/default/component/${name}/refresh`,
        headers: { authorization: USER },
        timeoutMs: ROUND_LIMIT_MS,
      });
      refreshes.set(answer.status, (refreshes.get(answer.status) ?? 0) + 1);
      if (answer.status !== 200)
        refreshProblems.push(
          `${name}: ${answer.status} ${answer.text.slice(0, 120)}`,
        );
    }
    const after = emulator.stats();
    emulator.clearFaults();
    this.part.check(
      `${label}: refreshing each model answers with its report`,
      refreshProblems.length === 0,
      refreshProblems.slice(0, 2).join('; '),
    );
    const calls = after.totals.calls - before.totals.calls;
    const injected = ['throttled', 'failed', 'denied', 'hung'] as const;
    const counts = injected
      .map(k => `${after.totals[k] - before.totals[k]} ${k}`)
      .filter(s => !s.startsWith('0 '))
      .join(', ');
    this.part.check(
      `${label}: rounds end without throwing`,
      outcomes.every(o => !o.startsWith('threw')),
      outcomes.join('; '),
    );
    const seen = await this.inspect(label, expect);
    this.part.tried(
      `${label}: ${rounds} collection round(s) and a refresh of each of the ${
        DEMO_MODELS.length
      } models, ${calls} AWS calls (${counts || 'no fault hit'}); ${
        seen.degraded
      } sources degraded afterwards`,
    );
  }
}

export async function faultsPart(
  suite: Suite,
  options: FaultsOptions,
): Promise<PartResult> {
  const part = new Part('Faults', suite);
  part.note(`PostgreSQL: ${options.postgres.description}.`);
  for (const account of DEMO_ACCOUNT_IDS)
    suite.addAccessKeyId(awsAccessKeyId(account));
  const emulator = new RestartableEmulator();
  await emulator.start();
  suite.addInternalUrl(emulator.url);
  const database = options.postgres.database('faults');
  const backend = await startBackend({
    emulatorUrl: emulator.url,
    accounts: DEMO_ACCOUNT_IDS,
    database,
    provider: new FleetProvider([]),
    config: demoCatalogConfig(),
    mlObservability: faultsPluginConfig,
  });
  const bench = new FaultBench(part, emulator, backend);
  const rounds = options.quick ? 1 : 2;
  try {
    await waitForCatalog({
      baseUrl: backend.url,
      filter: 'spec.type=ml-model',
      count: DEMO_MODELS.length,
      timeoutMs: 60_000,
    });
    const first = await bench.round();
    part.check(
      'healthy: the first round succeeds',
      first.outcome === 'ok',
      first.error ?? '',
    );
    const healthy = await bench.inspect('healthy', {
      degraded: false,
      stale: false,
    });
    bench.remember(healthy.reports);
    part.tried(
      `healthy: ${DEMO_MODELS.length} models in 2 accounts, ${[
        ...bench.seen.values(),
      ].reduce(
        (n, s) => n + s.alarms.length + s.series.length + s.endpoints.length,
        0,
      )} endpoints, alarms and series on their pages`,
    );

    // AWS gone for a while, from a steady state (nothing due): stale pages, not errors; then back.
    await emulator.stop();
    await new Promise(resolve =>
      setTimeout(resolve, (INTERVAL_SECONDS + 1) * 1000),
    );
    const down = await bench.round();
    part.check(
      'emulator down: the round ends without throwing',
      down.outcome !== 'threw',
      `${down.outcome}${down.error ? `: ${down.error}` : ''}`,
    );
    await bench.inspect('emulator down', { degraded: true, stale: true });
    await emulator.start();
    const back = await bench.round();
    part.check(
      'emulator back: the next round succeeds',
      back.outcome === 'ok',
      back.error ?? '',
    );
    await bench.inspect('emulator back', { degraded: false, stale: false });
    part.tried(
      `emulator down for ${
        INTERVAL_SECONDS + 1
      } s and one round, then started again on the same address`,
    );

    await bench.underFault(
      '30% throttling',
      { default: { throttleRate: 0.3 } },
      rounds,
    );
    await bench.underFault('10% 5xx', { default: { errorRate: 0.1 } }, rounds);
    await bench.underFault(
      'hanging calls (20%, 2 s timeout)',
      { default: { hangRate: 0.2 } },
      rounds,
    );
    await bench.underFault(
      `account ${DEMO_ACCOUNT_IDS[1]} denied`,
      { accounts: { [DEMO_ACCOUNT_IDS[1]]: { denied: true } } },
      rounds,
      { degraded: true },
    );
    const denied = await readFleet(part, backend.url);
    // credit-risk-scoring lives in the EU account; fraud-screening is served there too (by ARN).
    const inEu = ['credit-risk-scoring', 'fraud-screening'];
    const euSources = inEu.map(name => {
      const report = denied.reports.get(name);
      return report ? degradedSources(report) : [];
    });
    const split = denied.reports.get('fraud-screening');
    part.check(
      'account denied: its models say "denied", the other account\'s models stay ok',
      euSources.every(sources => sources.some(s => s.outcome === 'denied')) &&
        [...denied.reports.entries()]
          .filter(([n]) => !inEu.includes(n))
          .every(([, r]) => degradedSources(r).length === 0),
      euSources
        .flat()
        .map(s => `${s.source}: ${s.outcome}`)
        .join(', '),
    );
    part.check(
      'account denied: the model served in both accounts still shows its other endpoint',
      (split?.endpoints ?? []).some(
        e => e.accountId === DEMO_ACCOUNT_IDS[0] && e.status === 'InService',
      ),
      (split?.endpoints ?? [])
        .map(e => `${e.accountId}/${e.region}: ${e.status}`)
        .join(', '),
    );

    await postgresRestartStep(bench, options.postgres);
    await replicasStep(part, {
      emulator,
      postgres: options.postgres,
      quick: options.quick,
    });

    emulator.current.clearFaults();
    const recovered = await bench.round();
    part.check(
      'recovery: a round with every fault gone succeeds',
      recovered.outcome === 'ok',
      recovered.error ?? '',
    );
    await bench.inspect('recovery', { degraded: false, stale: false });
  } finally {
    await backend.stop();
    await emulator.stop();
  }
  return part.finish();
}

/** Restarts PostgreSQL while a (slowed) collection round is writing, with page views going on. */
async function postgresRestartStep(
  bench: FaultBench,
  postgres: RestartablePostgres,
): Promise<void> {
  const { part, backend, emulator } = bench;
  // Slow AWS (under the 2 s request timeout) keeps the round busy for several seconds.
  emulator.current.setFaults({ default: { latencyMs: 1200, jitterMs: 300 } });
  let roundDone = false;
  const round = bench.round().finally(() => {
    roundDone = true;
  });
  const statuses = new Map<number, number>();
  const unexpected: string[] = [];
  let reading = true;
  const reader = (async () => {
    while (reading) {
      const a = await part.send({
        method: 'GET',
        url: `${backend.url}/api/ml-observability/v1/models?limit=100`,
        headers: { authorization: USER },
        timeoutMs: 10_000,
      });
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status >= 500 && (a.status !== 503 || !a.headers['retry-after'])) {
        unexpected.push(`${a.status}: ${a.text.slice(0, 160)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  })();
  await new Promise(resolve => setTimeout(resolve, 2000));
  const hitRound = !roundDone;
  const restartStarted = performance.now();
  await postgres.restart();
  const restartMs = performance.now() - restartStarted;
  const during = await round;
  emulator.current.clearFaults();
  // Back to normal: pages answer again within a bounded time.
  const deadline = performance.now() + 30_000;
  let recovered = false;
  while (performance.now() < deadline) {
    const { failures } = await readFleet(part, backend.url);
    if (failures.length === 0) {
      recovered = true;
      break;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  reading = false;
  await reader;
  part.tried(
    `PostgreSQL restarted 2 s into a collection round (restart took ${(
      restartMs / 1000
    ).toFixed(1)} s); ` +
      `that round: ${during.outcome}${
        during.error ? ` (${during.error})` : ''
      }; fleet page answers meanwhile: ${[...statuses.entries()]
        .map(([s, n]) => `${n} × ${s || 'no answer'}`)
        .join(', ')}`,
  );
  part.check(
    'PostgreSQL restart: the restart happened while a collection round was running',
    hitRound,
    hitRound
      ? ''
      : 'the round had already ended; make AWS slower for this step',
  );
  // The scheduler logs a round that throws, so an error is acceptable here; a round that never ends is not.
  part.check(
    'PostgreSQL restart: the round in progress comes to an end, and the backend keeps running',
    !/no end within/.test(during.error ?? ''),
    during.error ?? during.outcome,
  );
  part.check(
    'PostgreSQL restart: meanwhile pages answer, or say 503 with Retry-After (never another 5xx)',
    unexpected.length === 0,
    unexpected.slice(0, 3).join('; '),
  );
  part.check('PostgreSQL restart: pages answer again within 30 s', recovered);
  const next = await bench.round();
  part.check(
    'PostgreSQL restart: the next round succeeds',
    next.outcome === 'ok',
    next.error ?? '',
  );
  await bench.inspect('after the PostgreSQL restart', { degraded: false });
}
