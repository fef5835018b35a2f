import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ML_RUNBOOK,
  SourceOutcome,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  formatRunbookProblem,
  readRunbook,
  resolveRunbookSource,
  RunbookReadError,
} from '@mlobs/backstage-plugin-ml-observability-node';
import type { StoredRunbook } from '../store';

export type RunbookReadResult =
  | { outcome: 'ok'; runbook: StoredRunbook }
  /** The URL answered "not modified" to the stored etag: keep the stored runbook. */
  | { outcome: 'unchanged' }
  | { outcome: Exclude<SourceOutcome, 'ok' | 'pending'>; message: string };

type Failure = Extract<RunbookReadResult, { message: string }>;

const MAX_ERRORS_SHOWN = 3;

/**
 * Turns a failed read into the `runbook` source the backend stores and
 * serves. The message is shown to anyone who can see the model, so it names
 * the runbook as annotated (never a server path) and leaves reader errors,
 * which may carry hosts or addresses, to the backend log.
 */
function toFailure(error: RunbookReadError, logger: LoggerService): Failure {
  const source = error.source;
  const shown =
    source?.type === 'url' ? `at ${source.target}` : error.annotation;
  switch (error.code) {
    case 'not-found':
      return {
        outcome: 'not-found',
        message:
          source?.type === 'url'
            ? `no runbook at ${source.target}`
            : `the runbook ${shown} does not exist next to the catalog file`,
      };
    case 'not-allowed':
      return {
        outcome: 'denied',
        message: `reading ${source?.target} is not allowed; add an integration or backend.reading.allow entry for its host`,
      };
    case 'outside-location':
      logger.warn(error.message);
      return {
        outcome: 'error',
        message: `the runbook path ${error.annotation} leaves the directory of the catalog file; keep runbooks next to or below it`,
      };
    case 'invalid-runbook': {
      if (!error.problems?.length) {
        return {
          outcome: 'error',
          message: `the runbook ${shown} is invalid: ${error.problem}`,
        };
      }
      const shownProblems = error.problems
        .slice(0, MAX_ERRORS_SHOWN)
        .map(formatRunbookProblem);
      const more =
        error.problems.length > MAX_ERRORS_SHOWN
          ? ` and ${error.problems.length - MAX_ERRORS_SHOWN} more`
          : '';
      return {
        outcome: 'error',
        message: `the runbook ${shown} is invalid: ${shownProblems.join(
          '; ',
        )}${more}`,
      };
    }
    case 'too-large':
      return {
        outcome: 'error',
        message: `the runbook ${shown} is too large: ${error.problem}`,
      };
    case 'invalid-location':
    case 'no-base-location':
      return {
        outcome: 'error',
        message: `the runbook ${error.annotation} cannot be read: ${error.problem}`,
      };
    case 'read-failed':
    default:
      logger.warn(error.message);
      return {
        outcome: 'error',
        message: `the runbook ${shown} could not be read; see the backend log`,
      };
  }
}

/**
 * Reads model runbooks with the shared reader of the node package (which
 * only reads a `file:` catalog location's runbook inside that directory, and
 * URLs through the UrlReader), re-using the stored runbook's etag.
 */
export class RunbookReader {
  constructor(
    private readonly urlReader: UrlReaderService,
    private readonly logger: LoggerService,
  ) {}

  async read(
    entity: Entity,
    previous: StoredRunbook | undefined,
    now: Date,
  ): Promise<RunbookReadResult> {
    // The etag only applies when the stored runbook came from the same URL:
    // after the annotation moves, an "unchanged" would keep the old runbook.
    const annotation = entity.metadata.annotations?.[ANNOTATION_ML_RUNBOOK];
    const resolved =
      annotation === undefined
        ? undefined
        : resolveRunbookSource(entity, String(annotation));
    const etag =
      resolved?.ok &&
      resolved.source.type === 'url' &&
      previous?.url === resolved.source.target
        ? previous.etag
        : undefined;
    const result = await readRunbook(entity, {
      urlReader: this.urlReader,
      logger: this.logger,
      ...(etag ? { etag } : {}),
    });
    switch (result.status) {
      case 'absent':
        return {
          outcome: 'not-found',
          message: `the entity has no ${ANNOTATION_ML_RUNBOOK} annotation`,
        };
      case 'unchanged':
        return { outcome: 'unchanged' };
      case 'error':
        return toFailure(result.error, this.logger);
      case 'ok':
      default: {
        const url =
          result.source.type === 'url' ? result.source.target : undefined;
        return {
          outcome: 'ok',
          runbook: {
            runbook: result.runbook,
            ...(url ? { url } : {}),
            ...(url && result.etag ? { etag: result.etag } : {}),
            readAt: now.toISOString(),
          },
        };
      }
    }
  }
}
