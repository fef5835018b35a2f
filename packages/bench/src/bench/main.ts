/**
 * `yarn bench`: AWS calls, wall time, page latency, bill and memory of the ML
 * observability backend against the emulator's scale fleet, compared with
 * the batching floor and a per-entity baseline in the same run. Writes
 * docs/benchmarks.md, prints PASS/FAIL per target and exits non-zero when a
 * target fails.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
import { restartablePostgres } from '../lib/postgres';
import {
  STATEMENT_COUNTING_SETTINGS,
  StatementCounter,
} from '../lib/statements';
import { repoRoot } from '../lib/repo';
import { Worker } from '../lib/worker';
import { AlertsResult, AlertsRun } from './alerts';
import { replaceAlertsSection } from './alertsBurst';
import { renderAlertsSection } from './alertsReport';
import type { BaselineRun, BaselineWorkerHandlers } from './baselineWorker';
import { describeConditions } from './emulatorFaults';
import { renderMarkdown } from './report';
import { SizeRun, StatementCounting } from './runSize';
import { alertTargets, evaluateTargets, TargetCheck } from './targets';
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
  --database postgres|sqlite  (default postgres: a cluster of the benchmark's own when the server
                            binaries are installed, else the server at --postgres-url when reachable,
                            else sqlite)
  --postgres-url <url>      use this server instead of an own cluster (default ${DEFAULT_POSTGRES_URL});
                            database statements are then not counted
  --shared-postgres         the same with the default URL
  --seed <text>             emulator seed (default mlobs)
  --only alerts             only the alarm queue section (a burst of 1,000 alarm transitions over
                            500 models, then the idle queue; ~12 minutes); rewrites only that
                            section of the output file
  --alerts-models <n>       models of the alerts section (two alarms each; default 500)
  --alerts-idle-seconds <s> the idle queue's measured window (default 120)
  --out <file>              (default docs/benchmarks.md in the repository)
`;

const FLAGS = {
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
  'shared-postgres': { type: 'boolean' },
  seed: { type: 'string' },
  out: { type: 'string' },
  only: { type: 'string' },
  'alerts-models': { type: 'string' },
  'alerts-idle-seconds': { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

/** The settings of the run from its flags, the database aside. */
function readSettings(flags: Flags): Omit<BenchSettings, 'database'> {
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
  if (flags.database && !['postgres', 'sqlite'].includes(flags.database)) {
    throw new Error(
      `--database must be postgres or sqlite, got "${flags.database}"`,
    );
  }
  return {
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
      flags['steady-rounds'],
      '--steady-rounds',
      quick ? 1 : 2,
    ),
    billModels,
    billHours: numberFlag(flags['bill-hours'], '--bill-hours', quick ? 2 : 6),
    intervalSeconds: 300,
    samples: numberFlag(flags.samples, '--samples', quick ? 100 : 200),
  };
}

async function main() {
  const flags = parseFlags(FLAGS, USAGE);
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (flags.only !== undefined && flags.only !== 'alerts') {
    throw new Error(`--only takes "alerts", got "${flags.only}"`);
  }
  const partial = readSettings(flags);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const postgres = await choosePostgres({
    sqlite: flags.database === 'sqlite',
    sharedUrl: flags['postgres-url'],
    shared: flags['shared-postgres'] === true,
    log,
  });
  try {
    const settings = { ...partial, database: postgres.description };
    const alertsRun = () =>
      measureAlerts(flags, settings.seed, settings, postgres, log);
    if (flags.only === 'alerts') {
      const started = performance.now();
      const alerts = await alertsRun();
      return writeAlertsOnly(
        alerts,
        flags.out,
        performance.now() - started,
        log,
      );
    }
    const { results, totalMs } = await measureSizes(
      settings,
      postgres,
      flags['steady-rounds'] !== undefined,
      log,
    );
    const alertsStarted = performance.now();
    const alerts = await alertsRun();
    return writeResults(
      results,
      alerts,
      settings,
      totalMs + (performance.now() - alertsStarted),
      flags.out,
      log,
    );
  } finally {
    await postgres.close();
  }
}

/** Issue 13: the alarm queue under a burst, then idle. */
async function measureAlerts(
  flags: Flags,
  seed: string,
  settings: BenchSettings,
  postgres: PostgresChoice,
  log: (line: string) => void,
): Promise<AlertsResult> {
  const models = numberFlag(flags['alerts-models'], '--alerts-models', 500);
  log(`\nAlarm queue: ${models} models on ${postgres.description}`);
  return new AlertsRun(
    {
      models,
      seed,
      features: settings.features,
      schedules: settings.schedules,
      idleSeconds: numberFlag(
        flags['alerts-idle-seconds'],
        '--alerts-idle-seconds',
        120,
      ),
      database: postgres.database('alerts'),
      databaseDescription: postgres.description,
    },
    log,
  ).run();
}

const commandLine = () =>
  `yarn bench${
    process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''
  }`;

function logChecks(checks: TargetCheck[], log: (line: string) => void) {
  for (const c of checks)
    log(`${c.status.padEnd(12)} ${c.target}: ${c.measured}`);
}

/** `--only alerts`: the alerts section of the file is replaced, the rest kept as it is. */
function writeAlertsOnly(
  alerts: AlertsResult,
  outFlag: string | undefined,
  totalMs: number,
  log: (line: string) => void,
): number {
  const checks = alertTargets(alerts);
  const section = renderAlertsSection(alerts, checks, commandLine());
  const out = outFlag ?? join(repoRoot(), 'docs', 'benchmarks.md');
  const doc = existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n';
  writeFileSync(out, replaceAlertsSection(doc, section));
  log(`\n${section}`);
  log(`\nAlerts section written to ${out} in ${seconds(totalMs)}.`);
  logChecks(checks, log);
  return checks.some(c => c.status === 'FAIL') ? 1 : 0;
}

interface PostgresChoice {
  database: (label: string) => DatabaseChoice;
  description: string;
  statements: StatementCounting;
  close(): Promise<void>;
}

/**
 * A cluster of the benchmark's own loading pg_stat_statements, so the
 * plugin's statements are counted by the server; else the shared server
 * (or SQLite), where they are not.
 */
async function choosePostgres(options: {
  sqlite: boolean;
  sharedUrl?: string;
  shared: boolean;
  log: (line: string) => void;
}): Promise<PostgresChoice> {
  const sqlite: PostgresChoice = {
    database: () => ({ kind: 'sqlite' }),
    description: 'SQLite (in memory)',
    statements: { notCounted: 'the run uses SQLite' },
    close: async () => {},
  };
  if (options.sqlite) return sqlite;
  if (options.sharedUrl === undefined && !options.shared) {
    const cluster = await restartablePostgres({
      sharedUrl: DEFAULT_POSTGRES_URL,
      preferOwnCluster: true,
      log: options.log,
      settings: { ...STATEMENT_COUNTING_SETTINGS, max_connections: 200 },
    });
    if (cluster.own) {
      const { counter, reason } = await StatementCounter.connect(cluster.url);
      return {
        database: label => cluster.database(label),
        description: "PostgreSQL 15 (a cluster of the benchmark's own)",
        statements: counter ? { counter } : { notCounted: reason! },
        close: async () => {
          await counter?.close();
          await cluster.close();
        },
      };
    }
    await cluster.close();
  }
  const url = options.sharedUrl ?? DEFAULT_POSTGRES_URL;
  if (!(await postgresReachable(url))) {
    if (options.sharedUrl !== undefined)
      throw new Error(`no PostgreSQL answers at ${url}`);
    return sqlite;
  }
  return {
    database: label => ({ kind: 'postgres', url, prefix: uniquePrefix(label) }),
    description: 'PostgreSQL 15 (shared server)',
    statements: {
      notCounted:
        "the run uses a shared server; pg_stat_statements needs a cluster of the benchmark's own",
    },
    close: async () => {},
  };
}

/** The per-entity baseline of each size, each in its own worker process. */
class Baselines {
  private readonly runs = new Map<number, Promise<BaselineRun>>();

  constructor(
    private readonly settings: BenchSettings,
    private readonly logDir: string,
    private readonly log: (line: string) => void,
  ) {}

  start(n: number): Promise<BaselineRun> {
    const worker = Worker.start<BaselineWorkerHandlers>(
      // Run from source with tsx (never built), so the worker is the .ts file next to this one.
      // eslint-disable-next-line no-restricted-syntax
      join(__dirname, 'baselineWorker.ts'),
      join(this.logDir, `baseline-${n}.log`),
    );
    const run = worker
      .call('run', {
        models: n,
        seed: this.settings.seed,
        conditions: this.settings.baselineConditions(n),
        concurrency: 4,
        maxAttempts: 4,
      })
      .finally(() => worker.stop());
    this.runs.set(n, run);
    run.then(
      b =>
        this.log(
          `  baseline N=${n}: ${seconds(b.wallMs)}, ${
            b.failedModels
          } models failed, CPU ${seconds(b.cpuMs)}`,
        ),
      () => {},
    );
    return run;
  }

  get(n: number): Promise<BaselineRun> {
    return this.runs.get(n) ?? this.start(n);
  }
}

/** Every size in turn, with the baselines beside them. */
async function measureSizes(
  settings: BenchSettings,
  postgres: PostgresChoice,
  steadyRoundsGiven: boolean,
  log: (line: string) => void,
): Promise<{ results: SizeResult[]; totalMs: number }> {
  const { sizes } = settings;
  const logDir = mkdtempSync(join(tmpdir(), 'mlobs-bench-'));
  log(
    `Benchmark: N = ${sizes.join(', ')} on ${
      postgres.description
    }; logs of the worker processes in ${logDir}`,
  );
  log(
    `Baseline: ${sizes
      .map(n => `N=${n} ${describeConditions(settings.baselineConditions(n))}`)
      .join('; ')}`,
  );
  const started = performance.now();
  const baselines = new Baselines(settings, logDir, log);
  // Rate-limited baselines mostly wait, so they run beside everything else.
  for (const n of sizes)
    if (settings.baselineConditions(n).limits) baselines.start(n);

  const results: SizeResult[] = [];
  for (const n of sizes) {
    log(`\nN = ${n}`);
    const steadyRounds =
      !steadyRoundsGiven && n >= 5000 ? 1 : settings.steadyRounds;
    const size = await new SizeRun(
      n,
      { ...settings, steadyRounds },
      postgres.database(`bench${n}`),
      logDir,
      log,
      postgres.statements,
    ).run();
    const baseline = await baselines.get(n);
    results.push({ ...size, baseline });
  }
  const totalMs = performance.now() - started;
  writeFileSync(
    join(logDir, 'results.json'),
    JSON.stringify({ settings, results }, null, 2),
  );
  log(`\nRaw figures: ${join(logDir, 'results.json')}`);
  return { results, totalMs };
}

function writeResults(
  results: SizeResult[],
  alerts: AlertsResult,
  settings: BenchSettings,
  totalMs: number,
  outFlag: string | undefined,
  log: (line: string) => void,
): number {
  const checks = evaluateTargets(results, alerts);
  const alertChecks = alertTargets(alerts);
  const command = commandLine();
  // The alarm queue's targets are in its own section, which `--only alerts` rewrites alone.
  const markdown = replaceAlertsSection(
    renderMarkdown(
      results,
      evaluateTargets(results),
      settings,
      command,
      totalMs,
    ),
    renderAlertsSection(alerts, alertChecks, command),
  );
  const out = outFlag ?? join(repoRoot(), 'docs', 'benchmarks.md');
  writeFileSync(out, markdown);
  log(`\n${markdown}`);
  log(`\nWritten to ${out} in ${seconds(totalMs)}.`);
  logChecks(checks, log);
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
