/**
 * Plans of runbook actions: each reads the resources it would change from
 * AWS now (never the last round's snapshot) and says what applying does, or
 * why it cannot run.
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointOutput,
  DescribePipelineCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-sagemaker';
import type {
  ActionPlan,
  ModelReport,
  SeverityAction,
  VariantWeight,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { AwsClients } from '../collectors/clients';
import { actionCallFailure } from './awsErrors';
import {
  describeShift,
  describeWeights,
  shiftedWeights,
  withShares,
} from './weights';

export type ClientsOf = (accountId: string, region: string) => AwsClients;

/** Where an action acts: the lock key and the account/region of its calls. */
export interface ActionTarget {
  lockKey: string;
  accountId?: string;
  region?: string;
}

const base = (report: ModelReport, action: SeverityAction) => ({
  entityRef: report.entityRef,
  actionId: action.id,
  type: action.type,
  label: action.label,
});

function refused(
  report: ModelReport,
  action: SeverityAction,
  refusals: string[],
  summary: string,
  undoable: boolean,
): ActionPlan {
  return {
    ...base(report, action),
    ok: false,
    refusals,
    summary,
    steps: [],
    undoable,
  };
}

/** The endpoint a shift acts on: the action's, or the model's only one. */
export function shiftEndpoint(
  report: ModelReport,
  action: Extract<SeverityAction, { type: 'shift-traffic' }>,
): { endpoint?: ModelReport['endpoints'][number]; refusal?: string } {
  const names = report.endpoints.map(e => e.name);
  if (action.endpoint) {
    const endpoint = report.endpoints.find(e => e.name === action.endpoint);
    return endpoint
      ? { endpoint }
      : {
          refusal: `The runbook names endpoint ${
            action.endpoint
          }, which is not one of the model's endpoints (${
            names.join(', ') || 'none'
          })`,
        };
  }
  if (report.endpoints.length === 1) return { endpoint: report.endpoints[0] };
  return {
    refusal:
      report.endpoints.length === 0
        ? 'The model has no endpoint to shift traffic on'
        : `The model has ${report.endpoints.length} endpoints (${names.join(
            ', ',
          )}); the runbook action must name one with endpoint:`,
  };
}

/** Where the action's calls go and what it locks. */
export function actionTarget(
  report: ModelReport,
  action: SeverityAction,
): ActionTarget {
  if (action.type === 'shift-traffic') {
    const { endpoint } = shiftEndpoint(report, action);
    const accountId = endpoint?.accountId ?? report.accountId;
    const region = endpoint?.region ?? report.region;
    return {
      lockKey: `endpoint:${accountId}/${region}/${endpoint?.name ?? '?'}`,
      accountId,
      region,
    };
  }
  const accountId = report.accountId ?? report.endpoints[0]?.accountId;
  const region = report.region ?? report.endpoints[0]?.region;
  if (action.type === 'start-pipeline') {
    return {
      lockKey: `pipeline:${accountId}/${region}/${action.pipeline.replace(
        /^arn:.*:pipeline\//,
        '',
      )}`,
      accountId,
      region,
    };
  }
  return { lockKey: `alarms:${report.entityRef}`, accountId, region };
}

/** The production variants' weights DescribeEndpoint gave, or why they cannot be used. */
export function variantWeightsOf(described: DescribeEndpointOutput): {
  weights?: VariantWeight[];
  serverless: string[];
  refusal?: string;
} {
  const variants = described.ProductionVariants ?? [];
  if (variants.length === 0) {
    return {
      serverless: [],
      refusal: `DescribeEndpoint of ${described.EndpointName} listed no production variants`,
    };
  }
  const serverless = variants
    .filter(v => v.CurrentServerlessConfig || v.DesiredServerlessConfig)
    .map(v => v.VariantName ?? '?');
  const unweighted = variants.filter(v => typeof v.CurrentWeight !== 'number');
  if (unweighted.length > 0) {
    return {
      serverless,
      refusal: `DescribeEndpoint of ${
        described.EndpointName
      } gave no current weight for ${unweighted
        .map(v => v.VariantName ?? '?')
        .join(', ')}; the shift cannot say what it changes`,
    };
  }
  return {
    serverless,
    weights: withShares(
      variants.map(v => ({
        variant: v.VariantName ?? '?',
        weight: v.CurrentWeight!,
      })),
    ),
  };
}

/** Why an endpoint cannot take a weight change now, if it cannot. */
export function endpointRefusal(
  described: DescribeEndpointOutput,
): string | undefined {
  const status = described.EndpointStatus ?? 'unknown';
  if (described.PendingDeploymentSummary) {
    return `Endpoint ${described.EndpointName} has a deployment in progress (${
      described.PendingDeploymentSummary.EndpointConfigName ?? 'a new config'
    }, e.g. a guardrail baking); wait until it is InService`;
  }
  if (status !== 'InService') {
    return `Endpoint ${described.EndpointName} is ${status}, not InService; SageMaker changes weights only on an endpoint in service`;
  }
  return undefined;
}

async function planShift(
  report: ModelReport,
  action: Extract<SeverityAction, { type: 'shift-traffic' }>,
  clientsOf: ClientsOf,
  target?: VariantWeight[],
): Promise<ActionPlan> {
  const { endpoint, refusal } = shiftEndpoint(report, action);
  if (!endpoint) return refused(report, action, [refusal!], action.label, true);
  const accountId = endpoint.accountId ?? report.accountId ?? '';
  const region = endpoint.region ?? report.region ?? '';
  let described: DescribeEndpointOutput;
  try {
    described = await clientsOf(accountId, region).sagemaker.send(
      new DescribeEndpointCommand({ EndpointName: endpoint.name }),
    );
  } catch (error) {
    const failure = actionCallFailure(error, {
      service: 'SageMaker',
      operation: 'DescribeEndpoint',
      accountId,
      region,
    });
    return refused(
      report,
      action,
      [`Could not read the endpoint: ${failure.message}`],
      action.label,
      true,
    );
  }
  const refusals: string[] = [];
  const busy = endpointRefusal(described);
  if (busy) refusals.push(busy);
  const {
    weights,
    serverless,
    refusal: weightRefusal,
  } = variantWeightsOf(described);
  if (weightRefusal) refusals.push(weightRefusal);
  const before = weights ?? [];
  const names = before.map(w => w.variant);
  if (!target && weights && !names.includes(action.toVariant)) {
    refusals.push(
      `Endpoint ${endpoint.name} has no production variant ${
        action.toVariant
      }; its variants are ${names.join(', ')}`,
    );
  }
  if (serverless.length > 0) {
    refusals.push(
      `Endpoint ${endpoint.name} has serverless variants (${serverless.join(
        ', ',
      )}): SageMaker shifts weights only between instance-based variants`,
    );
  }
  if (target && weights) {
    const missing = target.filter(w => !names.includes(w.variant));
    if (missing.length > 0) {
      refusals.push(
        `Endpoint ${endpoint.name} no longer has variant ${missing
          .map(w => w.variant)
          .join(', ')}; its variants are ${names.join(', ')}`,
      );
    }
  }
  let after: VariantWeight[] = [];
  if (weights && target) {
    after = withShares(
      before.map(w => ({
        variant: w.variant,
        weight: target.find(t => t.variant === w.variant)?.weight ?? w.weight,
      })),
    );
  } else if (weights) {
    after = shiftedWeights(before, action.toVariant, action.weight);
  }
  const where = `${endpoint.name} (${accountId}/${region})`;
  return {
    ...base(report, action),
    ok: refusals.length === 0,
    refusals,
    summary:
      after.length > 0
        ? `${
            target ? 'Restore' : 'Shift'
          } the traffic of ${where}: ${describeShift(before, after)}`
        : action.label,
    steps: [
      `UpdateEndpointWeightsAndCapacities on ${where} with ${describeWeights(
        after,
      )}`,
      `DescribeEndpoint until ${endpoint.name} is InService again (Updating takes a few minutes)`,
    ],
    undoable: !target,
    shiftTraffic: {
      endpoint: endpoint.name,
      accountId,
      region,
      endpointStatus: described.EndpointStatus ?? 'unknown',
      before,
      after,
    },
  };
}

async function planPipeline(
  report: ModelReport,
  action: Extract<SeverityAction, { type: 'start-pipeline' }>,
  clientsOf: ClientsOf,
  target: ActionTarget,
): Promise<ActionPlan> {
  const { accountId, region } = target;
  if (!accountId || !region) {
    return refused(
      report,
      action,
      ['The model names no AWS account and region to start the pipeline in'],
      action.label,
      false,
    );
  }
  const { sagemaker } = clientsOf(accountId, region);
  const refusals: string[] = [];
  try {
    await sagemaker.send(
      new DescribePipelineCommand({ PipelineName: action.pipeline }),
    );
    const running = await sagemaker.send(
      new ListPipelineExecutionsCommand({
        PipelineName: action.pipeline,
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: 10,
      }),
    );
    const executing = (running.PipelineExecutionSummaries ?? []).find(
      e => e.PipelineExecutionStatus === 'Executing',
    );
    if (executing) {
      refusals.push(
        `Pipeline ${
          action.pipeline
        } already has an execution running (started ${
          executing.StartTime?.toISOString() ?? 'at an unknown time'
        }); wait for it or stop it first`,
      );
    }
  } catch (error) {
    const failure = actionCallFailure(error, {
      service: 'SageMaker',
      operation: 'DescribePipeline',
      accountId,
      region,
    });
    refusals.push(
      (error as { name?: string })?.name === 'ResourceNotFound'
        ? `No SageMaker pipeline ${action.pipeline} in ${accountId}/${region}`
        : `Could not read the pipeline: ${failure.message}`,
    );
  }
  const parameters = Object.entries(action.parameters);
  return {
    ...base(report, action),
    ok: refusals.length === 0,
    refusals,
    summary: `Start an execution of pipeline ${
      action.pipeline
    } in ${accountId}/${region}${
      parameters.length
        ? ` with ${parameters.map(([k, v]) => `${k}=${v}`).join(', ')}`
        : ''
    }`,
    steps: [
      `StartPipelineExecution of ${action.pipeline}`,
      'DescribePipelineExecution until it succeeds, fails or stops',
    ],
    undoable: false,
    startPipeline: {
      pipeline: action.pipeline,
      accountId,
      region,
      parameters: { ...action.parameters },
    },
  };
}

function planMute(
  report: ModelReport,
  action: Extract<SeverityAction, { type: 'mute-alarms' }>,
  target: ActionTarget,
  ruleName: string,
): ActionPlan {
  const known = report.alarms.map(a => a.name);
  const refusals: string[] = [];
  const alarms = action.alarms ?? known;
  const unknown = alarms.filter(a => !known.includes(a));
  if (unknown.length > 0) {
    refusals.push(
      `The runbook names alarms the model does not have: ${unknown.join(
        ', ',
      )} (its alarms: ${known.join(', ') || 'none'})`,
    );
  }
  if (alarms.length === 0) refusals.push('The model has no alarms to mute');
  if (!target.accountId || !target.region) {
    refusals.push('The model names no AWS account and region for its alarms');
  }
  const hours = action.durationMinutes / 60;
  const window =
    action.durationMinutes % 60 === 0
      ? `${hours} hour${hours === 1 ? '' : 's'}`
      : `${action.durationMinutes} minutes`;
  return {
    ...base(report, action),
    ok: refusals.length === 0,
    refusals,
    summary: `Mute ${alarms.length} alarm${
      alarms.length === 1 ? '' : 's'
    } for ${window}: their notifications (alarm actions) are held; a muted alarm still changes state and its changes still reach the portal`,
    steps: [
      `PutAlarmMuteRule ${ruleName} for ${alarms.join(
        ', ',
      )} from now for ${window}`,
      `GetAlarmMuteRule ${ruleName} to confirm it is active`,
    ],
    undoable: true,
    muteAlarms: {
      accountId: target.accountId ?? '',
      region: target.region ?? '',
      alarms,
      durationMinutes: action.durationMinutes,
      ruleName,
    },
  };
}

/** The plan of applying `action` to the model now. */
export async function planAction(
  report: ModelReport,
  action: SeverityAction,
  clientsOf: ClientsOf,
  ruleName: string,
): Promise<ActionPlan> {
  const target = actionTarget(report, action);
  switch (action.type) {
    case 'shift-traffic':
      return planShift(report, action, clientsOf);
    case 'start-pipeline':
      return planPipeline(report, action, clientsOf, target);
    default:
      return planMute(report, action, target, ruleName);
  }
}

/** The plan of undoing a traffic shift: the weights recorded before it. */
export async function planShiftBack(
  report: ModelReport,
  action: Extract<SeverityAction, { type: 'shift-traffic' }>,
  before: VariantWeight[],
  clientsOf: ClientsOf,
): Promise<ActionPlan> {
  return planShift(report, action, clientsOf, before);
}
