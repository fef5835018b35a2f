import { randomUUID } from 'node:crypto';
import type { Handler } from '../server/context';
import { sagemakerErrors } from '../server/errors';
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
  PIPELINE_STOP_MS,
  PipelineExecutionRecord,
  PipelineParameter,
  PipelineRecord,
  PipelineStore,
  executionModifiedAt,
  executionStatus,
} from './pipelineStore';
import { sageMakerPageSize, sageMakerSort } from './listing';

const DISPLAY_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}$/;
const PARAMETER_NAME = /^[A-Za-z0-9\-_]{1,256}$/;

function notFoundPipeline(store: PipelineStore, nameOrArn: string) {
  const arn = nameOrArn.startsWith('arn:')
    ? nameOrArn
    : store.pipelineArn(nameOrArn);
  return sagemakerErrors.notFound(`Pipeline '${arn}' does not exist.`);
}

function notFoundExecution(arn: string) {
  return sagemakerErrors.notFound(
    `Pipeline execution '${arn}' does not exist.`,
  );
}

function pipelineOf(input: Input, store: PipelineStore): PipelineRecord {
  const name = input.requiredString('PipelineName');
  const pipeline = store.pipeline(name);
  if (!pipeline) throw notFoundPipeline(store, name);
  return pipeline;
}

function executionOf(
  input: Input,
  store: PipelineStore,
): PipelineExecutionRecord {
  const arn = input.requiredString('PipelineExecutionArn');
  const execution = store.execution(arn);
  if (!execution) throw notFoundExecution(arn);
  return execution;
}

function token(input: Input): string | undefined {
  const value = input.string('ClientRequestToken');
  if (value !== undefined && (value.length < 32 || value.length > 128)) {
    throw sagemakerErrors.validation(
      `1 validation error detected: Value '${value}' at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 128`,
    );
  }
  return value;
}

function parametersOf(
  input: Input,
  pipeline: PipelineRecord,
): PipelineParameter[] {
  const list = input.list<Record<string, unknown>>('PipelineParameters') ?? [];
  if (list.length > 200) {
    throw sagemakerErrors.validation(
      "1 validation error detected: Value at 'pipelineParameters' failed to satisfy constraint: Member must have length less than or equal to 200",
    );
  }
  const seen = new Set<string>();
  return list.map(item => {
    const name = item?.Name;
    const value = item?.Value;
    if (typeof name !== 'string' || !PARAMETER_NAME.test(name)) {
      throw sagemakerErrors.validation(
        `Invalid pipeline parameter name ${JSON.stringify(name)}.`,
      );
    }
    if (typeof value !== 'string' || value.length > 1024) {
      throw sagemakerErrors.validation(
        `Pipeline parameter ${name}: Value must be a string of at most 1024 characters.`,
      );
    }
    if (!(name in pipeline.spec.parameters)) {
      throw sagemakerErrors.validation(
        `Pipeline parameter ${name} is not defined in the definition of pipeline '${
          pipeline.arn
        }' (parameters: ${Object.keys(pipeline.spec.parameters).join(', ')}).`,
      );
    }
    if (seen.has(name)) {
      throw sagemakerErrors.validation(
        `Pipeline parameter ${name} is given more than once.`,
      );
    }
    seen.add(name);
    return { Name: name, Value: value };
  });
}

const startPipelineExecution: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const store = ctx.state.sagemaker.pipelines;
  const pipeline = pipelineOf(input, store);
  const parameters = parametersOf(input, pipeline);
  const displayName = input.string('PipelineExecutionDisplayName');
  if (displayName !== undefined && !DISPLAY_NAME.test(displayName)) {
    throw sagemakerErrors.validation(
      `1 validation error detected: Value '${displayName}' at 'pipelineExecutionDisplayName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}`,
    );
  }
  const description = input.string('PipelineExecutionDescription');
  if (description !== undefined && description.length > 3072) {
    throw sagemakerErrors.validation(
      "1 validation error detected: Value at 'pipelineExecutionDescription' failed to satisfy constraint: Member must have length less than or equal to 3072",
    );
  }
  // The SDK fills ClientRequestToken (an idempotency token) when the caller does not.
  const requestToken = token(input) ?? randomUUID();
  const fingerprint = JSON.stringify([
    pipeline.arn,
    [...parameters].sort((a, b) => (a.Name < b.Name ? -1 : 1)),
    displayName ?? null,
    description ?? null,
  ]);
  const earlier = store.startedWith(requestToken, fingerprint);
  if (earlier) {
    if (!earlier.same) {
      throw sagemakerErrors.conflict(
        `ClientRequestToken ${requestToken} was already used for another StartPipelineExecution request (execution '${earlier.arn}').`,
      );
    }
    return { PipelineExecutionArn: earlier.arn };
  }
  const execution = store.start(pipeline, {
    now: ctx.now,
    parameters,
    displayName,
    description,
    token: requestToken,
    fingerprint,
  });
  return { PipelineExecutionArn: execution.arn };
};

const describePipelineExecution: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const e = executionOf(input, ctx.state.sagemaker.pipelines);
  const status = executionStatus(e, ctx.now);
  return {
    PipelineArn: e.pipeline.arn,
    PipelineExecutionArn: e.arn,
    PipelineExecutionDisplayName: e.displayName,
    PipelineExecutionStatus: status,
    ...(e.description !== undefined
      ? { PipelineExecutionDescription: e.description }
      : {}),
    ...(status === 'Failed' ? { FailureReason: e.failureReason } : {}),
    CreationTime: toEpochSeconds(e.createdAt),
    LastModifiedTime: toEpochSeconds(executionModifiedAt(e, ctx.now)),
    PipelineExperimentConfig: {
      ExperimentName: e.pipeline.name.toLowerCase(),
      TrialName: e.arn.slice(e.arn.lastIndexOf('/') + 1),
    },
  };
};

const stopPipelineExecution: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const e = executionOf(input, ctx.state.sagemaker.pipelines);
  const requestToken = token(input);
  const status = executionStatus(e, ctx.now);
  if (e.stop && (status === 'Stopping' || e.stop.token === requestToken)) {
    return { PipelineExecutionArn: e.arn };
  }
  if (status !== 'Executing') {
    throw sagemakerErrors.conflict(
      `Pipeline execution '${e.arn}' is ${status}; only an Executing pipeline execution can be stopped.`,
    );
  }
  e.stop = {
    requestedAt: ctx.now,
    stoppedAt: ctx.now + PIPELINE_STOP_MS,
    token: requestToken,
  };
  return { PipelineExecutionArn: e.arn };
};

const listPipelineExecutions: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const pipeline = pipelineOf(input, ctx.state.sagemaker.pipelines);
  const { sortBy, descending } = sageMakerSort(
    input,
    ['CreationTime', 'PipelineExecutionArn'] as const,
    'CreationTime',
  );
  const limit = sageMakerPageSize(body.MaxResults);
  const after = input.timestamp('CreatedAfter');
  const before = input.timestamp('CreatedBefore');
  const cursor = decodeToken<Array<string | number>>(
    'sagemaker',
    'ListPipelineExecutions',
    body.NextToken,
  );
  const keyOf = (e: PipelineExecutionRecord): Array<string | number> =>
    sortBy === 'CreationTime' ? [e.createdAt, e.arn] : [e.arn];
  const compare = (a: Array<string | number>, b: Array<string | number>) =>
    compareTuples(a, b, [descending, descending]);
  const rows = pipeline.executions
    .filter(
      e =>
        (after === undefined || e.createdAt > after) &&
        (before === undefined || e.createdAt < before),
    )
    .sort((a, b) => compare(keyOf(a), keyOf(b)));
  const { page, next } = pageSorted(rows, keyOf, compare, cursor, limit);
  return {
    PipelineExecutionSummaries: page.map(e => {
      const status = executionStatus(e, ctx.now);
      return {
        PipelineExecutionArn: e.arn,
        StartTime: toEpochSeconds(e.createdAt),
        PipelineExecutionStatus: status,
        ...(e.description !== undefined
          ? { PipelineExecutionDescription: e.description }
          : {}),
        PipelineExecutionDisplayName: e.displayName,
        ...(status === 'Failed'
          ? { PipelineExecutionFailureReason: e.failureReason }
          : {}),
      };
    }),
    ...(next ? { NextToken: encodeToken('ListPipelineExecutions', next) } : {}),
  };
};

const listPipelineParametersForExecution: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const e = executionOf(input, ctx.state.sagemaker.pipelines);
  const limit = sageMakerPageSize(body.MaxResults, 50);
  const cursor = decodeToken<[number]>(
    'sagemaker',
    'ListPipelineParametersForExecution',
    body.NextToken,
  );
  const indexed = e.parameters.map((p, i) => ({ p, i }));
  const { page, next } = pageSorted(
    indexed,
    r => [r.i] as [number],
    (a, b) => a[0] - b[0],
    cursor,
    limit,
  );
  return {
    PipelineParameters: page.map(r => r.p),
    ...(next
      ? { NextToken: encodeToken('ListPipelineParametersForExecution', next) }
      : {}),
  };
};

function lastRunAt(p: PipelineRecord): number | undefined {
  return p.executions.at(-1)?.createdAt;
}

const describePipeline: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const p = pipelineOf(input, ctx.state.sagemaker.pipelines);
  const lastRun = lastRunAt(p);
  return {
    PipelineArn: p.arn,
    PipelineName: p.name,
    PipelineDisplayName: p.spec.displayName ?? p.name,
    PipelineDefinition: p.definition,
    ...(p.spec.description !== undefined
      ? { PipelineDescription: p.spec.description }
      : {}),
    RoleArn: p.roleArn,
    PipelineStatus: 'Active',
    CreationTime: toEpochSeconds(p.spec.createdAt),
    LastModifiedTime: toEpochSeconds(p.spec.createdAt),
    ...(lastRun !== undefined ? { LastRunTime: toEpochSeconds(lastRun) } : {}),
  };
};

const listPipelines: Handler = (body, ctx) => {
  const input = new Input(body, 'sagemaker');
  const { sortBy, descending } = sageMakerSort(
    input,
    ['Name', 'CreationTime'] as const,
    'CreationTime',
  );
  const limit = sageMakerPageSize(body.MaxResults);
  const prefix = input.string('PipelineNamePrefix');
  const after = input.timestamp('CreatedAfter');
  const before = input.timestamp('CreatedBefore');
  const cursor = decodeToken<Array<string | number>>(
    'sagemaker',
    'ListPipelines',
    body.NextToken,
  );
  const rows = ctx.state.sagemaker.pipelines
    .all()
    .filter(
      p =>
        (!prefix || p.name.startsWith(prefix)) &&
        (after === undefined || p.spec.createdAt > after) &&
        (before === undefined || p.spec.createdAt < before),
    )
    .map(p => ({
      name: p.name,
      status: 'Active',
      createdAt: p.spec.createdAt,
      p,
    }));
  const { page, next } = pageSageMakerList(
    rows,
    { sortBy, descending },
    cursor,
    limit,
  );
  return {
    PipelineSummaries: page.map(({ p }) => {
      const lastRun = lastRunAt(p);
      return {
        PipelineArn: p.arn,
        PipelineName: p.name,
        PipelineDisplayName: p.spec.displayName ?? p.name,
        ...(p.spec.description !== undefined
          ? { PipelineDescription: p.spec.description }
          : {}),
        RoleArn: p.roleArn,
        CreationTime: toEpochSeconds(p.spec.createdAt),
        LastModifiedTime: toEpochSeconds(p.spec.createdAt),
        ...(lastRun !== undefined
          ? { LastExecutionTime: toEpochSeconds(lastRun) }
          : {}),
      };
    }),
    ...(next ? { NextToken: encodeToken('ListPipelines', next) } : {}),
  };
};

export const pipelineHandlers: Record<string, Handler> = {
  StartPipelineExecution: startPipelineExecution,
  DescribePipelineExecution: describePipelineExecution,
  StopPipelineExecution: stopPipelineExecution,
  ListPipelineExecutions: listPipelineExecutions,
  ListPipelineParametersForExecution: listPipelineParametersForExecution,
  DescribePipeline: describePipeline,
  ListPipelines: listPipelines,
};
