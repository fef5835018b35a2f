import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  ListEndpointsCommand,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  cloudWatch,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';
import { DEMO_ENDPOINTS } from './demo';

interface CatalogModel {
  name: string;
  account: string;
  region: string;
  endpoints: string[];
  metrics: Array<{
    namespace: string;
    dimensions: Array<{ Name: string; Value: string }>;
    /** The drift= key of the source, when it declares drift scores. */
    drift?: string;
  }>;
}

/** Keys of a metrics source that are not dimensions. */
const RESERVED = [
  'namespace',
  'metrics',
  'period',
  'drift',
  'driftMetric',
  'maxFeatures',
];

/** The few annotations the emulator must serve, read from the example catalog without a YAML dependency. */
function catalogModels(): CatalogModel[] {
  const text = readFileSync(
    resolve(__dirname, '../../../../examples/entities.yaml'),
    'utf8',
  );
  return text
    .split(/^---$/m)
    .filter(doc => /^kind: Component$/m.test(doc) && /type: ml-model/.test(doc))
    .map(doc => {
      const annotation = (key: string) =>
        new RegExp(
          // The value may be single-, double- or unquoted.
          `^\\s+${key.replace(/[./]/g, '\\$&')}: (['"]?)([^'"\\n]*)\\1\\s*$`,
          'm',
        ).exec(doc)?.[2];
      const metrics = annotation('ml-observability/metrics');
      const sources = (metrics?.split(';') ?? []).map(source => {
        const pairs = source.split(',').map(p => {
          const eq = p.indexOf('=');
          return [p.slice(0, eq), p.slice(eq + 1)];
        });
        const drift = pairs.find(([k]) => k === 'drift')?.[1];
        return {
          namespace: pairs.find(([k]) => k === 'namespace')![1],
          dimensions: pairs
            .filter(([k]) => !RESERVED.includes(k))
            .map(([Name, Value]) => ({ Name, Value })),
          ...(drift ? { drift } : {}),
        };
      });
      return {
        name: /^\s+name: (\S+)$/m.exec(doc)![1],
        account: annotation('aws.amazon.com/account-id')!,
        region: annotation('aws.amazon.com/region')!,
        endpoints:
          annotation('aws.amazon.com/sagemaker-endpoint-name')?.split(',') ??
          [],
        metrics: sources,
      };
    });
}

describe('the demo fleet matches examples/entities.yaml', () => {
  let emulator: Emulator;
  const models = catalogModels();
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.stop());

  it('reads the twelve example models', () => {
    expect(models.map(m => m.name).sort()).toEqual([
      'ad-click-ranker',
      'churn-prediction',
      'claims-triage',
      'credit-risk-scoring',
      'demand-forecast',
      'fraud-detection-v2',
      'fraud-screening',
      'loan-approval',
      'product-categorizer',
      'recommendation-engine',
      'search-ranking',
      'ticket-routing',
    ]);
  });

  it('serves every annotated endpoint in the annotated account and region, or the one its ARN names', async () => {
    for (const model of models) {
      expect(
        DEMO_ENDPOINTS[model.name as keyof typeof DEMO_ENDPOINTS] ?? [],
      ).toEqual(model.endpoints);
      for (const entry of model.endpoints) {
        const arn = /^arn:aws:sagemaker:([^:]+):(\d{12}):endpoint\/(.+)$/.exec(
          entry,
        );
        const [region, account, name] = arn
          ? [arn[1], arn[2], arn[3]]
          : [model.region, model.account, entry];
        const endpoint = await sageMaker(emulator, { account, region }).send(
          new DescribeEndpointCommand({ EndpointName: name }),
        );
        expect(endpoint.EndpointArn).toContain(
          `:${region}:${account}:endpoint/${name}`,
        );
      }
    }
  });

  it('serves the multi-region model in two regions under one endpoint name', async () => {
    const model = models.find(m => m.name === 'fraud-screening')!;
    expect(model.endpoints.filter(e => e.startsWith('arn:'))).toHaveLength(1);
    const arns = await Promise.all(
      [
        { account: '123456789012', region: 'us-east-1' },
        { account: '210987654321', region: 'eu-west-1' },
      ].map(async where => {
        const listed = await sageMaker(emulator, where).send(
          new ListEndpointsCommand({ NameContains: 'fraud-screening' }),
        );
        return listed.Endpoints!.map(e => e.EndpointArn);
      }),
    );
    expect(arns).toEqual([
      [
        'arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-screening-prod',
      ],
      [
        'arn:aws:sagemaker:eu-west-1:210987654321:endpoint/fraud-screening-prod',
      ],
    ]);
  });

  it('publishes the custom metrics the metrics annotations point at', async () => {
    const annotated = models.filter(m => m.metrics.length > 0);
    expect(annotated.map(m => m.name).sort()).toEqual([
      'ad-click-ranker',
      'claims-triage',
      'fraud-detection-v2',
      'recommendation-engine',
    ]);
    for (const model of annotated) {
      for (const source of model.metrics) {
        const listed = await cloudWatch(emulator, {
          account: model.account,
          region: model.region,
        }).send(
          new ListMetricsCommand({
            Namespace: source.namespace,
            Dimensions: source.dimensions,
          }),
        );
        expect(listed.Metrics!.length).toBeGreaterThan(0);
      }
    }
  });

  it('publishes the drift scores of the drift sources in their shape', async () => {
    const drift = models.flatMap(m =>
      m.metrics.filter(s => s.drift).map(s => ({ model: m, source: s })),
    );
    expect(drift.map(d => `${d.model.name} ${d.source.drift}`)).toEqual([
      'claims-triage dimension:Feature',
      'ad-click-ranker pattern:feature_drift_',
    ]);
    const cw = cloudWatch(emulator);
    const claims = await cw.send(
      new ListMetricsCommand({
        Namespace: 'ML/Drift',
        MetricName: 'drift_score',
        Dimensions: [
          { Name: 'ModelName', Value: 'claims-triage' },
          { Name: 'Feature' },
        ],
      }),
    );
    expect(
      claims
        .Metrics!.map(m => m.Dimensions!.find(d => d.Name === 'Feature')!.Value)
        .sort(),
    ).toEqual([
      'claim_amount',
      'incident_type',
      'policy_age_days',
      'prior_claims',
      // Stopped ten days ago: still listed (two weeks), without recent datapoints.
      'repair_shop_region',
    ]);
    const ads = await cw.send(
      new ListMetricsCommand({
        Namespace: 'ML/Drift',
        Dimensions: [{ Name: 'ModelName', Value: 'ad-click-ranker' }],
      }),
    );
    expect(ads.Metrics!.map(m => m.MetricName).sort()).toEqual([
      'feature_drift_ad_position',
      'feature_drift_bid_price',
      'feature_drift_campaign_age_days',
      'feature_drift_device_type',
      'feature_drift_user_segment',
      'share_of_drifted_columns',
    ]);
    for (const m of ads.Metrics!)
      expect(m.Dimensions).toEqual([
        { Name: 'ModelName', Value: 'ad-click-ranker' },
      ]);
  });

  it('leaves exactly the unowned endpoints unclaimed', async () => {
    // The primary account's us-east-1: plain names are claimed there.
    const claimed = new Set(
      models.flatMap(m => m.endpoints.filter(e => !e.startsWith('arn:'))),
    );
    const all = await sageMaker(emulator).send(
      new ListEndpointsCommand({ MaxResults: 100 }),
    );
    expect(
      all
        .Endpoints!.map(e => e.EndpointName!)
        .filter(n => !claimed.has(n))
        .sort(),
    ).toEqual(['legacy-pricing-model', 'nlp-sandbox-endpoint']);
  });
});
