import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The monorepo's root: the nearest directory up whose package.json declares workspaces. */
// This package is never built: it runs from its sources with tsx, so __dirname is where the file is.
// eslint-disable-next-line no-restricted-syntax
export function repoRoot(from = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8'));
      if (json.workspaces) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no monorepo root (package.json with workspaces) above ${from}`,
      );
    }
    dir = parent;
  }
}
