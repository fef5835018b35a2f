export interface Config {
  mlObservability?: {
    // defaults (the account, region and time zone of actions without them), endpoints and aws are declared
    // once, in the config.d.ts of ml-observability-node.

    /** Business hours of mlobs:cloudwatch:create-alarms (shared with the backend plugin). Default: Monday-Friday 09:00-18:00. */
    businessHours?: {
      /** HH:mm */
      start?: string;
      /** HH:mm */
      end?: string;
      /** ISO weekdays, 1 = Monday … 7 = Sunday. */
      days?: number[];
    };

    /** Settings of mlobs:cloudwatch:create-alarms. */
    alarms?: {
      /**
       * The metric a monitoring pipeline publishes per finished Model Monitor execution (1 = failed, 0 = not),
       * with dimensions Endpoint and MonitoringSchedule. SageMaker publishes no such metric itself: an
       * EventBridge rule on the processing job state changes usually does.
       * Default: namespace ML/ModelMonitoring, metric MonitoringExecutionFailures.
       */
      monitoringFailureMetric?: {
        namespace?: string;
        metricName?: string;
      };
    };

    /**
     * Where mlobs:publish:local writes, and mlobs:catalog:register-local registers from (the catalog module
     * reads the same key). Absent: both actions refuse to run.
     */
    localPublish?: {
      /** Absolute, or relative to the backend's working directory. */
      rootDirectory: string;
    };
  };
}
