import type { ModelSpec } from '../sim/model';
import { fraction } from '../sim/profile';
import { DAY, MINUTE } from '../util/time';
import {
  endpoint,
  feature,
  image,
  quality,
  schedule,
  variant,
} from './builders';
import { DEMO_ACCOUNTS, EVERY, HOURLY } from './demoAccounts';

/**
 * The demo models that are healthy but exercise particular shapes: a schedule that publishes no
 * metrics, A/B and shadow variants, stopped data capture, a second account, unowned endpoints.
 */
/** The champion's latency incidents: the first minute after the first full minute from start. */
export const SEARCH_RANKING_LATENCY_SPIKES = (anchor: number) => ({
  firstAt: Math.ceil(anchor / MINUTE) * MINUTE + MINUTE,
  everyMs: 30 * MINUTE,
  durationMs: 5 * MINUTE,
  factor: 8,
});

export function healthyModels(anchor: number): ModelSpec[] {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const eu = DEMO_ACCOUNTS.eu;
  const created = anchor - 120 * DAY;
  const deployed = anchor - 35 * DAY;
  const monitored = anchor - 60 * DAY;
  const base = { account, region, createdAt: monitored };
  const tags = (model: string, team: string) => ({
    model,
    team,
    environment: 'production',
  });
  return [
    {
      ...base,
      name: 'product-categorizer',
      problemType: 'multiclass',
      endpoint: endpoint(
        'product-categorizer-prod',
        account,
        created,
        deployed,
        [
          variant(
            'AllTraffic',
            'product-categorizer-v5',
            image(region, 'huggingface'),
            { instanceType: 'ml.g4dn.xlarge', latencyMicros: 65_000 },
          ),
        ],
        { capture: 25 },
      ),
      features: [
        feature('title_length', 'int'),
        feature('description_length', 'int'),
        feature('price', 'float'),
        feature('brand', 'cat'),
        feature('image_count', 'int'),
      ],
      driftThreshold: 0.3,
      quality: quality('multiclass', {
        accuracy: fraction(0.87, 0.007),
        weighted_f1: fraction(0.86, 0.008),
      }),
      qualityRule: {
        metric: 'weighted_f1',
        threshold: 0.8,
        violatesWhen: 'below',
      },
      custom: [],
      schedules: [
        // Runs and completes, but the analyzer does not publish CloudWatch metrics.
        schedule(
          'product-categorizer-prod',
          'DataQuality',
          EVERY(6),
          monitored,
          { publishMetrics: false },
        ),
        schedule(
          'product-categorizer-prod',
          'ModelQuality',
          EVERY(6),
          monitored,
        ),
      ],
      tags: tags('product-categorizer', 'personalization-team'),
    },
    ...searchRanking(anchor),
    {
      ...base,
      account: eu.account,
      region: eu.region,
      name: 'credit-risk-scoring',
      problemType: 'binary',
      endpoint: endpoint(
        'credit-risk-scoring',
        eu.account,
        created,
        deployed,
        [
          variant(
            'AllTraffic',
            'credit-risk-scoring-v9',
            image(eu.region, 'xgboost'),
            { instanceCount: 2, invocationsPerMinute: 60 },
          ),
        ],
        { capture: 30 },
      ),
      features: [
        feature('income', 'float'),
        feature('debt_to_income', 'float'),
        feature('credit_history_months', 'int'),
        feature('loan_amount', 'float'),
        feature('employment_length', 'int'),
      ],
      driftThreshold: 0.2,
      quality: quality('binary', { accuracy: fraction(0.94, 0.004) }),
      qualityRule: {
        metric: 'accuracy',
        threshold: 0.88,
        violatesWhen: 'below',
      },
      custom: [],
      schedules: [
        schedule('credit-risk-scoring', 'DataQuality', EVERY(4), monitored),
        schedule('credit-risk-scoring', 'ModelQuality', EVERY(4), monitored),
      ],
      tags: tags('credit-risk-scoring', 'risk-ml-team'),
    },
    {
      ...base,
      name: 'ticket-routing',
      problemType: 'multiclass',
      endpoint: endpoint(
        'ticket-routing-prod',
        account,
        created,
        deployed,
        [
          variant('AllTraffic', 'ticket-routing-v4', image(region, 'pytorch'), {
            instanceType: 'ml.c5.2xlarge',
            instanceCount: 2,
          }),
        ],
        { capture: 20 },
      ),
      features: [
        feature('subject_length', 'int'),
        feature('body_length', 'int'),
        feature('channel', 'cat'),
        feature('customer_tier', 'cat'),
        feature('language', 'cat'),
      ],
      driftThreshold: 0.3,
      quality: quality('multiclass', {
        accuracy: fraction(0.86, 0.007),
        weighted_f1: fraction(0.85, 0.008),
      }),
      qualityRule: {
        metric: 'accuracy',
        threshold: 0.75,
        violatesWhen: 'below',
      },
      custom: [],
      schedules: [
        schedule('ticket-routing-prod', 'DataQuality', EVERY(2), monitored),
        schedule('ticket-routing-prod', 'ModelQuality', EVERY(2), monitored),
      ],
      tags: tags('ticket-routing', 'customer-insights-team'),
    },
    ...unowned(anchor),
  ];
}

function searchRanking(anchor: number): ModelSpec[] {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const created = anchor - 90 * DAY;
  const deployed = anchor - 12 * DAY;
  const monitored = anchor - 60 * DAY;
  const xgb = image(region, 'xgboost');
  const tags = {
    model: 'search-ranking',
    team: 'ml-platform-team',
    environment: 'production',
  };
  return [
    {
      account,
      region,
      createdAt: monitored,
      name: 'search-ranking',
      problemType: 'binary',
      endpoint: endpoint(
        'search-ranking-prod',
        account,
        created,
        deployed,
        [
          variant('champion', 'search-ranking-v21', xgb, {
            instanceCount: 4,
            weight: 0.9,
            invocationsPerMinute: 2400,
            // A live incident shortly after every start, then every 30 minutes: the latency alarm
            // fires and resolves, so the portal's notifications have something to tell.
            latencySpikes: SEARCH_RANKING_LATENCY_SPIKES(anchor),
          }),
          variant('challenger', 'search-ranking-v22', xgb, {
            instanceCount: 1,
            weight: 0.1,
            invocationsPerMinute: 2400,
          }),
        ],
        {
          capture: 10,
          shadowVariants: [
            variant('shadow-v23', 'search-ranking-v23', xgb, {
              instanceCount: 1,
              invocationsPerMinute: 240,
            }),
          ],
        },
      ),
      features: [
        feature('query_length', 'int'),
        feature('click_position', 'int'),
        feature('dwell_time', 'float'),
        feature('bm25_score', 'float'),
        feature('user_segment', 'cat'),
      ],
      driftThreshold: 0.3,
      quality: quality('binary', {
        accuracy: fraction(0.81, 0.007),
        precision: fraction(0.78, 0.008),
        recall: fraction(0.74, 0.009),
        f1: fraction(0.76, 0.008),
        auc: fraction(0.84, 0.006),
      }),
      qualityRule: { metric: 'auc', threshold: 0.7, violatesWhen: 'below' },
      custom: [],
      schedules: [
        schedule('search-ranking-prod', 'DataQuality', HOURLY, monitored),
        schedule('search-ranking-prod', 'ModelQuality', HOURLY, monitored),
      ],
      tags,
    },
    {
      account,
      region,
      createdAt: monitored,
      name: 'search-ranking-shadow',
      problemType: 'binary',
      endpoint: endpoint(
        'search-ranking-shadow',
        account,
        created,
        deployed,
        [
          variant('AllTraffic', 'search-ranking-v23', xgb, {
            invocationsPerMinute: 240,
          }),
        ],
        {
          dataCapture: {
            enabled: true,
            // Capture is switched on but has stopped (e.g. the bucket policy changed).
            status: 'Stopped',
            samplingPercentage: 100,
            destination: `s3://sagemaker-data-capture-${account}/search-ranking-shadow`,
          },
        },
      ),
      features: [],
      driftThreshold: 0.3,
      quality: {},
      custom: [],
      schedules: [],
      tags: { ...tags, environment: 'shadow' },
    },
  ];
}

function unowned(anchor: number): ModelSpec[] {
  const { account, region } = DEMO_ACCOUNTS.primary;
  const common = {
    account,
    region,
    createdAt: anchor - 400 * DAY,
    features: [],
    driftThreshold: 0.3,
    custom: [],
    schedules: [],
  };
  return [
    {
      ...common,
      name: 'legacy-pricing-model',
      problemType: 'regression',
      endpoint: endpoint(
        'legacy-pricing-model',
        account,
        anchor - 400 * DAY,
        anchor - 200 * DAY,
        [
          variant(
            'AllTraffic',
            'legacy-pricing-2024',
            image(region, 'sklearn'),
            { instanceType: 'ml.m4.xlarge', invocationsPerMinute: 20 },
          ),
        ],
      ),
      quality: {},
      tags: { team: 'unknown' },
    },
    {
      ...common,
      name: 'nlp-sandbox',
      problemType: 'multiclass',
      endpoint: endpoint(
        'nlp-sandbox-endpoint',
        account,
        anchor - 20 * DAY,
        anchor - 20 * DAY,
        [
          variant(
            'AllTraffic',
            'nlp-sandbox-distilbert',
            image(region, 'huggingface'),
            {
              serverless: { MemorySizeInMB: 4096, MaxConcurrency: 5 },
              invocationsPerMinute: 2,
              latencyMicros: 250_000,
            },
          ),
        ],
      ),
      quality: {},
      tags: { owner: 'data-science-sandbox' },
    },
  ];
}
