/** A traffic shift's run: send the weights (unless a resumed run finds them sent), then follow the endpoint. */
import {
  DescribeEndpointCommand,
  DescribeEndpointOutput,
  SageMakerClient,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import type { VariantWeight } from '@mlobs/backstage-plugin-ml-observability-common';
import type { StoredActionRun } from '../store';
import { actionCallFailure } from './awsErrors';
import { endpointRefusal, variantWeightsOf } from './plans';
import type { RunContext } from './runContext';
import { describeWeights, sameRouting } from './weights';

/** Endpoint states after which an update will not complete by itself. */
const TERMINAL_ENDPOINT = new Set([
  'Failed',
  'RollingBack',
  'UpdateRollbackFailed',
  'OutOfService',
  'Deleting',
]);

export async function executeShift(
  ctx: RunContext,
  initial: StoredActionRun,
): Promise<StoredActionRun | undefined> {
  let run = initial;
  const shift = run.plan.shiftTraffic!;
  const sagemaker = ctx.clientsOf(shift.accountId, shift.region).sagemaker;
  const site = (operation: string) => ({
    service: 'SageMaker' as const,
    operation,
    accountId: shift.accountId,
    region: shift.region,
  });
  if (!run.changed) {
    // A resumed run may have sent the change already: read before sending again.
    const resumed = run.progress.length > 1;
    const current = resumed
      ? await readEndpoint(sagemaker, shift.endpoint, shift)
      : undefined;
    const alreadySent =
      current?.ok &&
      (current.described.EndpointStatus === 'Updating' ||
        (current.weights && sameRouting(current.weights, shift.after)));
    if (alreadySent) {
      run = await ctx.progress(
        run,
        ['The change had reached SageMaker before the restart'],
        {
          changed: true,
        },
      );
    } else if (resumed && current?.ok && !endpointRefusal(current.described)) {
      return ctx.end(
        run,
        'failed',
        'The backend stopped before sending the change; nothing changed. Run the action again.',
      );
    } else if (resumed && !current?.ok) {
      return ctx.end(
        run,
        'failed',
        `The backend stopped mid-run and the endpoint cannot be read now (${current?.message}); check it in the SageMaker console`,
      );
    } else {
      try {
        await sagemaker.send(
          new UpdateEndpointWeightsAndCapacitiesCommand({
            EndpointName: shift.endpoint,
            DesiredWeightsAndCapacities: shift.after.map(w => ({
              VariantName: w.variant,
              DesiredWeight: w.weight,
            })),
          }),
        );
        run = await ctx.progress(
          run,
          [
            `SageMaker accepted the new weights (${describeWeights(
              shift.after,
            )}); the endpoint is Updating`,
          ],
          { changed: true },
        );
        await ctx.noteInNotification(run);
      } catch (error) {
        const failure = actionCallFailure(
          error,
          site('UpdateEndpointWeightsAndCapacities'),
        );
        // The answer was lost, not necessarily the change: say which it was.
        const after = await readEndpoint(sagemaker, shift.endpoint, shift);
        const sent =
          after.ok &&
          (after.described.EndpointStatus === 'Updating' ||
            (after.weights && sameRouting(after.weights, shift.after)) ||
            false);
        if (!sent) {
          const state = after.ok
            ? `the endpoint is ${
                after.described.EndpointStatus
              } with ${describeWeights(
                after.weights ?? shift.before,
              )}, unchanged`
            : `the endpoint could not be read to check (${after.message})`;
          return ctx.end(run, 'failed', `${failure.message}; ${state}`, {
            ...(after.ok && after.weights
              ? { finalWeights: after.weights }
              : {}),
          });
        }
        run = await ctx.progress(
          run,
          [
            `${failure.message}, but the endpoint shows the change was received; following it`,
          ],
          { changed: true },
        );
        await ctx.noteInNotification(run);
      }
    }
  }
  return followEndpoint(ctx, run, sagemaker);
}

async function followEndpoint(
  ctx: RunContext,
  initial: StoredActionRun,
  sagemaker: SageMakerClient,
): Promise<StoredActionRun | undefined> {
  let run = initial;
  const shift = run.plan.shiftTraffic!;
  const deadline =
    new Date(run.startedAt).getTime() + ctx.settings.shiftTimeoutMs;
  let lastStatus = '';
  let lastError = '';
  for (;;) {
    if (ctx.stopped()) return undefined;
    const read = await readEndpoint(sagemaker, shift.endpoint, shift);
    if (read.ok) {
      lastError = '';
      const status = read.described.EndpointStatus ?? 'unknown';
      if (status !== lastStatus) {
        lastStatus = status;
        run = await ctx.progress(run, [
          `Endpoint ${shift.endpoint} is ${status}`,
        ]);
      } else {
        run = await ctx.progress(run, []);
      }
      if (status === 'InService' && read.weights) {
        const ok = sameRouting(read.weights, shift.after);
        return ctx.end(
          run,
          ok ? 'succeeded' : 'failed',
          ok
            ? `${shift.endpoint} is InService with ${describeWeights(
                read.weights,
              )}`
            : `${shift.endpoint} is InService again, but with ${describeWeights(
                read.weights,
              )} instead of ${describeWeights(
                shift.after,
              )} (rolled back or changed by someone else)`,
          { finalWeights: read.weights },
        );
      }
      if (TERMINAL_ENDPOINT.has(status)) {
        return ctx.end(
          run,
          'failed',
          `${shift.endpoint} went ${status}${
            read.described.FailureReason
              ? `: ${read.described.FailureReason}`
              : ''
          }; check it in the SageMaker console`,
          read.weights ? { finalWeights: read.weights } : {},
        );
      }
    } else if (read.message !== lastError) {
      lastError = read.message;
      run = await ctx.progress(run, [
        `Could not read the endpoint (${read.message}); trying again`,
      ]);
    }
    if (ctx.clock().getTime() > deadline) {
      return ctx.end(
        run,
        'failed',
        `${shift.endpoint} was still ${
          lastStatus || 'unreadable'
        } after ${Math.round(
          ctx.settings.shiftTimeoutMs / 60_000,
        )} minutes; the change may still complete — check the SageMaker console`,
      );
    }
    await ctx.sleep(ctx.settings.followIntervalMs);
  }
}

async function readEndpoint(
  sagemaker: SageMakerClient,
  endpoint: string,
  where: { accountId: string; region: string },
): Promise<
  | {
      ok: true;
      described: DescribeEndpointOutput;
      weights?: VariantWeight[];
    }
  | { ok: false; message: string }
> {
  try {
    const described = await sagemaker.send(
      new DescribeEndpointCommand({ EndpointName: endpoint }),
    );
    return {
      ok: true,
      described,
      weights: variantWeightsOf(described).weights,
    };
  } catch (error) {
    return {
      ok: false,
      message: actionCallFailure(error, {
        service: 'SageMaker',
        operation: 'DescribeEndpoint',
        accountId: where.accountId,
        region: where.region,
      }).message,
    };
  }
}
