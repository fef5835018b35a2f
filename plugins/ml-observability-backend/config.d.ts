import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the ML Observability backend plugin. */
  mlObservability?: {
    /**
     * How often the fleet is collected. Every replica schedules the task; the scheduler's lock makes one of
     * them run it. Default: every 5 minutes, timeout 15 minutes, initial delay 10 seconds.
     * The timeout must hold a cold round (after a first start or a state reset), which describes every
     * endpoint and schedule once: about (endpoints + schedules) / `aws.concurrency` calls in a row, e.g.
     * 15,000 / 4 x 40 ms = 150 s for 5,000 models with two schedules each. At least 10 seconds; a round
     * that uses more than 70% of it logs a warning. An aborted round saves no state.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * How often Model Monitor metric names are discovered with ListMetrics (they vanish from it after two weeks
     * without data, so discovered names are kept). ISO duration or human duration. Default: 1 hour.
     */
    metricDiscoveryInterval?: string | { hours?: number; minutes?: number };
    /** Drift scores from a drift job of your own (`drift=` in the `ml-observability/metrics` annotation). */
    customDrift?: {
      /**
       * At most this many features are read per drift source whose annotation sets no `maxFeatures`
       * (each feature is one metric in GetMetricData). The first ones by name are read; the drift card
       * says how many were found. A whole number from 1 to 10000. Default: 100.
       */
      maxFeatures?: number;
    };
    /** Days of history (series, executions) kept in the database; older rows are pruned. Default: 30. */
    retentionDays?: number;
    /**
     * How far back a cold start reads monitoring executions and metrics, in days. Capped at `retentionDays`.
     * Default: 7.
     */
    lookbackDays?: number;
    /**
     * Seconds a model must wait between two user-requested refreshes, so a busy page cannot turn into an
     * AWS bill or throttling. Default: 30.
     */
    refreshCooldownSeconds?: number;
    /**
     * Data older than this many collection intervals is reported as stale: the snapshot's, or, when a
     * source failed in the last round, that source's last good data. Default: 3.
     */
    staleAfterIntervals?: number;

    /**
     * Defaults for models whose annotations leave them out. `accountId`, `region` and `timeZone` are declared with
     * the other shared AWS keys (`endpoints`, `aws`) in the config.d.ts of ml-observability-node.
     */
    defaults?: {
      /** Drift score above which a feature is flagged, when the runbook has no `alert_threshold`. Default: 0.3. */
      driftThreshold?: number;
      /** Quality thresholds (fractions, e.g. 0.9) when the runbook has none. */
      qualityThresholds?: {
        businessHours?: number;
        offHours?: number;
      };
    };

    /** When business-hours thresholds apply, in the model's time zone. Default: Monday–Friday 09:00–18:00. */
    businessHours?: {
      /** HH:mm */
      start?: string;
      /** HH:mm */
      end?: string;
      /** ISO weekdays, 1 = Monday … 7 = Sunday. */
      days?: number[];
    };

    /**
     * Links for the on-call annotations (`pagerduty.com/service-id`, `opsgenie.com/team`); `{id}` is replaced
     * by the annotation's value. PagerDuty defaults to https://app.pagerduty.com/service-directory/{id};
     * Opsgenie has no default (its team pages are addressed by id, not by the name in the annotation).
     */
    onCallUrls?: {
      pagerduty?: string;
      opsgenie?: string;
    };

    /**
     * Runbook actions run from the page or by AI assistants (a severity rule's `action:` in the runbook).
     * Who may run them is the permission `ml-observability.model.act` (grant it to a model's owners and
     * on-call only); these settings limit and pace the runs.
     */
    actions?: {
      /** Runs (applies and undos) one model may start per window. Default: 6. */
      maxRunsPerWindow?: number;
      /** The rate limit's window in minutes. Default: 10. */
      windowMinutes?: number;
      /** How often a run reads its endpoint or pipeline execution while following it, in seconds. Default: 5. */
      followIntervalSeconds?: number;
      /** How long a traffic shift is followed before the run says it did not finish, in minutes. Default: 30. */
      shiftTimeoutMinutes?: number;
      /** How long a pipeline execution is followed, in hours. Default: 6. */
      pipelineTimeoutHours?: number;
    };
    /**
     * The response loop: alarm state changes become an alert history (`model_events`) and portal
     * notifications to the model's owners.
     */
    alerts?: {
      /** Days of alarm transitions kept (CloudWatch keeps alarm history two weeks). Default: 90. */
      retentionDays?: number;
      /** An alarm is flagged noisy with at least `transitions` state changes within `windowHours`. Default: 6 in 24. */
      noisy?: {
        transitions?: number;
        windowHours?: number;
      };
      /** Users or groups (`group:default/sre`) told about alarms no model claims. Default: none. */
      fallbackRecipients?: string[];
      notifications?: {
        /** Send portal notifications (the history is kept either way). Default: true. */
        enabled?: boolean;
      };
      /**
       * SQS queues that receive alarm state changes: an EventBridge rule for "CloudWatch Alarm State Change"
       * events, or an SNS topic of alarm actions subscribed to the queue. Without queues, each collection
       * round detects transitions between snapshots (slower, same notifications).
       */
      queues?: Array<{
        /** e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/mlobs-alarm-events */
        queueUrl: string;
        /** Whose credentials (aws.accounts) read the queue; from the URL when it names one. */
        accountId?: string;
        /** From an AWS queue URL, else `mlObservability.defaults.region`. */
        region?: string;
        /** Long-poll wait per ReceiveMessage, 0–20 seconds. Default: 20. */
        waitTimeSeconds?: number;
        /** Messages per ReceiveMessage, 1–10. Default: 10. */
        maxMessages?: number;
        /** Seconds a received message stays hidden while it is handled. Default: the queue's own. */
        visibilityTimeoutSeconds?: number;
      }>;
      /** How often each queue is polled (one long poll per run). Default: 5 seconds. */
      pollFrequency?: string | { seconds?: number; minutes?: number };
      backfill?: {
        /** Alarms backfilled from DescribeAlarmHistory per round when first seen. Default: 20. */
        alarmsPerRound?: number;
      };
    };
  };
}
