#!/usr/bin/env node
/*
 * Builds a Backstage release manifest for `backstage-cli versions:bump`
 * from the npm registry, for machines that cannot reach the Backstage
 * versions service.
 *
 * Usage:
 *   node scripts/backstage-manifest.mjs > /tmp/manifest.json
 *   BACKSTAGE_MANIFEST_FILE=/tmp/manifest.json \
 *     yarn backstage-cli versions:bump --skip-install
 *
 * - releaseVersion: the Backstage release baked into the newest
 *   @backstage/create-app (the version it writes to backstage.json).
 * - packages: every @backstage/* package named in the repo's package.json
 *   files, at its npm `latest` dist-tag, never below the lowest version the
 *   repo's current range already allows.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const DEP_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];

async function packageJsonPaths() {
  const paths = [join(root, 'package.json')];
  for (const dir of ['packages', 'plugins']) {
    for (const entry of await readdir(join(root, dir), {
      withFileTypes: true,
    })) {
      if (entry.isDirectory()) {
        paths.push(join(root, dir, entry.name, 'package.json'));
      }
    }
  }
  return paths;
}

/** Map of @backstage package name to the ranges the repo uses for it. */
async function repoRanges() {
  const ranges = new Map();
  for (const path of await packageJsonPaths()) {
    let pkg;
    try {
      pkg = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      continue;
    }
    for (const field of DEP_FIELDS) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        if (name.startsWith('@backstage/')) {
          ranges.set(name, [...(ranges.get(name) ?? []), range]);
        }
      }
    }
  }
  return ranges;
}

async function npmLatest(name) {
  const { stdout } = await run('npm', ['view', `${name}@latest`, 'version']);
  return stdout.trim();
}

async function releaseVersion() {
  const dir = await mkdtemp(join(tmpdir(), 'create-app-'));
  try {
    const { stdout } = await run(
      'npm',
      ['pack', '@backstage/create-app@latest', '--silent'],
      { cwd: dir },
    );
    const tarball = stdout.trim().split('\n').pop();
    await run('tar', ['xzf', tarball], { cwd: dir });
    // create-app renders backstage.json from {{version 'root'}}, the
    // release version compiled into dist/package.json.cjs.js.
    const source = await readFile(
      join(dir, 'package/dist/package.json.cjs.js'),
      'utf8',
    );
    const match = source.match(/version = "([^"]+)"/);
    if (!match || !semver.valid(match[1])) {
      throw new Error('No release version in @backstage/create-app');
    }
    return match[1];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The target version: npm latest, but never below what the repo allows. */
export function targetVersion(latest, ranges) {
  let floor = latest;
  for (const range of ranges) {
    const min = semver.validRange(range) ? semver.minVersion(range) : null;
    if (min && semver.gt(min, floor)) {
      floor = min.version;
    }
  }
  return floor;
}

async function main() {
  const ranges = await repoRanges();
  const names = [...ranges.keys()].sort();
  const packages = [];
  const queue = [...names];
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const latest = await npmLatest(name);
        packages.push({
          name,
          version: targetVersion(latest, ranges.get(name)),
        });
      }
    }),
  );
  packages.sort((a, b) => a.name.localeCompare(b.name));
  const manifest = { releaseVersion: await releaseVersion(), packages };
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
}

await main();
