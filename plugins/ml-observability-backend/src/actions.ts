import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  countedReasons,
  sourceName,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { schemas, specEnum, specObject, Zod } from './schema/actionSchemas';
import type { MlObservabilityService } from './service/MlObservabilityService';
import type { RunbookActionService } from './runbookActions/RunbookActionService';

const MAX_REASONS = 10;

/**
 * Read-only actions for AI assistants (MCP): a model's health, and who owns
 * an AWS resource. Both answer with the caller's credentials, so they see
 * exactly what the caller may see in the portal.
 */
export function registerActions(
  actionsRegistry: ActionsRegistryService,
  service: MlObservabilityService,
  runbookActions?: Pick<RunbookActionService, 'plan' | 'apply'>,
): void {
  actionsRegistry.register({
    name: 'get-model-health',
    title: 'Get ML model health',
    description:
      'Health verdict of an ML model in the catalog (healthy, warning, critical or unknown) with the reasons, worst first, and when its data was collected. The model is given as an entity ref such as component:default/fraud-detection-v2.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .max(600)
            .describe(
              'Entity ref of the model, e.g. component:default/fraud-detection-v2',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          title: z.string().optional(),
          status: specEnum(z, schemas.HealthStatus),
          reasons: z.array(
            specObject(z, schemas.HealthReason, ['severity', 'message']),
          ),
          partial: z
            .boolean()
            .optional()
            .describe(
              'True when the verdict is the worst of what is known while some sources could not be read',
            ),
          failedSources: z
            .array(z.string())
            .optional()
            .describe('The sources the verdict could not see, in words'),
          collectedAt: z.string().nullable(),
          stale: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      const report = await service.getModelReport(input.entityRef, {
        credentials,
        range: '24h',
      });
      return {
        output: {
          entityRef: report.entityRef,
          ...(report.title ? { title: report.title } : {}),
          status: report.health.status,
          reasons: countedReasons(report.health.reasons)
            .slice(0, MAX_REASONS)
            .map(r => ({ severity: r.severity, message: r.message })),
          ...(report.health.partial ? { partial: true } : {}),
          ...(report.health.failedSources?.length
            ? {
                failedSources: report.health.failedSources.map(f =>
                  sourceName(f.source),
                ),
              }
            : {}),
          collectedAt: report.collectedAt,
          stale: report.stale.isStale,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'who-owns-resource',
    title: 'Who owns this AWS resource?',
    description:
      'Finds the ML models behind a CloudWatch alarm, SageMaker endpoint or monitoring schedule (by name or ARN), with their owner, who is next in the escalation path and the runbook severity rule that applies now (else the most severe one).',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          resource: z
            .string()
            .min(1)
            .max(2048)
            .describe(
              'Alarm name, endpoint name, monitoring schedule name, or the ARN of one of them',
            ),
        }),
      output: z =>
        z.object({
          query: z.string(),
          matches: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().optional(),
              matchedBy: specEnum(
                z,
                schemas.EscalationMatch.properties.matchedBy,
              ),
              owner: z.string().optional(),
              nextInPath: z.string().optional(),
              escalationPath: z.array(z.string()),
              severityRule: specObject(z, schemas.SeverityRule, [
                'level',
                'condition',
                'immediateAction',
                'notification',
                'timeline',
              ]).optional(),
              runbookUrl: z.string().optional(),
              onCall: z.array(
                specObject(z, schemas.OnCallLink, ['provider', 'id', 'url']),
              ),
              health: specEnum(z, schemas.HealthStatus).optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const result = await service.findOwners(input.resource, { credentials });
      return {
        output: {
          query: result.query,
          matches: result.matches.map(m => ({
            entityRef: m.entityRef,
            ...(m.title ? { title: m.title } : {}),
            matchedBy: m.matchedBy,
            ...(m.owner ? { owner: m.owner.entityRef } : {}),
            ...(m.nextInPath ? { nextInPath: m.nextInPath } : {}),
            escalationPath: m.path,
            ...(m.severityRule ? { severityRule: m.severityRule } : {}),
            ...(m.runbookUrl ? { runbookUrl: m.runbookUrl } : {}),
            onCall: m.onCall ?? [],
            ...(m.health ? { health: m.health } : {}),
          })),
        },
      };
    },
  });

  if (runbookActions) registerRunbookActions(actionsRegistry, runbookActions);
}

const modelInput = (z: Zod) => ({
  entityRef: z
    .string()
    .min(1)
    .max(600)
    .describe(
      'Entity ref of the model, e.g. component:default/recommendation-engine',
    ),
  actionId: z
    .string()
    .regex(/^severity-[1-9][0-9]?$/)
    .describe(
      "The severity rule's action id, severity-N (see the model's runbook: get-model-health and who-owns-resource name the rules)",
    ),
});

const weightsOutput = (z: Zod) =>
  z.array(
    z.object({
      variant: z.string(),
      weight: z.number(),
      trafficPercent: z.number(),
    }),
  );

/**
 * Runbook actions for an on-call assistant: plan (read-only) and run
 * (destructive). Both check `ml-observability.model.act` on the model with
 * the caller's credentials inside the handler — the registry's own
 * visibility check has no entity to decide on.
 */
function registerRunbookActions(
  actionsRegistry: ActionsRegistryService,
  runbookActions: Pick<RunbookActionService, 'plan' | 'apply'>,
): void {
  actionsRegistry.register({
    name: 'plan-runbook-action',
    title: "Plan an ML model's runbook action",
    description:
      "What running a runbook severity rule's first action would do now (shift traffic to a fallback variant, start a retraining pipeline, mute the model's alarms): the weights before and after, the pipeline and parameters, or the alarms and window, read from AWS now; or why it cannot run. Changes nothing.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object(modelInput(z)),
      output: z =>
        z.object({
          ok: z.boolean(),
          label: z.string(),
          summary: z.string(),
          refusals: z.array(z.string()),
          steps: z.array(z.string()),
          undoable: z.boolean(),
          weightsBefore: weightsOutput(z).optional(),
          weightsAfter: weightsOutput(z).optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const plan = await runbookActions.plan(input.entityRef, input.actionId, {
        credentials,
      });
      return {
        output: {
          ok: plan.ok,
          label: plan.label,
          summary: plan.summary,
          refusals: plan.refusals,
          steps: plan.steps,
          undoable: plan.undoable,
          ...(plan.shiftTraffic
            ? {
                weightsBefore: plan.shiftTraffic.before,
                weightsAfter: plan.shiftTraffic.after,
              }
            : {}),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'run-runbook-action',
    title: "Run an ML model's runbook action",
    description:
      "Runs a runbook severity rule's first action on AWS (plan it first with plan-runbook-action and confirm with the user). Starts the run and returns at once; the run is followed by the portal (the model's ML Observability tab shows its progress, and an undo for traffic shifts and mutes). One action at a time per endpoint; needs the ml-observability.model.act permission.",
    attributes: { readOnly: false, idempotent: false, destructive: true },
    schema: {
      input: z =>
        z.object({
          ...modelInput(z),
          idempotencyKey: z
            .string()
            .min(8)
            .max(128)
            .regex(/^[A-Za-z0-9._:-]+$/)
            .optional()
            .describe(
              'Send the same key again to get the same run instead of a second one',
            ),
        }),
      output: z =>
        z.object({
          runId: z.string(),
          status: z.enum(['running', 'succeeded', 'failed']),
          summary: z.string(),
          startedAt: z.string(),
          progress: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const { run } = await runbookActions.apply(
        input.entityRef,
        input.actionId,
        {
          credentials,
          idempotencyKey: input.idempotencyKey,
        },
      );
      return {
        output: {
          runId: run.id,
          status: run.status,
          summary: run.plan.summary,
          startedAt: run.startedAt,
          progress: run.progress.map(p => p.message),
        },
      };
    },
  });
}
