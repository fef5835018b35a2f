import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { parseRunbookLocation } from '@mlobs/backstage-plugin-ml-observability-common';
import type { RunbookReadErrorCode, RunbookSource } from './types';

/** @public */
export type ResolveRunbookSourceResult =
  | { ok: true; source: RunbookSource; baseDirectory?: string }
  | { ok: false; code: RunbookReadErrorCode; problem: string };

function annotation(entity: Entity, name: string): string | undefined {
  const value = entity.metadata?.annotations?.[name];
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/**
 * Resolves a runbook annotation to the URL or file it names. Relative paths
 * are resolved against the entity's catalog file
 * (`backstage.io/managed-by-location`, else `backstage.io/source-location`):
 * as a URL for `url:` locations, inside the catalog file's directory for
 * `file:` locations. Never reads anything.
 * @public
 */
export function resolveRunbookSource(
  entity: Entity,
  annotationValue: string,
): ResolveRunbookSourceResult {
  const parsed = parseRunbookLocation(annotationValue);
  if (!parsed.ok) {
    return {
      ok: false,
      code: 'invalid-location',
      problem: `${parsed.problem}; expected ${parsed.allowed}`,
    };
  }
  const location = parsed.location;
  if (location.type === 'url') {
    return {
      ok: true,
      source: {
        annotation: annotationValue,
        type: 'url',
        target: location.target,
      },
    };
  }

  const managedBy = annotation(entity, ANNOTATION_LOCATION);
  const sourceLocation = annotation(entity, ANNOTATION_SOURCE_LOCATION);
  const baseRef = managedBy ?? sourceLocation;
  const baseName = managedBy ? ANNOTATION_LOCATION : ANNOTATION_SOURCE_LOCATION;
  if (!baseRef) {
    return {
      ok: false,
      code: 'no-base-location',
      problem: `the relative path cannot be resolved: the entity has neither ${ANNOTATION_LOCATION} nor ${ANNOTATION_SOURCE_LOCATION}; use url:https://... instead`,
    };
  }
  let base: { type: string; target: string };
  try {
    base = parseLocationRef(baseRef);
  } catch {
    return {
      ok: false,
      code: 'no-base-location',
      problem: `the relative path cannot be resolved: ${baseName} ${JSON.stringify(
        baseRef,
      )} is not a location reference like url:https://... or file:/path`,
    };
  }

  if (base.type === 'url') {
    let url: URL;
    try {
      url = new URL(location.target, base.target);
    } catch {
      return {
        ok: false,
        code: 'no-base-location',
        problem: `the relative path cannot be resolved against ${baseName} ${JSON.stringify(
          base.target,
        )}, which is not an absolute URL`,
      };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return {
        ok: false,
        code: 'invalid-location',
        problem: `resolves to ${url.toString()}, which is not an http or https URL`,
      };
    }
    return {
      ok: true,
      source: {
        annotation: annotationValue,
        type: 'url',
        target: url.toString(),
      },
    };
  }

  if (base.type === 'file') {
    if (!isAbsolute(base.target)) {
      return {
        ok: false,
        code: 'no-base-location',
        problem: `the relative path cannot be resolved: ${baseName} file:${base.target} is not an absolute path`,
      };
    }
    // A source location may name a directory; a managed-by location names the file.
    const directory =
      base.target.endsWith(sep) || base.target.endsWith('/')
        ? resolve(base.target)
        : dirname(base.target);
    const target = resolve(directory, location.target);
    if (!isChildPath(directory, target)) {
      return {
        ok: false,
        code: 'outside-location',
        problem: `the path leaves the directory of the catalog file (${directory}); a runbook read from disk must be inside it`,
      };
    }
    return {
      ok: true,
      source: { annotation: annotationValue, type: 'file', target },
      baseDirectory: directory,
    };
  }

  return {
    ok: false,
    code: 'no-base-location',
    problem: `a relative path cannot be resolved against a ${base.type}: location (${baseName}); use url:https://... instead`,
  };
}
