import type { RequestContext } from '../server/context';
import { sagemakerErrors } from '../server/errors';
import {
  Execution,
  latestExecution,
  processingJobArnOf,
} from '../sim/monitoring';
import { toEpochSeconds } from '../util/time';
import type { Json, ScheduleRecord } from './records';

export const MONITORING_TYPES = [
  'DataQuality',
  'ModelQuality',
  'ModelBias',
  'ModelExplainability',
] as const;
export const SCHEDULE_STATUSES = [
  'Pending',
  'Failed',
  'Scheduled',
  'Stopped',
] as const;
export const EXECUTION_STATUSES = [
  'Pending',
  'Completed',
  'CompletedWithViolations',
  'InProgress',
  'Failed',
  'Stopping',
  'Stopped',
] as const;
export const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** AWS reports the schedule as modified whenever an execution updates it. */
export function scheduleLastModified(
  record: ScheduleRecord,
  now: number,
): number {
  const latest = latestExecution(record.runtime, now);
  return Math.max(record.configModifiedAt, latest?.lastModifiedAt ?? 0);
}

export function jobDefinitionName(record: ScheduleRecord): string | undefined {
  const name = record.config.MonitoringJobDefinitionName;
  return typeof name === 'string' ? name : undefined;
}

export function executionSummary(e: Execution): Json {
  return {
    MonitoringScheduleName: e.scheduleName,
    ScheduledTime: toEpochSeconds(e.scheduledAt),
    CreationTime: toEpochSeconds(e.createdAt),
    LastModifiedTime: toEpochSeconds(e.lastModifiedAt),
    MonitoringExecutionStatus: e.status,
    ...(e.status !== 'Pending'
      ? { ProcessingJobArn: processingJobArnOf(e) }
      : {}),
    ...(e.endpointName ? { EndpointName: e.endpointName } : {}),
    ...(e.failureReason ? { FailureReason: e.failureReason } : {}),
    ...(e.jobDefinitionName
      ? { MonitoringJobDefinitionName: e.jobDefinitionName }
      : {}),
    MonitoringType: e.type,
  };
}

export function findSchedule(
  ctx: RequestContext,
  name: string,
): ScheduleRecord {
  const record = ctx.state.sagemaker.schedules.get(name);
  if (!record) {
    throw sagemakerErrors.notFound(
      `Monitoring schedule ${ctx.state.sagemaker.arn(
        'monitoring-schedule',
        name,
      )} does not exist.`,
    );
  }
  return record;
}
