/**
 * SageMaker reads: whole-region list walks (pages of 100) and the Describe
 * calls made only when a resource's LastModifiedTime moved, plus the mapping
 * of their answers to the report's types.
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointCommandOutput,
  DescribeMonitoringScheduleCommand,
  DescribeMonitoringScheduleCommandOutput,
  EndpointSummary,
  ListEndpointsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  MonitoringExecutionSummary,
  MonitoringScheduleSummary,
  ProductionVariantSummary,
} from '@aws-sdk/client-sagemaker';
import {
  EndpointInfo,
  EndpointStatus,
  MonitoringExecutionInfo,
  MonitoringExecutionStatus,
  VariantInfo,
  sageMakerEndpointUrl,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { RegionContext } from './context';
import { dataCaptureOf } from './dataCapture';
import type { ScheduleDetails } from './state';

const PAGE_SIZE = 100;
export const RECENT_EXECUTIONS_KEPT = 10;

export function iso(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}

export async function listAllEndpoints(
  ctx: RegionContext,
): Promise<EndpointSummary[]> {
  const pages = await ctx.pages('SageMaker', 'ListEndpoints', token =>
    ctx.clients.sagemaker.send(
      new ListEndpointsCommand({ MaxResults: PAGE_SIZE, NextToken: token }),
      ctx.http,
    ),
  );
  return pages.flatMap(p => p.Endpoints ?? []);
}

export async function listAllSchedules(
  ctx: RegionContext,
): Promise<MonitoringScheduleSummary[]> {
  const pages = await ctx.pages('SageMaker', 'ListMonitoringSchedules', token =>
    ctx.clients.sagemaker.send(
      new ListMonitoringSchedulesCommand({
        MaxResults: PAGE_SIZE,
        NextToken: token,
      }),
      ctx.http,
    ),
  );
  return pages.flatMap(p => p.MonitoringScheduleSummaries ?? []);
}

/** The schedules monitoring one endpoint: a filtered list, whatever the region holds. */
export async function listSchedulesOfEndpoint(
  ctx: RegionContext,
  endpointName: string,
): Promise<MonitoringScheduleSummary[]> {
  const pages = await ctx.pages('SageMaker', 'ListMonitoringSchedules', token =>
    ctx.clients.sagemaker.send(
      new ListMonitoringSchedulesCommand({
        EndpointName: endpointName,
        MaxResults: PAGE_SIZE,
        NextToken: token,
      }),
      ctx.http,
    ),
  );
  return pages.flatMap(p => p.MonitoringScheduleSummaries ?? []);
}

/** The newest executions of one schedule, one page: as many as a report keeps. */
export async function listRecentExecutions(
  ctx: RegionContext,
  scheduleName: string,
): Promise<MonitoringExecutionSummary[]> {
  const page = await ctx.send('SageMaker', 'ListMonitoringExecutions', () =>
    ctx.clients.sagemaker.send(
      new ListMonitoringExecutionsCommand({
        MonitoringScheduleName: scheduleName,
        SortBy: 'ScheduledTime',
        SortOrder: 'Descending',
        MaxResults: RECENT_EXECUTIONS_KEPT,
      }),
      ctx.http,
    ),
  );
  return page.MonitoringExecutionSummaries ?? [];
}

/**
 * A monitoring execution runs at most a day (MaxRuntimeInSeconds <= 86400),
 * so one modified in the window was created at most this long before it.
 */
export const MAX_EXECUTION_SPAN_MS = 2 * 24 * 3600 * 1000;

/**
 * Every execution of every schedule in the region modified after `since`: no
 * call per schedule. The creation-time bound changes nothing in the result;
 * it spares the service a scan of each schedule's whole history.
 */
export async function listExecutionsModifiedAfter(
  ctx: RegionContext,
  since: Date,
): Promise<MonitoringExecutionSummary[]> {
  const createdAfter = new Date(since.getTime() - MAX_EXECUTION_SPAN_MS);
  const pages = await ctx.pages(
    'SageMaker',
    'ListMonitoringExecutions',
    token =>
      ctx.clients.sagemaker.send(
        new ListMonitoringExecutionsCommand({
          MaxResults: PAGE_SIZE,
          LastModifiedTimeAfter: since,
          CreationTimeAfter: createdAfter,
          NextToken: token,
        }),
        ctx.http,
      ),
  );
  return pages.flatMap(p => p.MonitoringExecutionSummaries ?? []);
}

export function describeEndpoint(
  ctx: RegionContext,
  name: string,
): Promise<DescribeEndpointCommandOutput> {
  return ctx.send('SageMaker', 'DescribeEndpoint', () =>
    ctx.clients.sagemaker.send(
      new DescribeEndpointCommand({ EndpointName: name }),
      ctx.http,
    ),
  );
}

export function describeSchedule(
  ctx: RegionContext,
  name: string,
): Promise<DescribeMonitoringScheduleCommandOutput> {
  return ctx.send('SageMaker', 'DescribeMonitoringSchedule', () =>
    ctx.clients.sagemaker.send(
      new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }),
      ctx.http,
    ),
  );
}

const ENDPOINT_STATUSES = new Set<string>([
  'OutOfService',
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'InService',
  'Deleting',
  'Failed',
  'UpdateRollbackFailed',
]);

export function endpointStatusOf(status: string | undefined): EndpointStatus {
  return status && ENDPOINT_STATUSES.has(status)
    ? (status as EndpointStatus)
    : 'unknown';
}

function variantsOf(
  variants: ProductionVariantSummary[] | undefined,
): VariantInfo[] {
  const list = variants ?? [];
  const totalWeight = list.reduce((sum, v) => sum + (v.CurrentWeight ?? 0), 0);
  return list.map(v => ({
    name: v.VariantName ?? 'unnamed',
    ...(v.CurrentWeight !== undefined
      ? { currentWeight: v.CurrentWeight }
      : {}),
    ...(v.DesiredWeight !== undefined
      ? { desiredWeight: v.DesiredWeight }
      : {}),
    ...(v.CurrentInstanceCount !== undefined
      ? { currentInstanceCount: v.CurrentInstanceCount }
      : {}),
    ...(v.DesiredInstanceCount !== undefined
      ? { desiredInstanceCount: v.DesiredInstanceCount }
      : {}),
    ...(totalWeight > 0 && v.CurrentWeight !== undefined
      ? {
          trafficPercent:
            Math.round((v.CurrentWeight / totalWeight) * 1000) / 10,
        }
      : {}),
  }));
}

export function endpointInfoOf(
  d: DescribeEndpointCommandOutput,
  accountId: string,
  region: string,
): EndpointInfo {
  const name = d.EndpointName ?? '';
  return {
    name,
    accountId,
    region,
    status: endpointStatusOf(d.EndpointStatus),
    ...(d.FailureReason ? { failureReason: d.FailureReason } : {}),
    ...(d.EndpointConfigName
      ? { endpointConfigName: d.EndpointConfigName }
      : {}),
    ...(d.CreationTime ? { createdAt: iso(d.CreationTime) } : {}),
    ...(d.LastModifiedTime ? { lastModifiedAt: iso(d.LastModifiedTime) } : {}),
    variants: variantsOf(d.ProductionVariants),
    shadowVariants: variantsOf(d.ShadowProductionVariants),
    dataCapture: dataCaptureOf(d.DataCaptureConfig),
    consoleUrl: sageMakerEndpointUrl(region, name),
  };
}

/** A cached endpoint with the list's fresher status. */
export function withListedStatus(
  info: EndpointInfo,
  summary: EndpointSummary,
): EndpointInfo {
  return {
    ...info,
    status: endpointStatusOf(summary.EndpointStatus ?? info.status),
    ...(summary.LastModifiedTime
      ? { lastModifiedAt: iso(summary.LastModifiedTime) }
      : {}),
  };
}

const EXECUTION_STATUSES = new Set<string>([
  'Pending',
  'Completed',
  'CompletedWithViolations',
  'InProgress',
  'Failed',
  'Stopping',
  'Stopped',
]);

export function executionInfoOf(
  s: MonitoringExecutionSummary,
): MonitoringExecutionInfo | undefined {
  const status = s.MonitoringExecutionStatus;
  if (!s.ScheduledTime || !status || !EXECUTION_STATUSES.has(status))
    return undefined;
  return {
    status: status as MonitoringExecutionStatus,
    scheduledTime: s.ScheduledTime.toISOString(),
    ...(s.CreationTime ? { creationTime: iso(s.CreationTime) } : {}),
    ...(s.LastModifiedTime
      ? { lastModifiedTime: iso(s.LastModifiedTime) }
      : {}),
    ...(s.FailureReason ? { failureReason: s.FailureReason } : {}),
    ...(s.ProcessingJobArn ? { processingJobArn: s.ProcessingJobArn } : {}),
  };
}

export function scheduleDetailsOf(
  d: DescribeMonitoringScheduleCommandOutput,
): ScheduleDetails {
  const config = d.MonitoringScheduleConfig;
  const publish =
    config?.MonitoringJobDefinition?.Environment?.publish_cloudwatch_metrics;
  return {
    ...(config?.ScheduleConfig?.ScheduleExpression
      ? { cron: config.ScheduleConfig.ScheduleExpression }
      : {}),
    ...(d.FailureReason ? { failureReason: d.FailureReason } : {}),
    ...(typeof publish === 'string'
      ? { publishSetting: publish.toLowerCase() !== 'disabled' }
      : {}),
  };
}

const FINISHED = new Set<MonitoringExecutionStatus>([
  'Completed',
  'CompletedWithViolations',
  'Failed',
  'Stopped',
]);

export function isCompleted(e: MonitoringExecutionInfo): boolean {
  return e.status === 'Completed' || e.status === 'CompletedWithViolations';
}

/** The newest run that finished, which is what "the last run" means in a report; else the newest. */
export function lastFinishedExecution(
  executions: MonitoringExecutionInfo[],
): MonitoringExecutionInfo | undefined {
  return executions.find(e => FINISHED.has(e.status)) ?? executions[0];
}

/**
 * Merges newly listed executions into the kept ones: one entry per scheduled
 * time (the most recently modified wins), newest first, a bounded number.
 */
export function mergeExecutions(
  kept: MonitoringExecutionInfo[] | undefined,
  fresh: MonitoringExecutionInfo[],
): MonitoringExecutionInfo[] {
  const byTime = new Map<string, MonitoringExecutionInfo>();
  for (const e of [...(kept ?? []), ...fresh]) {
    const existing = byTime.get(e.scheduledTime);
    const modified = (x: MonitoringExecutionInfo) =>
      Date.parse(x.lastModifiedTime ?? x.scheduledTime);
    if (!existing || modified(e) >= modified(existing))
      byTime.set(e.scheduledTime, e);
  }
  return [...byTime.values()]
    .sort((a, b) => Date.parse(b.scheduledTime) - Date.parse(a.scheduledTime))
    .slice(0, RECENT_EXECUTIONS_KEPT);
}
