import type { Entity } from '@backstage/catalog-model';
import { resolveRunbookSource } from './resolveRunbookSource';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'm', annotations },
  };
}

describe('resolveRunbookSource', () => {
  it('keeps absolute URLs', () => {
    expect(
      resolveRunbookSource(entity({}), 'url:https://x.example/r.yaml'),
    ).toEqual({
      ok: true,
      source: {
        annotation: 'url:https://x.example/r.yaml',
        type: 'url',
        target: 'https://x.example/r.yaml',
      },
    });
  });

  it('falls back to the source location, a directory', () => {
    const result = resolveRunbookSource(
      entity({
        'backstage.io/source-location':
          'url:https://github.com/a/b/tree/main/m/',
      }),
      'runbook.yaml',
    );
    expect(result).toMatchObject({
      ok: true,
      source: {
        type: 'url',
        target: 'https://github.com/a/b/tree/main/m/runbook.yaml',
      },
    });
  });

  it('resolves a file location to its directory', () => {
    const result = resolveRunbookSource(
      entity({
        'backstage.io/managed-by-location':
          'file:/srv/catalog/models/entities.yaml',
      }),
      './runbooks/a.yaml',
    );
    expect(result).toEqual({
      ok: true,
      source: {
        annotation: './runbooks/a.yaml',
        type: 'file',
        target: '/srv/catalog/models/runbooks/a.yaml',
      },
      baseDirectory: '/srv/catalog/models',
    });
  });

  it('refuses locations it cannot resolve against', () => {
    expect(
      resolveRunbookSource(
        entity({ 'backstage.io/managed-by-location': 'bitbucket:x' }),
        'r.yaml',
      ),
    ).toMatchObject({ ok: false, code: 'no-base-location' });
    expect(
      resolveRunbookSource(
        entity({ 'backstage.io/managed-by-location': 'file:relative/e.yaml' }),
        'r.yaml',
      ),
    ).toMatchObject({ ok: false, code: 'no-base-location' });
  });

  it('refuses schemes other than http and https', () => {
    expect(
      resolveRunbookSource(entity({}), 'url:ftp://x/r.yaml'),
    ).toMatchObject({
      ok: false,
      code: 'invalid-location',
    });
  });
});
