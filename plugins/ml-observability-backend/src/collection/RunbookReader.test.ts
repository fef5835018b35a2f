import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import { symlink } from 'node:fs/promises';
import {
  ANNOTATION_ML_RUNBOOK,
  RUNBOOK_MAX_BYTES,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { modelEntity, RUNBOOK_YAML } from '../__testUtils__/fixtures';
import type { StoredRunbook } from '../store';
import { RunbookReader } from './RunbookReader';

const NOW = new Date('2025-03-10T15:00:00Z');

describe('RunbookReader', () => {
  const dir = createMockDirectory();
  const urlReader = mockServices.urlReader.mock();
  const reader = new RunbookReader(urlReader, mockServices.logger.mock());

  beforeEach(() => {
    jest.resetAllMocks();
    dir.setContent({
      'catalog/catalog-info.yaml': 'kind: Component',
      'catalog/runbooks/fraud.yaml': RUNBOOK_YAML,
      'catalog/runbooks/broken.yaml': 'model_name: x\nmonitoring_config: [',
      'secret.yaml': RUNBOOK_YAML,
    });
  });

  const fileEntity = (runbook: string) =>
    modelEntity('fraud-detection-v2', {
      location: `file:${dir.resolve('catalog/catalog-info.yaml')}`,
      annotations: { [ANNOTATION_ML_RUNBOOK]: runbook },
    });

  it('reads a path relative to a file location', async () => {
    const result = await reader.read(
      fileEntity('./runbooks/fraud.yaml'),
      undefined,
      NOW,
    );
    expect(result.outcome).toBe('ok');
    if (result.outcome !== 'ok') return;
    expect(
      result.runbook.runbook.monitoring_config.data_quality.escalation_path,
    ).toEqual(['ml-engineer', 'data-scientist', 'team-lead']);
    expect(result.runbook.readAt).toBe(NOW.toISOString());
    expect(result.runbook.url).toBeUndefined();
  });

  it('never reads outside the directory of a file location', async () => {
    const result = await reader.read(
      fileEntity('../secret.yaml'),
      undefined,
      NOW,
    );
    expect(result).toEqual({
      outcome: 'error',
      message: expect.stringContaining(
        'leaves the directory of the catalog file',
      ),
    });
  });

  it('refuses a symbolic link out of the directory without naming server paths', async () => {
    await symlink(
      dir.resolve('secret.yaml'),
      dir.resolve('catalog/runbooks/link.yaml'),
    );
    const result = await reader.read(
      fileEntity('./runbooks/link.yaml'),
      undefined,
      NOW,
    );
    expect(result).toEqual({
      outcome: 'error',
      message: expect.stringContaining(
        'leaves the directory of the catalog file',
      ),
    });
    expect(JSON.stringify(result)).not.toContain(dir.path);
  });

  it('refuses runbooks over the size limit', async () => {
    dir.addContent({
      'catalog/runbooks/big.yaml': `${RUNBOOK_YAML}# ${'x'.repeat(
        RUNBOOK_MAX_BYTES,
      )}\n`,
    });
    const result = await reader.read(
      fileEntity('runbooks/big.yaml'),
      undefined,
      NOW,
    );
    expect(result).toEqual({
      outcome: 'error',
      message: expect.stringMatching(
        new RegExp(`runbooks/big.yaml is too large: .*${RUNBOOK_MAX_BYTES}`),
      ),
    });
  });

  it('says where a runbook is invalid and when it is missing', async () => {
    const broken = await reader.read(
      fileEntity('runbooks/broken.yaml'),
      undefined,
      NOW,
    );
    expect(broken.outcome).toBe('error');
    expect(broken).toMatchObject({
      message: expect.stringMatching(
        /runbooks\/broken.yaml is invalid: .*line/,
      ),
    });

    const missing = await reader.read(
      fileEntity('runbooks/none.yaml'),
      undefined,
      NOW,
    );
    expect(missing).toMatchObject({ outcome: 'not-found' });
    expect(JSON.stringify([broken, missing])).not.toContain(dir.path);
  });

  it('needs a location to resolve a relative path against', async () => {
    const result = await reader.read(
      modelEntity('x', {
        annotations: { [ANNOTATION_ML_RUNBOOK]: 'runbook.yaml' },
      }),
      undefined,
      NOW,
    );
    expect(result).toMatchObject({
      outcome: 'error',
      message: expect.stringContaining('backstage.io/managed-by-location'),
    });
  });

  it('resolves a path against a URL location and reads it through the UrlReader with its etag', async () => {
    const entity = modelEntity('fraud-detection-v2', {
      location:
        'url:https://github.com/acme/models/blob/main/fraud/catalog-info.yaml',
      annotations: { [ANNOTATION_ML_RUNBOOK]: './runbook.yaml' },
    });
    urlReader.readUrl.mockResolvedValueOnce({
      buffer: async () => Buffer.from(RUNBOOK_YAML),
      etag: 'abc',
    });
    const first = await reader.read(entity, undefined, NOW);
    const url = 'https://github.com/acme/models/blob/main/fraud/runbook.yaml';
    expect(urlReader.readUrl).toHaveBeenCalledWith(url, {});
    expect(first).toMatchObject({
      outcome: 'ok',
      runbook: { url, etag: 'abc' },
    });

    urlReader.readUrl.mockRejectedValueOnce(new NotModifiedError());
    const previous = first.outcome === 'ok' ? first.runbook : undefined;
    expect(await reader.read(entity, previous, NOW)).toEqual({
      outcome: 'unchanged',
    });
    expect(urlReader.readUrl).toHaveBeenLastCalledWith(url, { etag: 'abc' });
  });

  it('sends the stored etag only to the URL it came from', async () => {
    const entity = modelEntity('x', {
      annotations: {
        [ANNOTATION_ML_RUNBOOK]: 'url:https://runbooks.example.com/new.yaml',
      },
    });
    urlReader.readUrl.mockResolvedValueOnce({
      buffer: async () => Buffer.from(RUNBOOK_YAML),
      etag: 'new-1',
    });
    const result = await reader.read(
      entity,
      {
        runbook: {} as StoredRunbook['runbook'],
        url: 'https://runbooks.example.com/old.yaml',
        etag: 'old-1',
        readAt: NOW.toISOString(),
      },
      NOW,
    );
    expect(urlReader.readUrl).toHaveBeenCalledWith(
      'https://runbooks.example.com/new.yaml',
      {},
    );
    expect(result).toMatchObject({
      outcome: 'ok',
      runbook: { url: 'https://runbooks.example.com/new.yaml', etag: 'new-1' },
    });
  });

  it('maps UrlReader failures to source outcomes', async () => {
    const entity = modelEntity('x', {
      annotations: {
        [ANNOTATION_ML_RUNBOOK]: 'url:https://runbooks.example.com/fraud.yaml',
      },
    });
    urlReader.readUrl.mockRejectedValueOnce(new NotFoundError('404'));
    expect(await reader.read(entity, undefined, NOW)).toMatchObject({
      outcome: 'not-found',
    });
    urlReader.readUrl.mockRejectedValueOnce(
      new NotAllowedError('no integration'),
    );
    expect(await reader.read(entity, undefined, NOW)).toMatchObject({
      outcome: 'denied',
      message: expect.stringContaining('runbooks.example.com'),
    });
    urlReader.readUrl.mockRejectedValueOnce(
      new Error('socket hang up at 10.1.2.3'),
    );
    const failed = await reader.read(entity, undefined, NOW);
    expect(failed).toMatchObject({ outcome: 'error' });
    expect(JSON.stringify(failed)).not.toContain('10.1.2.3');
  });
});
