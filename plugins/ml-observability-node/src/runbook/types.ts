import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type {
  Runbook,
  RunbookError,
} from '@mlobs/backstage-plugin-ml-observability-common';

/**
 * Where a runbook was read from, after resolving the annotation against the
 * entity's own location.
 * @public
 */
export interface RunbookSource {
  /** The `ml-observability/runbook` annotation as written. */
  annotation: string;
  /** `url` is read with the UrlReader, `file` from the backend's disk. */
  type: 'url' | 'file';
  /** The absolute URL or absolute file path. */
  target: string;
}

/**
 * Why a runbook could not be read.
 *
 * - `invalid-location`: the annotation is not `url:...` or a relative path;
 * - `no-base-location`: a relative path, but the entity has no
 *   `backstage.io/managed-by-location` (or source location) to resolve it against;
 * - `outside-location`: a relative path that leaves the catalog file's directory;
 * - `not-allowed`: the UrlReader refuses the host (backend.reading.allow);
 * - `not-found`: no file or URL there;
 * - `too-large`: bigger than the runbook size limit;
 * - `read-failed`: any other read failure, possibly transient;
 * - `invalid-runbook`: read, but not valid YAML or not the runbook schema.
 * @public
 */
export type RunbookReadErrorCode =
  | 'invalid-location'
  | 'no-base-location'
  | 'outside-location'
  | 'not-allowed'
  | 'not-found'
  | 'too-large'
  | 'read-failed'
  | 'invalid-runbook';

/** @public */
export interface RunbookReadError {
  code: RunbookReadErrorCode;
  /** The entity whose runbook this is, e.g. `component:default/fraud-detection-v2`. */
  entityRef: string;
  /** The annotation value as written. */
  annotation: string;
  /** Where it was read from, when resolution got that far. */
  source?: RunbookSource;
  /** One sentence naming the entity, the runbook location and what is wrong. */
  message: string;
  /**
   * What is wrong, without the entity and runbook location, for callers that
   * show those already. May name server paths and reader errors: not for
   * anonymous users.
   */
  problem: string;
  /** For `invalid-runbook`: each problem with its YAML path and position. */
  problems?: RunbookError[];
}

/** @public */
export type ReadRunbookResult =
  | { status: 'absent' }
  | { status: 'ok'; runbook: Runbook; source: RunbookSource; etag?: string }
  | { status: 'unchanged'; source: RunbookSource; etag: string }
  | { status: 'error'; error: RunbookReadError };

/** @public */
export interface ReadRunbookOptions {
  urlReader: UrlReaderService;
  logger?: LoggerService;
  /**
   * The etag of a previous successful read. When the runbook has not changed
   * since, the result is `unchanged` and nothing is parsed.
   */
  etag?: string;
  /** Largest runbook accepted, in bytes. Default: RUNBOOK_MAX_BYTES (64 KiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}
