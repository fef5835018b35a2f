import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { countedReasons } from '@mlobs/backstage-plugin-ml-observability-common';
import type { MlObservabilityService } from './service/MlObservabilityService';

const MAX_REASONS = 10;

/**
 * Read-only actions for AI assistants (MCP): a model's health, and who owns
 * an AWS resource. Both answer with the caller's credentials, so they see
 * exactly what the caller may see in the portal.
 */
export function registerActions(
  actionsRegistry: ActionsRegistryService,
  service: MlObservabilityService,
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
          status: z.enum(['healthy', 'warning', 'critical', 'unknown']),
          reasons: z.array(
            z.object({
              severity: z.enum(['critical', 'warning', 'unknown', 'info']),
              message: z.string(),
            }),
          ),
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
              matchedBy: z.enum(['endpoint', 'alarm', 'schedule', 'arn']),
              owner: z.string().optional(),
              nextInPath: z.string().optional(),
              escalationPath: z.array(z.string()),
              severityRule: z
                .object({
                  level: z.number(),
                  condition: z.string(),
                  immediateAction: z.string(),
                  notification: z.string(),
                  timeline: z.string(),
                })
                .optional(),
              runbookUrl: z.string().optional(),
              onCall: z.array(
                z.object({
                  provider: z.string(),
                  id: z.string(),
                  url: z.string().optional(),
                }),
              ),
              health: z
                .enum(['healthy', 'warning', 'critical', 'unknown'])
                .optional(),
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
}
