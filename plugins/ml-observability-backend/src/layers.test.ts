/**
 * The layer boundaries of docs/architecture.md, checked on the imports:
 * domain/ holds the records, report/ is pure, service/ owns HTTP concerns
 * and reaches collection only to run a round or a refresh.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = __dirname;

function sourcesOf(folder: string): Array<{ file: string; imports: string[] }> {
  return readdirSync(join(SRC, folder))
    .filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map(f => {
      const text = readFileSync(join(SRC, folder, f), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map(m => m[1]);
      return { file: `${folder}/${f}`, imports };
    });
}

function offending(folder: string, allowed: (spec: string) => boolean) {
  return sourcesOf(folder).flatMap(({ file, imports }) =>
    imports.filter(spec => !allowed(spec)).map(spec => `${file}: ${spec}`),
  );
}

const isPackage = (spec: string) => !spec.startsWith('.');

describe('layer boundaries', () => {
  it('domain/ depends on config types and packages only', () => {
    expect(
      offending(
        'domain',
        spec =>
          isPackage(spec) || spec === '../config' || spec.startsWith('./'),
      ),
    ).toEqual([]);
  });

  it('report/ is pure: domain records in, reports out, no HTTP errors', () => {
    expect(
      offending(
        'report',
        spec =>
          (isPackage(spec) && spec !== '@backstage/errors') ||
          spec === '../config' ||
          // domain/ is pure itself (see above): its records and helpers.
          spec.startsWith('../domain/') ||
          spec.startsWith('./'),
      ),
    ).toEqual([]);
  });

  it('service/ reaches collection only through its round and refresh, never collectors', () => {
    const allowed = (spec: string) =>
      !spec.startsWith('../collectors') &&
      spec !== '../collection/targets' &&
      spec !== '../collection/modelUpdate';
    const bad = sourcesOf('service')
      .filter(({ file }) => file !== 'service/serviceRefs.ts') // the assembly
      .flatMap(({ file, imports }) =>
        imports.filter(s => !allowed(s)).map(s => `${file}: ${s}`),
      );
    expect(bad).toEqual([]);
  });

  it('the escalation lookup does not depend on the fleet page', () => {
    const lookup = sourcesOf('service').find(
      s => s.file === 'service/escalationLookup.ts',
    )!;
    expect(lookup.imports).not.toContain('./fleetPage');
  });
});
