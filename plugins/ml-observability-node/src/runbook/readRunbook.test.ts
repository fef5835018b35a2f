import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import { exampleRunbookYaml } from '../testUtils';
import { formatRunbookProblem, readRunbook } from './readRunbook';

const VALID = exampleRunbookYaml('fraud-detection-v2');

function model(runbook: string | undefined, location?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'fraud-detection-v2',
      annotations: {
        ...(location ? { 'backstage.io/managed-by-location': location } : {}),
        ...(runbook !== undefined
          ? { 'ml-observability/runbook': runbook }
          : {}),
      },
    },
    spec: {
      type: 'ml-model',
      owner: 'ml-platform-team',
      lifecycle: 'production',
    },
  };
}

const noUrls: UrlReaderService = {
  readUrl: async url => {
    throw new Error(`unexpected read of ${url}`);
  },
  readTree: async () => {
    throw new Error('unexpected');
  },
  search: async () => {
    throw new Error('unexpected');
  },
};

function urlReader(
  read: (
    url: string,
    etag?: string,
  ) => Promise<{ data: string; etag?: string }>,
): UrlReaderService & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    readUrl: async (url, options) => {
      calls.push(url);
      const { data, etag } = await read(url, options?.etag);
      return { buffer: async () => Buffer.from(data), etag };
    },
    readTree: noUrls.readTree,
    search: noUrls.search,
  };
}

describe('readRunbook', () => {
  let root: string;
  let catalogFile: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mlobs-runbook-'));
    await mkdir(join(root, 'catalog', 'runbooks'), { recursive: true });
    catalogFile = join(root, 'catalog', 'entities.yaml');
    await writeFile(catalogFile, '# entities\n');
    await writeFile(join(root, 'catalog', 'runbooks', 'fraud.yaml'), VALID);
    await writeFile(join(root, 'secret.yaml'), VALID);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports absent when the entity names no runbook', async () => {
    await expect(
      readRunbook(model(undefined, `file:${catalogFile}`), {
        urlReader: noUrls,
      }),
    ).resolves.toEqual({ status: 'absent' });
  });

  it('reads a relative file inside the catalog file directory', async () => {
    const result = await readRunbook(
      model('./runbooks/fraud.yaml', `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(
      result.runbook.monitoring_config.data_quality.escalation_path,
    ).toEqual(['ml-engineer', 'data-scientist', 'team-lead']);
    expect(result.source).toEqual({
      annotation: './runbooks/fraud.yaml',
      type: 'file',
      target: join(root, 'catalog', 'runbooks', 'fraud.yaml'),
    });
    expect(result.etag).toMatch(/^file:/);
  });

  it('says unchanged when the file etag matches', async () => {
    const entity = model('runbooks/fraud.yaml', `file:${catalogFile}`);
    const first = await readRunbook(entity, { urlReader: noUrls });
    expect(first.status).toBe('ok');
    const etag = first.status === 'ok' ? first.etag : undefined;
    const second = await readRunbook(entity, { urlReader: noUrls, etag });
    expect(second).toMatchObject({ status: 'unchanged', etag });
  });

  it('rejects a relative path that leaves the catalog file directory', async () => {
    const result = await readRunbook(
      model('../secret.yaml', `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: {
        code: 'outside-location',
        entityRef: 'component:default/fraud-detection-v2',
      },
    });
    if (result.status !== 'error') return;
    expect(result.error.message).toContain(
      'component:default/fraud-detection-v2',
    );
    expect(result.error.message).toContain('"../secret.yaml"');
    expect(result.error.message).toContain('leaves the directory');
    expect(result.error.problem).toMatch(/^the path leaves the directory/);
    expect(result.error.message).toContain(result.error.problem);
  });

  it('rejects an escape hidden in the middle of a path', async () => {
    const result = await readRunbook(
      model('./runbooks/../../secret.yaml', `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'outside-location' },
    });
  });

  it('rejects absolute paths', async () => {
    const result = await readRunbook(
      model(join(root, 'secret.yaml'), `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'invalid-location' },
    });
    if (result.status !== 'error') return;
    expect(result.error.message).toContain('is not a relative path');
  });

  it('rejects a symbolic link that points outside the directory', async () => {
    await symlink(
      join(root, 'secret.yaml'),
      join(root, 'catalog', 'runbooks', 'link.yaml'),
    );
    const result = await readRunbook(
      model('./runbooks/link.yaml', `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'outside-location' },
    });
  });

  it('reports a missing file as not found, naming the file', async () => {
    const result = await readRunbook(
      model('./runbooks/missing.yaml', `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'not-found' },
    });
    if (result.status !== 'error') return;
    expect(result.error.message).toContain(
      join(root, 'catalog', 'runbooks', 'missing.yaml'),
    );
  });

  it('reports malformed YAML with its line', async () => {
    await writeFile(
      join(root, 'catalog', 'runbooks', 'broken.yaml'),
      'model_name: x\nowner: [unclosed\n',
    );
    const result = await readRunbook(
      model('./runbooks/broken.yaml', `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'invalid-runbook' },
    });
    if (result.status !== 'error') return;
    expect(result.error.message).toContain('YAML syntax error');
    expect(result.error.problems?.[0].line).toBeGreaterThan(0);
  });

  it('reports schema problems with their path', async () => {
    await writeFile(
      join(root, 'catalog', 'runbooks', 'bad.yaml'),
      VALID.replace('alert_threshold: 0.3', 'alert_threshold: 3'),
    );
    const result = await readRunbook(
      model('./runbooks/bad.yaml', `file:${catalogFile}`),
      { urlReader: noUrls },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'invalid-runbook' },
    });
    if (result.status !== 'error') return;
    const line =
      VALID.split('\n').findIndex(l => l.includes('alert_threshold:')) + 1;
    expect(result.error.problems).toEqual([
      expect.objectContaining({
        path: 'monitoring_config.data_quality.alert_threshold',
        line,
      }),
    ]);
    expect(result.error.message).toContain(
      `monitoring_config.data_quality.alert_threshold (line ${line},`,
    );
    const [problem] = result.error.problems!;
    expect(formatRunbookProblem(problem)).toBe(
      `monitoring_config.data_quality.alert_threshold (line ${problem.line}, column ${problem.column}): ${problem.message}`,
    );
    expect(
      formatRunbookProblem({ path: '', message: 'empty file', line: 1 }),
    ).toBe('empty file (line 1)');
    expect(result.error.problem).toBe(
      `not a valid runbook: ${formatRunbookProblem(problem)}`,
    );
  });

  it('refuses files over the size limit', async () => {
    await writeFile(
      join(root, 'catalog', 'runbooks', 'big.yaml'),
      `${VALID}# ${'x'.repeat(200)}\n`,
    );
    const result = await readRunbook(
      model('./runbooks/big.yaml', `file:${catalogFile}`),
      { urlReader: noUrls, maxBytes: 100 },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'too-large' },
    });
  });

  it('reads url: runbooks through the UrlReader', async () => {
    const reader = urlReader(async () => ({ data: VALID, etag: 'abc' }));
    const result = await readRunbook(
      model('url:https://git.example.com/ml/runbooks/fraud.yaml'),
      { urlReader: reader },
    );
    expect(reader.calls).toEqual([
      'https://git.example.com/ml/runbooks/fraud.yaml',
    ]);
    expect(result).toMatchObject({
      status: 'ok',
      etag: 'abc',
      source: { type: 'url' },
    });
  });

  it('resolves relative paths against a url: location as a URL', async () => {
    const reader = urlReader(async () => ({ data: VALID }));
    const result = await readRunbook(
      model(
        './runbooks/fraud.yaml',
        'url:https://github.com/acme/models/blob/main/fraud/catalog-info.yaml',
      ),
      { urlReader: reader },
    );
    expect(reader.calls).toEqual([
      'https://github.com/acme/models/blob/main/fraud/runbooks/fraud.yaml',
    ]);
    expect(result.status).toBe('ok');
  });

  it('maps UrlReader errors to typed results', async () => {
    const entity = model('url:https://git.example.com/r.yaml');
    const notFound = await readRunbook(entity, {
      urlReader: urlReader(async () => {
        throw new NotFoundError('no such file');
      }),
    });
    expect(notFound).toMatchObject({
      status: 'error',
      error: { code: 'not-found' },
    });

    const notAllowed = await readRunbook(entity, {
      urlReader: urlReader(async () => {
        throw new NotAllowedError(
          'Reading from git.example.com is not allowed',
        );
      }),
    });
    expect(notAllowed).toMatchObject({
      status: 'error',
      error: { code: 'not-allowed' },
    });

    const unchanged = await readRunbook(entity, {
      etag: 'v1',
      urlReader: urlReader(async () => {
        throw new NotModifiedError();
      }),
    });
    expect(unchanged).toMatchObject({ status: 'unchanged', etag: 'v1' });

    const failed = await readRunbook(entity, {
      urlReader: urlReader(async () => {
        throw new Error('socket hang up\n    at stack frame');
      }),
    });
    expect(failed).toMatchObject({
      status: 'error',
      error: { code: 'read-failed' },
    });
    if (failed.status !== 'error') return;
    expect(failed.error.message).toBe(
      'component:default/fraud-detection-v2: runbook "url:https://git.example.com/r.yaml", read from https://git.example.com/r.yaml: reading it failed: socket hang up',
    );
    expect(failed.error.problem).toBe('reading it failed: socket hang up');
  });

  it('cannot resolve a relative path without a location', async () => {
    const result = await readRunbook(model('./runbooks/fraud.yaml'), {
      urlReader: noUrls,
    });
    expect(result).toMatchObject({
      status: 'error',
      error: { code: 'no-base-location' },
    });
  });
});
