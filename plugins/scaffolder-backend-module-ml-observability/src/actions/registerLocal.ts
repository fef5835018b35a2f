import { stat } from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LOCAL_LOCATION_TYPE } from './publishLocal';
import type { ActionSettings } from './settings';

export const REGISTER_LOCAL_ID = 'mlobs:catalog:register-local';

function isConflict(error: unknown): boolean {
  const e = error as {
    name?: string;
    response?: { status?: number };
    cause?: { name?: string };
  };
  return (
    e?.name === 'ConflictError' ||
    e?.response?.status === 409 ||
    e?.cause?.name === 'ConflictError'
  );
}

function mainEntity(entities: Entity[]): Entity | undefined {
  const named = entities.filter(e => !e.metadata.name.startsWith('generated-'));
  return named.find(e => e.kind === 'Component') ?? named[0] ?? entities[0];
}

/** mlobs:catalog:register-local */
export function registerLocalAction(options: {
  settings: ActionSettings;
  catalog: CatalogService;
}) {
  const { settings, catalog } = options;
  return createTemplateAction({
    id: REGISTER_LOCAL_ID,
    description: `Registers a catalog file published by mlobs:publish:local as a ${LOCAL_LOCATION_TYPE} location (read by the ML Observability catalog module, only under the local root). Registering it again changes nothing. Supports dry-run.`,
    supportsDryRun: true,
    examples: [
      {
        description: 'Register what mlobs:publish:local wrote',
        example: `steps:
  - id: register
    action: ${REGISTER_LOCAL_ID}
    input:
      catalogInfoPath: \${{ steps.publish.output.catalogInfoPath }}`,
      },
    ],
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string()
            .min(1)
            .describe(
              'catalog-info.yaml, relative to mlObservability.localPublish.rootDirectory',
            ),
      },
      output: {
        status: z =>
          z.enum(['registered', 'already-registered', 'would-register']),
        locationRef: z => z.string(),
        entityRef: z =>
          z.string().optional().describe('The main entity of the file'),
      },
    },
    async handler(ctx) {
      const root = settings.localPublishRoot;
      if (!root) {
        throw new InputError(
          `${REGISTER_LOCAL_ID} needs mlObservability.localPublish.rootDirectory in app config`,
        );
      }
      const target = ctx.input.catalogInfoPath;
      try {
        resolveSafeChildPath(root, target);
      } catch {
        throw new InputError(
          `catalogInfoPath ${JSON.stringify(target)} must stay inside ${root}`,
        );
      }
      const locationRef = `${LOCAL_LOCATION_TYPE}:${target}`;
      ctx.output('locationRef', locationRef);
      if (ctx.isDryRun) {
        // In a dry run nothing was published, so there is no file to read yet.
        ctx.logger.info(
          `dry run: would register ${locationRef} in the catalog`,
        );
        ctx.output('status', 'would-register');
        return;
      }
      try {
        await stat(resolveSafeChildPath(root, target));
      } catch {
        throw new InputError(
          `${target} does not exist under ${root}; publish it first with mlobs:publish:local`,
        );
      }
      const credentials = await ctx.getInitiatorCredentials();
      // A dry run first: the catalog processes the file (model validation included)
      // and refuses what would only fail later, out of sight, in the processing loop.
      let entities: Entity[];
      try {
        const preview = await catalog.addLocation(
          { type: LOCAL_LOCATION_TYPE, target, dryRun: true },
          { credentials },
        );
        entities = preview.entities;
      } catch (error) {
        throw new InputError(
          `The catalog refuses ${locationRef}: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
      let status: 'registered' | 'already-registered' = 'registered';
      try {
        await catalog.addLocation(
          { type: LOCAL_LOCATION_TYPE, target },
          { credentials },
        );
      } catch (error) {
        if (!isConflict(error)) {
          throw new Error(
            `Registering ${locationRef} failed: ${
              error instanceof Error ? error.message : String(error)
            }. Is the ML Observability catalog module installed with the same rootDirectory?`,
          );
        }
        status = 'already-registered';
      }
      ctx.logger.info(
        `${
          status === 'registered' ? 'registered' : 'already registered'
        }: ${locationRef}`,
      );
      ctx.output('status', status);
      const entity = mainEntity(entities);
      if (entity) ctx.output('entityRef', stringifyEntityRef(entity));
    },
  });
}
