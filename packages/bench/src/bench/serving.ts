/**
 * Page latency as a browser sees it: the model report and the fleet page,
 * served from snapshots, against the catalog's own entity lookup and the
 * catalog's own page of the same 50 entities (`by-query`, ml-model filter) in
 * the same backend at the same moment. Requests alternate, one at a time, so
 * all four share the same conditions.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { LatencySummary, summarize } from '../lib/percentiles';
import { seededRandom } from '../lib/random';
import { modelName } from '../lib/scaleFleet';

export interface ServingLatency {
  report: LatencySummary;
  fleet: LatencySummary;
  catalog: LatencySummary;
  /** The catalog's page of 50 models, sampled next to each fleet page. */
  catalogPage?: LatencySummary;
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
    catalogPage: () =>
      `${options.baseUrl}/api/catalog/entities/by-query?limit=50&filter=spec.type=ml-model`,
  };
  for (let i = 0; i < options.warmup; i++) {
    const m = pick();
    await timed(urls.catalog(m), errors);
    await timed(urls.report(m), errors);
    if (i % options.fleetEvery === 0) {
      await timed(urls.fleet(), errors);
      await timed(urls.catalogPage(), errors);
    }
  }
  const samples = {
    report: [] as number[],
    catalog: [] as number[],
    fleet: [] as number[],
    catalogPage: [] as number[],
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
    if (i % options.fleetEvery === 0) {
      const fleetFirst = (i / options.fleetEvery) % 2 === 0;
      if (!fleetFirst)
        samples.catalogPage.push(await timed(urls.catalogPage(), errors));
      samples.fleet.push(await timed(urls.fleet(), errors));
      if (fleetFirst)
        samples.catalogPage.push(await timed(urls.catalogPage(), errors));
    }
  }
  return {
    report: summarize(samples.report),
    catalog: summarize(samples.catalog),
    fleet: summarize(samples.fleet),
    catalogPage: summarize(samples.catalogPage),
    errors,
    wallMs: performance.now() - started,
  };
}
