#!/usr/bin/env node
/*
 * src/schema/openapi.yaml is the one source of the REST API. This writes what is derived from it:
 *
 *   src/schema/openapi/generated/router.ts   the spec as a const for the validating router, in the
 *                                            file and export that Backstage's
 *                                            `backstage-repo-tools repo schema openapi validate` checks
 *   ../ml-observability-common/src/generated/openapi.ts
 *                                            the types of every path and schema (openapi-typescript),
 *                                            for the backend's router and the frontend's client
 *
 *   yarn workspace @mlobs/backstage-plugin-ml-observability-backend generate:openapi
 *   yarn workspace @mlobs/backstage-plugin-ml-observability-backend check:openapi   (exit 1 when stale)
 *
 * Backstage's `backstage-repo-tools package schema openapi generate` would write these with
 * openapi-generator, a Java program its npm wrapper downloads from Maven Central on first run;
 * where only the npm registry is reachable that download fails, so the types come from
 * openapi-typescript, which the registry has.
 */
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('yaml');
// eslint-disable-next-line @backstage/no-undeclared-imports -- the repo's formatter, so the output is already formatted
const prettier = require('prettier');
const { default: openapiTS, astToString } = require('openapi-typescript');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src/schema/openapi.yaml');
const banner = `// Generated from plugins/ml-observability-backend/src/schema/openapi.yaml by
// plugins/ml-observability-backend/scripts/openapi.js; do not edit.
`;

function format(file, text) {
  const options = prettier.resolveConfig.sync(file) ?? {};
  return prettier.format(text, { ...options, parser: 'typescript' });
}

async function outputs() {
  const spec = yaml.parse(fs.readFileSync(source, 'utf8'));
  const router = path.join(root, 'src/schema/openapi/generated/router.ts');
  const types = path.resolve(
    root,
    '../ml-observability-common/src/generated/openapi.ts',
  );
  const specText = JSON.stringify(spec, null, 2);
  const typesText = astToString(await openapiTS(spec));
  return [
    [
      router,
      format(router, `${banner}\nexport const spec = ${specText} as const;\n`),
    ],
    [types, format(types, `${banner}\n${typesText}`)],
  ];
}

async function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, content] of await outputs()) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === content) continue;
    if (check) {
      stale.push(path.relative(root, file));
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote ${path.relative(root, file)}`);
  }
  if (stale.length > 0) {
    console.error(
      `Out of date with src/schema/openapi.yaml: ${stale.join(', ')}; ` +
        'run yarn workspace @mlobs/backstage-plugin-ml-observability-backend generate:openapi',
    );
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { outputs };
