import { randomBytes } from 'node:crypto';
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ActionSettings } from './settings';

export const PUBLISH_LOCAL_ID = 'mlobs:publish:local';
/** Location type the catalog module reads under the same root. */
export const LOCAL_LOCATION_TYPE = 'mlobs-local';

const TARGET_PATH =
  /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;
const MAX_FILES = 500;
const MAX_BYTES = 10 * 1024 * 1024;

async function collect(
  directory: string,
  warnings: string[],
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let bytes = 0;
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const rel = relative(directory, path).split(sep).join('/');
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        const data = await readFile(path);
        bytes += data.length;
        if (files.size >= MAX_FILES || bytes > MAX_BYTES) {
          throw new InputError(
            `the files to publish exceed ${MAX_FILES} files or ${MAX_BYTES} bytes`,
          );
        }
        files.set(rel, data);
      } else {
        // Links could point anywhere on the backend host; only plain files are published.
        warnings.push(`skipped ${rel}: not a regular file`);
      }
    }
  };
  await walk(directory);
  return files;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Files that differ between what would be published and what is there. */
async function differences(
  target: string,
  files: Map<string, Buffer>,
): Promise<string[]> {
  const changed: string[] = [];
  const present = await collect(target, []);
  for (const [rel, data] of files) {
    const current = present.get(rel);
    if (!current) changed.push(`${rel} (new)`);
    else if (!current.equals(data)) changed.push(`${rel} (changed)`);
  }
  for (const rel of present.keys())
    if (!files.has(rel)) changed.push(`${rel} (not in the workspace)`);
  return changed;
}

async function write(directory: string, files: Map<string, Buffer>) {
  for (const [rel, data] of files) {
    const path = join(directory, ...rel.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  }
}

/** The workspace folder to read and the folder to publish to, each kept inside its root. */
function resolvePaths(
  workspacePath: string,
  root: string,
  sourcePath: string,
  targetPath: string,
): { source: string; target: string } {
  let source: string;
  try {
    source = resolveSafeChildPath(workspacePath, sourcePath);
  } catch {
    throw new InputError(
      `sourcePath ${JSON.stringify(
        sourcePath,
      )} must stay inside the task workspace`,
    );
  }
  try {
    return { source, target: resolveSafeChildPath(root, targetPath) };
  } catch {
    throw new InputError(
      `targetPath ${JSON.stringify(targetPath)} must stay inside ${root}`,
    );
  }
}

/** The regular files under `source`; none is an InputError. */
async function filesToPublish(
  source: string,
  sourcePath: string,
  logger: LoggerService,
): Promise<Map<string, Buffer>> {
  const warnings: string[] = [];
  const files = await collect(source, warnings);
  for (const warning of warnings) logger.warn(warning);
  if (files.size === 0)
    throw new InputError(`there are no files in ${sourcePath} to publish`);
  if (!files.has('catalog-info.yaml')) {
    logger.warn(
      `${sourcePath} has no catalog-info.yaml; there will be nothing to register`,
    );
  }
  return files;
}

/** Writes a new folder aside and renames it, so the catalog never reads a half-written folder. */
async function writeNew(target: string, files: Map<string, Buffer>) {
  const staging = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await write(staging, files);
    await mkdir(dirname(target), { recursive: true });
    await rename(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

type PublishStatus =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'would-create'
  | 'would-update';

/** Publishes unless the folder already holds these files, or holds others and overwrite is off. */
async function publishStep(
  target: string,
  files: Map<string, Buffer>,
  options: { overwrite: boolean; dryRun: boolean; logger: LoggerService },
): Promise<PublishStatus> {
  const { logger } = options;
  const present = await exists(target);
  const changed = present ? await differences(target, files) : [];
  if (present && changed.length === 0) {
    logger.info(
      `${target} already holds exactly these ${files.size} files; nothing to do`,
    );
    return 'unchanged';
  }
  if (present && !options.overwrite) {
    throw new InputError(
      `${target} already exists with other content (${changed
        .slice(0, 10)
        .join(
          ', ',
        )}); choose another targetPath, remove the folder, or set overwrite`,
    );
  }
  if (options.dryRun) {
    logger.info(
      `dry run: would ${present ? 'update' : 'create'} ${target} with ${[
        ...files.keys(),
      ].join(', ')}`,
    );
    return present ? 'would-update' : 'would-create';
  }
  if (present) await write(target, files);
  else await writeNew(target, files);
  logger.info(
    `${present ? 'updated' : 'published'} ${files.size} files to ${target}`,
  );
  return present ? 'updated' : 'created';
}

/** mlobs:publish:local */
export function publishLocalAction(options: { settings: ActionSettings }) {
  const { settings } = options;
  return createTemplateAction({
    id: PUBLISH_LOCAL_ID,
    description:
      'Publishes files of the task workspace to a folder under the configured local root (mlObservability.localPublish.rootDirectory), for portals without a git host. Publishing the same files again changes nothing; different files in an existing folder are refused unless overwrite is set. Supports dry-run.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish the generated model files, then register them',
        example: `steps:
  - id: publish
    action: ${PUBLISH_LOCAL_ID}
    input:
      sourcePath: model
      targetPath: fraud-detection-v3
  - id: register
    action: mlobs:catalog:register-local
    input:
      catalogInfoPath: \${{ steps.publish.output.catalogInfoPath }}`,
      },
    ],
    schema: {
      input: {
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the workspace to publish. Default: the whole workspace',
            ),
        targetPath: z =>
          z
            .string()
            .regex(TARGET_PATH, {
              message:
                'expected a relative path of letters, digits, dot, dash and underscore segments, such as models/fraud-detection-v3',
            })
            .describe('Folder under the local root to publish to'),
        overwrite: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Replace files of an existing folder that differ. Default: false',
            ),
      },
      output: {
        status: z =>
          z.enum([
            'created',
            'updated',
            'unchanged',
            'would-create',
            'would-update',
          ]),
        directory: z => z.string().describe('Absolute folder published to'),
        catalogInfoPath: z =>
          z.string().describe('catalog-info.yaml relative to the local root'),
        catalogLocation: z =>
          z
            .string()
            .describe(
              'The location to register, e.g. mlobs-local:fraud-detection-v3/catalog-info.yaml',
            ),
      },
    },
    async handler(ctx) {
      const root = settings.localPublishRoot;
      if (!root) {
        throw new InputError(
          `${PUBLISH_LOCAL_ID} needs mlObservability.localPublish.rootDirectory in app config; publish to a git host instead (e.g. publish:github) where there is one`,
        );
      }
      const sourcePath = ctx.input.sourcePath ?? '.';
      const { source, target } = resolvePaths(
        ctx.workspacePath,
        root,
        sourcePath,
        ctx.input.targetPath,
      );
      const files = await filesToPublish(source, sourcePath, ctx.logger);
      const catalogInfoPath = `${ctx.input.targetPath}/catalog-info.yaml`;
      const status = await publishStep(target, files, {
        overwrite: ctx.input.overwrite === true,
        dryRun: ctx.isDryRun === true,
        logger: ctx.logger,
      });
      ctx.output('status', status);
      ctx.output('directory', target);
      ctx.output('catalogInfoPath', catalogInfoPath);
      ctx.output(
        'catalogLocation',
        `${LOCAL_LOCATION_TYPE}:${catalogInfoPath}`,
      );
    },
  });
}
