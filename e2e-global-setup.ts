// The webServer entry waits for the app on :3000; the backend on :7007 may still be starting
// (migrations) and the catalog still ingesting examples/. Wait for both, so tests never race them.
const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
const expectedModels = 12;

async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
      lastError = 'not yet';
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms: ${lastError}`);
}

export default async function globalSetup() {
  await poll(
    'backend readiness',
    async () =>
      (
        await fetch(`${backend}/.backstage/health/v1/readiness`)
      ).ok
        ? true
        : undefined,
    240_000,
  );
  const token = await poll(
    'guest sign-in',
    async () => {
      const response = await fetch(`${backend}/api/auth/guest/refresh`);
      if (!response.ok) return undefined;
      const body = await response.json();
      return body?.backstageIdentity?.token as string | undefined;
    },
    60_000,
  );
  await poll(
    `the ${expectedModels} example models in the catalog`,
    async () => {
      const response = await fetch(
        `${backend}/api/catalog/entities/by-query?filter=spec.type=ml-model&limit=1`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) return undefined;
      const body = await response.json();
      return body.totalItems >= expectedModels ? true : undefined;
    },
    180_000,
  );
  await poll(
    'the onboarding template in the catalog',
    async () => {
      const response = await fetch(
        `${backend}/api/catalog/entities/by-name/template/default/onboard-monitored-model`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      return response.ok ? true : undefined;
    },
    120_000,
  );
}
