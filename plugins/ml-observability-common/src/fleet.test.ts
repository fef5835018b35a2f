import { fleetRowOf } from './fleet';
import type { ModelReport } from './types';

const report: ModelReport = {
  entityRef: 'component:default/fraud-detection-v2',
  title: 'Fraud detection',
  accountId: '123456789012',
  region: 'us-east-1',
  timeZone: 'America/New_York',
  health: {
    status: 'warning',
    reasons: [
      {
        severity: 'warning',
        source: 'drift',
        message: 'Feature amount drift 0.4 is above its threshold 0.3',
      },
      {
        severity: 'info',
        source: 'source',
        message: 'CloudWatch alarms could not be refreshed (throttled)',
      },
    ],
  },
  endpoints: [],
  monitoringSchedules: [],
  drift: [],
  quality: [
    {
      metric: 'accuracy',
      label: 'Accuracy',
      latest: 0.93,
      direction: 'higher-is-better',
      display: 'percent',
      breached: false,
      source: 'custom',
      series: [{ t: '2024-03-11T14:00:00Z', v: 0.93 }],
    },
  ],
  alarms: [],
  custom: [],
  ownership: { members: [], onCall: [] },
  escalation: { path: ['ml-engineer'], severityRules: [] },
  sources: { 'custom-metrics': { outcome: 'ok' } },
  collectedAt: '2024-03-11T14:55:00Z',
  stale: { isStale: false, ageSeconds: 300 },
};

describe('fleetRowOf', () => {
  it('summarises a report, counting only reasons that matter', () => {
    expect(
      fleetRowOf(report, {
        owner: 'group:default/ml-platform-team',
        lifecycle: 'production',
      }),
    ).toEqual({
      entityRef: 'component:default/fraud-detection-v2',
      title: 'Fraud detection',
      owner: 'group:default/ml-platform-team',
      lifecycle: 'production',
      accountId: '123456789012',
      region: 'us-east-1',
      status: 'warning',
      reasonCount: 1,
      topReason: 'Feature amount drift 0.4 is above its threshold 0.3',
      sparkline: {
        metric: 'accuracy',
        display: 'percent',
        points: [{ t: '2024-03-11T14:00:00Z', v: 0.93 }],
      },
      collectedAt: '2024-03-11T14:55:00Z',
    });
  });

  it('falls back to the first custom metric for the sparkline', () => {
    const row = fleetRowOf({
      ...report,
      quality: [],
      custom: [
        {
          namespace: 'ML/Business',
          metricName: 'FraudRate',
          dimensions: [],
          periodSeconds: 300,
          stat: 'Average',
          series: [],
        },
      ],
    });
    expect(row.sparkline).toEqual({
      metric: 'FraudRate',
      display: 'number',
      points: [],
    });
  });

  it('carries a partial verdict and the sources it could not see', () => {
    const failedSources = [
      {
        source: 'schedules' as const,
        outcome: 'unsupported' as const,
        message: 'answered HTTP 500 with a non-AWS body',
      },
    ];
    const row = fleetRowOf({
      ...report,
      health: { ...report.health, partial: true, failedSources },
    });
    expect(row).toMatchObject({
      status: 'warning',
      partial: true,
      failedSources,
    });
    expect(fleetRowOf(report)).not.toHaveProperty('partial');
    expect(fleetRowOf(report)).not.toHaveProperty('failedSources');
  });

  it('survives a JSON round trip unchanged, like every API type', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const row = fleetRowOf(report);
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
  });
});
