/**
 * Page latency as a browser sees it: the model report and the fleet page,
 * served from snapshots, against the catalog's own entity lookup in the same
 * backend at the same moment. Requests alternate, one at a time, so all
 * three share the same conditions.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { LatencySummary, summarize } from '../lib/percentiles';
import { seededRandom } from '../lib/random';
import { modelName } from '../lib/scaleFleet';

export interface ServingLatency {
  report: LatencySummary;
  fleet: LatencySummary;
  catalog: LatencySummary;
  errors: string[];
  wallMs: number;
}

export interface ServingOptions {
  baseUrl: string;
  models: number;
  /** Report and catalog samples; the fleet page is sampled every `fleetEvery` of them. */
  samples: number;
  fleetEvery: number;
  /** Sampling stops early when this is spent (the fleet page of a large fleet is slow). */
  budgetMs: number;
  warmup: number;
}

async function timed(url: string, errors: string[]): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    headers: { authorization: mockCredentials.user.header() },
  });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) {
    errors.push(`${response.status} ${url}: ${body.slice(0, 200)}`);
  }
  return ms;
}

export async function measureServing(
  options: ServingOptions,
): Promise<ServingLatency> {
  const random = seededRandom(options.models);
  const errors: string[] = [];
  const pick = () => modelName(1 + Math.floor(random() * options.models));
  const urls = {
    report: (m: string) =>
      `${options.baseUrl}/api/ml-observability/v1/models/default/component/${m}`,
    catalog: (m: string) =>
      `${options.baseUrl}/api/catalog/entities/by-name/component/default/${m}`,
    fleet: () => `${options.baseUrl}/api/ml-observability/v1/models?limit=50`,
  };
  for (let i = 0; i < options.warmup; i++) {
    const m = pick();
    await timed(urls.catalog(m), errors);
    await timed(urls.report(m), errors);
    if (i % options.fleetEvery === 0) await timed(urls.fleet(), errors);
  }
  const samples = {
    report: [] as number[],
    catalog: [] as number[],
    fleet: [] as number[],
  };
  const started = performance.now();
  for (let i = 0; i < options.samples; i++) {
    if (
      performance.now() - started > options.budgetMs &&
      samples.fleet.length >= 5
    )
      break;
    const m = pick();
    // Alternate which goes first, so neither always meets a warmer cache.
    if (i % 2 === 0) {
      samples.catalog.push(await timed(urls.catalog(m), errors));
      samples.report.push(await timed(urls.report(m), errors));
    } else {
      samples.report.push(await timed(urls.report(m), errors));
      samples.catalog.push(await timed(urls.catalog(m), errors));
    }
    if (i % options.fleetEvery === 0)
      samples.fleet.push(await timed(urls.fleet(), errors));
  }
  return {
    report: summarize(samples.report),
    catalog: summarize(samples.catalog),
    fleet: summarize(samples.fleet),
    errors,
    wallMs: performance.now() - started,
  };
}
