/**
 * What polling costs per month at CloudWatch's public prices. SageMaker API
 * calls are free. Only answered requests are billed; throttled ones are not
 * counted.
 */

/** USD per 1,000 metrics requested through GetMetricData. */
export const GET_METRIC_DATA_PER_1000_METRICS = 0.01;
/** USD per 1,000 requests of the other CloudWatch API operations. */
export const OTHER_CLOUDWATCH_PER_1000_REQUESTS = 0.01;
export const MONTH_SECONDS = 30 * 24 * 3600;

/** What was observed over a measured window of simulated time. */
export interface ObservedUsage {
  windowSeconds: number;
  /** CloudWatch requests other than GetMetricData (DescribeAlarms, ListMetrics, ...). */
  cloudWatchRequests: number;
  /** Metrics requested through GetMetricData. */
  metricsRequested: number;
}

export interface MonthlyBill {
  cloudWatchRequests: number;
  metricsRequested: number;
  requestsUsd: number;
  metricsUsd: number;
  totalUsd: number;
}

/** Scales a measured window to a 30-day month. */
export function monthlyBill(usage: ObservedUsage): MonthlyBill {
  if (!(usage.windowSeconds > 0)) {
    throw new Error(
      `the measured window must be longer than 0 s, got ${usage.windowSeconds}`,
    );
  }
  const scale = MONTH_SECONDS / usage.windowSeconds;
  const cloudWatchRequests = usage.cloudWatchRequests * scale;
  const metricsRequested = usage.metricsRequested * scale;
  const requestsUsd =
    (cloudWatchRequests / 1000) * OTHER_CLOUDWATCH_PER_1000_REQUESTS;
  const metricsUsd =
    (metricsRequested / 1000) * GET_METRIC_DATA_PER_1000_METRICS;
  return {
    cloudWatchRequests,
    metricsRequested,
    requestsUsd,
    metricsUsd,
    totalUsd: requestsUsd + metricsUsd,
  };
}

/**
 * A poller without state repeats the same refresh every interval, so one
 * counted refresh is the whole story.
 */
export function pollingBill(
  perRefresh: { cloudWatchRequests: number; metricsRequested: number },
  intervalSeconds: number,
): MonthlyBill {
  return monthlyBill({ windowSeconds: intervalSeconds, ...perRefresh });
}
