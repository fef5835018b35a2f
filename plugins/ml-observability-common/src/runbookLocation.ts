/**
 * Where a runbook lives, from the `ml-observability/runbook` annotation.
 * `url` targets are absolute http(s) URLs; `path` targets are relative to the
 * entity's own catalog location (read through Backstage's UrlReader).
 * @public
 */
export type RunbookLocation =
  | { type: 'url'; target: string }
  | { type: 'path'; target: string };

const RUNBOOK_LOCATION_RULE =
  'url:https://... (an absolute http or https URL) or a path relative to the catalog file such as ./runbooks/model.yaml';

/**
 * Parses a runbook location. Absolute file paths and other URL schemes are
 * refused: a runbook is read relative to the entity or from the web, never
 * from the backend's own disk.
 * @public
 */
export function parseRunbookLocation(
  text: string,
):
  | { ok: true; location: RunbookLocation }
  | { ok: false; problem: string; allowed: string } {
  const value = text.trim();
  const fail = (problem: string) => ({
    ok: false as const,
    problem,
    allowed: RUNBOOK_LOCATION_RULE,
  });
  if (value === '') return fail('is empty');
  if ([...value].some(c => c.charCodeAt(0) < 0x20)) {
    return fail('contains control characters');
  }

  let urlText: string | undefined;
  if (value.startsWith('url:')) urlText = value.slice('url:'.length).trim();
  else if (/^https?:\/\//i.test(value)) urlText = value;
  if (urlText !== undefined) {
    let url: URL;
    try {
      url = new URL(urlText);
    } catch {
      return fail(`${JSON.stringify(urlText)} is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return fail(`uses ${url.protocol.slice(0, -1)}, not http or https`);
    }
    return { ok: true, location: { type: 'url', target: url.toString() } };
  }

  const path = value.startsWith('file:')
    ? value.slice('file:'.length).trim()
    : value;
  if (path === '') return fail('has an empty path');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    return fail(`${JSON.stringify(path)} is neither url: nor a relative path`);
  }
  if (path.startsWith('/') || path.startsWith('~') || path.includes('\\')) {
    return fail(`${JSON.stringify(path)} is not a relative path`);
  }
  return { ok: true, location: { type: 'path', target: path } };
}
