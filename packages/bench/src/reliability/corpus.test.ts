import { BAD_VALUES, generateCorpus, MAX_SAFE_URL } from './corpus';

const corpus = generateCorpus({
  model: { namespace: 'default', kind: 'component', name: 'scale-model-00001' },
});

describe('generateCorpus', () => {
  it('is the same on every run, with unique ids', () => {
    const again = generateCorpus({
      model: {
        namespace: 'default',
        kind: 'component',
        name: 'scale-model-00001',
      },
    });
    expect(again).toEqual(corpus);
    expect(new Set(corpus.map(c => c.id)).size).toBe(corpus.length);
  });

  it('covers every route and method of the API', () => {
    const routes = new Set(
      corpus.map(
        c =>
          `${c.method} ${c.path
            .replace(/\?.*$/, '')
            .split('/')
            .slice(0, 3)
            .join('/')}`,
      ),
    );
    for (const route of [
      'GET /v1/models',
      'POST /v1/models',
      'GET /v1/escalation',
      'GET /health',
      'POST /health',
      'PUT /v1/models',
      'DELETE /v1/escalation',
    ]) {
      expect(routes).toContain(route);
    }
    // Every malformed value in each segment of the report and refresh routes.
    const segmentCases = corpus.filter(c =>
      /^(report|refresh)\/(namespace|kind|name)\//.test(c.id),
    );
    expect(segmentCases).toHaveLength(Object.keys(BAD_VALUES).length * 3 * 2);
  });

  it('keeps URLs under the size Node accepts, so the API rather than the HTTP parser answers', () => {
    for (const c of corpus) {
      expect(Buffer.byteLength(c.path)).toBeLessThan(2 * MAX_SAFE_URL);
    }
  });

  it('sends only request targets an HTTP client can write', () => {
    for (const c of corpus) {
      // No raw whitespace or control characters: they are percent-encoded.
      const raw = [...c.path].filter(ch => ch.charCodeAt(0) <= 0x20);
      expect(raw).toEqual([]);
      expect(c.path.startsWith('/')).toBe(true);
    }
  });

  it('includes oversize values, wrong types and unparseable bodies', () => {
    const ids = corpus.map(c => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'report/name/oversize',
        'fleet/limit/boolean',
        'fleet/limit/object',
        'fleet/cursor/base64-not-json',
        'escalation/missing',
        'refresh/body/invalid-json',
        'refresh/body/oversize-json',
      ]),
    );
    const oversize = corpus.find(c => c.id === 'refresh/body/oversize-json')!;
    expect(oversize.body!.length).toBeGreaterThan(2 * 1024 * 1024);
  });
});
