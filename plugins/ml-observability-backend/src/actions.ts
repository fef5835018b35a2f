import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  countedReasons,
  sourceName,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { schemas, specEnum, specObject } from './schema/actionSchemas';
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
}
