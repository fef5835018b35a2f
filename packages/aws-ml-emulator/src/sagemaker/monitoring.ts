import type { Handler } from '../server/context';
import { sagemakerErrors } from '../server/errors';
import { parseScheduleExpression } from '../sim/cron';
import type { MonitoringType } from '../sim/model';
import {
  Execution,
  executionsBetween,
  latestExecution,
} from '../sim/monitoring';
import { combineSeed } from '../util/hash';
import { Input } from '../util/input';
import {
  compareTuples,
  decodeToken,
  encodeToken,
  pageSageMakerList,
  pageSorted,
} from '../util/pagination';
import { toEpochSeconds } from '../util/time';
import {
  MONITORING_TYPES,
  NAME_PATTERN,
  SCHEDULE_STATUSES,
  executionSummary,
  findSchedule,
  jobDefinitionName,
  scheduleLastModified,
} from './monitoringCommon';
import type { Json } from './records';
import { SageMakerStore } from './store';
import { sageMakerPageSize, sageMakerSort } from './listing';

const listMonitoringSchedules: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const { sortBy, descending } = sageMakerSort(
    input,
    ['Name', 'CreationTime', 'Status'] as const,
    'CreationTime',
  );
  const limit = sageMakerPageSize(body.MaxResults);
  const endpoint = input.string('EndpointName');
  const nameContains = input.string('NameContains');
  const status = input.oneOf('StatusEquals', SCHEDULE_STATUSES);
  const type = input.oneOf('MonitoringTypeEquals', MONITORING_TYPES);
  const jobDefinition = input.string('MonitoringJobDefinitionName');
  const createdBefore = input.timestamp('CreationTimeBefore');
  const createdAfter = input.timestamp('CreationTimeAfter');
  const modifiedBefore = input.timestamp('LastModifiedTimeBefore');
  const modifiedAfter = input.timestamp('LastModifiedTimeAfter');
  const after = decodeToken<Array<string | number>>(
    'sagemaker',
    'ListMonitoringSchedules',
    body.NextToken,
  );
  let rows = [...ctx.state.sagemaker.schedules.values()].filter(
    s =>
      (!endpoint || s.endpointName === endpoint) &&
      (!nameContains || s.name.includes(nameContains)) &&
      (!status || s.status === status) &&
      (!type || s.type === type) &&
      (!jobDefinition || jobDefinitionName(s) === jobDefinition) &&
      (createdBefore === undefined || s.createdAt < createdBefore) &&
      (createdAfter === undefined || s.createdAt > createdAfter),
  );
  // LastModifiedTime moves with every execution; derive it only where it is needed.
  if (modifiedBefore !== undefined || modifiedAfter !== undefined) {
    rows = rows.filter(s => {
      const modified = scheduleLastModified(s, ctx.now);
      return (
        (modifiedBefore === undefined || modified < modifiedBefore) &&
        (modifiedAfter === undefined || modified > modifiedAfter)
      );
    });
  }
  const { page, next } = pageSageMakerList(
    rows,
    { sortBy, descending },
    after,
    limit,
  );
  return {
    MonitoringScheduleSummaries: page.map(s => ({
      MonitoringScheduleName: s.name,
      MonitoringScheduleArn: s.arn,
      CreationTime: toEpochSeconds(s.createdAt),
      LastModifiedTime: toEpochSeconds(scheduleLastModified(s, ctx.now)),
      MonitoringScheduleStatus: s.status,
      ...(s.endpointName ? { EndpointName: s.endpointName } : {}),
      ...(jobDefinitionName(s)
        ? { MonitoringJobDefinitionName: jobDefinitionName(s) }
        : {}),
      MonitoringType: s.type,
    })),
    ...(next
      ? { NextToken: encodeToken('ListMonitoringSchedules', next) }
      : {}),
  };
};

const describeMonitoringSchedule: Handler = (body, ctx) => {
  const name = new Input(body, 'sagemaker').requiredString(
    'MonitoringScheduleName',
  );
  const record = findSchedule(ctx, name);
  const latest = latestExecution(record.runtime, ctx.now);
  return {
    MonitoringScheduleArn: record.arn,
    MonitoringScheduleName: record.name,
    MonitoringScheduleStatus: record.status,
    MonitoringType: record.type,
    CreationTime: toEpochSeconds(record.createdAt),
    LastModifiedTime: toEpochSeconds(scheduleLastModified(record, ctx.now)),
    MonitoringScheduleConfig: record.config,
    ...(record.endpointName ? { EndpointName: record.endpointName } : {}),
    ...(latest
      ? { LastMonitoringExecutionSummary: executionSummary(latest) }
      : {}),
  };
};

const createMonitoringSchedule: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const name = input.requiredString('MonitoringScheduleName');
  if (!NAME_PATTERN.test(name))
    throw sagemakerErrors.validation(
      `Invalid MonitoringScheduleName "${name}".`,
    );
  const config = input.object('MonitoringScheduleConfig');
  if (!config) throw input.missing('MonitoringScheduleConfig');
  const store = ctx.state.sagemaker;
  const arn = store.arn('monitoring-schedule', name);
  if (store.schedules.has(name)) {
    throw sagemakerErrors.inUse(`Monitoring schedule ${arn} already exists.`);
  }
  const expression = (config.ScheduleConfig as Json | undefined)
    ?.ScheduleExpression;
  if (typeof expression !== 'string') {
    throw sagemakerErrors.validation(
      'MonitoringScheduleConfig.ScheduleConfig.ScheduleExpression is required.',
    );
  }
  const hasInline = config.MonitoringJobDefinition !== undefined;
  const definitionName = config.MonitoringJobDefinitionName;
  if (hasInline === (typeof definitionName === 'string')) {
    throw sagemakerErrors.validation(
      'Exactly one of MonitoringJobDefinition and MonitoringJobDefinitionName must be provided.',
    );
  }
  const typeInput = new Input(config, 'sagemaker').oneOf(
    'MonitoringType',
    MONITORING_TYPES,
  );
  const type: MonitoringType = typeInput ?? 'DataQuality';
  if (hasInline && type !== 'DataQuality') {
    throw sagemakerErrors.validation(
      'An inline MonitoringJobDefinition is only valid for DataQuality.',
    );
  }
  const endpointName = SageMakerStore.endpointOfConfig(config);
  if (hasInline && (!endpointName || !store.endpoints.has(endpointName))) {
    throw sagemakerErrors.validation(
      `Could not find endpoint "${endpointName ?? ''}".`,
    );
  }
  let cadence;
  try {
    cadence = parseScheduleExpression(expression, ctx.now);
  } catch (e) {
    throw sagemakerErrors.validation((e as Error).message);
  }
  store.schedules.set(name, {
    name,
    arn,
    createdAt: ctx.now,
    configModifiedAt: ctx.now,
    status: 'Scheduled',
    type,
    endpointName,
    config: { ...config, MonitoringType: type },
    runtime: {
      name,
      account: ctx.account,
      region: ctx.region,
      endpointName,
      type,
      jobDefinitionName:
        typeof definitionName === 'string' ? definitionName : undefined,
      cadence,
      createdAt: ctx.now,
      stream: combineSeed('user', ctx.account, name),
      outcome: () => ({ status: 'Completed' }),
    },
  });
  store.tags.set(arn, Array.isArray(body.Tags) ? (body.Tags as never) : []);
  return { MonitoringScheduleArn: arn };
};

const listMonitoringAlerts: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const record = findSchedule(
    ctx,
    input.requiredString('MonitoringScheduleName'),
  );
  const limit = sageMakerPageSize(body.MaxResults);
  const after = decodeToken<[string]>(
    'sagemaker',
    'ListMonitoringAlerts',
    body.NextToken,
  );
  const latest = latestExecution(record.runtime, ctx.now);
  let lastFinished = latest;
  if (
    latest &&
    (latest.status === 'Pending' || latest.status === 'InProgress')
  ) {
    lastFinished = executionsBetween(
      record.runtime,
      -Infinity,
      latest.scheduledAt,
      ctx.now,
      true,
    ).next().value as Execution | undefined;
  }
  const inAlert = lastFinished?.status === 'CompletedWithViolations';
  const alertName = `${record.type
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()}-violations`;
  const alerts = [
    {
      MonitoringAlertName: alertName,
      CreationTime: toEpochSeconds(record.createdAt),
      LastModifiedTime: toEpochSeconds(
        Math.max(record.createdAt, lastFinished?.lastModifiedAt ?? 0),
      ),
      AlertStatus: inAlert ? 'InAlert' : 'OK',
      DatapointsToAlert: 1,
      EvaluationPeriod: 1,
      Actions: { ModelDashboardIndicator: { Enabled: true } },
    },
  ];
  const { page, next } = pageSorted(
    alerts,
    a => [a.MonitoringAlertName],
    compareTuples,
    after,
    limit,
  );
  return {
    MonitoringAlertSummaries: page,
    ...(next ? { NextToken: encodeToken('ListMonitoringAlerts', next) } : {}),
  };
};

export const monitoringHandlers: Record<string, Handler> = {
  ListMonitoringSchedules: listMonitoringSchedules,
  DescribeMonitoringSchedule: describeMonitoringSchedule,
  CreateMonitoringSchedule: createMonitoringSchedule,
  ListMonitoringAlerts: listMonitoringAlerts,
};
