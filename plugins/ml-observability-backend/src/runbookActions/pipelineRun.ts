/** A pipeline start's run: StartPipelineExecution (the run id as token), then follow the execution. */
import {
  DescribePipelineExecutionCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import type { StoredActionRun } from '../store';
import { actionCallFailure } from './awsErrors';
import type { RunContext } from './runContext';

export async function executePipeline(
  ctx: RunContext,
  initial: StoredActionRun,
): Promise<StoredActionRun | undefined> {
  let run = initial;
  const start = run.plan.startPipeline!;
  const { sagemaker } = ctx.clientsOf(start.accountId, start.region);
  let arn = run.result.pipelineExecution?.arn;
  if (!arn) {
    try {
      // The run id is the client token: a replica resuming this run gets the same execution.
      const started = await sagemaker.send(
        new StartPipelineExecutionCommand({
          PipelineName: start.pipeline,
          ClientRequestToken: run.id,
          PipelineExecutionDescription:
            `Started from Backstage by ${run.actor}: ${run.plan.label}`.slice(
              0,
              3072,
            ),
          PipelineParameters: Object.entries(start.parameters).map(
            ([Name, Value]) => ({ Name, Value }),
          ),
        }),
      );
      arn = started.PipelineExecutionArn;
      if (!arn) {
        return ctx.end(
          run,
          'failed',
          'StartPipelineExecution answered without an execution ARN; check the pipeline in SageMaker',
          {},
          true,
        );
      }
      run = await ctx.progress(run, [`Pipeline execution started: ${arn}`], {
        changed: true,
        result: { pipelineExecution: { arn, status: 'Executing' } },
      });
      await ctx.noteInNotification(run);
    } catch (error) {
      const failure = actionCallFailure(error, {
        service: 'SageMaker',
        operation: 'StartPipelineExecution',
        accountId: start.accountId,
        region: start.region,
      });
      return ctx.end(
        run,
        'failed',
        `${failure.message}; no execution was started${
          failure.uncertain
            ? ' as far as SageMaker answered (the next retry with the same token would find one)'
            : ''
        }`,
      );
    }
  }
  const deadline =
    new Date(run.startedAt).getTime() + ctx.settings.pipelineTimeoutMs;
  let last = run.result.pipelineExecution?.status ?? '';
  for (;;) {
    if (ctx.stopped()) return undefined;
    try {
      const described = await sagemaker.send(
        new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }),
      );
      const status = described.PipelineExecutionStatus ?? 'unknown';
      const execution = {
        arn,
        status,
        ...(described.FailureReason
          ? { failureReason: described.FailureReason }
          : {}),
      };
      run = await ctx.progress(
        run,
        status !== last ? [`Pipeline execution is ${status}`] : [],
        { result: { pipelineExecution: execution } },
      );
      last = status;
      if (status === 'Succeeded') {
        return ctx.end(
          run,
          'succeeded',
          `Pipeline ${start.pipeline} succeeded`,
          { pipelineExecution: execution },
        );
      }
      if (status === 'Failed' || status === 'Stopped') {
        return ctx.end(
          run,
          'failed',
          `Pipeline ${start.pipeline} ${status.toLowerCase()}${
            described.FailureReason ? `: ${described.FailureReason}` : ''
          }`,
          { pipelineExecution: execution },
        );
      }
    } catch (error) {
      const failure = actionCallFailure(error, {
        service: 'SageMaker',
        operation: 'DescribePipelineExecution',
        accountId: start.accountId,
        region: start.region,
      });
      run = await ctx.progress(run, [`${failure.message}; trying again`]);
    }
    if (ctx.clock().getTime() > deadline) {
      return ctx.end(
        run,
        'failed',
        `Pipeline ${start.pipeline} was still ${
          last || 'unreadable'
        } when the portal stopped following it; see SageMaker for its end`,
      );
    }
    await ctx.sleep(ctx.settings.followIntervalMs);
  }
}
