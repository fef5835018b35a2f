import { open, realpath } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  processingResult,
} from '@backstage/plugin-catalog-node';

/**
 * The location type of catalog files published by the scaffolder's
 * `mlobs:publish:local` action; targets are paths relative to the configured
 * root directory.
 * @public
 */
export const LOCAL_PUBLISH_LOCATION_TYPE = 'mlobs-local';

/** A catalog file is a page or two of YAML; refuse anything much larger. */
const MAX_CATALOG_FILE_BYTES = 1024 * 1024;

/**
 * `mlObservability.localPublish.rootDirectory`, resolved against the
 * backend's working directory, or undefined when not configured.
 * @public
 */
export function readLocalPublishRoot(config: Config): string | undefined {
  const root = config.getOptionalString(
    'mlObservability.localPublish.rootDirectory',
  );
  return root === undefined ? undefined : resolve(root);
}

/**
 * Reads `mlobs-local` locations: catalog files under the local publish root,
 * and nowhere else. Registering such a location through the catalog API can
 * therefore never make the backend read other files from its disk, which
 * allowing `file` locations would.
 * @public
 */
export class LocalPublishLocationProcessor implements CatalogProcessor {
  constructor(private readonly rootDirectory: string) {}

  getProcessorName(): string {
    return 'MlObservabilityLocalPublishLocationProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== LOCAL_PUBLISH_LOCATION_TYPE) return false;
    const where = `${LOCAL_PUBLISH_LOCATION_TYPE}:${location.target}`;
    if (isAbsolute(location.target) || location.target.includes('\\')) {
      emit(
        processingResult.inputError(
          location,
          `${where}: the target must be a path relative to the local publish root ${this.rootDirectory}`,
        ),
      );
      return true;
    }
    const path = resolve(this.rootDirectory, location.target);
    if (!isChildPath(this.rootDirectory, path)) {
      emit(
        processingResult.inputError(
          location,
          `${where}: the target leaves the local publish root ${this.rootDirectory}`,
        ),
      );
      return true;
    }

    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (!optional) {
          emit(
            processingResult.notFoundError(
              location,
              `${where}: no file at ${path}`,
            ),
          );
        }
        return true;
      }
      throw error;
    }
    if (!isChildPath(await realpath(this.rootDirectory), real)) {
      emit(
        processingResult.inputError(
          location,
          `${where}: ${path} is a symbolic link to ${real}, outside the local publish root`,
        ),
      );
      return true;
    }

    const handle = await open(real, 'r');
    let data: Buffer;
    try {
      const stat = await handle.stat();
      if (!stat.isFile() || stat.size > MAX_CATALOG_FILE_BYTES) {
        emit(
          processingResult.inputError(
            location,
            `${where}: ${path} is not a regular file of at most ${MAX_CATALOG_FILE_BYTES} bytes`,
          ),
        );
        return true;
      }
      data = await handle.readFile();
    } finally {
      await handle.close();
    }
    // Entities point at the file itself, so relative runbook paths resolve next to it.
    for await (const item of parser({
      data,
      location: { type: 'file', target: real },
    })) {
      emit(item);
    }
    return true;
  }
}
