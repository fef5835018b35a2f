import { open, realpath } from 'node:fs/promises';
import { isChildPath } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_ML_RUNBOOK,
  parseRunbook,
  RUNBOOK_MAX_BYTES,
  RunbookError,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { resolveRunbookSource } from './resolveRunbookSource';
import type {
  ReadRunbookOptions,
  ReadRunbookResult,
  RunbookReadError,
  RunbookReadErrorCode,
  RunbookSource,
} from './types';

type Read =
  | { kind: 'data'; data: Buffer; etag?: string }
  | { kind: 'unchanged'; etag: string }
  | { kind: 'failed'; code: RunbookReadErrorCode; problem: string };

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Keep the first line: some readers append response bodies or stacks.
  return message.split('\n')[0].slice(0, 300);
}

function tooLarge(size: number, maxBytes: number): Read {
  return {
    kind: 'failed',
    code: 'too-large',
    problem: `it is ${
      size > maxBytes ? `more than ${maxBytes}` : size
    } bytes; at most ${maxBytes} bytes are accepted`,
  };
}

async function readCapped(
  stream: NodeJS.ReadableStream,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBytes) {
      (stream as { destroy?: () => void }).destroy?.();
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

async function readFromUrl(
  target: string,
  options: ReadRunbookOptions,
  maxBytes: number,
): Promise<Read> {
  try {
    const response = await options.urlReader.readUrl(target, {
      ...(options.etag ? { etag: options.etag } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let data: Buffer | undefined;
    if (response.stream) {
      data = await readCapped(response.stream(), maxBytes);
      if (!data) return tooLarge(maxBytes + 1, maxBytes);
    } else {
      data = await response.buffer();
      if (data.length > maxBytes) return tooLarge(data.length, maxBytes);
    }
    return { kind: 'data', data, etag: response.etag };
  } catch (error) {
    switch (errorName(error)) {
      case 'NotModifiedError':
        return { kind: 'unchanged', etag: options.etag! };
      case 'NotFoundError':
        return {
          kind: 'failed',
          code: 'not-found',
          problem: 'nothing found at that URL',
        };
      case 'NotAllowedError':
        return {
          kind: 'failed',
          code: 'not-allowed',
          problem: `the backend may not read that URL (${errorMessage(
            error,
          )}); add an integration or backend.reading.allow entry for its host`,
        };
      default:
        return {
          kind: 'failed',
          code: 'read-failed',
          problem: `reading it failed: ${errorMessage(error)}`,
        };
    }
  }
}

async function readFromFile(
  target: string,
  baseDirectory: string,
  options: ReadRunbookOptions,
  maxBytes: number,
): Promise<Read> {
  let real: string;
  let realBase: string;
  try {
    realBase = await realpath(baseDirectory);
    real = await realpath(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { kind: 'failed', code: 'not-found', problem: 'no such file' };
    }
    return {
      kind: 'failed',
      code: 'read-failed',
      problem: `reading it failed: ${errorMessage(error)}`,
    };
  }
  // A symbolic link inside the directory could still point outside it.
  if (!isChildPath(realBase, real)) {
    return {
      kind: 'failed',
      code: 'outside-location',
      problem: `it resolves through a symbolic link to ${real}, outside the directory of the catalog file (${realBase})`,
    };
  }
  let handle;
  try {
    handle = await open(real, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) {
      return {
        kind: 'failed',
        code: 'not-found',
        problem: 'it is not a regular file',
      };
    }
    if (stat.size > maxBytes) return tooLarge(stat.size, maxBytes);
    const etag = `file:${stat.size}:${stat.mtimeMs}`;
    if (options.etag === etag) return { kind: 'unchanged', etag };
    const data = await handle.readFile();
    // The file may have grown between stat and read.
    if (data.length > maxBytes) return tooLarge(data.length, maxBytes);
    return { kind: 'data', data, etag };
  } catch (error) {
    return {
      kind: 'failed',
      code: 'read-failed',
      problem: `reading it failed: ${errorMessage(error)}`,
    };
  } finally {
    await handle?.close();
  }
}

function describeSource(annotation: string, source?: RunbookSource): string {
  const where = source
    ? `, read from ${source.type === 'file' ? 'file ' : ''}${source.target}`
    : '';
  return `runbook ${JSON.stringify(annotation)}${where}`;
}

/**
 * One runbook validation problem with its YAML path and position, such as
 * `monitoring_config.data_quality.alert_threshold (line 6, column 22): ...`.
 * @public
 */
export function formatRunbookProblem(problem: RunbookError): string {
  const at =
    problem.line !== undefined
      ? ` (line ${problem.line}${
          problem.column !== undefined ? `, column ${problem.column}` : ''
        })`
      : '';
  return problem.path
    ? `${problem.path}${at}: ${problem.message}`
    : `${problem.message}${at}`;
}

/**
 * One runbook problem as a sentence naming the entity and the runbook, for
 * catalog processing errors and logs.
 * @public
 */
export function describeRunbookProblem(
  error: Pick<RunbookReadError, 'entityRef' | 'annotation' | 'source'>,
  problem: RunbookError,
): string {
  return `${error.entityRef}: ${describeSource(
    error.annotation,
    error.source,
  )} is not a valid runbook: ${formatRunbookProblem(problem)}`;
}

/**
 * Reads and validates the runbook named by an entity's
 * `ml-observability/runbook` annotation: `url:` targets through the
 * UrlReader, relative paths against the entity's catalog file (as a URL for
 * `url:` locations, from disk inside the catalog file's directory for `file:`
 * locations). Never throws: every failure is a typed result whose message
 * names the entity, the runbook location and what is wrong.
 * @public
 */
export async function readRunbook(
  entity: Entity,
  options: ReadRunbookOptions,
): Promise<ReadRunbookResult> {
  const raw = entity.metadata?.annotations?.[ANNOTATION_ML_RUNBOOK];
  if (raw === undefined) return { status: 'absent' };
  const annotation = String(raw);
  let entityRef: string;
  try {
    entityRef = stringifyEntityRef(entity);
  } catch {
    entityRef = String(entity.metadata?.name ?? 'an entity without a name');
  }
  const maxBytes = options.maxBytes ?? RUNBOOK_MAX_BYTES;

  const fail = (
    code: RunbookReadErrorCode,
    problem: string,
    source?: RunbookSource,
    problems?: RunbookError[],
  ): ReadRunbookResult => {
    const error: RunbookReadError = {
      code,
      entityRef,
      annotation,
      ...(source ? { source } : {}),
      message: `${entityRef}: ${describeSource(
        annotation,
        source,
      )}: ${problem}`,
      problem,
      ...(problems ? { problems } : {}),
    };
    options.logger?.debug(error.message);
    return { status: 'error', error };
  };

  const resolved = resolveRunbookSource(entity, annotation);
  if (!resolved.ok) return fail(resolved.code, resolved.problem);
  const source = resolved.source;

  const read =
    source.type === 'url'
      ? await readFromUrl(source.target, options, maxBytes)
      : await readFromFile(
          source.target,
          resolved.baseDirectory!,
          options,
          maxBytes,
        );
  if (read.kind === 'failed') return fail(read.code, read.problem, source);
  if (read.kind === 'unchanged') {
    return { status: 'unchanged', source, etag: read.etag };
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.data);
  } catch {
    return fail('invalid-runbook', 'it is not UTF-8 text', source);
  }
  const parsed = parseRunbook(text);
  if (!parsed.ok) {
    const shown = parsed.errors
      .slice(0, 3)
      .map(formatRunbookProblem)
      .join('; ');
    const more =
      parsed.errors.length > 3 ? ` (and ${parsed.errors.length - 3} more)` : '';
    return fail(
      'invalid-runbook',
      `not a valid runbook: ${shown}${more}`,
      source,
      parsed.errors,
    );
  }
  return {
    status: 'ok',
    runbook: parsed.runbook,
    source,
    ...(read.etag ? { etag: read.etag } : {}),
  };
}
