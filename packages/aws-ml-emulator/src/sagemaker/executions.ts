import type { Handler } from '../server/context';
import {
  Execution,
  ExecutionStatus,
  executionsBetween,
} from '../sim/monitoring';
import { Input } from '../util/input';
import { mergeSorted } from '../util/merge';
import { compareTuples, decodeToken, encodeToken } from '../util/pagination';
import {
  EXECUTION_STATUSES,
  MONITORING_TYPES,
  executionSummary,
  jobDefinitionName,
} from './monitoringCommon';
import type { ScheduleRecord } from './records';
import { sageMakerPageSize, sageMakerSort } from './listing';

type ExecKey = [number | string, number, string];

const listMonitoringExecutions: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const scheduleName = input.string('MonitoringScheduleName');
  const endpoint = input.string('EndpointName');
  const { sortBy, descending } = sageMakerSort(
    input,
    ['CreationTime', 'ScheduledTime', 'Status'] as const,
    'CreationTime',
  );
  const limit = sageMakerPageSize(body.MaxResults);
  const scheduledBefore = input.timestamp('ScheduledTimeBefore');
  const scheduledAfter = input.timestamp('ScheduledTimeAfter');
  const createdBefore = input.timestamp('CreationTimeBefore');
  const createdAfter = input.timestamp('CreationTimeAfter');
  const modifiedBefore = input.timestamp('LastModifiedTimeBefore');
  const modifiedAfter = input.timestamp('LastModifiedTimeAfter');
  const status = input.oneOf('StatusEquals', EXECUTION_STATUSES) as
    | ExecutionStatus
    | undefined;
  const type = input.oneOf('MonitoringTypeEquals', MONITORING_TYPES);
  const jobDefinition = input.string('MonitoringJobDefinitionName');
  const after = decodeToken<ExecKey>(
    'sagemaker',
    'ListMonitoringExecutions',
    body.NextToken,
  );

  let schedules = [...ctx.state.sagemaker.schedules.values()];
  if (scheduleName) schedules = schedules.filter(s => s.name === scheduleName);
  if (endpoint) schedules = schedules.filter(s => s.endpointName === endpoint);
  if (type) schedules = schedules.filter(s => s.type === type);
  if (jobDefinition)
    schedules = schedules.filter(s => jobDefinitionName(s) === jobDefinition);

  const sortKey: Record<typeof sortBy, (e: Execution) => string | number> = {
    Status: e => e.status,
    ScheduledTime: e => e.scheduledAt,
    CreationTime: e => e.createdAt,
  };
  const keyOf = (e: Execution): ExecKey => [
    sortKey[sortBy](e),
    e.scheduledAt,
    e.scheduleName,
  ];
  const compare = (a: ExecKey, b: ExecKey) =>
    compareTuples(a, b, [descending, descending, descending]);
  const accept = (e: Execution) =>
    (status === undefined || e.status === status) &&
    (scheduledBefore === undefined || e.scheduledAt < scheduledBefore) &&
    (scheduledAfter === undefined || e.scheduledAt > scheduledAfter) &&
    (createdBefore === undefined || e.createdAt < createdBefore) &&
    (createdAfter === undefined || e.createdAt > createdAfter) &&
    (modifiedBefore === undefined || e.lastModifiedAt < modifiedBefore) &&
    (modifiedAfter === undefined || e.lastModifiedAt > modifiedAfter) &&
    (after === undefined || compare(keyOf(e), after) > 0);
  // Creation follows the scheduled time by at most ~80 s, so scheduled-time bounds are a safe prefilter.
  const slack = 5 * 60 * 1000;
  let from = Math.max(
    scheduledAfter ?? -Infinity,
    (createdAfter ?? -Infinity) - slack,
  );
  let to = Math.min(scheduledBefore ?? Infinity, createdBefore ?? Infinity);
  if (after && sortBy !== 'Status') {
    if (descending) to = Math.min(to, after[1] + slack);
    else from = Math.max(from, after[1] - slack);
  }
  function* stream(record: ScheduleRecord): Generator<Execution> {
    const ascendingOrder = sortBy !== 'Status' ? !descending : true;
    for (const e of executionsBetween(
      record.runtime,
      from,
      to,
      ctx.now,
      !ascendingOrder,
    )) {
      if (accept(e)) yield e;
    }
  }
  let page: Execution[];
  if (sortBy === 'Status') {
    const all = schedules.flatMap(s => [...stream(s)]);
    all.sort((a, b) => compare(keyOf(a), keyOf(b)));
    page = all.slice(0, limit + 1);
  } else {
    page = mergeSorted(
      schedules.map(stream),
      (a, b) => compare(keyOf(a), keyOf(b)),
      limit + 1,
    );
  }
  const more = page.length > limit;
  page = page.slice(0, limit);
  return {
    MonitoringExecutionSummaries: page.map(executionSummary),
    ...(more
      ? {
          NextToken: encodeToken(
            'ListMonitoringExecutions',
            keyOf(page[page.length - 1]),
          ),
        }
      : {}),
  };
};

export const executionHandlers: Record<string, Handler> = {
  ListMonitoringExecutions: listMonitoringExecutions,
};
