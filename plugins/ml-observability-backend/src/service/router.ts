import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import type { ErrorRequestHandler, Router } from 'express';
import { randomBytes } from 'node:crypto';
import { createOpenApiRouter, ValidatorOptions } from '../schema/router';
import { PUBLIC_ERROR_NAMES, TooManyRequestsError } from './errors';
import type { MlObservabilityService } from './MlObservabilityService';

export interface RouterOptions {
  service: MlObservabilityService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** Tests turn on response validation against openapi.yaml here. */
  validatorOptions?: ValidatorOptions;
}

/** A query parameter declared as an array may still arrive as one string. */
function list<T extends string>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/**
 * Errors written for the caller pass through to the default error handler;
 * anything else (a database error, a bug, text from AWS) is logged and
 * replaced, so internals never reach a response.
 */
function hideInternalErrors(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (error instanceof TooManyRequestsError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    if (isError(error) && PUBLIC_ERROR_NAMES.has(error.name)) {
      next(error);
      return;
    }
    const id = randomBytes(6).toString('hex');
    logger.error(
      `${req.method} ${req.originalUrl} failed, error id ${id}`,
      isError(error) ? error : undefined,
    );
    next(
      new Error(
        `The ML observability backend could not answer; its log has the details under error id ${id}`,
      ),
    );
  };
}

/** The REST API of openapi.yaml. Every route but /health reads with the caller's credentials. */
export function createRouter(options: RouterOptions): Router {
  const { service, httpAuth, logger } = options;
  const router = createOpenApiRouter({
    validatorOptions: options.validatorOptions,
  });
  const credentialsOf = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/models', async (req, res) => {
    const credentials = await credentialsOf(req);
    const q = req.query;
    const page = await service.getFleet(
      {
        owner: list(q.owner),
        status: list(q.status),
        lifecycle: list(q.lifecycle),
        accountId: list(q.account),
        region: list(q.region),
        cursor: q.cursor,
        // The validator checks the bounds; the service checks again for other callers.
        limit: q.limit === undefined ? undefined : Number(q.limit),
      },
      { credentials },
    );
    res.json(page);
  });

  router.get('/v1/models/:namespace/:kind/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const report = await service.getModelReport(
      stringifyEntityRef(req.params),
      {
        credentials,
        range: req.query.range ?? '24h',
      },
    );
    res.json(report);
  });

  router.post('/v1/models/:namespace/:kind/:name/refresh', async (req, res) => {
    const credentials = await credentialsOf(req);
    const report = await service.refreshModel(stringifyEntityRef(req.params), {
      credentials,
    });
    res.json(report);
  });

  router.get('/v1/escalation', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await service.findOwners(req.query.resource, { credentials }));
  });

  router.use(hideInternalErrors(logger));
  return router;
}
