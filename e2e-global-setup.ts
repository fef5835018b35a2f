// The webServer entry waits for the app on :3000; the backend on :7007 may still be starting
// (migrations, catalog ingestion), so wait for its readiness before the first test.
const readinessUrl =
  process.env.PLAYWRIGHT_BACKEND_READINESS_URL ??
  'http://localhost:7007/.backstage/health/v1/readiness';

export default async function globalSetup() {
  const deadline = Date.now() + 180_000;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(readinessUrl);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`backend not ready at ${readinessUrl}: ${lastError}`);
}
