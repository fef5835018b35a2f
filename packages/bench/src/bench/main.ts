/**
 * `yarn bench`: AWS calls, wall time, page latency, bill and memory of the ML
 * observability backend against the emulator's scale fleet, compared with
 * the batching floor and a per-entity baseline in the same run. Writes
 * docs/benchmarks.md, prints PASS/FAIL per target and exits non-zero when a
 * target fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberFlag, parseFlags, sizesFlag } from '../lib/args';
import {
  DatabaseChoice,
  DEFAULT_POSTGRES_URL,
  postgresReachable,
  uniquePrefix,
} from '../lib/database';
import { seconds } from '../lib/markdown';
import { repoRoot } from '../lib/repo';
import { Worker } from '../lib/worker';
import type { BaselineRun, BaselineWorkerHandlers } from './baselineWorker';
import { describeConditions } from './emulatorFaults';
import { renderMarkdown } from './report';
import { SizeRun } from './runSize';
import { evaluateTargets } from './targets';
import type { BenchSettings, SizeResult } from './types';

const USAGE = `Usage: yarn bench [options]

  --quick                   N = 10 and 100 only, fewer samples (a few minutes)
  --sizes <n,n,...>         fleet sizes (default 10,100,1000,5000)
  --steady-rounds <n>       steady plugin rounds per size (default 2, 1 from 5,000 models, 1 with --quick)
  --bill-models <n>         size of the simulated 5-minute schedule and the bill (default 1000, or the
                            largest size up to 1,000)
  --bill-hours <h>          simulated hours of that schedule (default 6; 2 with --quick)
  --baseline-limits-max <n> run the baseline under the rate limits up to this size (default 1000);
                            above it the baseline runs with latency only (under the limits a
                            refresh of 5,000 models would take ~40 minutes)
  --latency <ms> --jitter <ms>  added AWS latency (default 40 and 20)
  --samples <n>             report and catalog samples per size (default 200; 100 with --quick)
  --database postgres|sqlite  (default postgres when reachable at --postgres-url, else sqlite)
  --postgres-url <url>      (default ${DEFAULT_POSTGRES_URL})
  --seed <text>             emulator seed (default mlobs)
  --out <file>              (default docs/benchmarks.md in the repository)
`;

async function main() {
  const flags = parseFlags(
    {
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      sizes: { type: 'string' },
      'steady-rounds': { type: 'string' },
      'bill-models': { type: 'string' },
      'bill-hours': { type: 'string' },
      'baseline-limits-max': { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      samples: { type: 'string' },
      database: { type: 'string' },
      'postgres-url': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const quick = flags.quick === true;
  const sizes = sizesFlag(
    flags.sizes,
    quick ? [10, 100] : [10, 100, 1000, 5000],
  );
  const latencyMs = numberFlag(flags.latency, '--latency', 40);
  const jitterMs = numberFlag(flags.jitter, '--jitter', 20);
  const baselineLimitsMax = numberFlag(
    flags['baseline-limits-max'],
    '--baseline-limits-max',
    1000,
  );
  const billModels =
    flags['bill-models'] !== undefined
      ? numberFlag(flags['bill-models'], '--bill-models', 1000)
      : Math.max(0, ...sizes.filter(n => n <= 1000)) || undefined;
  if (billModels !== undefined && !sizes.includes(billModels)) {
    throw new Error(
      `--bill-models ${billModels} is not one of --sizes ${sizes.join(',')}`,
    );
  }
  const postgresUrl = flags['postgres-url'] ?? DEFAULT_POSTGRES_URL;
  const wantsSqlite =
    flags.database === 'sqlite' ||
    (flags.database === undefined && !(await postgresReachable(postgresUrl)));
  if (flags.database && !['postgres', 'sqlite'].includes(flags.database)) {
    throw new Error(
      `--database must be postgres or sqlite, got "${flags.database}"`,
    );
  }
  const steadyRoundsFlag = flags['steady-rounds'];
  const settings: BenchSettings = {
    sizes,
    quick,
    seed: flags.seed ?? 'mlobs',
    features: 8,
    schedules: 2,
    lookbackDays: 0.25,
    cold: { latencyMs, jitterMs, limits: false },
    steady: { latencyMs, jitterMs, limits: true },
    baselineConditions: n => ({
      latencyMs,
      jitterMs,
      limits: n <= baselineLimitsMax,
    }),
    steadyRounds: numberFlag(
      steadyRoundsFlag,
      '--steady-rounds',
      quick ? 1 : 2,
    ),
    billModels,
    billHours: numberFlag(flags['bill-hours'], '--bill-hours', quick ? 2 : 6),
    intervalSeconds: 300,
    database: wantsSqlite ? 'SQLite (in memory)' : 'PostgreSQL 15',
    samples: numberFlag(flags.samples, '--samples', quick ? 100 : 200),
  };
  const logDir = mkdtempSync(join(tmpdir(), 'mlobs-bench-'));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `Benchmark: N = ${sizes.join(
      ', ',
    )}; logs of the worker processes in ${logDir}`,
  );
  log(
    `Baseline: ${sizes
      .map(n => `N=${n} ${describeConditions(settings.baselineConditions(n))}`)
      .join('; ')}`,
  );

  const started = performance.now();
  const baselines = new Map<number, Promise<BaselineRun>>();
  const runBaseline = (n: number) => {
    const worker = Worker.start<BaselineWorkerHandlers>(
      // Run from source with tsx (never built), so the worker is the .ts file next to this one.
      // eslint-disable-next-line no-restricted-syntax
      join(__dirname, 'baselineWorker.ts'),
      join(logDir, `baseline-${n}.log`),
    );
    const run = worker
      .call('run', {
        models: n,
        seed: settings.seed,
        conditions: settings.baselineConditions(n),
        concurrency: 4,
        maxAttempts: 4,
      })
      .finally(() => worker.stop());
    baselines.set(n, run);
    run.then(
      b =>
        log(
          `  baseline N=${n}: ${seconds(b.wallMs)}, ${
            b.failedModels
          } models failed, CPU ${seconds(b.cpuMs)}`,
        ),
      () => {},
    );
    return run;
  };
  // Rate-limited baselines mostly wait, so they run beside everything else.
  for (const n of sizes)
    if (settings.baselineConditions(n).limits) runBaseline(n);

  const results: SizeResult[] = [];
  for (const n of sizes) {
    log(`\nN = ${n}`);
    const steadyRounds =
      steadyRoundsFlag === undefined && n >= 5000 ? 1 : settings.steadyRounds;
    const database: DatabaseChoice = wantsSqlite
      ? { kind: 'sqlite' }
      : {
          kind: 'postgres',
          url: postgresUrl,
          prefix: uniquePrefix(`bench${n}`),
        };
    const size = await new SizeRun(
      n,
      { ...settings, steadyRounds },
      database,
      logDir,
      log,
    ).run();
    const baseline = await (baselines.get(n) ?? runBaseline(n));
    results.push({ ...size, baseline });
  }
  const totalMs = performance.now() - started;

  const checks = evaluateTargets(results);
  const command = `yarn bench${
    process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''
  }`;
  const markdown = renderMarkdown(results, checks, settings, command, totalMs);
  const out = flags.out ?? join(repoRoot(), 'docs', 'benchmarks.md');
  writeFileSync(out, markdown);
  writeFileSync(
    join(logDir, 'results.json'),
    JSON.stringify({ settings, results, checks }, null, 2),
  );
  log(`\n${markdown}`);
  log(
    `\nWritten to ${out} in ${seconds(totalMs)} (raw figures: ${join(
      logDir,
      'results.json',
    )}).`,
  );
  for (const c of checks)
    log(`${c.status.padEnd(12)} ${c.target}: ${c.measured}`);
  return checks.some(c => c.status === 'FAIL') ? 1 : 0;
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(
      `bench: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exit(1);
  },
);
