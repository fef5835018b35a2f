import {
  fleetRowOf,
  parseRunbook,
  Runbook,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { RUNBOOK_YAML, testConfig } from '../__testUtils__/fixtures';
import type { ModelRecord, ModelSeries } from '../domain/types';
import { assembleReport, buildReport } from './buildReport';

const runbook = (parseRunbook(RUNBOOK_YAML) as { ok: true; runbook: Runbook })
  .runbook;
const REF = 'component:default/fraud-detection-v2';
// Monday 15:00 UTC is 10:00 in New York (business hours); Tuesday 03:00 UTC is 22:00 Monday there.
const BUSINESS = new Date('2025-03-10T15:00:00Z');
const OFF_HOURS = new Date('2025-03-11T03:00:00Z');

function snapshot(overrides: Partial<ModelRecord> = {}): ModelRecord {
  return {
    entityRef: REF,
    title: 'Fraud detection',
    owner: 'group:default/ml-platform-team',
    accountId: '123456789012',
    region: 'us-east-1',
    timeZone: 'America/New_York',
    target: {
      endpointNames: [],
      metricSources: [],
      onCall: [{ provider: 'pagerduty', id: 'PFRAUD2' }],
    },
    endpoints: [],
    monitoringSchedules: [],
    alarms: [],
    sources: {
      'custom-metrics': {
        outcome: 'ok',
        lastSuccessAt: BUSINESS.toISOString(),
      },
    },
    runbook: {
      runbook,
      url: 'https://example.com/runbook.yaml',
      readAt: BUSINESS.toISOString(),
    },
    collectedAt: new Date(BUSINESS.getTime() - 60_000).toISOString(),
    checkedAt: BUSINESS.toISOString(),
    ...overrides,
  };
}

function series(
  kind: ModelSeries['kind'],
  name: string,
  values: number[],
  extra: Partial<ModelSeries['meta']> = {},
): ModelSeries {
  const points = values.map((v, i) => ({
    t: new Date(
      BUSINESS.getTime() - (values.length - i) * 3_600_000,
    ).toISOString(),
    v,
  }));
  return {
    entityRef: REF,
    key: `${kind}:${name}`,
    kind,
    name,
    meta: {
      namespace:
        kind === 'custom'
          ? 'ML/ModelPerformance'
          : 'aws/sagemaker/Endpoints/data-metrics',
      dimensions: [{ name: 'ModelName', value: 'fraud-detection-v2' }],
      stat: 'Average',
      periodSeconds: 300,
      ...extra,
    },
    latest: points[points.length - 1],
    points,
  };
}

describe('buildReport', () => {
  const config = testConfig();

  it('applies the business-hours threshold in the model time zone, and the off-hours one after', () => {
    // Published as a percent: 90 means 90 %.
    const accuracy = series('custom', 'Accuracy', [93, 91, 90]);
    const day = buildReport(
      { snapshot: snapshot(), series: [accuracy] },
      config,
      BUSINESS,
    );
    expect(day.quality).toEqual([
      expect.objectContaining({
        metric: 'accuracy',
        latest: 0.9,
        threshold: {
          value: 0.92,
          kind: 'business-hours',
          timeZone: 'America/New_York',
        },
        otherThreshold: { value: 0.88, kind: 'off-hours' },
        breached: true,
        source: 'custom',
      }),
    ]);
    expect(day.quality[0].series.map(p => p.v)).toEqual([0.93, 0.91, 0.9]);
    expect(day.health.status).toBe('critical');
    expect(day.health.reasons[0].message).toBe(
      'Accuracy 90.0% is below its business-hours threshold 92.0% (America/New_York)',
    );

    const night = buildReport(
      { snapshot: snapshot(), series: [accuracy] },
      config,
      OFF_HOURS,
    );
    expect(night.quality[0]).toMatchObject({
      breached: false,
      threshold: { value: 0.88, kind: 'off-hours' },
    });
  });

  it('flags drift above the runbook threshold since the run of bad points began', () => {
    const drift = series('drift', 'season', [0.1, 0.35, 0.52], {
      endpointName: 'reco-prod',
    });
    const report = buildReport(
      { snapshot: snapshot(), series: [drift] },
      config,
      BUSINESS,
    );
    expect(report.drift).toEqual([
      expect.objectContaining({
        feature: 'season',
        latest: 0.52,
        threshold: 0.3,
        breached: true,
        since: drift.points[1].t,
        source: 'model-monitor',
        endpointName: 'reco-prod',
      }),
    ]);
    expect(report.health).toMatchObject({ status: 'warning' });
    // "Drift score above 0.3 on any feature" is the runbook's severity 2.
    expect(report.escalation).toMatchObject({
      path: ['ml-engineer', 'data-scientist', 'team-lead'],
      activeSeverity: 2,
      runbookUrl: 'https://example.com/runbook.yaml',
    });
  });

  it("reports a drift job's features like Model Monitor ones, and one without datapoints as no data", () => {
    const customMeta = (feature: string) => ({
      namespace: 'ML/Drift',
      dimensions: [
        { name: 'ModelName', value: 'fraud-detection-v2' },
        { name: 'Feature', value: feature },
      ],
    });
    const amount = series(
      'drift',
      'amount',
      [0.1, 0.4, 0.45],
      customMeta('amount'),
    );
    const country = series('drift', 'country', [0.05], customMeta('country'));
    const pending: ModelSeries = {
      ...series('drift', 'merchant', [], customMeta('merchant')),
      latest: undefined,
    };
    const monitor = series('drift', 'season', [0.2]);
    const datasetLevel = series('custom', 'drift_score', [0.33]);
    const coverage = {
      namespace: 'ML/Drift',
      dimensions: [{ name: 'ModelName', value: 'fraud-detection-v2' }],
      shape: 'dimension' as const,
      featureDimension: 'Feature',
      metricName: 'drift_score',
      found: 2300,
      shown: 100,
      cap: 100,
    };
    const report = buildReport(
      {
        snapshot: snapshot({ driftCoverage: [coverage] }),
        series: [pending, country, monitor, amount, datasetLevel],
      },
      config,
      BUSINESS,
    );
    expect(report.drift.map(d => d.feature)).toEqual([
      'amount',
      'drift_score',
      'season',
      'country',
      'merchant',
    ]);
    expect(report.drift[0]).toEqual({
      feature: 'amount',
      latest: 0.45,
      latestAt: amount.points[2].t,
      threshold: 0.3,
      breached: true,
      since: amount.points[1].t,
      source: 'custom',
      namespace: 'ML/Drift',
      series: amount.points,
    });
    expect(report.drift[2]).toMatchObject({ source: 'model-monitor' });
    expect(report.drift[2].namespace).toBeUndefined();
    expect(report.drift[4]).toEqual({
      feature: 'merchant',
      threshold: 0.3,
      breached: false,
      source: 'custom',
      namespace: 'ML/Drift',
      series: [],
    });
    // A drift score is drift, not also a custom metric.
    expect(report.custom).toEqual([]);
    expect(report.driftCoverage).toEqual([coverage]);
    expect(report.health.reasons.map(r => r.subject)).toEqual(
      expect.arrayContaining(['amount', 'drift_score']),
    );
    expect(report.health.reasons.map(r => r.subject)).not.toContain('merchant');
  });

  it('does not take a drift feature without datapoints for something known', () => {
    const pending: ModelSeries = {
      ...series('drift', 'merchant', [], { namespace: 'ML/Drift' }),
      latest: undefined,
    };
    const report = buildReport(
      { snapshot: snapshot(), series: [pending] },
      config,
      BUSINESS,
    );
    expect(report.drift).toHaveLength(1);
    expect(report.driftCoverage).toBeUndefined();
    expect(report.health.status).toBe('unknown');
  });

  it('uses the configured drift threshold without a runbook', () => {
    const drift = series('drift', 'season', [0.25]);
    const withRunbook = buildReport(
      { snapshot: snapshot(), series: [drift] },
      config,
      BUSINESS,
    );
    expect(withRunbook.drift[0].breached).toBe(false);
    const strict = testConfig({
      defaults: { accountId: '123456789012', driftThreshold: 0.2 },
    });
    const noRunbook = buildReport(
      { snapshot: snapshot({ runbook: undefined }), series: [drift] },
      strict,
      BUSINESS,
    );
    expect(noRunbook.drift[0]).toMatchObject({
      threshold: 0.2,
      breached: true,
    });
    expect(noRunbook.escalation).toEqual({ path: [], severityRules: [] });
  });

  it('matches the most severe runbook rule that holds', () => {
    const accuracy = series('quality', 'accuracy', [0.84], {
      monitoringType: 'ModelQuality',
    });
    const drift = series('drift', 'season', [0.5]);
    const report = buildReport(
      { snapshot: snapshot(), series: [accuracy, drift] },
      config,
      BUSINESS,
    );
    expect(report.escalation.activeSeverity).toBe(1);
    expect(report.quality[0]).toMatchObject({
      source: 'model-monitor',
      latest: 0.84,
    });
  });

  it('orders quality by the runbook and keeps the series keys for the fleet sparkline', () => {
    const precision = series('custom', 'Precision', [0.95]);
    const accuracy = series('custom', 'Accuracy', [0.95]);
    const rate = series('custom', 'FraudRate', [0.01]);
    const assembled = assembleReport(
      { snapshot: snapshot(), series: [precision, rate, accuracy] },
      config,
      BUSINESS,
    );
    expect(assembled.report.quality.map(q => q.metric)).toEqual([
      'accuracy',
      'precision',
    ]);
    expect(assembled.qualityKeys).toEqual([
      'custom:Accuracy',
      'custom:Precision',
    ]);
    expect(assembled.report.custom.map(c => c.metricName)).toEqual([
      'Accuracy',
      'FraudRate',
      'Precision',
    ]);
    expect(assembled.report.custom[1].consoleUrl).toContain(
      'us-east-1.console.aws.amazon.com/cloudwatch',
    );
  });

  it('reports staleness, on-call links and console links', () => {
    const old = snapshot({
      collectedAt: new Date(BUSINESS.getTime() - 3_600_000).toISOString(),
      alarms: [
        {
          name: 'fraud accuracy',
          arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud accuracy',
          type: 'metric',
          state: 'OK',
        },
      ],
      monitoringSchedules: [
        {
          name: 'fraud-dq',
          type: 'DataQuality',
          status: 'Scheduled',
          publishesMetrics: 'unknown',
          recentExecutions: [],
          endpointName: 'fraud-prod',
        },
      ],
      publishingSchedules: ['fraud-dq'],
    });
    const report = buildReport({ snapshot: old, series: [] }, config, BUSINESS);
    expect(report.stale).toEqual({ isStale: true, ageSeconds: 3600 });
    expect(
      report.health.reasons.some(
        r => r.source === 'staleness' && r.severity === 'warning',
      ),
    ).toBe(true);
    expect(report.ownership).toEqual({
      owner: { entityRef: 'group:default/ml-platform-team' },
      members: [],
      onCall: [
        {
          provider: 'pagerduty',
          id: 'PFRAUD2',
          url: 'https://app.pagerduty.com/service-directory/PFRAUD2',
        },
      ],
    });
    expect(report.alarms[0].consoleUrl).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/fraud%20accuracy',
    );
    expect(report.monitoringSchedules[0]).toMatchObject({
      publishesMetrics: true,
      consoleUrl: expect.stringContaining('fraud-prod'),
    });
  });

  describe('when a source could not be read', () => {
    const checkedAt = BUSINESS.toISOString();
    const html500 = (operation: string) => ({
      outcome: 'unsupported' as const,
      message: `SageMaker ${operation} in 123456789012/us-east-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint`,
      checkedAt,
    });
    const ok = { outcome: 'ok' as const, lastSuccessAt: checkedAt, checkedAt };
    const endpoint = {
      name: 'fraud-prod',
      region: 'us-east-1',
      status: 'InService' as const,
      variants: [],
      shadowVariants: [],
      dataCapture: { enabled: true, status: 'Started' as const },
    };

    it('judges a model by what is known and names the schedule sources it could not see', () => {
      const blind = snapshot({
        endpoints: [endpoint],
        alarms: [
          {
            name: 'fraud accuracy',
            arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud accuracy',
            type: 'metric',
            state: 'OK',
          },
        ],
        sources: {
          endpoints: ok,
          schedules: html500('ListMonitoringSchedules'),
          executions: html500('ListMonitoringExecutions'),
          metrics: ok,
          alarms: ok,
          'custom-metrics': ok,
        },
      });
      const drift = series('drift', 'season', [0.1, 0.12], {
        endpointName: 'fraud-prod',
      });
      const assembled = assembleReport(
        { snapshot: blind, series: [drift] },
        config,
        BUSINESS,
      );
      const { report } = assembled;
      expect(report.drift.map(d => [d.feature, d.breached])).toEqual([
        ['season', false],
      ]);
      expect(report.health).toMatchObject({
        status: 'healthy',
        partial: true,
        failedSources: [
          {
            source: 'schedules',
            outcome: 'unsupported',
            message: html500('ListMonitoringSchedules').message,
          },
          {
            source: 'executions',
            outcome: 'unsupported',
            message: html500('ListMonitoringExecutions').message,
          },
        ],
      });
      expect(fleetRowOf(report)).toMatchObject({
        status: 'healthy',
        partial: true,
        failedSources: [{ source: 'schedules' }, { source: 'executions' }],
      });

      // A drift breach still counts: the verdict is the worst known signal.
      const breached = buildReport(
        {
          snapshot: blind,
          series: [series('drift', 'season', [0.1, 0.5])],
        },
        config,
        BUSINESS,
      );
      expect(breached.health).toMatchObject({
        status: 'warning',
        partial: true,
      });
    });

    it('says the schedule list could not be read and which schedules the Model Monitor items came from', () => {
      const sources = {
        endpoints: ok,
        schedules: html500('ListMonitoringSchedules'),
        metrics: ok,
      };
      const items = [
        series('drift', 'season', [0.1, 0.12], {
          endpointName: 'fraud-prod',
          scheduleName: 'fraud-prod-data-quality',
        }),
        series('quality', 'accuracy', [0.95], {
          namespace: 'aws/sagemaker/Endpoints/model-metrics',
          endpointName: 'fraud-prod',
          scheduleName: 'fraud-prod-model-quality',
        }),
        series('custom', 'Precision', [0.9]),
      ];
      const report = buildReport(
        {
          snapshot: snapshot({ endpoints: [endpoint], sources }),
          series: items,
        },
        config,
        BUSINESS,
      );
      expect(report.drift[0].scheduleName).toBe('fraud-prod-data-quality');
      expect(report.scheduleListUnread).toEqual({
        message: html500('ListMonitoringSchedules').message,
        schedules: ['fraud-prod-data-quality', 'fraud-prod-model-quality'],
      });

      // A readable list says nothing.
      const listed = buildReport(
        {
          snapshot: snapshot({
            endpoints: [endpoint],
            sources: { ...sources, schedules: ok },
          }),
          series: items,
        },
        config,
        BUSINESS,
      );
      expect(listed.scheduleListUnread).toBeUndefined();
    });

    it('is unknown only when nothing about the model could be read or is kept', () => {
      const report = buildReport(
        {
          snapshot: snapshot({
            runbook: undefined,
            sources: {
              endpoints: { outcome: 'denied', checkedAt },
              'custom-metrics': { outcome: 'error', checkedAt },
              alarms: { outcome: 'pending' },
            },
          }),
          series: [],
        },
        config,
        BUSINESS,
      );
      expect(report.health.status).toBe('unknown');
      expect(report.health.partial).toBeUndefined();
      expect(report.health.failedSources?.map(f => f.source)).toEqual([
        'endpoints',
        'custom-metrics',
      ]);
      expect(report.health.reasons[0].message).toBe(
        'Nothing is known about this model: SageMaker endpoints and custom CloudWatch metrics could not be read and no earlier data of them is kept',
      );
    });
  });

  it('says nothing was collected yet for a new model', () => {
    const report = buildReport(
      {
        snapshot: snapshot({
          collectedAt: undefined,
          sources: {},
          runbook: undefined,
        }),
        series: [],
      },
      config,
      BUSINESS,
    );
    expect(report.collectedAt).toBeNull();
    expect(report.health).toEqual({
      status: 'unknown',
      reasons: [
        expect.objectContaining({
          message: 'No data has been collected for this model yet',
        }),
      ],
    });
  });
});
