/**
 * The demo catalog of the repository (examples/entities.yaml and org.yaml,
 * runbooks next to them) against the emulator's demo scenario: nine models
 * in two AWS accounts (one of them served in both).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  DEMO_ACCOUNTS,
  Emulator,
  FaultConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';
import type {
  FleetPage,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { JsonObject } from '@backstage/types';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo';
import type { Part } from './harness';

export const DEMO_MODELS = [
  'fraud-detection-v2',
  'recommendation-engine',
  'churn-prediction',
  'demand-forecast',
  'product-categorizer',
  'search-ranking',
  'credit-risk-scoring',
  'ticket-routing',
  'loan-approval',
  'claims-triage',
  'ad-click-ranker',
  'fraud-screening',
];
export const DEMO_ACCOUNT_IDS = [
  DEMO_ACCOUNTS.primary.account,
  DEMO_ACCOUNTS.eu.account,
];
export const USER = mockCredentials.user.header('user:default/alice');

export function demoCatalogConfig(): JsonObject {
  const examples = join(repoRoot(), 'examples');
  return {
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'User',
            'Group',
          ],
        },
      ],
      locations: [
        { type: 'file', target: join(examples, 'entities.yaml') },
        { type: 'file', target: join(examples, 'org.yaml') },
      ],
    },
  };
}

/** An emulator that can be stopped and started again on the same address. */
export class RestartableEmulator {
  private emulator?: Emulator;
  private port = 0;

  async start(faults: FaultConfig = {}): Promise<Emulator> {
    this.emulator = await startEmulator({
      scenario: 'demo',
      port: this.port,
      faults,
    });
    this.port = this.emulator.port;
    return this.emulator;
  }

  get current(): Emulator {
    if (!this.emulator) throw new Error('the emulator is down');
    return this.emulator;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await this.emulator?.stop();
    this.emulator = undefined;
  }
}

/** What a person sees of one model: the parts that must survive any fault. */
export interface Seen {
  endpoints: string[];
  schedules: string[];
  alarms: string[];
  series: string[];
  report: ModelReport;
}

export function seenOf(report: ModelReport): Seen {
  return {
    endpoints: report.endpoints.map(e => e.name).sort(),
    schedules: report.monitoringSchedules.map(s => s.name).sort(),
    alarms: report.alarms.map(a => a.name).sort(),
    series: [
      ...report.drift.map(d => `drift:${d.endpointName ?? ''}:${d.feature}`),
      ...report.quality.map(q => `quality:${q.metric}`),
      ...report.custom.map(c => `custom:${c.namespace}:${c.metricName}`),
    ].sort(),
    report,
  };
}

/** Reads every demo model's report and the fleet as a user; answers must all be 200. */
export async function readFleet(
  part: Part,
  baseUrl: string,
): Promise<{
  reports: Map<string, ModelReport>;
  fleet?: FleetPage;
  failures: string[];
}> {
  const api = `${baseUrl}/api/ml-observability`;
  const failures: string[] = [];
  const reports = new Map<string, ModelReport>();
  for (const name of DEMO_MODELS) {
    const answer = await part.send({
      method: 'GET',
      url: `${api}/v1/models/default/component/${name}`,
      headers: { authorization: USER },
    });
    if (answer.status === 200) reports.set(name, JSON.parse(answer.text));
    else
      failures.push(
        `report of ${name}: ${answer.status} ${answer.text.slice(0, 160)}`,
      );
  }
  const answer = await part.send({
    method: 'GET',
    url: `${api}/v1/models?limit=100`,
    headers: { authorization: USER },
  });
  if (answer.status !== 200)
    failures.push(`fleet: ${answer.status} ${answer.text.slice(0, 160)}`);
  return {
    reports,
    fleet: answer.status === 200 ? JSON.parse(answer.text) : undefined,
    failures,
  };
}

/** What the model showed before and no longer shows. */
export function missing(before: Seen, after: ModelReport): string[] {
  const now = seenOf(after);
  const gone = (label: string, a: string[], b: string[]) =>
    a.filter(x => !b.includes(x)).map(x => `${label} ${x}`);
  return [
    ...gone('endpoint', before.endpoints, now.endpoints),
    ...gone('schedule', before.schedules, now.schedules),
    ...gone('alarm', before.alarms, now.alarms),
    ...gone('series', before.series, now.series),
  ];
}

/** Sources that are not ok; each must say why and how old its last good data is. */
export function degradedSources(
  report: ModelReport,
): Array<{ source: string; outcome: string; marked: boolean }> {
  return Object.entries(report.sources ?? {})
    .filter(([, s]) => s && s.outcome !== 'ok' && s.outcome !== 'pending')
    .map(([source, s]) => ({
      source,
      outcome: s!.outcome,
      marked: Boolean(s!.message) && Boolean(s!.lastSuccessAt),
    }));
}
