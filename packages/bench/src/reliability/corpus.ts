/**
 * A generated corpus of malformed requests against every route of the ML
 * observability API: broken entity refs, query parameters of the wrong type
 * or out of range, oversize values, unexpected bodies and methods. The same
 * corpus on every run (no randomness), so a regression names the case.
 */

export interface BadRequest {
  /** Stable id, e.g. `report/name/dot-dot`. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path and query under /api/ml-observability, already encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Node's HTTP parser refuses request heads over 16 KiB before any route sees them. */
export const MAX_SAFE_URL = 8_000;

/** Malformed values for one path segment or query value, unencoded. */
export const BAD_VALUES: Record<string, string> = {
  empty: '',
  space: ' ',
  dot: '.',
  'dot-dot': '..',
  traversal: '../../../etc/passwd',
  nul: '\u0000',
  crlf: 'a\r\nSet-Cookie: x=y',
  slash: 'a/b',
  backslash: 'a\\b',
  colon: 'default:component',
  percent: '%',
  'bad-escape': '%zz',
  unicode: 'модель-预测-🤖',
  html: '<script>alert(1)</script>',
  sql: "' OR '1'='1'; DROP TABLE snapshots; --",
  like: '%_%',
  template: '${jndi:ldap://127.0.0.1/x}',
  json: '{"$ne":null}',
  proto: '__proto__',
  constructor: 'constructor',
  number: '1e309',
  negative: '-1',
  oversize: 'x'.repeat(MAX_SAFE_URL / 2),
};

const enc = encodeURIComponent;
/** Percent-encodes what a URL cannot carry raw, but leaves `%zz` and `%` as sent by a careless client. */
function rawSegment(value: string): string {
  if (value === '%' || value === '%zz') return value;
  return enc(value);
}

export interface CorpusOptions {
  /** An entity the caller can read, so other segments are the only problem. */
  model: { namespace: string; kind: string; name: string };
}

export function generateCorpus(options: CorpusOptions): BadRequest[] {
  const { namespace, kind, name } = options.model;
  const out: BadRequest[] = [];
  const add = (r: BadRequest) => out.push(r);

  // Entity refs on the report and refresh routes, one bad segment at a time.
  for (const [label, value] of Object.entries(BAD_VALUES)) {
    const segments = { namespace, kind, name };
    for (const position of ['namespace', 'kind', 'name'] as const) {
      const path = { ...segments, [position]: value };
      const p = `${rawSegment(path.namespace)}/${rawSegment(
        path.kind,
      )}/${rawSegment(path.name)}`;
      add({
        id: `report/${position}/${label}`,
        method: 'GET',
        path: `/v1/models/${p}`,
      });
      add({
        id: `refresh/${position}/${label}`,
        method: 'POST',
        path: `/v1/models/${p}/refresh`,
      });
    }
  }
  const ref = `${namespace}/${kind}/${name}`;
  add({
    id: 'report/too-few-segments',
    method: 'GET',
    path: `/v1/models/${namespace}/${name}`,
  });
  add({
    id: 'report/too-many-segments',
    method: 'GET',
    path: `/v1/models/${ref}/extra`,
  });

  // The report's range.
  for (const [label, value] of Object.entries({
    ...BAD_VALUES,
    'unit-less': '24',
    year: '1y',
    upper: '24H',
  })) {
    add({
      id: `report/range/${label}`,
      method: 'GET',
      path: `/v1/models/${ref}?range=${rawSegment(value)}`,
    });
  }
  add({
    id: 'report/range/twice',
    method: 'GET',
    path: `/v1/models/${ref}?range=24h&range=7d`,
  });
  add({
    id: 'report/range/object',
    method: 'GET',
    path: `/v1/models/${ref}?range[a]=24h`,
  });

  // Fleet filters, paging and wrong types.
  const fleetParams: Record<string, Record<string, string>> = {
    limit: {
      ...BAD_VALUES,
      zero: '0',
      'over-max': '101',
      fraction: '1.5',
      hex: '0x10',
      boolean: 'true',
      huge: '9'.repeat(400),
    },
    cursor: {
      ...BAD_VALUES,
      'base64-negative': Buffer.from('{"offset":-5}').toString('base64url'),
      'base64-huge': Buffer.from('{"offset":1e300}').toString('base64url'),
      'base64-not-json': Buffer.from('not json at all').toString('base64url'),
      'base64-array': Buffer.from('[1,2,3]').toString('base64url'),
    },
    status: { ...BAD_VALUES, upper: 'CRITICAL', unknown: 'on-fire' },
    owner: { ...BAD_VALUES, 'no-name': 'group:', 'no-kind': ':default/x' },
    lifecycle: BAD_VALUES,
    account: { ...BAD_VALUES, short: '12345', letters: 'abcdefghijkl' },
    region: { ...BAD_VALUES, upper: 'US-EAST-1', mars: 'mars-north-1' },
  };
  for (const [param, values] of Object.entries(fleetParams)) {
    for (const [label, value] of Object.entries(values)) {
      add({
        id: `fleet/${param}/${label}`,
        method: 'GET',
        path: `/v1/models?${param}=${rawSegment(value)}`,
      });
    }
    add({
      id: `fleet/${param}/object`,
      method: 'GET',
      path: `/v1/models?${param}[$ne]=x`,
    });
    add({
      id: `fleet/${param}/nested`,
      method: 'GET',
      path: `/v1/models?${param}[a][b][c]=x`,
    });
  }
  add({
    id: 'fleet/limit/twice',
    method: 'GET',
    path: '/v1/models?limit=5&limit=6',
  });
  add({
    id: 'fleet/unknown-param',
    method: 'GET',
    path: '/v1/models?unknown=1',
  });
  add({
    id: 'fleet/proto-pollution',
    method: 'GET',
    path: '/v1/models?__proto__[polluted]=1',
  });
  add({
    id: 'fleet/many-owners',
    method: 'GET',
    path: `/v1/models?${Array.from(
      { length: 300 },
      (_, i) => `owner=group:default/t${i}`,
    ).join('&')}`,
  });

  // Escalation lookups.
  add({ id: 'escalation/missing', method: 'GET', path: '/v1/escalation' });
  for (const [label, value] of Object.entries({
    ...BAD_VALUES,
    'arn-empty': 'arn:',
    'arn-short': 'arn:aws:sagemaker',
    'arn-no-name': 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/',
    'arn-bad-account': 'arn:aws:cloudwatch:us-east-1:12:alarm:x',
    'arn-other-service': 'arn:aws:s3:::bucket',
    'arn-partition': 'arn:aws-cn:sagemaker:cn-north-1:123456789012:endpoint/x',
    wildcard: '*',
  })) {
    add({
      id: `escalation/${label}`,
      method: 'GET',
      path: `/v1/escalation?resource=${rawSegment(value)}`,
    });
  }
  add({
    id: 'escalation/twice',
    method: 'GET',
    path: '/v1/escalation?resource=a&resource=b',
  });
  add({
    id: 'escalation/object',
    method: 'GET',
    path: '/v1/escalation?resource[a]=b',
  });

  // Bodies where none is expected, and bodies that cannot be parsed.
  const json = { 'content-type': 'application/json' };
  const bodies: Array<[string, Record<string, string>, string]> = [
    ['invalid-json', json, '{"entityRef":'],
    ['json-array', json, '[1,2,3]'],
    ['json-proto', json, '{"__proto__":{"polluted":true}}'],
    ['oversize-json', json, `{"x":"${'y'.repeat(2 * 1024 * 1024)}"}`],
    [
      'xml',
      { 'content-type': 'application/xml' },
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ],
    [
      'form',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'a=1&a[b]=2',
    ],
  ];
  for (const [label, headers, body] of bodies) {
    add({
      id: `refresh/body/${label}`,
      method: 'POST',
      path: `/v1/models/${ref}/refresh`,
      headers,
      body,
    });
    add({
      id: `fleet/body/${label}`,
      method: 'GET',
      path: '/v1/models',
      headers,
      body,
    });
  }

  // Methods the API does not have.
  for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
    add({ id: `methods/${method}/report`, method, path: `/v1/models/${ref}` });
    add({ id: `methods/${method}/fleet`, method, path: '/v1/models' });
    add({
      id: `methods/${method}/escalation`,
      method,
      path: '/v1/escalation?resource=x',
    });
  }
  add({
    id: 'methods/GET/refresh',
    method: 'GET',
    path: `/v1/models/${ref}/refresh`,
  });
  add({ id: 'methods/POST/health', method: 'POST', path: '/health' });
  add({
    id: 'health/query',
    method: 'GET',
    path: `/health?x=${rawSegment(BAD_VALUES.oversize)}`,
  });
  add({ id: 'unknown-route', method: 'GET', path: '/v2/models' });
  return out;
}
