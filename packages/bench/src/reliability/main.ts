/**
 * `yarn test:reliability`: load, faults, bad input, security, alarm alerts and runbook actions
 * against the real ML observability plugin, its catalog and the emulator. Writes
 * docs/reliability.md; exits non-zero when anything was lost.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags } from '../lib/args';
import { AWS_SECRET, awsAccessKeyId } from '../lib/backend';
import {
  DatabaseChoice,
  DEFAULT_POSTGRES_URL,
  dropDatabases,
  postgresReachable,
  uniquePrefix,
} from '../lib/database';
import { seconds } from '../lib/markdown';
import { repoRoot } from '../lib/repo';
import { ACCOUNT } from '../lib/scaleFleet';
import { actionsPart } from './actions';
import { alertsPart } from './alerts';
import { badInputPart } from './badInput';
import { faultsPart } from './faults';
import { lost, PartResult, Suite } from './harness';
import { loadPart } from './load';
import { restartablePostgres } from '../lib/postgres';
import { renderReliability } from './render';
import { securityPart } from './security';

const PARTS = [
  'load',
  'faults',
  'bad-input',
  'security',
  'alerts',
  'actions',
] as const;
type PartName = (typeof PARTS)[number];

const USAGE = `Usage: yarn test:reliability [options]

  --quick                 the bounded form CI runs (about 3 minutes)
  --parts <a,b>           some of ${PARTS.join(', ')} (default all)
  --postgres-url <url>    shared PostgreSQL for the suite's own databases (default ${DEFAULT_POSTGRES_URL})
  --shared-postgres       restart = terminate the connections to the suite's databases on the shared
                          server, instead of a PostgreSQL cluster of its own
  --out <file>            (default docs/reliability.md in the repository)
`;

async function main(): Promise<number> {
  const flags = parseFlags(
    {
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      parts: { type: 'string' },
      'postgres-url': { type: 'string' },
      'shared-postgres': { type: 'boolean' },
      out: { type: 'string' },
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const quick = flags.quick === true;
  const selected = (flags.parts?.split(',') ?? [...PARTS]) as PartName[];
  for (const p of selected) {
    if (!PARTS.includes(p))
      throw new Error(
        `--parts: unknown part "${p}"; choose from ${PARTS.join(', ')}`,
      );
  }
  const sharedUrl = flags['postgres-url'] ?? DEFAULT_POSTGRES_URL;
  if (!(await postgresReachable(sharedUrl))) {
    throw new Error(
      `PostgreSQL is not reachable at ${sharedUrl}; start it (scripts/dev.sh services) or pass --postgres-url`,
    );
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const suite = new Suite(log, {
    awsSecret: AWS_SECRET,
    accessKeyIds: [awsAccessKeyId(ACCOUNT)],
  });
  const started = performance.now();
  const parts: PartResult[] = [];
  const shared: DatabaseChoice[] = [];
  const database = (label: string): DatabaseChoice => {
    const choice: DatabaseChoice = {
      kind: 'postgres',
      url: sharedUrl,
      prefix: uniquePrefix(label),
    };
    shared.push(choice);
    return choice;
  };
  try {
    if (selected.includes('load')) {
      parts.push(
        await loadPart(suite, {
          database: database('load'),
          models: quick ? 100 : 500,
          clients: quick ? 12 : 32,
          durationMs: quick ? 15_000 : 90_000,
        }),
      );
    }
    if (selected.includes('faults')) {
      const postgres = await restartablePostgres({
        sharedUrl,
        preferOwnCluster: !flags['shared-postgres'],
        log,
      });
      try {
        parts.push(await faultsPart(suite, { postgres, quick }));
      } finally {
        await postgres.close();
      }
    }
    if (selected.includes('bad-input')) {
      parts.push(
        await badInputPart(suite, { database: database('badinput'), quick }),
      );
    }
    if (selected.includes('security')) {
      parts.push(
        await securityPart(suite, { database: database('security'), quick }),
      );
    }
    if (selected.includes('alerts')) {
      const postgres = await restartablePostgres({
        sharedUrl,
        preferOwnCluster: !flags['shared-postgres'],
        log,
      });
      try {
        parts.push(await alertsPart(suite, { postgres, quick }));
      } finally {
        await postgres.close();
      }
    }
    if (selected.includes('actions')) {
      parts.push(
        await actionsPart(suite, { database: database('actions'), quick }),
      );
    }
  } finally {
    for (const choice of shared)
      await dropDatabases(choice).catch(() => undefined);
  }
  const totalMs = performance.now() - started;
  const command = `yarn test:reliability${
    process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''
  }`;
  const markdown = renderReliability({
    parts,
    leaks: suite.leaks,
    scanned: suite.scannedResponses,
    command,
    quick,
    totalMs,
    database: 'PostgreSQL 15',
  });
  const out = flags.out ?? join(repoRoot(), 'docs', 'reliability.md');
  writeFileSync(out, markdown);
  const lostCount =
    parts.reduce((n, p) => n + lost(p).length, 0) + suite.leaks.length;
  log(`\nWritten to ${out} in ${seconds(totalMs)}.`);
  for (const p of parts)
    log(
      `${lost(p).length === 0 ? 'OK  ' : 'LOST'} ${p.name}: ${
        p.checks.length
      } checks, ${lost(p).length} lost`,
    );
  log(
    `${suite.leaks.length === 0 ? 'OK  ' : 'LOST'} leaks: ${
      suite.scannedResponses
    } responses scanned, ${suite.leaks.length} leaks`,
  );
  return lostCount === 0 ? 0 : 1;
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(
      `test:reliability: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exit(1);
  },
);
