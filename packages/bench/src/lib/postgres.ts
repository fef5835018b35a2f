/**
 * A PostgreSQL the suite may restart without touching anyone else's: a
 * throwaway cluster of its own (initdb + pg_ctl in a temporary directory, on
 * a free port) when the server binaries are installed; otherwise dedicated
 * databases on the shared server, where a "restart" terminates every
 * connection to them (pg_terminate_backend), which is what a restart looks
 * like from the backend's side. The machine's main cluster is never stopped.
 */
import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminConnection, DatabaseChoice, uniquePrefix } from './database';

const run = promisify(execFile);

export interface RestartablePostgres {
  /** What a restart does here, for the report. */
  description: string;
  /** A cluster of the suite's own (so server settings such as pg_stat_statements apply). */
  own: boolean;
  database(label: string): DatabaseChoice;
  /** Restarts the server (or cuts every connection to the suite's databases). */
  restart(): Promise<void>;
  /** Databases of the plugin (for checks that read its tables), by prefix. */
  databasesWithPrefix(prefix: string): Promise<string[]>;
  url: string;
  close(): Promise<void>;
}

function serverBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')))
      return bin;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function databasesLike(url: string, prefix: string): Promise<string[]> {
  const admin = adminConnection(url);
  try {
    const rows = await admin
      .select('datname')
      .from('pg_database')
      .where('datname', 'like', `${prefix.replace(/_/g, '\\_')}%`);
    return rows.map((r: { datname: string }) => r.datname);
  } finally {
    await admin.destroy();
  }
}

/** PostgreSQL refuses to run as root; the cluster then belongs to the `postgres` user. */
async function asServerUser(bin: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  return isRoot
    ? run('runuser', ['-u', 'postgres', '--', bin, ...args])
    : run(bin, args);
}

/** Server settings (`-c name=value`) of an own cluster, e.g. `shared_preload_libraries`. */
export type ServerSettings = Record<string, string | number>;

const RELIABILITY_SETTINGS: ServerSettings = {
  fsync: 'off',
  max_connections: 200,
};

async function ownCluster(
  bin: string,
  settings: ServerSettings,
): Promise<RestartablePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  await asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const options = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(' ');
  const pgCtl = (...args: string[]) =>
    asServerUser(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      ...args,
    ]);
  await pgCtl('-o', options, 'start');
  const url = `postgresql://postgres@127.0.0.1:${port}`;
  return {
    own: true,
    description: `a PostgreSQL cluster of its own (initdb in ${dir}, port ${port}), restarted with \`pg_ctl restart -m fast\``,
    url,
    database: label => ({ kind: 'postgres', url, prefix: uniquePrefix(label) }),
    restart: async () => {
      await pgCtl('-o', options, '-m', 'fast', 'restart');
    },
    databasesWithPrefix: prefix => databasesLike(url, prefix),
    close: async () => {
      await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sharedServer(url: string): RestartablePostgres {
  const prefixes: string[] = [];
  return {
    own: false,
    description:
      'dedicated databases on the shared PostgreSQL at ' +
      `${
        new URL(url).host
      }; a restart terminates every connection to them (pg_terminate_backend), ` +
      'as a restart looks from the backend (the server itself is never stopped)',
    url,
    database: label => {
      const prefix = uniquePrefix(label);
      prefixes.push(prefix);
      return { kind: 'postgres', url, prefix };
    },
    restart: async () => {
      const admin = adminConnection(url);
      try {
        for (const prefix of prefixes) {
          await admin.raw(
            `select pg_terminate_backend(pid) from pg_stat_activity where datname like ? and pid <> pg_backend_pid()`,
            [`${prefix.replace(/_/g, '\\_')}%`],
          );
        }
      } finally {
        await admin.destroy();
      }
    },
    databasesWithPrefix: prefix => databasesLike(url, prefix),
    close: async () => {
      const admin = adminConnection(url);
      try {
        for (const prefix of prefixes) {
          for (const name of await databasesLike(url, prefix)) {
            await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
          }
        }
      } finally {
        await admin.destroy();
      }
    },
  };
}

export async function restartablePostgres(options: {
  sharedUrl: string;
  preferOwnCluster: boolean;
  log: (line: string) => void;
  /** Default: the reliability suite's (fsync off, 200 connections). */
  settings?: ServerSettings;
}): Promise<RestartablePostgres> {
  const bin = options.preferOwnCluster ? serverBinaries() : undefined;
  if (bin) {
    try {
      return await ownCluster(bin, options.settings ?? RELIABILITY_SETTINGS);
    } catch (error) {
      options.log(
        `  could not start a PostgreSQL cluster of our own (${
          (error as Error).message.split('\n')[0]
        }); using dedicated databases instead`,
      );
    }
  }
  return sharedServer(options.sharedUrl);
}
