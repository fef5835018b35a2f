import {
  compareHealth,
  computeHealth,
  computeStaleness,
  healthRank,
} from './health';
import type {
  AlarmInfo,
  DriftItem,
  EndpointInfo,
  HealthStatus,
  MonitoringScheduleInfo,
  QualityItem,
  SourceStatuses,
} from './types';

const NOW = new Date('2024-03-11T15:00:00Z');
const FRESH = '2024-03-11T14:55:00Z';

const endpoint = (over: Partial<EndpointInfo> = {}): EndpointInfo => ({
  name: 'churn-prediction-prod',
  region: 'us-east-1',
  status: 'InService',
  variants: [{ name: 'AllTraffic', currentWeight: 1 }],
  shadowVariants: [],
  dataCapture: { enabled: true, status: 'Started', samplingPercentage: 20 },
  ...over,
});

const schedule = (
  over: Partial<MonitoringScheduleInfo> = {},
): MonitoringScheduleInfo => ({
  name: 'churn-dq',
  type: 'DataQuality',
  status: 'Scheduled',
  cron: 'cron(0 * ? * * *)',
  endpointName: 'churn-prediction-prod',
  publishesMetrics: true,
  lastExecution: { status: 'Completed', scheduledTime: '2024-03-11T14:00:00Z' },
  recentExecutions: [],
  ...over,
});

const alarm = (over: Partial<AlarmInfo> = {}): AlarmInfo => ({
  name: 'churn-accuracy-low',
  arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-accuracy-low',
  type: 'metric',
  state: 'OK',
  ...over,
});

const drift = (over: Partial<DriftItem> = {}): DriftItem => ({
  feature: 'season',
  latest: 0.1,
  threshold: 0.25,
  breached: false,
  source: 'model-monitor',
  series: [],
  ...over,
});

const quality = (over: Partial<QualityItem> = {}): QualityItem => ({
  metric: 'accuracy',
  label: 'Accuracy',
  latest: 0.95,
  threshold: {
    value: 0.92,
    kind: 'business-hours',
    timeZone: 'America/New_York',
  },
  otherThreshold: { value: 0.88, kind: 'off-hours' },
  direction: 'higher-is-better',
  display: 'percent',
  breached: false,
  source: 'custom',
  series: [],
  ...over,
});

const healthyInputs = () => ({
  endpoints: [endpoint()],
  monitoringSchedules: [schedule()],
  alarms: [alarm()],
  drift: [drift()],
  quality: [quality()],
  sources: {
    endpoints: { outcome: 'ok' },
    alarms: { outcome: 'ok' },
  } as SourceStatuses,
  collectedAt: FRESH,
});

describe('computeHealth', () => {
  it('is healthy with no reasons when everything is fine', () => {
    expect(computeHealth(healthyInputs(), NOW)).toEqual({
      status: 'healthy',
      reasons: [],
    });
  });

  it.each<
    [
      string,
      (i: ReturnType<typeof healthyInputs>) => void,
      HealthStatus,
      string | RegExp,
    ]
  >([
    [
      'alarm in ALARM',
      i =>
        (i.alarms = [
          alarm({
            state: 'ALARM',
            since: '2024-03-11T13:00:00Z',
            stateReason:
              'Threshold Crossed: 1 datapoint [0.61] was less than 0.85',
          }),
        ]),
      'critical',
      'Alarm churn-accuracy-low is in ALARM since 2024-03-11 13:00 UTC: Threshold Crossed: 1 datapoint [0.61] was less than 0.85',
    ],
    [
      'composite alarm in ALARM',
      i =>
        (i.alarms = [
          alarm({ type: 'composite', name: 'churn-any', state: 'ALARM' }),
        ]),
      'critical',
      'Composite alarm churn-any is in ALARM',
    ],
    [
      'quality below threshold',
      i => (i.quality = [quality({ latest: 0.84, breached: true })]),
      'critical',
      'Accuracy 84.0% is below its business-hours threshold 92.0% (America/New_York)',
    ],
    [
      'error metric above threshold',
      i =>
        (i.quality = [
          quality({
            metric: 'rmse',
            label: 'RMSE',
            latest: 14.2,
            direction: 'lower-is-better',
            display: 'number',
            breached: true,
            threshold: { value: 15, kind: 'off-hours', timeZone: 'UTC' },
          }),
        ]),
      'critical',
      'RMSE 14.2 is above its off-hours threshold 15 (UTC)',
    ],
    [
      'endpoint failed',
      i =>
        (i.endpoints = [
          endpoint({
            status: 'Failed',
            failureReason: 'Model container exited',
          }),
        ]),
      'critical',
      'Endpoint churn-prediction-prod is Failed and cannot serve predictions: Model container exited',
    ],
    [
      'drift above threshold',
      i => (i.drift = [drift({ latest: 0.52, breached: true })]),
      'warning',
      'Feature season drift 0.52 is above its threshold 0.25',
    ],
    [
      'last run with violations',
      i =>
        (i.monitoringSchedules = [
          schedule({
            lastExecution: {
              status: 'CompletedWithViolations',
              scheduledTime: '2024-03-11T14:00:00Z',
              violations: 3,
            },
          }),
        ]),
      'warning',
      'The last run of monitoring schedule churn-dq (2024-03-11 14:00 UTC) found 3 violations of its drift constraints',
    ],
    [
      'last run failed',
      i =>
        (i.monitoringSchedules = [
          schedule({
            lastExecution: {
              status: 'Failed',
              scheduledTime: '2024-03-11T14:00:00Z',
              failureReason: 'AccessDenied on s3://bucket',
            },
          }),
        ]),
      'warning',
      'The last run of monitoring schedule churn-dq (2024-03-11 14:00 UTC) failed: AccessDenied on s3://bucket',
    ],
    [
      'schedule stopped',
      i => (i.monitoringSchedules = [schedule({ status: 'Stopped' })]),
      'warning',
      'Monitoring schedule churn-dq is stopped, so no new drift checks run',
    ],
    [
      'schedule publishes no metrics',
      i =>
        (i.monitoringSchedules = [
          schedule({ type: 'ModelQuality', publishesMetrics: false }),
        ]),
      'warning',
      'Monitoring schedule churn-dq publishes no CloudWatch metrics, so we cannot see its quality results',
    ],
    [
      'schedule late',
      i =>
        (i.monitoringSchedules = [
          schedule({
            lastExecution: {
              status: 'Completed',
              scheduledTime: '2024-03-11T09:00:00Z',
            },
          }),
        ]),
      'warning',
      'Monitoring schedule churn-dq has not run for 6 h; it should run every 1 h',
    ],
    [
      'data capture stopped',
      i =>
        (i.endpoints = [
          endpoint({ dataCapture: { enabled: true, status: 'Stopped' } }),
        ]),
      'warning',
      'Data capture is stopped on endpoint churn-prediction-prod, so Model Monitor gets no new traffic to check',
    ],
    [
      'data capture off while monitored',
      i => (i.endpoints = [endpoint({ dataCapture: { enabled: false } })]),
      'warning',
      'Data capture is off on endpoint churn-prediction-prod, but monitoring schedule churn-dq needs captured traffic',
    ],
    [
      'stale data',
      i => (i.collectedAt = '2024-03-11T12:00:00Z'),
      'warning',
      /^The data is 3 h old; it should be refreshed every 15 min/,
    ],
    [
      'a source denied long ago',
      i =>
        (i.sources = {
          ...i.sources,
          alarms: {
            outcome: 'denied',
            message: 'cloudwatch:DescribeAlarms not allowed',
            lastSuccessAt: '2024-03-08T15:00:00Z',
          },
        }),
      'healthy',
      'CloudWatch alarms could not be read (denied): cloudwatch:DescribeAlarms not allowed; last good data is 3 d old',
    ],
    [
      'a source never read',
      i =>
        (i.sources = {
          ...i.sources,
          alarms: { outcome: 'error' },
        }),
      'healthy',
      'CloudWatch alarms could not be read (error)',
    ],
    [
      'an endpoint not found',
      i =>
        (i.sources = {
          ...i.sources,
          endpoints: { outcome: 'not-found', message: 'churn-prediction-prod' },
        }),
      'warning',
      'SageMaker endpoints named by this model were not found: churn-prediction-prod',
    ],
    [
      'no runbook to read (singular wording)',
      i =>
        (i.sources = {
          ...i.sources,
          runbook: { outcome: 'unsupported', message: 'no runbook annotation' },
        }),
      'healthy',
      'The runbook is not available for this model: no runbook annotation',
    ],
  ])('%s', (_, change, status, message) => {
    const inputs = healthyInputs();
    change(inputs);
    const health = computeHealth(inputs, NOW);
    expect(health.status).toBe(status);
    const pattern =
      typeof message === 'string'
        ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
        : message;
    expect(health.reasons[0].message).toMatch(pattern);
  });

  it('lets a briefly throttled source stay healthy, saying so', () => {
    const inputs = healthyInputs();
    (inputs.sources as Record<string, unknown>).alarms = {
      outcome: 'throttled',
      lastSuccessAt: '2024-03-11T14:50:00Z',
    };
    const health = computeHealth(inputs, NOW);
    expect(health).toEqual({
      status: 'healthy',
      reasons: [
        expect.objectContaining({
          severity: 'info',
          message:
            'CloudWatch alarms could not be refreshed (throttled); showing data from 10 min ago',
        }),
      ],
    });
  });

  it('is unknown when nothing was ever collected', () => {
    expect(computeHealth({ collectedAt: null }, NOW)).toEqual({
      status: 'unknown',
      reasons: [
        expect.objectContaining({
          message: 'No data has been collected for this model yet',
        }),
      ],
    });
    expect(computeHealth({}, NOW).status).toBe('unknown');
  });

  it('is unknown when collection ran but no source returned anything', () => {
    const health = computeHealth(
      {
        collectedAt: FRESH,
        sources: { endpoints: { outcome: 'ok' }, alarms: { outcome: 'ok' } },
      },
      NOW,
    );
    expect(health.status).toBe('unknown');
    expect(health.reasons[0].message).toMatch(/No source returned any data/);
  });

  describe('with sources that could not be read', () => {
    const schedulesHtml500 = {
      outcome: 'unsupported' as const,
      message:
        'SageMaker ListMonitoringSchedules in 123456789012/us-east-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint',
    };

    it('judges by the known signals and marks the verdict partial, naming the failed sources', () => {
      const inputs = healthyInputs();
      inputs.sources = {
        ...inputs.sources,
        schedules: schedulesHtml500,
        metrics: {
          outcome: 'throttled',
          lastSuccessAt: '2024-03-11T12:00:00Z',
        },
      };
      const health = computeHealth(inputs, NOW);
      expect(health.status).toBe('healthy');
      expect(health.partial).toBe(true);
      expect(health.failedSources).toEqual([
        { source: 'schedules', ...schedulesHtml500 },
        {
          source: 'metrics',
          outcome: 'throttled',
          lastSuccessAt: '2024-03-11T12:00:00Z',
        },
      ]);
      expect(health.reasons.map(r => [r.severity, r.subject])).toEqual([
        ['unknown', 'metrics'],
        ['info', 'schedules'],
      ]);
    });

    it('keeps the worst known signal as the verdict', () => {
      const inputs = healthyInputs();
      inputs.drift = [drift({ latest: 0.52, breached: true })];
      inputs.sources = { ...inputs.sources, alarms: { outcome: 'denied' } };
      expect(computeHealth(inputs, NOW)).toMatchObject({
        status: 'warning',
        partial: true,
        failedSources: [{ source: 'alarms', outcome: 'denied' }],
      });
      inputs.alarms = [alarm({ state: 'ALARM' })];
      expect(computeHealth(inputs, NOW)).toMatchObject({
        status: 'critical',
        partial: true,
      });
    });

    it('judges by the earlier data kept for a failed source', () => {
      const inputs = healthyInputs();
      inputs.alarms = [alarm({ state: 'ALARM' })];
      inputs.sources = {
        ...inputs.sources,
        alarms: { outcome: 'error', lastSuccessAt: '2024-03-10T15:00:00Z' },
      };
      const health = computeHealth(inputs, NOW);
      expect(health.status).toBe('critical');
      expect(health.failedSources?.map(f => f.source)).toEqual(['alarms']);
    });

    it('is not partial while a failed source still has recent data, nor for pending or not-found sources', () => {
      const inputs = healthyInputs();
      inputs.sources = {
        ...inputs.sources,
        alarms: { outcome: 'throttled', lastSuccessAt: '2024-03-11T14:30:00Z' },
        executions: { outcome: 'pending' },
        schedules: { outcome: 'not-found' },
      };
      const health = computeHealth(inputs, NOW);
      expect(health.status).toBe('warning');
      expect(health.partial).toBeUndefined();
      expect(health.failedSources).toBeUndefined();
    });

    it('names extension sources and orders built-in sources first', () => {
      const inputs = healthyInputs();
      inputs.sources = {
        'ext:prometheus': { outcome: 'error' },
        catalog: { outcome: 'error' },
        endpoints: { outcome: 'denied' },
      };
      const health = computeHealth(inputs, NOW);
      expect(health.failedSources?.map(f => f.source)).toEqual([
        'endpoints',
        'catalog',
        'ext:prometheus',
      ]);
      expect(health.reasons.map(r => r.message)).toContain(
        'Signal source prometheus could not be read (error)',
      );
    });

    it('is unknown, not partial, when every source failed or is pending and no data is kept', () => {
      const health = computeHealth(
        {
          collectedAt: FRESH,
          sources: {
            endpoints: { outcome: 'denied' },
            alarms: { outcome: 'error' },
            metrics: { outcome: 'pending' },
          },
        },
        NOW,
      );
      expect(health.status).toBe('unknown');
      expect(health.partial).toBeUndefined();
      expect(health.failedSources?.map(f => f.source)).toEqual([
        'endpoints',
        'alarms',
      ]);
      expect(health.reasons[0].message).toBe(
        'Nothing is known about this model: SageMaker endpoints and CloudWatch alarms could not be read and no earlier data of them is kept',
      );
    });

    it('is known as soon as one source gave data', () => {
      const health = computeHealth(
        {
          collectedAt: FRESH,
          alarms: [alarm()],
          sources: {
            alarms: { outcome: 'ok' },
            endpoints: { outcome: 'denied' },
            schedules: { outcome: 'denied' },
            executions: { outcome: 'denied' },
            metrics: { outcome: 'denied' },
          },
        },
        NOW,
      );
      expect(health.status).toBe('healthy');
      expect(health.partial).toBe(true);
    });
  });

  it('sorts reasons worst first and keeps rule order within a severity', () => {
    const inputs = healthyInputs();
    inputs.drift = [
      drift({ feature: 'a', latest: 0.3, breached: true }),
      drift({ feature: 'b', latest: 0.9, breached: true }),
    ];
    inputs.alarms = [alarm({ state: 'ALARM' })];
    inputs.collectedAt = '2024-03-10T00:00:00Z';
    (inputs.sources as Record<string, unknown>).executions = {
      outcome: 'pending',
    };
    const health = computeHealth(inputs, NOW);
    expect(health.status).toBe('critical');
    expect(health.reasons.map(r => [r.severity, r.source, r.subject])).toEqual([
      ['critical', 'alarm', 'churn-accuracy-low'],
      ['warning', 'drift', 'b'],
      ['warning', 'drift', 'a'],
      ['warning', 'staleness', undefined],
      ['info', 'source', 'executions'],
    ]);
  });

  it('names the endpoint and region of a breach when the model is served in several regions', () => {
    const inputs = healthyInputs();
    inputs.drift = [
      drift({
        feature: 'merchant_country',
        latest: 0.46,
        breached: true,
        endpointName: 'fraud-screening-prod',
        accountId: '210987654321',
        region: 'eu-west-1',
      }),
    ];
    inputs.quality = [
      quality({
        latest: 0.8,
        breached: true,
        endpointName: 'fraud-screening-prod',
        region: 'eu-west-1',
      }),
    ];
    const messages = computeHealth(inputs, NOW).reasons.map(r => r.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Feature merchant_country drift 0\.46 on endpoint fraud-screening-prod in eu-west-1 is above its threshold/,
        ),
        expect.stringMatching(
          / on endpoint fraud-screening-prod in eu-west-1 is below its/,
        ),
      ]),
    );
  });

  it('uses the given collection interval and stale factor', () => {
    const inputs = { ...healthyInputs(), collectedAt: '2024-03-11T14:00:00Z' };
    expect(computeHealth(inputs, NOW).status).toBe('warning');
    expect(
      computeHealth(inputs, NOW, { collectionIntervalSeconds: 3600 }).status,
    ).toBe('healthy');
    expect(computeHealth(inputs, NOW, { staleFactor: 5 }).status).toBe(
      'healthy',
    );
  });

  it('ignores INSUFFICIENT_DATA alarms, running executions and breaches without a threshold', () => {
    const inputs = healthyInputs();
    inputs.alarms = [alarm({ state: 'INSUFFICIENT_DATA' })];
    inputs.monitoringSchedules = [
      schedule({
        lastExecution: {
          status: 'InProgress',
          scheduledTime: '2024-03-11T15:00:00Z',
        },
      }),
    ];
    inputs.quality = [quality({ breached: true, threshold: undefined })];
    expect(computeHealth(inputs, NOW).status).toBe('healthy');
  });
});

describe('computeStaleness', () => {
  it.each([
    [FRESH, { isStale: false, ageSeconds: 300 }],
    ['2024-03-11T14:15:00Z', { isStale: false, ageSeconds: 2700 }],
    ['2024-03-11T14:14:59Z', { isStale: true, ageSeconds: 2701 }],
    [null, { isStale: true, ageSeconds: null }],
    ['not a date', { isStale: true, ageSeconds: null }],
    ['2024-03-11T16:00:00Z', { isStale: false, ageSeconds: 0 }],
  ])('%s', (collectedAt, expected) => {
    expect(computeStaleness({ collectedAt }, NOW)).toEqual(expected);
  });

  it('dates the data by the last success of a source that failed since', () => {
    const sources: SourceStatuses = {
      endpoints: { outcome: 'ok', lastSuccessAt: FRESH },
      alarms: { outcome: 'error', lastSuccessAt: '2024-03-11T14:00:00Z' },
      metrics: { outcome: 'throttled', lastSuccessAt: '2024-03-11T14:30:00Z' },
      // Gone, or never read: no earlier data is shown in their place.
      schedules: {
        outcome: 'not-found',
        lastSuccessAt: '2024-03-10T00:00:00Z',
      },
      executions: { outcome: 'denied' },
    };
    expect(computeStaleness({ collectedAt: FRESH, sources }, NOW)).toEqual({
      isStale: true,
      ageSeconds: 3600,
      dataAsOf: '2024-03-11T14:00:00.000Z',
    });
    // The verdict judges each failed source by its own rule, not as stale data.
    const health = computeHealth({ collectedAt: FRESH, sources }, NOW);
    expect(health.reasons).not.toContainEqual(
      expect.objectContaining({ source: 'staleness', severity: 'warning' }),
    );
    expect(
      computeStaleness(
        { collectedAt: FRESH, sources: { alarms: sources.alarms } },
        NOW,
        { staleFactor: 10 },
      ),
    ).toMatchObject({ isStale: false, ageSeconds: 3600 });
  });
});

describe('compareHealth', () => {
  it('sorts the fleet worst first, then by reason count, then by name', () => {
    const rows = [
      {
        entityRef: 'component:default/e',
        status: 'healthy' as const,
        reasonCount: 0,
      },
      {
        entityRef: 'component:default/d',
        status: 'unknown' as const,
        reasonCount: 1,
      },
      {
        entityRef: 'component:default/c',
        status: 'warning' as const,
        reasonCount: 1,
      },
      {
        entityRef: 'component:default/b',
        status: 'warning' as const,
        reasonCount: 3,
      },
      {
        entityRef: 'component:default/a',
        status: 'critical' as const,
        reasonCount: 1,
      },
      {
        entityRef: 'component:default/a2',
        status: 'critical' as const,
        reasonCount: 1,
      },
    ];
    expect([...rows].sort(compareHealth).map(r => r.entityRef)).toEqual([
      'component:default/a',
      'component:default/a2',
      'component:default/b',
      'component:default/c',
      'component:default/d',
      'component:default/e',
    ]);
  });

  it('ranks statuses', () => {
    expect(
      ['healthy', 'unknown', 'critical', 'warning'].map(s =>
        healthRank(s as HealthStatus),
      ),
    ).toEqual([3, 2, 0, 1]);
  });
});
