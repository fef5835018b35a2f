import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The example runbooks of this repository (`examples/runbooks/`), the one
 * runbook fixture the packages' tests share: a test that needs a valid
 * runbook reads the one adopters are shown, so the two cannot drift apart.
 */
function examplesDir(): string {
  const start = resolvePackagePath(
    '@mlobs/backstage-plugin-ml-observability-node',
  );
  // Walk up from the package to the repository that holds examples/.
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'examples', 'runbooks');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`No examples/runbooks/ above ${start}`);
}

/**
 * The YAML text of one example runbook, by model name (default `fraud-detection-v2`).
 * @public
 */
export function exampleRunbookYaml(name = 'fraud-detection-v2'): string {
  return readFileSync(join(examplesDir(), `${name}.yaml`), 'utf8');
}
