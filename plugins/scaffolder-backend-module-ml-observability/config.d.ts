export interface Config {
  mlObservability?: {
    /** Defaults for inputs left out (shared with the backend plugin). */
    defaults?: {
      /** AWS account of actions without accountId. Default: the default credentials' account. */
      accountId?: string;
      /** AWS region of actions without region. Default: us-east-1. */
      region?: string;
      /** IANA time zone of mlobs:cloudwatch:create-alarms without timeZone. Default: UTC. */
      timeZone?: string;
    };

    /** Business hours of mlobs:cloudwatch:create-alarms (shared with the backend plugin). Default: Monday-Friday 09:00-18:00. */
    businessHours?: {
      /** HH:mm */
      start?: string;
      /** HH:mm */
      end?: string;
      /** ISO weekdays, 1 = Monday … 7 = Sunday. */
      days?: number[];
    };

    /**
     * API endpoint overrides per account and region (shared with the backend plugin): the first entry matching
     * the account and region wins; leave accountId or region out to match any.
     */
    endpoints?: Array<{
      accountId?: string;
      region?: string;
      /** SageMaker API endpoint, e.g. http://localhost:4566 for the emulator. */
      sagemaker?: string;
      /** CloudWatch API endpoint. */
      cloudwatch?: string;
    }>;

    /** Limits of the AWS calls (shared with the backend plugin). */
    aws?: {
      /** Attempts per call, with the SDK's adaptive retry mode. Default: 4. */
      maxAttempts?: number;
      /** Per-request timeout in milliseconds. Default: 10000. */
      requestTimeoutMs?: number;
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
