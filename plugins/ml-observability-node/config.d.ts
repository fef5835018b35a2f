/**
 * The AWS settings shared by the ML Observability backend plugin and its catalog and scaffolder modules. Each
 * package declares its own other keys in its own config.d.ts.
 */
export interface Config {
  mlObservability?: {
    /** Defaults for models (and scaffolder actions) whose annotations or inputs leave them out. */
    defaults?: {
      /**
       * AWS account id. Default: `aws.mainAccount.accountId`, else the first entry of `aws.accounts`, else the
       * default credentials' account.
       */
      accountId?: string;
      /** AWS region. Default: us-east-1. */
      region?: string;
      /** IANA time zone for business hours. Default: UTC. */
      timeZone?: string;
    };

    /**
     * API endpoint overrides per account and region: VPC interface endpoints, or the local emulator.
     * The first entry matching the account and region that sets the service wins; leave accountId or region out to
     * match any.
     */
    endpoints?: Array<{
      accountId?: string;
      region?: string;
      /** SageMaker API endpoint, e.g. https://api.sagemaker.us-east-1.amazonaws.com or http://localhost:4566 */
      sagemaker?: string;
      /** CloudWatch API endpoint. */
      cloudwatch?: string;
    }>;

    /** Limits of the AWS calls. */
    aws?: {
      /** Attempts per call, with the SDK's adaptive retry mode. Default: 4. */
      maxAttempts?: number;
      /** Per-request and connection timeout in milliseconds. Default: 10000. */
      requestTimeoutMs?: number;
      /** Concurrent AWS calls per account and region (backend collection). Default: 4. */
      concurrency?: number;
    };
  };
}
