import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import { modelEntity, RUNBOOK_YAML } from '../__testUtils__/fixtures';
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

  const fileEntity = () =>
    modelEntity('fraud-detection-v2', {
      location: `file:${dir.resolve('catalog/catalog-info.yaml')}`,
    });

  it('reads a path relative to a file location', async () => {
    const result = await reader.read(
      fileEntity(),
      { type: 'path', target: './runbooks/fraud.yaml' },
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
      fileEntity(),
      { type: 'path', target: '../secret.yaml' },
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

  it('says where a runbook is invalid and when it is missing', async () => {
    const broken = await reader.read(
      fileEntity(),
      { type: 'path', target: 'runbooks/broken.yaml' },
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
      fileEntity(),
      { type: 'path', target: 'runbooks/none.yaml' },
      undefined,
      NOW,
    );
    expect(missing).toMatchObject({ outcome: 'not-found' });
  });

  it('needs a location to resolve a relative path against', async () => {
    const result = await reader.read(
      modelEntity('x'),
      { type: 'path', target: 'runbook.yaml' },
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
    });
    urlReader.readUrl.mockResolvedValueOnce({
      buffer: async () => Buffer.from(RUNBOOK_YAML),
      etag: 'abc',
    });
    const first = await reader.read(
      entity,
      { type: 'path', target: './runbook.yaml' },
      undefined,
      NOW,
    );
    const url = 'https://github.com/acme/models/blob/main/fraud/runbook.yaml';
    expect(urlReader.readUrl).toHaveBeenCalledWith(url, {});
    expect(first).toMatchObject({
      outcome: 'ok',
      runbook: { url, etag: 'abc' },
    });

    urlReader.readUrl.mockRejectedValueOnce(new NotModifiedError());
    const previous = first.outcome === 'ok' ? first.runbook : undefined;
    expect(
      await reader.read(
        entity,
        { type: 'path', target: './runbook.yaml' },
        previous,
        NOW,
      ),
    ).toEqual({
      outcome: 'unchanged',
    });
    expect(urlReader.readUrl).toHaveBeenLastCalledWith(url, { etag: 'abc' });
  });

  it('maps UrlReader failures to source outcomes', async () => {
    const location = {
      type: 'url' as const,
      target: 'https://runbooks.example.com/fraud.yaml',
    };
    urlReader.readUrl.mockRejectedValueOnce(new NotFoundError('404'));
    expect(
      await reader.read(modelEntity('x'), location, undefined, NOW),
    ).toMatchObject({ outcome: 'not-found' });
    urlReader.readUrl.mockRejectedValueOnce(
      new NotAllowedError('no integration'),
    );
    expect(
      await reader.read(modelEntity('x'), location, undefined, NOW),
    ).toMatchObject({
      outcome: 'denied',
      message: expect.stringContaining('runbooks.example.com'),
    });
    urlReader.readUrl.mockRejectedValueOnce(
      new Error('socket hang up at 10.1.2.3'),
    );
    const failed = await reader.read(
      modelEntity('x'),
      location,
      undefined,
      NOW,
    );
    expect(failed).toMatchObject({ outcome: 'error' });
    expect(JSON.stringify(failed)).not.toContain('10.1.2.3');
  });
});
