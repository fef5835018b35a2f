import { mockCredentials } from '@backstage/backend-test-utils';

/** Waits until the catalog serves `count` entities matching `filter`; returns how long it took. */
export async function waitForCatalog(options: {
  baseUrl: string;
  filter: string;
  count: number;
  timeoutMs: number;
  authorization?: string;
}): Promise<number> {
  const started = Date.now();
  const url = `${
    options.baseUrl
  }/api/catalog/entities/by-query?filter=${encodeURIComponent(
    options.filter,
  )}&limit=1`;
  const headers = {
    authorization: options.authorization ?? mockCredentials.user.header(),
  };
  let seen = 0;
  for (;;) {
    const response = await fetch(url, { headers });
    if (response.ok) {
      seen =
        ((await response.json()) as { totalItems?: number }).totalItems ?? 0;
      if (seen >= options.count) return Date.now() - started;
    } else {
      await response.text();
    }
    if (Date.now() - started > options.timeoutMs) {
      throw new Error(
        `the catalog serves ${seen} of ${options.count} entities (${options.filter}) after ${options.timeoutMs} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 300));
  }
}
