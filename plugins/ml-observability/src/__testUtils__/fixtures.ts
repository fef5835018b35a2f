import type { Entity } from '@backstage/catalog-model';
import type {
  ActionPlan,
  ActionRun,
  AlarmInfo,
  EscalationResult,
  FleetPage,
  ModelAlertHistory,
  ModelReport,
  SeriesPoint,
  SeverityAction,
} from '@mlobs/backstage-plugin-ml-observability-common';

/** The instant every fixture was "collected" at. */
export const COLLECTED_AT = '2024-05-14T12:00:00.000Z';

/**
 * Hourly points ending at COLLECTED_AT, one per value, oldest first.
 */
export function hourlySeries(values: number[]): SeriesPoint[] {
  const end = Date.parse(COLLECTED_AT);
  return values.map((v, i) => ({
    t: new Date(end - (values.length - 1 - i) * 3_600_000).toISOString(),
    v,
  }));
}

/** The example catalog's churn-prediction model (quality drop). */
export const churnEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'churn-prediction',
    namespace: 'default',
    description: 'Predicts which subscribers will cancel within 30 days.',
    annotations: {
      'aws.amazon.com/sagemaker-endpoint-name': 'churn-prediction-prod',
      'aws.amazon.com/account-id': '123456789012',
      'aws.amazon.com/region': 'us-east-1',
      'ml-observability/runbook': './runbooks/churn-prediction.yaml',
      'ml-observability/time-zone': 'America/Chicago',
      'pagerduty.com/service-id': 'PCHURN1',
    },
  },
  spec: {
    type: 'ml-model',
    lifecycle: 'production',
    owner: 'customer-insights-team',
  },
};

/** A model entity that names nothing to observe. */
export const unannotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'pricing-model', namespace: 'default' },
  spec: { type: 'ml-model', lifecycle: 'experimental', owner: 'pricing-team' },
};

const accuracyAlarm: AlarmInfo = {
  name: 'churn-prediction-accuracy-low',
  arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-prediction-accuracy-low',
  type: 'metric',
  state: 'ALARM',
  stateReason:
    'Threshold Crossed: 1 out of the last 1 datapoints [0.78 (14/05/24 11:00:00)] was less than the threshold (0.9).',
  since: '2024-05-14T09:12:00.000Z',
  metric: {
    namespace: 'aws/sagemaker/Endpoints/model-metrics',
    name: 'accuracy',
    dimensions: [
      { name: 'Endpoint', value: 'churn-prediction-prod' },
      {
        name: 'MonitoringSchedule',
        value: 'churn-prediction-prod-model-quality',
      },
    ],
    stat: 'Average',
    periodSeconds: 3600,
  },
  threshold: 0.9,
  comparison: 'LessThanThreshold',
  actionsEnabled: true,
  consoleUrl:
    'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/churn-prediction-accuracy-low',
};

/**
 * churn-prediction: accuracy below both thresholds, its alarm in ALARM, a
 * composite alarm over it, a failed data-quality execution.
 */
export const churnReport: ModelReport = {
  entityRef: 'component:default/churn-prediction',
  title: 'churn-prediction',
  accountId: '123456789012',
  region: 'us-east-1',
  timeZone: 'America/Chicago',
  health: {
    status: 'critical',
    reasons: [
      {
        severity: 'critical',
        source: 'alarm',
        message:
          'Alarm churn-prediction-accuracy-low is in ALARM since 2024-05-14 09:12 UTC',
        subject: 'churn-prediction-accuracy-low',
        since: '2024-05-14T09:12:00.000Z',
      },
      {
        severity: 'critical',
        source: 'quality',
        message:
          'Accuracy 78.0% is below its business-hours threshold 90.0% (America/Chicago)',
        subject: 'accuracy',
      },
      {
        severity: 'warning',
        source: 'monitoring-execution',
        message:
          'The last execution of schedule churn-prediction-prod-data-quality failed: the baseline constraints file is missing',
        subject: 'churn-prediction-prod-data-quality',
      },
      {
        severity: 'info',
        source: 'data-capture',
        message: 'Data capture samples 20% of requests',
      },
    ],
  },
  endpoints: [
    {
      name: 'churn-prediction-prod',
      accountId: '123456789012',
      region: 'us-east-1',
      status: 'InService',
      endpointConfigName: 'churn-prediction-prod-config-7',
      variants: [
        {
          name: 'AllTraffic',
          modelName: 'churn-prediction-2024-05-01',
          instanceType: 'ml.m5.large',
          currentInstanceCount: 2,
          trafficPercent: 100,
        },
      ],
      shadowVariants: [],
      dataCapture: {
        enabled: true,
        status: 'Started',
        samplingPercentage: 20,
        destination: 's3://ml-capture/churn-prediction-prod/',
      },
      consoleUrl:
        'https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/endpoints/churn-prediction-prod',
    },
  ],
  monitoringSchedules: [
    {
      name: 'churn-prediction-prod-model-quality',
      type: 'ModelQuality',
      status: 'Scheduled',
      cron: 'cron(0 * ? * * *)',
      endpointName: 'churn-prediction-prod',
      publishesMetrics: true,
      lastExecution: {
        status: 'CompletedWithViolations',
        scheduledTime: '2024-05-14T11:00:00.000Z',
        violations: 2,
        processingJobArn:
          'arn:aws:sagemaker:us-east-1:123456789012:processing-job/model-quality-monitoring-202405141100',
      },
      recentExecutions: [
        {
          status: 'CompletedWithViolations',
          scheduledTime: '2024-05-14T11:00:00.000Z',
          violations: 2,
        },
        {
          status: 'Completed',
          scheduledTime: '2024-05-14T10:00:00.000Z',
          violations: 0,
        },
      ],
    },
    {
      name: 'churn-prediction-prod-data-quality',
      type: 'DataQuality',
      status: 'Scheduled',
      cron: 'cron(0 */2 ? * * *)',
      endpointName: 'churn-prediction-prod',
      publishesMetrics: true,
      lastExecution: {
        status: 'Failed',
        scheduledTime: '2024-05-14T10:00:00.000Z',
        failureReason: 'the baseline constraints file is missing',
      },
      recentExecutions: [
        {
          status: 'Failed',
          scheduledTime: '2024-05-14T10:00:00.000Z',
          failureReason: 'the baseline constraints file is missing',
        },
      ],
    },
    {
      name: 'churn-prediction-prod-bias',
      type: 'ModelBias',
      status: 'Scheduled',
      cron: 'cron(0 0 ? * * *)',
      endpointName: 'churn-prediction-prod',
      publishesMetrics: false,
      recentExecutions: [],
    },
  ],
  drift: [
    {
      feature: 'tenure_months',
      latest: 0.12,
      latestAt: COLLECTED_AT,
      threshold: 0.3,
      breached: false,
      source: 'model-monitor',
      scheduleName: 'churn-prediction-prod-data-quality',
      endpointName: 'churn-prediction-prod',
      series: hourlySeries([0.1, 0.11, 0.1, 0.12]),
    },
  ],
  quality: [
    {
      metric: 'accuracy',
      label: 'Accuracy',
      latest: 0.78,
      latestAt: COLLECTED_AT,
      threshold: {
        value: 0.9,
        kind: 'business-hours',
        timeZone: 'America/Chicago',
      },
      otherThreshold: { value: 0.85, kind: 'off-hours' },
      direction: 'higher-is-better',
      display: 'percent',
      breached: true,
      source: 'model-monitor',
      scheduleName: 'churn-prediction-prod-model-quality',
      endpointName: 'churn-prediction-prod',
      series: hourlySeries([0.93, 0.91, 0.86, 0.78]),
    },
    {
      metric: 'auc',
      label: 'AUC',
      latest: 0.94,
      latestAt: COLLECTED_AT,
      threshold: {
        value: 0.9,
        kind: 'business-hours',
        timeZone: 'America/Chicago',
      },
      otherThreshold: { value: 0.85, kind: 'off-hours' },
      direction: 'higher-is-better',
      display: 'percent',
      breached: false,
      source: 'model-monitor',
      scheduleName: 'churn-prediction-prod-model-quality',
      endpointName: 'churn-prediction-prod',
      series: hourlySeries([0.95, 0.95, 0.94, 0.94]),
    },
  ],
  alarms: [
    accuracyAlarm,
    {
      name: 'churn-prediction-page-oncall',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-prediction-page-oncall',
      type: 'composite',
      state: 'ALARM',
      stateReason: 'alarm churn-prediction-accuracy-low transitioned to ALARM',
      since: '2024-05-14T09:13:00.000Z',
      alarmRule:
        'ALARM("churn-prediction-accuracy-low") OR ALARM("churn-prediction-drift-high")',
      consoleUrl:
        'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/churn-prediction-page-oncall',
    },
    {
      name: 'churn-prediction-drift-high',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-prediction-drift-high',
      type: 'metric',
      state: 'OK',
      since: '2024-05-10T08:00:00.000Z',
      threshold: 0.3,
      comparison: 'GreaterThanThreshold',
    },
  ],
  custom: [],
  ownership: {
    owner: {
      entityRef: 'group:default/customer-insights-team',
      title: 'Customer Insights',
    },
    members: [
      {
        entityRef: 'user:default/amara.okafor',
        displayName: 'Amara Okafor',
        email: 'amara.okafor@example.com',
      },
      { entityRef: 'user:default/lucas.meyer', displayName: 'Lucas Meyer' },
    ],
    onCall: [
      {
        provider: 'pagerduty',
        id: 'PCHURN1',
        url: 'https://app.pagerduty.com/service-directory/PCHURN1',
      },
    ],
  },
  escalation: {
    path: ['ml-engineer', 'team-lead', 'head-of-data'],
    severityRules: [
      {
        level: 1,
        condition: 'Model accuracy < 80%',
        immediateAction: 'Switch to the rules-based fallback',
        notification: 'Page on-call engineer',
        timeline: 'Resolve within 1 hour',
      },
      {
        level: 2,
        condition: 'Drift score above 0.3 on any feature',
        immediateAction:
          'Open an investigation ticket and compare against the baseline',
        notification: 'Post in the team channel',
        timeline: 'Resolve within 1 business day',
      },
    ],
    activeSeverity: 1,
    runbookUrl:
      'https://github.com/example/ml-models/blob/main/runbooks/churn-prediction.yaml',
  },
  sources: {
    endpoints: { outcome: 'ok', lastSuccessAt: COLLECTED_AT },
    schedules: { outcome: 'ok', lastSuccessAt: COLLECTED_AT },
    executions: { outcome: 'ok', lastSuccessAt: COLLECTED_AT },
    alarms: { outcome: 'ok', lastSuccessAt: COLLECTED_AT },
    metrics: { outcome: 'ok', lastSuccessAt: COLLECTED_AT },
    runbook: { outcome: 'ok', lastSuccessAt: COLLECTED_AT },
    catalog: { outcome: 'ok', lastSuccessAt: COLLECTED_AT },
  },
  collectedAt: COLLECTED_AT,
  stale: { isStale: false, ageSeconds: 240 },
};

/**
 * recommendation-engine: seasonal drift on `season`, and CloudWatch metrics
 * throttled at the last collection (the drift card shows older data).
 */
export const recommendationReport: ModelReport = {
  ...churnReport,
  entityRef: 'component:default/recommendation-engine',
  title: 'recommendation-engine',
  timeZone: 'Europe/London',
  health: {
    status: 'warning',
    reasons: [
      {
        severity: 'warning',
        source: 'drift',
        message: 'Feature season drift 0.52 is above its threshold 0.3',
        subject: 'season',
        since: '2024-05-14T09:00:00.000Z',
      },
    ],
  },
  monitoringSchedules: [
    {
      ...churnReport.monitoringSchedules[1],
      name: 'recommendation-engine-prod-data-quality',
      endpointName: 'recommendation-engine-prod',
      lastExecution: {
        status: 'CompletedWithViolations',
        scheduledTime: '2024-05-14T10:00:00.000Z',
        violations: 1,
      },
      recentExecutions: [
        {
          status: 'CompletedWithViolations',
          scheduledTime: '2024-05-14T10:00:00.000Z',
          violations: 1,
        },
      ],
    },
  ],
  drift: [
    {
      feature: 'season',
      latest: 0.52,
      latestAt: '2024-05-14T11:00:00.000Z',
      threshold: 0.3,
      breached: true,
      since: '2024-05-14T09:00:00.000Z',
      source: 'model-monitor',
      scheduleName: 'recommendation-engine-prod-data-quality',
      endpointName: 'recommendation-engine-prod',
      series: hourlySeries([0.18, 0.31, 0.44, 0.52]),
    },
    {
      feature: 'basket_size',
      latest: 0.08,
      latestAt: '2024-05-14T11:00:00.000Z',
      threshold: 0.3,
      breached: false,
      source: 'model-monitor',
      scheduleName: 'recommendation-engine-prod-data-quality',
      endpointName: 'recommendation-engine-prod',
      series: hourlySeries([0.07, 0.09, 0.08, 0.08]),
    },
    {
      feature: 'days_since_last_visit',
      latest: 0.21,
      latestAt: '2024-05-14T11:00:00.000Z',
      threshold: 0.3,
      breached: false,
      source: 'custom',
      series: hourlySeries([0.2, 0.22, 0.21, 0.21]),
    },
  ],
  quality: [
    {
      ...churnReport.quality[0],
      latest: 0.93,
      breached: false,
      series: hourlySeries([0.94, 0.93, 0.93, 0.93]),
    },
  ],
  alarms: [],
  custom: [],
  ownership: {
    owner: { entityRef: 'group:default/personalization-team' },
    members: [],
    onCall: [{ provider: 'opsgenie', id: 'personalization' }],
  },
  escalation: {
    path: ['ml-engineer', 'data-scientist'],
    severityRules: [],
  },
  sources: {
    ...churnReport.sources,
    metrics: {
      outcome: 'throttled',
      message: 'CloudWatch GetMetricData was throttled (Rate exceeded)',
      lastSuccessAt: '2024-05-14T10:00:00.000Z',
      checkedAt: COLLECTED_AT,
    },
  },
};

/** A model whose first collection has not run yet. */
export const noDataReport: ModelReport = {
  ...churnReport,
  health: {
    status: 'unknown',
    reasons: [
      {
        severity: 'unknown',
        source: 'staleness',
        message: 'Nothing has been collected for this model yet',
      },
    ],
  },
  endpoints: [],
  monitoringSchedules: [],
  drift: [],
  quality: [],
  alarms: [],
  sources: {
    endpoints: { outcome: 'pending' },
    metrics: { outcome: 'pending' },
  },
  collectedAt: null,
  stale: { isStale: true, ageSeconds: null },
};

/** churn-prediction, collected 5 hours before the page was opened. */
export const staleReport: ModelReport = {
  ...churnReport,
  stale: { isStale: true, ageSeconds: 5 * 3600 },
};

/** A healthy model with nothing to report but its data. */
export const healthyReport: ModelReport = {
  ...churnReport,
  entityRef: 'component:default/demand-forecast',
  title: 'demand-forecast',
  health: { status: 'healthy', reasons: [] },
  alarms: [],
  drift: [],
  quality: [],
  monitoringSchedules: [],
  escalation: { path: [], severityRules: [] },
};

/**
 * demand-forecast behind an AWS-compatible endpoint that answers the
 * monitoring-schedule operations with an HTML 500 page: healthy by what is
 * known, the verdict partial.
 */
export const partialReport: ModelReport = {
  ...healthyReport,
  health: {
    status: 'healthy',
    reasons: [
      {
        severity: 'unknown',
        source: 'source',
        subject: 'executions',
        message: 'Monitoring executions could not be read (error)',
      },
      {
        severity: 'info',
        source: 'source',
        subject: 'schedules',
        message:
          'Monitoring schedules are not available for this model: SageMaker ListMonitoringSchedules in 123456789012/us-east-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint',
      },
    ],
    partial: true,
    failedSources: [
      {
        source: 'schedules',
        outcome: 'unsupported',
        message:
          'SageMaker ListMonitoringSchedules in 123456789012/us-east-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint',
      },
      { source: 'executions', outcome: 'error' },
    ],
  },
  sources: {
    ...churnReport.sources,
    schedules: {
      outcome: 'unsupported',
      message:
        'SageMaker ListMonitoringSchedules in 123456789012/us-east-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint',
      checkedAt: COLLECTED_AT,
    },
    executions: { outcome: 'error', checkedAt: COLLECTED_AT },
  },
};

export const fleetPage: FleetPage = {
  items: [
    {
      entityRef: 'component:default/churn-prediction',
      title: 'churn-prediction',
      owner: 'group:default/customer-insights-team',
      lifecycle: 'production',
      accountId: '123456789012',
      region: 'us-east-1',
      status: 'critical',
      reasonCount: 3,
      topReason:
        'Alarm churn-prediction-accuracy-low is in ALARM since 2024-05-14 09:12 UTC',
      sparkline: {
        metric: 'accuracy',
        display: 'percent',
        points: hourlySeries([0.93, 0.91, 0.86, 0.78]),
      },
      collectedAt: COLLECTED_AT,
    },
    {
      entityRef: 'component:default/recommendation-engine',
      title: 'recommendation-engine',
      owner: 'group:default/personalization-team',
      lifecycle: 'production',
      accountId: '123456789012',
      region: 'us-east-1',
      status: 'warning',
      reasonCount: 1,
      topReason: 'Feature season drift 0.52 is above its threshold 0.3',
      sparkline: {
        metric: 'accuracy',
        display: 'percent',
        points: hourlySeries([0.94, 0.93, 0.93, 0.93]),
      },
      collectedAt: COLLECTED_AT,
    },
    {
      entityRef: 'component:default/demand-forecast',
      owner: 'group:default/ml-platform-team',
      lifecycle: 'production',
      accountId: '210987654321',
      region: 'eu-west-1',
      status: 'healthy',
      reasonCount: 0,
      collectedAt: COLLECTED_AT,
    },
  ],
  nextCursor: 'cursor-page-2',
  totalCount: 5,
};

export const fleetPage2: FleetPage = {
  items: [
    {
      entityRef: 'component:default/ticket-routing',
      title: 'ticket-routing',
      owner: 'group:default/customer-insights-team',
      lifecycle: 'experimental',
      region: 'us-east-1',
      status: 'unknown',
      reasonCount: 1,
      topReason: 'Nothing has been collected for this model yet',
      collectedAt: null,
    },
  ],
  totalCount: 5,
};

export const escalationResult: EscalationResult = {
  query: 'churn-prediction-accuracy-low',
  matches: [
    {
      entityRef: 'component:default/churn-prediction',
      title: 'churn-prediction',
      matchedBy: 'alarm',
      resource: 'churn-prediction-accuracy-low',
      owner: {
        entityRef: 'group:default/customer-insights-team',
        title: 'Customer Insights',
      },
      nextInPath: 'ml-engineer',
      path: ['ml-engineer', 'team-lead', 'head-of-data'],
      severityRule: churnReport.escalation.severityRules[0],
      runbookUrl: churnReport.escalation.runbookUrl,
      onCall: churnReport.ownership.onCall,
      health: 'critical',
    },
  ],
};

/** The example catalog's loan-approval model: bias of gender=female outside its bounds, zip_code gaining weight. */
export const loanReport: ModelReport = {
  ...healthyReport,
  entityRef: 'component:default/loan-approval',
  title: 'loan-approval',
  health: {
    status: 'warning',
    reasons: [
      {
        severity: 'warning',
        source: 'bias',
        subject: 'DPPL',
        message:
          'Bias metric DPPL 0.16 (BiasStage=Post-training, Facet=gender, FacetValue=female, Label=approved, LabelValue=1) on endpoint loan-approval-prod is outside its bounds |x| ≤ 0.1',
      },
    ],
  },
  monitoringSchedules: [
    {
      name: 'loan-approval-prod-model-bias',
      type: 'ModelBias',
      status: 'Scheduled',
      cron: 'cron(0 * ? * * *)',
      endpointName: 'loan-approval-prod',
      publishesMetrics: true,
      recentExecutions: [],
    },
  ],
  fairness: {
    bias: [
      {
        metric: 'DPPL',
        dimensions: [
          { name: 'BiasStage', value: 'Post-training' },
          { name: 'Facet', value: 'gender' },
          { name: 'FacetValue', value: 'female' },
          { name: 'Label', value: 'approved' },
          { name: 'LabelValue', value: '1' },
        ],
        latest: 0.16,
        latestAt: COLLECTED_AT,
        threshold: { absMax: 0.1 },
        breached: true,
        source: 'model-monitor',
        scheduleName: 'loan-approval-prod-model-bias',
        endpointName: 'loan-approval-prod',
        series: hourlySeries([0.04, 0.09, 0.16]),
      },
      {
        metric: 'CI',
        dimensions: [
          { name: 'Facet', value: 'gender' },
          { name: 'FacetValue', value: 'male' },
        ],
        latest: -0.2,
        latestAt: COLLECTED_AT,
        breached: false,
        source: 'model-monitor',
        scheduleName: 'loan-approval-prod-model-bias',
        endpointName: 'loan-approval-prod',
        series: hourlySeries([-0.2]),
      },
      {
        metric: 'DI',
        dimensions: [
          { name: 'Facet', value: 'gender' },
          { name: 'FacetValue', value: 'male' },
        ],
        latest: 1.02,
        latestAt: COLLECTED_AT,
        threshold: { min: 0.8, max: 1.25 },
        breached: false,
        source: 'model-monitor',
        scheduleName: 'loan-approval-prod-model-bias',
        endpointName: 'loan-approval-prod',
        series: hourlySeries([1.01, 1.02]),
      },
    ],
    attribution: [
      {
        feature: 'zip_code',
        dimensions: [{ name: 'Label', value: 'approved' }],
        latest: 0.14,
        latestAt: COLLECTED_AT,
        reference: 0.03,
        referenceAt: '2024-05-14T10:00:00.000Z',
        change: 0.11,
        source: 'model-monitor',
        scheduleName: 'loan-approval-prod-model-explainability',
        endpointName: 'loan-approval-prod',
        series: hourlySeries([0.03, 0.08, 0.14]),
      },
      {
        feature: 'income',
        dimensions: [{ name: 'Label', value: 'approved' }],
        latest: 0.3,
        latestAt: COLLECTED_AT,
        reference: 0.31,
        referenceAt: '2024-05-14T10:00:00.000Z',
        change: -0.01,
        source: 'model-monitor',
        series: hourlySeries([0.31, 0.3, 0.3]),
      },
    ],
    attributionCount: 6,
  },
};

const ACCURACY_ALARM_ARN =
  'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-prediction-accuracy-low';
const DRIFT_ALARM_ARN =
  'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-prediction-drift-high';

/** The churn model's alert history: the accuracy alarm firing now and flapping, the drift one recovered. */
export const churnAlertHistory: ModelAlertHistory = {
  entityRef: 'component:default/churn-prediction',
  generatedAt: COLLECTED_AT,
  retentionDays: 90,
  noisyRule: { transitions: 6, windowHours: 24 },
  totals: {
    firedIn7d: 5,
    firedIn30d: 9,
    timeInAlarmMs30d: (3 * 3600 + 5 * 60) * 1000,
    medianRecoveryMs: 42 * 60 * 1000,
    noisy: true,
  },
  alarms: [
    {
      alarmArn: ACCURACY_ALARM_ARN,
      alarmName: 'churn-prediction-accuracy-low',
      state: 'ALARM',
      lastTransitionAt: '2024-05-14T09:13:00.000Z',
      firedIn7d: 4,
      firedIn30d: 7,
      timeInAlarmMs30d: 2 * 3600 * 1000,
      medianRecoveryMs: 30 * 60 * 1000,
      noisy: true,
    },
    {
      alarmArn: DRIFT_ALARM_ARN,
      alarmName: 'churn-prediction-drift-high',
      state: 'OK',
      lastTransitionAt: '2024-05-13T08:00:00.000Z',
      firedIn7d: 1,
      firedIn30d: 2,
      timeInAlarmMs30d: 65 * 60 * 1000,
      medianRecoveryMs: 50 * 60 * 1000,
      noisy: false,
    },
  ],
  transitions: [
    {
      alarmArn: ACCURACY_ALARM_ARN,
      alarmName: 'churn-prediction-accuracy-low',
      previousState: 'OK',
      state: 'ALARM',
      reason: 'Threshold Crossed: 1 datapoint [0.81] was less than 0.85',
      at: '2024-05-14T09:13:00.000Z',
      origin: 'eventbridge',
    },
    {
      alarmArn: DRIFT_ALARM_ARN,
      alarmName: 'churn-prediction-drift-high',
      previousState: 'ALARM',
      state: 'OK',
      at: '2024-05-13T08:00:00.000Z',
      origin: 'round',
    },
    {
      alarmArn: DRIFT_ALARM_ARN,
      alarmName: 'churn-prediction-drift-high',
      state: 'ALARM',
      at: '2024-05-13T06:55:00.000Z',
      origin: 'backfill',
    },
  ],
};

/** An alert history with nothing stored. */
export const emptyAlertHistory: ModelAlertHistory = {
  ...churnAlertHistory,
  totals: {
    firedIn7d: 0,
    firedIn30d: 0,
    timeInAlarmMs30d: 0,
    noisy: false,
  },
  alarms: [],
  transitions: [],
};

/** Severity 1 of churn-prediction as a runbook with a structured action gives it. */
export const shiftAction: SeverityAction = {
  id: 'severity-1',
  type: 'shift-traffic',
  label: 'Shift traffic to rules-fallback',
  toVariant: 'rules-fallback',
  weight: 1,
};

/** churn-prediction whose severity 1 rule can shift traffic, on an endpoint with a fallback variant. */
export const churnActionReport: ModelReport = {
  ...churnReport,
  endpoints: [
    {
      ...churnReport.endpoints[0],
      variants: [
        {
          name: 'AllTraffic',
          modelName: 'churn-prediction-2024-05-01',
          instanceType: 'ml.m5.large',
          currentInstanceCount: 2,
          currentWeight: 1,
          trafficPercent: 100,
        },
        {
          name: 'rules-fallback',
          modelName: 'churn-rules-2024-04-01',
          instanceType: 'ml.t2.medium',
          currentInstanceCount: 1,
          currentWeight: 0,
          trafficPercent: 0,
        },
      ],
    },
  ],
  escalation: {
    ...churnReport.escalation,
    severityRules: [
      { ...churnReport.escalation.severityRules[0], action: shiftAction },
      churnReport.escalation.severityRules[1],
    ],
  },
};

/** The plan of shifting churn-prediction's traffic to rules-fallback. */
export const shiftPlan: ActionPlan = {
  entityRef: 'component:default/churn-prediction',
  actionId: 'severity-1',
  type: 'shift-traffic',
  label: 'Shift traffic to rules-fallback',
  ok: true,
  refusals: [],
  summary:
    'Sets the weights of endpoint churn-prediction-prod so that rules-fallback serves 100% of the traffic.',
  steps: [
    'UpdateEndpointWeightsAndCapacities on churn-prediction-prod: AllTraffic 1 → 0, rules-fallback 0 → 1',
    'Wait for churn-prediction-prod to be InService',
  ],
  undoable: true,
  shiftTraffic: {
    endpoint: 'churn-prediction-prod',
    accountId: '123456789012',
    region: 'us-east-1',
    endpointStatus: 'InService',
    before: [
      { variant: 'AllTraffic', weight: 1, trafficPercent: 100 },
      { variant: 'rules-fallback', weight: 0, trafficPercent: 0 },
    ],
    after: [
      { variant: 'AllTraffic', weight: 0, trafficPercent: 0 },
      { variant: 'rules-fallback', weight: 1, trafficPercent: 100 },
    ],
  },
};

/** The shift just started by guest. */
export const runningShift: ActionRun = {
  id: 'run-1',
  entityRef: 'component:default/churn-prediction',
  actionId: 'severity-1',
  type: 'shift-traffic',
  label: 'Shift traffic to rules-fallback',
  kind: 'apply',
  actor: 'user:default/guest',
  status: 'running',
  startedAt: '2024-05-14T12:05:00.000Z',
  plan: shiftPlan,
  progress: [
    {
      at: '2024-05-14T12:05:00.000Z',
      message: 'Asked SageMaker to update the weights of churn-prediction-prod',
    },
  ],
  canUndo: false,
};

/** The same shift once the endpoint is InService again. */
export const succeededShift: ActionRun = {
  ...runningShift,
  status: 'succeeded',
  finishedAt: '2024-05-14T12:08:00.000Z',
  progress: [
    ...runningShift.progress,
    {
      at: '2024-05-14T12:08:00.000Z',
      message: 'churn-prediction-prod is InService with the new weights',
    },
  ],
  outcome:
    'rules-fallback now serves 100% of the traffic of churn-prediction-prod.',
  finalWeights: shiftPlan.shiftTraffic!.after,
  canUndo: true,
};

/** The undo of that shift, once done. */
export const succeededUndo: ActionRun = {
  ...succeededShift,
  id: 'run-2',
  kind: 'undo',
  label: 'Undo: Shift traffic to rules-fallback',
  startedAt: '2024-05-14T12:10:00.000Z',
  finishedAt: '2024-05-14T12:12:00.000Z',
  progress: [
    {
      at: '2024-05-14T12:12:00.000Z',
      message:
        'churn-prediction-prod is InService with the weights from before',
    },
  ],
  outcome:
    'The weights of churn-prediction-prod are back to those before run-1.',
  finalWeights: shiftPlan.shiftTraffic!.before,
  undoOf: 'run-1',
  canUndo: false,
};
