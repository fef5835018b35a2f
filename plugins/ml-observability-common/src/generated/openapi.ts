// Generated from plugins/ml-observability-backend/src/schema/openapi.yaml by
// plugins/ml-observability-backend/scripts/openapi.js; do not edit.

export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Liveness of the plugin. Needs no token. */
    get: operations['GetHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The models the caller may read, worst health first (critical, warning, unknown, healthy; then by number of reasons and title), one page at a time. Filters of the same name are ORed, different filters ANDed. */
    get: operations['GetFleet'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{namespace}/{kind}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The observability report of one model, with series over the given range. */
    get: operations['GetModelReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{namespace}/{kind}/{name}/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Collects this model from AWS now and returns its new report (series over 24h). Needs the ml-observability.model.refresh permission on the entity; each model can be refreshed once per cooldown (mlObservability.refreshCooldownSeconds). */
    post: operations['RefreshModel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{namespace}/{kind}/{name}/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The model's alert history: its alarms' stored state changes (from alarm events, collection rounds and CloudWatch's alarm history), times fired in 7 and 30 days, time in ALARM, median time to recover and the noisy flag (mlObservability.alerts.noisy). Same permissions as the report. */
    get: operations['GetAlertHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{namespace}/{kind}/{name}/actions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The model's runbook action runs (applies and undos), newest first, up to 50: who ran what, when, the plan they confirmed and how it ended. Same permissions as the report. */
    get: operations['ListActionRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{namespace}/{kind}/{name}/actions/{actionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Plans (dryRun) or applies the runbook action `actionId` (a severity rule's action, `severity-N`). Needs the ml-observability.model.act permission on the entity. The plan reads the resources from AWS now and says what applying would change, or why it cannot run (refusals). Applying starts a run and answers at once (202); the run follows the endpoint until InService (or the pipeline execution until it ends): read it with GET .../actions/runs/{runId}. One action at a time per endpoint (across replicas); a repeated idempotencyKey of the same caller answers the first run; applies are rate limited per model (mlObservability.actions). */
    post: operations['RunAction'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One run of the model's runbook actions, with its progress so far. Same permissions as the report. */
    get: operations['GetActionRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}/undo': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Plans (dryRun) or starts the undo of a run: a traffic shift's weights are set back to those recorded before it, an alarm mute rule is deleted. Same permission, lock, idempotency and rate limit as applying. */
    post: operations['UndoActionRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/escalation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Which models an AWS resource belongs to, their owners, escalation path and the runbook's severity rule that applies now (or the most severe one). Only models the caller may read are returned. */
    get: operations['GetEscalation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Whether the last fleet collection round succeeded (when it ran, how long it took, its outcome, how many models) and which sources are failing, per source, account and region, from the snapshots every replica shares. Degraded sources only count the models the caller may read, as the fleet does. */
    get: operations['GetCollectorStatus'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
      request?: {
        method?: string;
        url?: string;
      };
      response: {
        statusCode: number;
      };
    };
    /** @description ISO 8601 date and time. */
    IsoTime: string;
    /** @enum {string} */
    HealthStatus: 'healthy' | 'warning' | 'critical' | 'unknown';
    HealthReason: {
      /** @enum {string} */
      severity: 'critical' | 'warning' | 'unknown' | 'info';
      /** @enum {string} */
      source:
        | 'alarm'
        | 'endpoint'
        | 'data-capture'
        | 'monitoring-schedule'
        | 'monitoring-execution'
        | 'quality'
        | 'drift'
        | 'bias'
        | 'staleness'
        | 'source';
      message: string;
      subject?: string;
      since?: components['schemas']['IsoTime'];
    };
    /** @description A source the verdict could not take into account: its last attempt was throttled, denied, failed or unsupported, and none of its good data is recent enough to judge by. */
    FailedSource: {
      /** @description A key of SourceStatuses, e.g. schedules or ext:prometheus. */
      source: string;
      /** @enum {string} */
      outcome:
        | 'ok'
        | 'throttled'
        | 'denied'
        | 'not-found'
        | 'unsupported'
        | 'error'
        | 'pending';
      message?: string;
      lastSuccessAt?: components['schemas']['IsoTime'];
    };
    ModelHealth: {
      status: components['schemas']['HealthStatus'];
      reasons: components['schemas']['HealthReason'][];
      /** @description True when the verdict is the worst of the known signals while some sources could not be read (failedSources); absent when every source was read, and when nothing was (status unknown). */
      partial?: boolean;
      /** @description The sources the verdict could not see; absent when none. */
      failedSources?: components['schemas']['FailedSource'][];
    };
    SeriesPoint: {
      t: components['schemas']['IsoTime'];
      v: number;
    };
    Series: components['schemas']['SeriesPoint'][];
    SourceStatus: {
      /** @enum {string} */
      outcome:
        | 'ok'
        | 'throttled'
        | 'denied'
        | 'not-found'
        | 'unsupported'
        | 'error'
        | 'pending';
      message?: string;
      lastSuccessAt?: components['schemas']['IsoTime'];
      checkedAt?: components['schemas']['IsoTime'];
      /** @description While the source fails, the first round of this failure; absent when ok or pending. */
      failingSince?: components['schemas']['IsoTime'];
    };
    SourceStatuses: {
      endpoints?: components['schemas']['SourceStatus'];
      schedules?: components['schemas']['SourceStatus'];
      executions?: components['schemas']['SourceStatus'];
      alarms?: components['schemas']['SourceStatus'];
      metrics?: components['schemas']['SourceStatus'];
      'custom-metrics'?: components['schemas']['SourceStatus'];
      runbook?: components['schemas']['SourceStatus'];
      catalog?: components['schemas']['SourceStatus'];
    } & {
      [key: string]: components['schemas']['SourceStatus'];
    };
    VariantInfo: {
      name: string;
      modelName?: string;
      instanceType?: string;
      currentWeight?: number;
      desiredWeight?: number;
      currentInstanceCount?: number;
      desiredInstanceCount?: number;
      trafficPercent?: number;
    };
    DataCaptureInfo: {
      enabled: boolean;
      /** @enum {string} */
      status?: 'Started' | 'Stopped';
      samplingPercentage?: number;
      samplingFromConfig?: boolean;
      destination?: string;
    };
    EndpointInfo: {
      name: string;
      accountId?: string;
      region: string;
      /** @enum {string} */
      status:
        | 'OutOfService'
        | 'Creating'
        | 'Updating'
        | 'SystemUpdating'
        | 'RollingBack'
        | 'InService'
        | 'Deleting'
        | 'Failed'
        | 'UpdateRollbackFailed'
        | 'unknown';
      failureReason?: string;
      endpointConfigName?: string;
      createdAt?: components['schemas']['IsoTime'];
      lastModifiedAt?: components['schemas']['IsoTime'];
      variants: components['schemas']['VariantInfo'][];
      shadowVariants: components['schemas']['VariantInfo'][];
      dataCapture: components['schemas']['DataCaptureInfo'];
      consoleUrl?: string;
    };
    /** @enum {string} */
    MonitoringType:
      | 'DataQuality'
      | 'ModelQuality'
      | 'ModelBias'
      | 'ModelExplainability';
    MonitoringExecutionInfo: {
      /** @enum {string} */
      status:
        | 'Pending'
        | 'Completed'
        | 'CompletedWithViolations'
        | 'InProgress'
        | 'Failed'
        | 'Stopping'
        | 'Stopped';
      scheduledTime: components['schemas']['IsoTime'];
      creationTime?: components['schemas']['IsoTime'];
      lastModifiedTime?: components['schemas']['IsoTime'];
      failureReason?: string;
      violations?: number;
      processingJobArn?: string;
    };
    MonitoringScheduleInfo: {
      name: string;
      arn?: string;
      type: components['schemas']['MonitoringType'];
      /** @enum {string} */
      status: 'Pending' | 'Failed' | 'Scheduled' | 'Stopped';
      failureReason?: string;
      cron?: string;
      endpointName?: string;
      /** @description Whether the schedule publishes CloudWatch metrics; "unknown" until seen. */
      publishesMetrics: boolean | 'unknown';
      lastExecution?: components['schemas']['MonitoringExecutionInfo'];
      recentExecutions: components['schemas']['MonitoringExecutionInfo'][];
      consoleUrl?: string;
    };
    /** @enum {string} */
    MetricSourceKind: 'model-monitor' | 'custom';
    /** @description Drift of one feature. `latest` is absent when the metric has no datapoints yet (shown as "no data", never as zero). */
    DriftItem: {
      feature: string;
      latest?: number;
      latestAt?: components['schemas']['IsoTime'];
      threshold: number;
      breached: boolean;
      since?: components['schemas']['IsoTime'];
      source: components['schemas']['MetricSourceKind'];
      scheduleName?: string;
      endpointName?: string;
      /** @description The CloudWatch namespace a custom drift score is read from. */
      namespace?: string;
      /** @description Account of the item's endpoint; set when the model's endpoints span several accounts or regions. */
      accountId?: string;
      /** @description Region of the item's endpoint; set when the model's endpoints span several accounts or regions. */
      region?: string;
      series: components['schemas']['Series'];
    };
    /** @description Features of one custom drift source (drift= in ml-observability/metrics): how many discovery found and how many are read and shown, at most cap. */
    DriftCoverage: {
      namespace: string;
      dimensions: components['schemas']['MetricDimension'][];
      /** @enum {string} */
      shape: 'dimension' | 'pattern';
      featureDimension?: string;
      metricName?: string;
      prefix?: string;
      found?: number;
      shown: number;
      cap: number;
      discoveredAt?: components['schemas']['IsoTime'];
    };
    ThresholdValue: {
      value: number;
      /** @enum {string} */
      kind: 'business-hours' | 'off-hours';
    };
    QualityItem: {
      metric: string;
      label: string;
      latest: number;
      latestAt?: components['schemas']['IsoTime'];
      threshold?: components['schemas']['ThresholdValue'] & {
        timeZone: string;
      };
      otherThreshold?: components['schemas']['ThresholdValue'];
      /** @enum {string} */
      direction: 'higher-is-better' | 'lower-is-better';
      /** @enum {string} */
      display: 'percent' | 'number';
      breached: boolean;
      source: components['schemas']['MetricSourceKind'];
      scheduleName?: string;
      endpointName?: string;
      /** @description Account of the item's endpoint; set when the model's endpoints span several accounts or regions. */
      accountId?: string;
      /** @description Region of the item's endpoint; set when the model's endpoints span several accounts or regions. */
      region?: string;
      series: components['schemas']['Series'];
    };
    MetricDimension: {
      name: string;
      value: string;
    };
    AlertTransition: {
      alarmArn: string;
      alarmName: string;
      /** @enum {string} */
      previousState?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
      /** @enum {string} */
      state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
      reason?: string;
      at: components['schemas']['IsoTime'];
      /** @enum {string} */
      origin: 'eventbridge' | 'sns' | 'round' | 'backfill';
    };
    AlertFigures: {
      firedIn7d: number;
      firedIn30d: number;
      timeInAlarmMs30d: number;
      medianRecoveryMs?: number;
      noisy: boolean;
    };
    AlarmAlertStats: components['schemas']['AlertFigures'] & {
      alarmArn: string;
      alarmName: string;
      /** @enum {string} */
      state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
      lastTransitionAt?: components['schemas']['IsoTime'];
    };
    ModelAlertHistory: {
      entityRef: string;
      generatedAt: components['schemas']['IsoTime'];
      retentionDays: number;
      noisyRule: {
        transitions: number;
        windowHours: number;
      };
      totals: components['schemas']['AlertFigures'];
      alarms: components['schemas']['AlarmAlertStats'][];
      transitions: components['schemas']['AlertTransition'][];
    };
    AlarmInfo: {
      name: string;
      arn: string;
      /** @enum {string} */
      type: 'metric' | 'composite';
      /** @enum {string} */
      state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
      stateReason?: string;
      since?: components['schemas']['IsoTime'];
      metric?: {
        namespace: string;
        name: string;
        dimensions: components['schemas']['MetricDimension'][];
        stat?: string;
        periodSeconds?: number;
      };
      threshold?: number;
      comparison?: string;
      alarmRule?: string;
      actionsEnabled?: boolean;
      consoleUrl?: string;
    };
    CustomMetricSeries: {
      namespace: string;
      metricName: string;
      dimensions: components['schemas']['MetricDimension'][];
      periodSeconds: number;
      stat: string;
      unit?: string;
      latest?: number;
      latestAt?: components['schemas']['IsoTime'];
      series: components['schemas']['Series'];
      consoleUrl?: string;
    };
    /** @description The runbook's bounds of a bias metric (monitoring_config.bias.metrics). */
    BiasThreshold: {
      min?: number;
      max?: number;
      absMax?: number;
    };
    /** @description One bias metric of one facet, from a ModelBias schedule (aws/sagemaker/Endpoints/bias-metrics) or a custom source whose namespace ends in bias-metrics. `dimensions` are the metric's dimensions besides Endpoint and MonitoringSchedule (Facet, FacetValue, Label, BiasStage...). */
    BiasItem: {
      /** @description Short name without the bias_metric_ prefix, e.g. DPPL. */
      metric: string;
      dimensions: components['schemas']['MetricDimension'][];
      latest: number;
      latestAt?: components['schemas']['IsoTime'];
      threshold?: components['schemas']['BiasThreshold'];
      breached: boolean;
      source: components['schemas']['MetricSourceKind'];
      scheduleName?: string;
      endpointName?: string;
      series: components['schemas']['Series'];
    };
    /** @description The attribution (global SHAP value) of one feature from a ModelExplainability schedule; `change` is the newest value in the window minus the oldest (`reference`), absent with a single point. */
    AttributionItem: {
      feature: string;
      dimensions: components['schemas']['MetricDimension'][];
      latest: number;
      latestAt?: components['schemas']['IsoTime'];
      reference?: number;
      referenceAt?: components['schemas']['IsoTime'];
      change?: number;
      source: components['schemas']['MetricSourceKind'];
      scheduleName?: string;
      endpointName?: string;
      series: components['schemas']['Series'];
    };
    FairnessReport: {
      /** @description Breached first, then by metric and dimensions. */
      bias: components['schemas']['BiasItem'][];
      /** @description The features whose attribution moved most in the window, largest change first (at most 5). */
      attribution: components['schemas']['AttributionItem'][];
      /** @description Attribution series of the model in all. */
      attributionCount: number;
    };
    OnCallLink: {
      /** @enum {string} */
      provider: 'pagerduty' | 'opsgenie';
      id: string;
      url?: string;
    };
    EntityTitle: {
      entityRef: string;
      title?: string;
    };
    Ownership: {
      owner?: components['schemas']['EntityTitle'];
      members: {
        entityRef: string;
        displayName?: string;
        email?: string;
      }[];
      onCall: components['schemas']['OnCallLink'][];
    };
    SeverityRule: {
      level: number;
      condition: string;
      immediateAction: string;
      notification: string;
      timeline: string;
      action?: components['schemas']['SeverityAction'];
    };
    /** @description A severity rule's first action as the portal can run it (the runbook's `action`); its id names it in the actions routes. */
    SeverityAction:
      | {
          id: string;
          /** @enum {string} */
          type: 'shift-traffic';
          label: string;
          toVariant: string;
          weight: number;
          endpoint?: string;
        }
      | {
          id: string;
          /** @enum {string} */
          type: 'start-pipeline';
          label: string;
          pipeline: string;
          parameters: {
            [key: string]: string;
          };
        }
      | {
          id: string;
          /** @enum {string} */
          type: 'mute-alarms';
          label: string;
          durationMinutes: number;
          alarms?: string[];
        };
    ActionRequest: {
      /** @description Plan only; nothing changes. Default false. */
      dryRun?: boolean;
      /** @description The same key from the same caller answers the run the first request started. */
      idempotencyKey?: string;
      /** @description The alarm this responds to; its notification then names the run. Default the model's alarms in ALARM. */
      alarmArn?: string;
    };
    VariantWeight: {
      variant: string;
      weight: number;
      trafficPercent: number;
    };
    ActionPlan: {
      entityRef: string;
      actionId: string;
      /** @enum {string} */
      type: 'shift-traffic' | 'start-pipeline' | 'mute-alarms';
      label: string;
      ok: boolean;
      refusals: string[];
      summary: string;
      steps: string[];
      undoable: boolean;
      undoOf?: string;
      shiftTraffic?: {
        endpoint: string;
        accountId: string;
        region: string;
        endpointStatus: string;
        before: components['schemas']['VariantWeight'][];
        after: components['schemas']['VariantWeight'][];
      };
      startPipeline?: {
        pipeline: string;
        accountId: string;
        region: string;
        parameters: {
          [key: string]: string;
        };
      };
      muteAlarms?: {
        accountId: string;
        region: string;
        alarms: string[];
        durationMinutes: number;
        ruleName: string;
      };
    };
    ActionRun: {
      id: string;
      entityRef: string;
      actionId: string;
      /** @enum {string} */
      type: 'shift-traffic' | 'start-pipeline' | 'mute-alarms';
      label: string;
      /** @enum {string} */
      kind: 'apply' | 'undo';
      actor: string;
      /** @enum {string} */
      status: 'running' | 'succeeded' | 'failed';
      startedAt: components['schemas']['IsoTime'];
      finishedAt?: components['schemas']['IsoTime'];
      plan: components['schemas']['ActionPlan'];
      progress: {
        at: components['schemas']['IsoTime'];
        message: string;
      }[];
      outcome?: string;
      finalWeights?: components['schemas']['VariantWeight'][];
      pipelineExecution?: {
        arn: string;
        status: string;
        failureReason?: string;
      };
      muteRule?: {
        name: string;
        endsAt: components['schemas']['IsoTime'];
      };
      undoOf?: string;
      undoneBy?: string;
      canUndo: boolean;
      alarmArn?: string;
    };
    ActionRunList: {
      entityRef: string;
      runs: components['schemas']['ActionRun'][];
    };
    Escalation: {
      path: string[];
      severityRules: components['schemas']['SeverityRule'][];
      activeSeverity?: number;
      runbookUrl?: string;
    };
    Staleness: {
      isStale: boolean;
      /** @description Age in seconds of the oldest data shown: since the collection, or since the last success of a source that has failed since; null when never collected. */
      ageSeconds: number | null;
      /**
       * Format: date-time
       * @description Present when a source failed in the last collection and its earlier data is shown: the instant of the oldest such data.
       */
      dataAsOf?: string;
    };
    ModelReport: {
      entityRef: string;
      title?: string;
      accountId?: string;
      region?: string;
      timeZone?: string;
      health: components['schemas']['ModelHealth'];
      endpoints: components['schemas']['EndpointInfo'][];
      monitoringSchedules: components['schemas']['MonitoringScheduleInfo'][];
      drift: components['schemas']['DriftItem'][];
      driftCoverage?: components['schemas']['DriftCoverage'][];
      quality: components['schemas']['QualityItem'][];
      alarms: components['schemas']['AlarmInfo'][];
      custom: components['schemas']['CustomMetricSeries'][];
      /** @description Bias and feature attribution; absent when the model has no such series. */
      fairness?: components['schemas']['FairnessReport'];
      ownership: components['schemas']['Ownership'];
      escalation: components['schemas']['Escalation'];
      sources: components['schemas']['SourceStatuses'];
      /** @description When good data was last collected; null when never. */
      collectedAt: string | null;
      stale: components['schemas']['Staleness'];
      scheduleListUnread?: components['schemas']['ScheduleListUnread'];
    };
    /** @description Present when the last round could not read the monitoring schedule list (ListMonitoringSchedules) of the model's account/region (denied, throttled, unsupported, failed). Model Monitor drift and quality were then found by the endpoints' metrics (their `Endpoint` dimension); each drift and quality item names the schedule its metric's `MonitoringSchedule` dimension gives. */
    ScheduleListUnread: {
      /** @description Why the list could not be read (the message of the `schedules` source). */
      message: string;
      /** @description The schedules the report's Model Monitor drift and quality items came from, sorted. */
      schedules: string[];
    };
    FleetRow: {
      entityRef: string;
      title?: string;
      owner?: string;
      lifecycle?: string;
      accountId?: string;
      region?: string;
      status: components['schemas']['HealthStatus'];
      partial?: boolean;
      failedSources?: components['schemas']['FailedSource'][];
      reasonCount: number;
      topReason?: string;
      sparkline?: {
        metric: string;
        /** @enum {string} */
        display: 'percent' | 'number';
        points: components['schemas']['Series'];
      };
      collectedAt: string | null;
      /** @description Transitions into ALARM of the model's alarms in the last 7 days (alert history). */
      firedIn7d?: number;
    };
    FleetPage: {
      items: components['schemas']['FleetRow'][];
      nextCursor?: string;
      totalCount: number;
    };
    EscalationMatch: {
      entityRef: string;
      title?: string;
      /** @enum {string} */
      matchedBy: 'endpoint' | 'alarm' | 'schedule' | 'arn';
      resource?: string;
      owner?: components['schemas']['EntityTitle'];
      nextInPath?: string;
      path: string[];
      severityRule?: components['schemas']['SeverityRule'];
      runbookUrl?: string;
      onCall?: components['schemas']['OnCallLink'][];
      health?: components['schemas']['HealthStatus'];
      /** @description The matched alarm's latest stored transitions (at most 5), newest first; alarm and alarm ARN matches only. */
      recentTransitions?: components['schemas']['AlertTransition'][];
    };
    EscalationResult: {
      query: string;
      matches: components['schemas']['EscalationMatch'][];
    };
    CollectionRoundSummary: {
      id: number;
      startedAt: components['schemas']['IsoTime'];
      finishedAt: components['schemas']['IsoTime'];
      durationMs: number;
      /** @enum {string} */
      outcome: 'ok' | 'failed' | 'aborted';
      models: number;
      error?: string;
    };
    DegradedSource: {
      /** @description A built-in source id (endpoints, schedules, ...) or ext:<signal source id>. */
      source: string;
      accountId?: string;
      region?: string;
      /** @enum {string} */
      outcome:
        | 'ok'
        | 'throttled'
        | 'denied'
        | 'not-found'
        | 'unsupported'
        | 'error'
        | 'pending';
      message?: string;
      /** @description The earliest time the affected models started failing, when known. */
      since?: components['schemas']['IsoTime'];
      models: number;
      entityRefs: string[];
    };
    CollectorStatus: {
      /** @enum {string} */
      status: 'ok' | 'degraded' | 'failed' | 'stale' | 'not-run';
      lastRound: components['schemas']['CollectionRoundSummary'] | null;
      lastSuccessAt?: components['schemas']['IsoTime'];
      degradedSources: components['schemas']['DegradedSource'][];
      /** @description The alarm queues (mlObservability.alerts.queues) as this replica's consumers see them; absent when none is configured. A denied, missing or failing queue makes the status degraded. */
      alertQueues?: components['schemas']['AlertQueueStatus'][];
    };
    AlertQueueStatus: {
      queueUrl: string;
      accountId: string;
      region: string;
      /** @enum {string} */
      state: 'ok' | 'denied' | 'missing' | 'failing' | 'idle';
      message?: string;
      lastPollAt?: components['schemas']['IsoTime'];
      lastMessageAt?: components['schemas']['IsoTime'];
      received: number;
      handled: number;
      unparseable: number;
    };
  };
  responses: {
    /** @description The action cannot run now: another action is running on the same endpoint (the message names who started it), the plan refuses (endpoint not InService, variant missing, ...), the run cannot be undone, or the idempotency key was used for another request. */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Too many action runs on this model recently; the Retry-After header says when to try again. */
    TooManyRequests: {
      headers: {
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The request is malformed; the message says what to change. */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No valid Backstage token. */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The caller can see the model but lacks the permission for this action. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No such model, or one the caller cannot see. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The database or the catalog is briefly out of reach (a restart, say); retry after the Retry-After header's seconds. */
    Unavailable: {
      headers: {
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    namespace: string;
    kind: string;
    name: string;
    /** @description A severity rule's action id, `severity-N`. */
    actionId: string;
    runId: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  GetHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The plugin is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ok';
          };
        };
      };
    };
  };
  GetFleet: {
    parameters: {
      query?: {
        /** @description Owner entity refs; a bare name means a group in the default namespace. */
        owner?: string[];
        status?: components['schemas']['HealthStatus'][];
        lifecycle?: string[];
        /** @description AWS account ids. */
        account?: string[];
        /** @description firedIn7d: most fired first (transitions into ALARM in the last 7 days, from the alert history), ties in the default order. Absent: worst first. */
        sort?: 'firedIn7d';
        /** @description AWS regions. */
        region?: string[];
        /** @description The nextCursor of the previous page, with the same filters. */
        cursor?: string;
        /** @description Page size, 1 to 100. Default 50. */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of the fleet. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FleetPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  GetModelReport: {
    parameters: {
      query?: {
        /** @description How far back the series go. Default 24h. */
        range?: '24h' | '7d' | '30d';
      };
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        kind: components['parameters']['kind'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The report. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  RefreshModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        kind: components['parameters']['kind'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The report after collection. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelReport'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Refreshed too recently; the Retry-After header says when to try again. */
      429: {
        headers: {
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      503: components['responses']['Unavailable'];
    };
  };
  GetAlertHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        kind: components['parameters']['kind'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The alert history. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelAlertHistory'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  ListActionRuns: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        kind: components['parameters']['kind'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The runs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActionRunList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  RunAction: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        kind: components['parameters']['kind'];
        name: components['parameters']['name'];
        /** @description A severity rule's action id, `severity-N`. */
        actionId: components['parameters']['actionId'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ActionRequest'];
      };
    };
    responses: {
      /** @description The plan (dryRun), or the run an earlier request with the same idempotency key started. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | components['schemas']['ActionPlan']
            | components['schemas']['ActionRun'];
        };
      };
      /** @description The run started. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActionRun'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  GetActionRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        kind: components['parameters']['kind'];
        name: components['parameters']['name'];
        runId: components['parameters']['runId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The run. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActionRun'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      503: components['responses']['Unavailable'];
    };
  };
  UndoActionRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        namespace: components['parameters']['namespace'];
        kind: components['parameters']['kind'];
        name: components['parameters']['name'];
        runId: components['parameters']['runId'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['ActionRequest'];
      };
    };
    responses: {
      /** @description The plan of the undo (dryRun), or the undo an earlier request with the same key started. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | components['schemas']['ActionPlan']
            | components['schemas']['ActionRun'];
        };
      };
      /** @description The undo started. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActionRun'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['Unavailable'];
    };
  };
  GetEscalation: {
    parameters: {
      query: {
        /** @description An endpoint name, alarm name, monitoring schedule name, or the ARN of an endpoint, monitoring schedule or alarm. */
        resource: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The matching models, worst health first; empty when none. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EscalationResult'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
  GetCollectorStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The collector's status. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CollectorStatus'];
        };
      };
      401: components['responses']['Unauthorized'];
      503: components['responses']['Unavailable'];
    };
  };
}
