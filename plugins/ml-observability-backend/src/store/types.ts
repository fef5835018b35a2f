import type { SourceId } from '@mlobs/backstage-plugin-ml-observability-common';
import type {
  ModelFacts,
  ModelRecord,
  ModelResources,
  ModelSeries,
  StoredRunbook,
  StoredTarget,
} from '../domain/types';

export type {
  ModelRecord,
  ModelSeries,
  ResourceKey,
  ResourceKind,
  SeriesKind,
  SeriesMeta,
  StoredRunbook,
  StoredTarget,
} from '../domain/types';

/** A model's stored record (the verdict is computed when a report is built, never stored). */
export type ModelSnapshot = ModelRecord;

/**
 * What one round learned about a model. Catalog fields replace the stored
 * ones; AWS parts left undefined keep their stored value; sources are merged
 * per source.
 */
export interface ModelUpdate extends ModelFacts, ModelResources {
  target: StoredTarget;
  /** Sources that no longer apply to the model (its runbook annotation was removed). */
  dropSources?: SourceId[];
  /** Undefined keeps the stored runbook, null forgets it (the annotation is gone). */
  runbook?: StoredRunbook | null;
}

/** The name the store's own files use for a ModelSeries. */
export type StoredSeries = ModelSeries;
