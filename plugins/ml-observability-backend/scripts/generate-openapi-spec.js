#!/usr/bin/env node
/*
 * Writes src/schema/openapi.generated.ts from src/schema/openapi.yaml, the
 * source of truth of the REST API. Run after editing the YAML:
 *
 *   node plugins/ml-observability-backend/scripts/generate-openapi-spec.js
 *
 * src/schema/openapi.test.ts fails while the two differ.
 */
const fs = require('node:fs');
const path = require('node:path');
// eslint-disable-next-line @backstage/no-undeclared-imports -- a build-time script; yaml comes with the repo's tooling
const yaml = require('yaml');

const dir = path.resolve(__dirname, '../src/schema');
const spec = yaml.parse(
  fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8'),
);
const out = `// Generated from openapi.yaml by scripts/generate-openapi-spec.js; do not edit.

export const spec = ${JSON.stringify(spec, null, 2)} as const;
`;
const target = path.join(dir, 'openapi.generated.ts');
// eslint-disable-next-line @backstage/no-undeclared-imports -- the repo's formatter, so the output is already formatted
const prettier = require('prettier');

const options = prettier.resolveConfig.sync(target) ?? {};
fs.writeFileSync(
  target,
  prettier.format(out, { ...options, parser: 'typescript' }),
);
