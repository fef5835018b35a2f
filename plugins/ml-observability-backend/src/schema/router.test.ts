import { API_ROUTES } from './router';

describe('API_ROUTES', () => {
  it('lists every operation of openapi.yaml in its order', () => {
    expect(API_ROUTES.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /health',
      'GET /v1/models',
      'GET /v1/models/{namespace}/{kind}/{name}',
      'POST /v1/models/{namespace}/{kind}/{name}/refresh',
      'GET /v1/models/{namespace}/{kind}/{name}/alerts',
      'GET /v1/models/{namespace}/{kind}/{name}/actions',
      'POST /v1/models/{namespace}/{kind}/{name}/actions/{actionId}',
      'GET /v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}',
      'POST /v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}/undo',
      'GET /v1/escalation',
      'GET /v1/status',
    ]);
  });

  it('matches request paths segment by segment, with an optional trailing slash', () => {
    const match = (path: string) =>
      API_ROUTES.filter(r => r.pattern.test(path)).map(r => r.path);
    expect(match('/v1/models/default/component/a.b')).toEqual([
      '/v1/models/{namespace}/{kind}/{name}',
    ]);
    expect(match('/v1/models/default/component/a/refresh/')).toEqual([
      '/v1/models/{namespace}/{kind}/{name}/refresh',
    ]);
    expect(match('/v1/models/default/component')).toEqual([]);
    expect(match('/v1/models/default/component/a/b/c')).toEqual([]);
    expect(match('/v1/models/x/y/z/refresh/more')).toEqual([]);
    expect(match('/healthz')).toEqual([]);
  });
});
