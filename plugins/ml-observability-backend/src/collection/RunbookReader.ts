import {
  LoggerService,
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  parseRunbook,
  RUNBOOK_MAX_BYTES,
  RunbookLocation,
  SourceOutcome,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StoredRunbook } from '../store';

export type RunbookReadResult =
  | { outcome: 'ok'; runbook: StoredRunbook }
  /** The URL answered "not modified" to the stored etag: keep the stored runbook. */
  | { outcome: 'unchanged' }
  | { outcome: Exclude<SourceOutcome, 'ok' | 'pending'>; message: string };

type Resolved =
  | { kind: 'file'; path: string; shown: string }
  | { kind: 'url'; url: string }
  | { kind: 'invalid'; message: string };

const MAX_ERRORS_SHOWN = 3;

/**
 * Reads model runbooks: `url:` targets and paths relative to the entity's
 * catalog file. A `file:` location is only read inside its own directory;
 * URL locations go through the UrlReader, so only configured hosts are read.
 */
export class RunbookReader {
  constructor(
    private readonly urlReader: UrlReaderService,
    private readonly logger: LoggerService,
  ) {}

  private resolve(entity: Entity, location: RunbookLocation): Resolved {
    if (location.type === 'url') return { kind: 'url', url: location.target };
    const managedBy = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    if (!managedBy) {
      return {
        kind: 'invalid',
        message: `the runbook path ${location.target} is relative, but the entity has no ${ANNOTATION_LOCATION} to resolve it against; use url:https://...`,
      };
    }
    let base: { type: string; target: string };
    try {
      base = parseLocationRef(managedBy);
    } catch {
      return {
        kind: 'invalid',
        message: `${ANNOTATION_LOCATION} ${managedBy} is not a location`,
      };
    }
    if (base.type === 'file') {
      try {
        const path = resolveSafeChildPath(
          dirname(base.target),
          location.target,
        );
        return { kind: 'file', path, shown: location.target };
      } catch {
        return {
          kind: 'invalid',
          message: `the runbook path ${location.target} leaves the directory of the catalog file; keep runbooks next to or below it`,
        };
      }
    }
    if (base.type === 'url') {
      try {
        return {
          kind: 'url',
          url: new URL(location.target, base.target).toString(),
        };
      } catch {
        return {
          kind: 'invalid',
          message: `the runbook path ${location.target} cannot be resolved against ${base.target}`,
        };
      }
    }
    return {
      kind: 'invalid',
      message: `a relative runbook path cannot be resolved against a ${base.type} location; use url:https://...`,
    };
  }

  private parse(
    text: string,
    where: string,
    now: Date,
    url?: string,
    etag?: string,
  ): RunbookReadResult {
    const parsed = parseRunbook(text);
    if (!parsed.ok) {
      const shown = parsed.errors.slice(0, MAX_ERRORS_SHOWN).map(e => {
        const at = e.line ? ` (line ${e.line})` : '';
        return `${e.path ? `${e.path}: ` : ''}${e.message}${at}`;
      });
      const more =
        parsed.errors.length > MAX_ERRORS_SHOWN
          ? ` and ${parsed.errors.length - MAX_ERRORS_SHOWN} more`
          : '';
      return {
        outcome: 'error',
        message: `the runbook ${where} is invalid: ${shown.join('; ')}${more}`,
      };
    }
    return {
      outcome: 'ok',
      runbook: {
        runbook: parsed.runbook,
        ...(url ? { url } : {}),
        ...(etag ? { etag } : {}),
        readAt: now.toISOString(),
      },
    };
  }

  async read(
    entity: Entity,
    location: RunbookLocation,
    previous: StoredRunbook | undefined,
    now: Date,
  ): Promise<RunbookReadResult> {
    const resolved = this.resolve(entity, location);
    if (resolved.kind === 'invalid')
      return { outcome: 'error', message: resolved.message };

    if (resolved.kind === 'file') {
      try {
        const info = await stat(resolved.path);
        if (info.size > RUNBOOK_MAX_BYTES) {
          return {
            outcome: 'error',
            message: `the runbook ${resolved.shown} is ${info.size} bytes; at most ${RUNBOOK_MAX_BYTES} are read`,
          };
        }
        return this.parse(
          await readFile(resolved.path, 'utf8'),
          resolved.shown,
          now,
        );
      } catch (error) {
        if (
          isError(error) &&
          (error as NodeJS.ErrnoException).code === 'ENOENT'
        ) {
          return {
            outcome: 'not-found',
            message: `the runbook ${resolved.shown} does not exist next to the catalog file`,
          };
        }
        this.logger.warn(`Could not read runbook ${resolved.path}: ${error}`);
        return {
          outcome: 'error',
          message: `the runbook ${resolved.shown} could not be read`,
        };
      }
    }

    const url = resolved.url;
    try {
      // The etag only applies when the stored runbook came from the same URL.
      const etag = previous?.url === url ? previous.etag : undefined;
      const response = await this.urlReader.readUrl(url, etag ? { etag } : {});
      const buffer = await response.buffer();
      if (buffer.length > RUNBOOK_MAX_BYTES) {
        return {
          outcome: 'error',
          message: `the runbook at ${url} is ${buffer.length} bytes; at most ${RUNBOOK_MAX_BYTES} are read`,
        };
      }
      return this.parse(
        buffer.toString('utf8'),
        `at ${url}`,
        now,
        url,
        response.etag,
      );
    } catch (error) {
      const name = isError(error) ? error.name : '';
      if (name === 'NotModifiedError') return { outcome: 'unchanged' };
      if (name === 'NotFoundError') {
        return { outcome: 'not-found', message: `no runbook at ${url}` };
      }
      if (name === 'NotAllowedError') {
        return {
          outcome: 'denied',
          message: `reading ${url} is not allowed; add an integration or backend.reading.allow entry for its host`,
        };
      }
      this.logger.warn(`Could not read runbook ${url}: ${error}`);
      return {
        outcome: 'error',
        message: `the runbook at ${url} could not be read; see the backend log`,
      };
    }
  }
}
