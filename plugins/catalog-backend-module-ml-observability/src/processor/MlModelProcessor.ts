import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ML_RUNBOOK,
  ANNOTATION_ML_TIME_ZONE,
  isMlModelEntity,
  ModelAnnotationDefaults,
  parseModelAnnotations,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  describeRunbookProblem,
  readRunbook,
} from '@mlobs/backstage-plugin-ml-observability-node';

const RUNBOOK_CACHE_KEY = 'runbook';
const NOT_MODELS = new Set(['template', 'location', 'user', 'group']);

interface CachedRunbook {
  annotation: string;
  etag: string;
}

/**
 * Validates model annotations and runbooks while the catalog processes
 * entities. Every problem becomes a processing error that names the entity,
 * the annotation or runbook field, and what is allowed; the entity itself is
 * returned unchanged.
 * @public
 */
export class MlModelProcessor implements CatalogProcessor {
  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      logger: LoggerService;
      defaults: ModelAnnotationDefaults;
    },
  ) {}

  getProcessorName(): string {
    return 'MlObservabilityModelProcessor';
  }

  /**
   * Models, and entities carrying this plugin's model-only annotations. A
   * Template's spec.type names what it creates, so an ml-model template is
   * not a model; nor are the catalog's own kinds.
   */
  static applies(entity: Entity): boolean {
    if (NOT_MODELS.has(entity.kind?.toLocaleLowerCase('en-US'))) return false;
    const annotations = entity.metadata?.annotations ?? {};
    return (
      isMlModelEntity(entity) ||
      annotations[ANNOTATION_ML_RUNBOOK] !== undefined ||
      annotations[ANNOTATION_ML_TIME_ZONE] !== undefined
    );
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    if (!MlModelProcessor.applies(entity)) return entity;
    const entityRef = stringifyEntityRef(entity);
    try {
      const parsed = parseModelAnnotations(entity, this.options.defaults);
      const badAnnotations = new Set<string>();
      if (!parsed.ok) {
        for (const error of parsed.errors) {
          badAnnotations.add(error.annotation);
          emit(
            processingResult.inputError(
              location,
              `${entityRef}: ${error.message}`,
            ),
          );
        }
      }
      // A malformed runbook annotation is already reported above.
      if (
        entity.metadata.annotations?.[ANNOTATION_ML_RUNBOOK] !== undefined &&
        !badAnnotations.has(ANNOTATION_ML_RUNBOOK)
      ) {
        await this.checkRunbook(entity, location, emit, cache);
      }
    } catch (error) {
      // Never let a bug here stop the catalog from processing the entity's siblings.
      const message = error instanceof Error ? error.message : String(error);
      emit(
        processingResult.generalError(
          location,
          `${entityRef}: ML Observability validation failed unexpectedly: ${message}`,
        ),
      );
    }
    return entity;
  }

  private async checkRunbook(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ) {
    const annotation = String(
      entity.metadata.annotations![ANNOTATION_ML_RUNBOOK],
    );
    const cached = await cache.get<{ annotation: string; etag: string }>(
      RUNBOOK_CACHE_KEY,
    );
    // An etag only says "same as the last valid read" for the same annotation.
    const etag = cached?.annotation === annotation ? cached.etag : undefined;
    const result = await readRunbook(entity, {
      urlReader: this.options.urlReader,
      logger: this.options.logger,
      ...(etag ? { etag } : {}),
    });
    switch (result.status) {
      case 'ok':
        if (result.etag && result.etag !== etag) {
          const value: CachedRunbook = { annotation, etag: result.etag };
          await cache.set(RUNBOOK_CACHE_KEY, { ...value });
        }
        return;
      case 'unchanged':
      case 'absent':
        return;
      default: {
        const error = result.error;
        if (error.code === 'invalid-runbook' && error.problems?.length) {
          for (const problem of error.problems) {
            emit(
              processingResult.inputError(
                location,
                describeRunbookProblem(error, problem),
              ),
            );
          }
        } else if (error.code === 'not-found') {
          emit(processingResult.notFoundError(location, error.message));
        } else if (error.code === 'read-failed') {
          // Possibly transient: the catalog keeps the last good entity and retries.
          emit(processingResult.generalError(location, error.message));
        } else {
          emit(processingResult.inputError(location, error.message));
        }
      }
    }
  }
}
