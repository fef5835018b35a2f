import { readFile, stat } from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  parseRunbook,
  Runbook,
  RUNBOOK_MAX_BYTES,
} from '@mlobs/backstage-plugin-ml-observability-common';

/** Reads and validates a runbook from the task workspace, or from inline YAML. */
export async function loadRunbook(
  workspacePath: string,
  input: { runbookPath?: string; runbook?: string },
): Promise<Runbook> {
  let text: string;
  let where: string;
  if (input.runbook !== undefined) {
    text = input.runbook;
    where = 'the runbook input';
  } else {
    const relative = input.runbookPath ?? 'runbook.yaml';
    where = `runbook ${relative}`;
    let path: string;
    try {
      path = resolveSafeChildPath(workspacePath, relative);
    } catch {
      throw new InputError(
        `runbookPath ${JSON.stringify(
          relative,
        )} must stay inside the task workspace`,
      );
    }
    try {
      const info = await stat(path);
      if (info.size > RUNBOOK_MAX_BYTES) {
        throw new InputError(
          `${where} is ${info.size} bytes; at most ${RUNBOOK_MAX_BYTES} are accepted`,
        );
      }
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(
        `${where} could not be read from the workspace (${
          (error as NodeJS.ErrnoException).code ?? String(error)
        }); write it first, e.g. with fetch:template`,
      );
    }
  }
  const parsed = parseRunbook(text);
  if (!parsed.ok) {
    const problems = parsed.errors
      .map(
        e =>
          `${e.path || '(document)'}${
            e.line !== undefined ? ` (line ${e.line})` : ''
          }: ${e.message}`,
      )
      .join('; ');
    throw new InputError(`${where} is not a valid runbook: ${problems}`);
  }
  return parsed.runbook;
}
