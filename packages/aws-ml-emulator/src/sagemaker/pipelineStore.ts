import type { PipelineSpec } from '../sim/model';
import { hashString, uniform } from '../util/hash';
import { SECOND } from '../util/time';

export interface PipelineParameter {
  Name: string;
  Value: string;
}

export type PipelineExecutionStatus =
  | 'Executing'
  | 'Stopping'
  | 'Stopped'
  | 'Failed'
  | 'Succeeded';

export interface PipelineRecord {
  name: string;
  arn: string;
  spec: PipelineSpec;
  /** PipelineDefinition as DescribePipeline answers it (a JSON document). */
  definition: string;
  roleArn: string;
  /** Seeds the run times: hash of (scenario seed, account, region, pipeline). */
  stream: number;
  executions: PipelineExecutionRecord[];
}

export interface PipelineExecutionRecord {
  arn: string;
  pipeline: PipelineRecord;
  ordinal: number;
  displayName: string;
  description?: string;
  parameters: PipelineParameter[];
  createdAt: number;
  /** When the run ends by itself, and how. */
  completesAt: number;
  outcome: 'Succeeded' | 'Failed';
  failureReason?: string;
  stop?: { requestedAt: number; stoppedAt: number; token?: string };
}

/** How long a stopped execution stays Stopping (the running step is cancelled). */
export const PIPELINE_STOP_MS = 30 * SECOND;

/** The status of an execution at `now`, derived from its timeline (nothing runs in the background). */
export function executionStatus(
  e: PipelineExecutionRecord,
  now: number,
): PipelineExecutionStatus {
  if (e.stop) return now >= e.stop.stoppedAt ? 'Stopped' : 'Stopping';
  return now >= e.completesAt ? e.outcome : 'Executing';
}

/** The instant of the execution's latest status change at `now`. */
export function executionModifiedAt(
  e: PipelineExecutionRecord,
  now: number,
): number {
  if (e.stop)
    return now >= e.stop.stoppedAt ? e.stop.stoppedAt : e.stop.requestedAt;
  return now >= e.completesAt ? e.completesAt : e.createdAt;
}

/** SageMaker Pipelines of one account and region. */
export class PipelineStore {
  private readonly byArn = new Map<string, PipelineRecord>();
  private readonly executionsByArn = new Map<string, PipelineExecutionRecord>();
  /** StartPipelineExecution ClientRequestToken -> the execution it started and the request's fingerprint. */
  private readonly startTokens = new Map<
    string,
    { arn: string; fingerprint: string }
  >();

  constructor(readonly account: string, readonly region: string) {}

  pipelineArn(name: string): string {
    // SageMaker lower-cases resource names in ARNs.
    return `arn:aws:sagemaker:${this.region}:${
      this.account
    }:pipeline/${name.toLowerCase()}`;
  }

  add(spec: PipelineSpec, seed: string): PipelineRecord {
    const arn = this.pipelineArn(spec.name);
    const record: PipelineRecord = {
      name: spec.name,
      arn,
      spec,
      definition: JSON.stringify({
        Version: '2020-12-01',
        Metadata: {},
        Parameters: Object.entries(spec.parameters).map(
          ([Name, DefaultValue]) => ({ Name, Type: 'String', DefaultValue }),
        ),
        Steps: spec.steps.map(s => ({
          Name: s.name,
          Type: s.type,
          Arguments: {},
        })),
      }),
      roleArn: `arn:aws:iam::${this.account}:role/SageMakerPipelineExecutionRole`,
      stream: hashString(`${seed}/${this.account}/${this.region}/${spec.name}`),
      executions: [],
    };
    this.byArn.set(arn, record);
    for (const run of spec.history ?? []) {
      this.start(record, {
        now: run.startedAt,
        parameters: Object.entries(run.parameters ?? {}).map(
          ([Name, Value]) => ({ Name, Value }),
        ),
        displayName: run.displayName,
        description: run.description,
      });
    }
    return record;
  }

  /** By name or ARN (of this account and region); names match case-insensitively, as in ARNs. */
  pipeline(nameOrArn: string): PipelineRecord | undefined {
    const arn = nameOrArn.startsWith('arn:')
      ? nameOrArn.toLowerCase()
      : this.pipelineArn(nameOrArn);
    const record = this.byArn.get(arn);
    return record;
  }

  all(): PipelineRecord[] {
    return [...this.byArn.values()];
  }

  execution(arn: string): PipelineExecutionRecord | undefined {
    return this.executionsByArn.get(arn);
  }

  /** The execution an earlier call with this token started, and whether the requests match. */
  startedWith(
    token: string,
    fingerprint: string,
  ): { arn: string; same: boolean } | undefined {
    const seen = this.startTokens.get(token);
    return seen && { arn: seen.arn, same: seen.fingerprint === fingerprint };
  }

  start(
    pipeline: PipelineRecord,
    request: {
      now: number;
      parameters: PipelineParameter[];
      displayName?: string;
      description?: string;
      token?: string;
      fingerprint?: string;
    },
  ): PipelineExecutionRecord {
    const ordinal = pipeline.executions.length;
    let id = executionId(pipeline.stream, ordinal, 0);
    for (
      let bump = 1;
      this.executionsByArn.has(`${pipeline.arn}/execution/${id}`);
      bump++
    )
      id = executionId(pipeline.stream, ordinal, bump);
    const arn = `${pipeline.arn}/execution/${id}`;
    const spec = pipeline.spec;
    const runMs =
      Math.round(
        spec.runSeconds * (0.8 + 0.4 * uniform(pipeline.stream, ordinal)),
      ) * SECOND;
    const failFast = request.parameters.some(
      p => p.Name === 'FailFast' && p.Value.toLowerCase() === 'true',
    );
    const firstStep = spec.steps[0]?.name ?? 'Step';
    const execution: PipelineExecutionRecord = {
      arn,
      pipeline,
      ordinal,
      displayName: request.displayName ?? `execution-${request.now}`,
      description: request.description,
      parameters: request.parameters,
      createdAt: request.now,
      completesAt: request.now + (failFast ? Math.round(runMs / 10) : runMs),
      outcome: failFast ? 'Failed' : 'Succeeded',
      ...(failFast
        ? {
            failureReason: `Step failure: One or multiple steps failed. Step ${firstStep} failed: ClientError: the execution was started with FailFast=true.`,
          }
        : {}),
    };
    pipeline.executions.push(execution);
    this.executionsByArn.set(arn, execution);
    if (request.token)
      this.startTokens.set(request.token, {
        arn,
        fingerprint: request.fingerprint ?? '',
      });
    return execution;
  }
}

/** 12 lower-case letters and digits, as SageMaker's execution ids. */
function executionId(stream: number, ordinal: number, bump: number): string {
  const part = (salt: string) =>
    hashString(`${stream}/${ordinal}/${bump}/${salt}`)
      .toString(36)
      .padStart(7, '0')
      .slice(-6);
  return `${part('a')}${part('b')}`;
}
