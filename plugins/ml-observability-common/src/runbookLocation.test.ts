import { parseRunbookLocation } from './runbookLocation';

describe('parseRunbookLocation', () => {
  it.each([
    [
      'url:https://github.com/acme/ml/blob/main/runbook.yaml',
      {
        type: 'url',
        target: 'https://github.com/acme/ml/blob/main/runbook.yaml',
      },
    ],
    [
      'https://example.com/r.yaml',
      { type: 'url', target: 'https://example.com/r.yaml' },
    ],
    [
      './runbooks/fraud-detection-v2.yaml',
      { type: 'path', target: './runbooks/fraud-detection-v2.yaml' },
    ],
    [
      '../shared/runbook.yaml',
      { type: 'path', target: '../shared/runbook.yaml' },
    ],
    ['runbook.yaml', { type: 'path', target: 'runbook.yaml' }],
    ['file:./runbook.yaml', { type: 'path', target: './runbook.yaml' }],
  ])('accepts %s', (text, location) => {
    expect(parseRunbookLocation(text)).toEqual({ ok: true, location });
  });

  it.each([
    ['', /is empty/],
    ['url:not a url', /not an absolute URL/],
    ['url:ftp://example.com/r.yaml', /uses ftp/],
    ['url:javascript:alert(1)', /uses javascript/],
    ['/etc/passwd', /not a relative path/],
    ['file:/etc/passwd', /not a relative path/],
    ['~/runbook.yaml', /not a relative path/],
    ['C:\\runbooks\\r.yaml', /neither url: nor a relative path/],
    ['s3://bucket/r.yaml', /neither url: nor a relative path/],
    ['./a\nb.yaml', /control characters/],
  ])('refuses %j', (text, problem) => {
    const result = parseRunbookLocation(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(problem);
    expect(!result.ok && result.allowed).toMatch(/url:https/);
  });
});
