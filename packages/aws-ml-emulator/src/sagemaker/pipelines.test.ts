import {
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  ListPipelineParametersForExecutionCommand,
  ListPipelinesCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  EU,
  NOW,
  failure,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';

const PIPELINE = 'recommendation-engine-retraining';
const PIPELINE_ARN = `arn:aws:sagemaker:us-east-1:123456789012:pipeline/${PIPELINE}`;
const token = (n: number) => `test-token-${String(n).padStart(30, '0')}`;

describe('SageMaker Pipelines', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => emulator.stop());

  const describe_ = (arn: string) =>
    sageMaker(emulator).send(
      new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }),
    );

  it('runs an execution: Executing, then Succeeded after the simulated run time', async () => {
    const client = sageMaker(emulator);
    const started = await client.send(
      new StartPipelineExecutionCommand({
        PipelineName: PIPELINE,
        PipelineParameters: [{ Name: 'LookbackDays', Value: '7' }],
        PipelineExecutionDisplayName: 'drift-retraining',
        PipelineExecutionDescription: 'season drift',
      }),
    );
    const arn = started.PipelineExecutionArn!;
    expect(arn).toMatch(new RegExp(`^${PIPELINE_ARN}/execution/[a-z0-9]{12}$`));
    const running = await describe_(arn);
    expect(running).toMatchObject({
      PipelineArn: PIPELINE_ARN,
      PipelineExecutionArn: arn,
      PipelineExecutionStatus: 'Executing',
      PipelineExecutionDisplayName: 'drift-retraining',
      PipelineExecutionDescription: 'season drift',
      CreationTime: NOW,
      LastModifiedTime: NOW,
    });
    expect(running.FailureReason).toBeUndefined();
    const params = await client.send(
      new ListPipelineParametersForExecutionCommand({
        PipelineExecutionArn: arn,
      }),
    );
    expect(params.PipelineParameters).toEqual([
      { Name: 'LookbackDays', Value: '7' },
    ]);

    // 45 minutes, give or take 20%: still running after 35 minutes, done after 55.
    emulator.advanceClock(35 * 60);
    expect((await describe_(arn)).PipelineExecutionStatus).toBe('Executing');
    emulator.advanceClock(20 * 60);
    const done = await describe_(arn);
    expect(done.PipelineExecutionStatus).toBe('Succeeded');
    const ranMs = done.LastModifiedTime!.getTime() - NOW.getTime();
    expect(ranMs).toBeGreaterThanOrEqual(36 * 60_000);
    expect(ranMs).toBeLessThanOrEqual(54 * 60_000);
    expect(done.FailureReason).toBeUndefined();

    const pipeline = await client.send(
      new DescribePipelineCommand({ PipelineName: PIPELINE_ARN }),
    );
    expect(pipeline).toMatchObject({
      PipelineName: PIPELINE,
      PipelineStatus: 'Active',
      LastRunTime: NOW,
    });
    const definition = JSON.parse(pipeline.PipelineDefinition!);
    expect(definition.Parameters).toContainEqual({
      Name: 'FailFast',
      Type: 'String',
      DefaultValue: 'false',
    });
  });

  it('fails a run started with FailFast=true, with a FailureReason, and the same seed gives the same run', async () => {
    const client = sageMaker(emulator);
    const start = () =>
      client.send(
        new StartPipelineExecutionCommand({
          PipelineName: 'churn-prediction-retraining',
          PipelineParameters: [{ Name: 'FailFast', Value: 'true' }],
        }),
      );
    const arn = (await start()).PipelineExecutionArn!;
    emulator.advanceClock(60);
    expect((await describe_(arn)).PipelineExecutionStatus).toBe('Executing');
    emulator.advanceClock(10 * 60);
    const failed = await describe_(arn);
    expect(failed.PipelineExecutionStatus).toBe('Failed');
    expect(failed.FailureReason).toMatch(
      /^Step failure: .*PrepareTrainingData.*FailFast=true/,
    );
    const listed = await client.send(
      new ListPipelineExecutionsCommand({
        PipelineName: 'churn-prediction-retraining',
        MaxResults: 1,
      }),
    );
    expect(listed.PipelineExecutionSummaries![0]).toMatchObject({
      PipelineExecutionArn: arn,
      PipelineExecutionStatus: 'Failed',
      PipelineExecutionFailureReason: failed.FailureReason,
    });

    const twin = await startTestEmulator();
    try {
      const again = await sageMaker(twin).send(
        new StartPipelineExecutionCommand({
          PipelineName: 'churn-prediction-retraining',
          PipelineParameters: [{ Name: 'FailFast', Value: 'true' }],
        }),
      );
      expect(again.PipelineExecutionArn).toBe(arn);
      twin.advanceClock(11 * 60);
      const twinDone = await sageMaker(twin).send(
        new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }),
      );
      expect(twinDone.LastModifiedTime).toEqual(failed.LastModifiedTime);
    } finally {
      await twin.stop();
    }
  });

  it('returns the same execution for the same ClientRequestToken', async () => {
    const client = sageMaker(emulator);
    const request = {
      PipelineName: PIPELINE,
      PipelineParameters: [{ Name: 'Reason', Value: 'drift' }],
      ClientRequestToken: token(1),
    };
    const first = await client.send(new StartPipelineExecutionCommand(request));
    const second = await client.send(
      new StartPipelineExecutionCommand(request),
    );
    expect(second.PipelineExecutionArn).toBe(first.PipelineExecutionArn);
    // The SDK fills a fresh token when none is given: a new execution each time.
    const third = await client.send(
      new StartPipelineExecutionCommand({ PipelineName: PIPELINE }),
    );
    expect(third.PipelineExecutionArn).not.toBe(first.PipelineExecutionArn);
    const listed = await client.send(
      new ListPipelineExecutionsCommand({
        PipelineName: PIPELINE,
        CreatedAfter: new Date(NOW.getTime() - 1000),
      }),
    );
    expect(listed.PipelineExecutionSummaries).toHaveLength(2);

    const reused = await failure(
      client.send(
        new StartPipelineExecutionCommand({
          ...request,
          PipelineParameters: [{ Name: 'Reason', Value: 'other' }],
        }),
      ),
    );
    expect(reused.name).toBe('ConflictException');
    const short = await failure(
      client.send(
        new StartPipelineExecutionCommand({
          PipelineName: PIPELINE,
          ClientRequestToken: 'short',
        }),
      ),
    );
    expect(short.name).toBe('ValidationException');
    expect(short.message).toContain('clientRequestToken');
  });

  it('stops an execution: Stopping, then Stopped; a finished one cannot be stopped', async () => {
    const client = sageMaker(emulator);
    const arn = (
      await client.send(
        new StartPipelineExecutionCommand({ PipelineName: PIPELINE }),
      )
    ).PipelineExecutionArn!;
    emulator.advanceClock(60);
    const stop = (t: string) =>
      client.send(
        new StopPipelineExecutionCommand({
          PipelineExecutionArn: arn,
          ClientRequestToken: t,
        }),
      );
    expect((await stop(token(2))).PipelineExecutionArn).toBe(arn);
    const stopping = await describe_(arn);
    expect(stopping.PipelineExecutionStatus).toBe('Stopping');
    expect(stopping.LastModifiedTime!.getTime()).toBe(NOW.getTime() + 60_000);
    // Stopping again while Stopping answers the same.
    expect((await stop(token(3))).PipelineExecutionArn).toBe(arn);
    emulator.advanceClock(30);
    expect((await describe_(arn)).PipelineExecutionStatus).toBe('Stopped');
    // The same token again is the same request; another one is a conflict.
    expect((await stop(token(2))).PipelineExecutionArn).toBe(arn);
    const again = await failure(stop(token(4)));
    expect(again.name).toBe('ConflictException');
    expect(again.message).toContain('Stopped');
    // Not even 90 minutes later does a stopped execution finish.
    emulator.advanceClock(90 * 60);
    expect((await describe_(arn)).PipelineExecutionStatus).toBe('Stopped');

    const done = (
      await client.send(
        new ListPipelineExecutionsCommand({
          PipelineName: PIPELINE,
          SortOrder: 'Ascending',
        }),
      )
    ).PipelineExecutionSummaries![0];
    expect(done.PipelineExecutionStatus).toBe('Succeeded');
    const finished = await failure(
      client.send(
        new StopPipelineExecutionCommand({
          PipelineExecutionArn: done.PipelineExecutionArn,
          ClientRequestToken: token(5),
        }),
      ),
    );
    expect(finished.name).toBe('ConflictException');
  });

  it('lists executions newest first across pages, filters and sorts them', async () => {
    const client = sageMaker(emulator);
    for (let i = 0; i < 3; i++) {
      emulator.advanceClock(60);
      await client.send(
        new StartPipelineExecutionCommand({
          PipelineName: PIPELINE,
          PipelineExecutionDisplayName: `run-${i}`,
        }),
      );
    }
    const seen: string[] = [];
    const starts: number[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new ListPipelineExecutionsCommand({
          PipelineName: PIPELINE_ARN,
          MaxResults: 2,
          NextToken: next,
        }),
      );
      for (const s of page.PipelineExecutionSummaries!) {
        seen.push(s.PipelineExecutionArn!);
        starts.push(s.StartTime!.getTime());
      }
      next = page.NextToken;
      pages++;
    } while (next);
    // Three demo runs before the start, three new ones.
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(pages).toBe(3);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));

    const newest = await client.send(
      new ListPipelineExecutionsCommand({
        PipelineName: PIPELINE,
        CreatedAfter: NOW,
        SortOrder: 'Ascending',
      }),
    );
    expect(
      newest.PipelineExecutionSummaries!.map(
        s => s.PipelineExecutionDisplayName,
      ),
    ).toEqual(['run-0', 'run-1', 'run-2']);
    expect(
      newest.PipelineExecutionSummaries!.map(s => s.PipelineExecutionStatus),
    ).toEqual(['Executing', 'Executing', 'Executing']);
    const history = await client.send(
      new ListPipelineExecutionsCommand({
        PipelineName: PIPELINE,
        CreatedBefore: NOW,
      }),
    );
    expect(
      history.PipelineExecutionSummaries!.map(s => s.PipelineExecutionStatus),
    ).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    const byArn = await client.send(
      new ListPipelineExecutionsCommand({
        PipelineName: PIPELINE,
        SortBy: 'PipelineExecutionArn',
        SortOrder: 'Ascending',
        MaxResults: 100,
      }),
    );
    const arns = byArn.PipelineExecutionSummaries!.map(
      s => s.PipelineExecutionArn!,
    );
    expect(arns).toEqual([...arns].sort());

    const bad = await failure(
      client.send(
        new ListPipelineExecutionsCommand({
          PipelineName: PIPELINE,
          NextToken: 'not-a-token',
        }),
      ),
    );
    expect(bad.name).toBe('ValidationException');
    const tooMany = await failure(
      client.send(
        new ListPipelineExecutionsCommand({
          PipelineName: PIPELINE,
          MaxResults: 101,
        }),
      ),
    );
    expect(tooMany.name).toBe('ValidationException');
  });

  it('lists and describes the pipelines of the account and region only', async () => {
    const client = sageMaker(emulator);
    const listed = await client.send(
      new ListPipelinesCommand({ SortBy: 'Name', SortOrder: 'Ascending' }),
    );
    expect(listed.PipelineSummaries!.map(p => p.PipelineName)).toEqual([
      'churn-prediction-retraining',
      'recommendation-engine-retraining',
    ]);
    const first = await client.send(
      new ListPipelinesCommand({ MaxResults: 1 }),
    );
    expect(first.PipelineSummaries).toHaveLength(1);
    const rest = await client.send(
      new ListPipelinesCommand({ MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(rest.PipelineSummaries).toHaveLength(1);
    expect(rest.NextToken).toBeUndefined();
    const prefixed = await client.send(
      new ListPipelinesCommand({ PipelineNamePrefix: 'churn' }),
    );
    expect(prefixed.PipelineSummaries!.map(p => p.PipelineName)).toEqual([
      'churn-prediction-retraining',
    ]);
    const eu = await sageMaker(emulator, EU).send(new ListPipelinesCommand({}));
    expect(eu.PipelineSummaries).toEqual([]);
  });

  it('answers ResourceNotFound for unknown pipelines and executions, and validates parameters', async () => {
    const client = sageMaker(emulator);
    const unknown = await failure(
      client.send(
        new StartPipelineExecutionCommand({ PipelineName: 'no-such-pipeline' }),
      ),
    );
    expect(unknown).toMatchObject({ name: 'ResourceNotFound', status: 400 });
    expect(unknown.message).toContain(
      'arn:aws:sagemaker:us-east-1:123456789012:pipeline/no-such-pipeline',
    );
    // Another account's pipeline by ARN is not found either.
    const elsewhere = await failure(
      sageMaker(emulator, EU).send(
        new StartPipelineExecutionCommand({ PipelineName: PIPELINE_ARN }),
      ),
    );
    expect(elsewhere.name).toBe('ResourceNotFound');
    for (const call of [
      new DescribePipelineCommand({ PipelineName: 'no-such-pipeline' }),
      new ListPipelineExecutionsCommand({ PipelineName: 'no-such-pipeline' }),
      new DescribePipelineExecutionCommand({
        PipelineExecutionArn: `${PIPELINE_ARN}/execution/000000000000`,
      }),
      new StopPipelineExecutionCommand({
        PipelineExecutionArn: `${PIPELINE_ARN}/execution/000000000000`,
      }),
      new ListPipelineParametersForExecutionCommand({
        PipelineExecutionArn: `${PIPELINE_ARN}/execution/000000000000`,
      }),
    ]) {
      expect((await failure(client.send(call as never))).name).toBe(
        'ResourceNotFound',
      );
    }
    const undeclared = await failure(
      client.send(
        new StartPipelineExecutionCommand({
          PipelineName: PIPELINE,
          PipelineParameters: [{ Name: 'Epochs', Value: '3' }],
        }),
      ),
    );
    expect(undeclared.name).toBe('ValidationException');
    expect(undeclared.message).toContain('Epochs');
  });
});
