import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ErrorRequestHandler, RequestHandler, Router } from 'express';
import { randomBytes } from 'node:crypto';
import {
  API_ROUTES,
  createOpenApiRouter,
  ValidatorOptions,
} from '../schema/router';
import {
  isTransientUnavailability,
  MethodNotAllowedError,
  PUBLIC_ERROR_NAMES,
  TooManyRequestsError,
} from './errors';
import type { MlObservabilityService } from './MlObservabilityService';
import type { RunbookActionService } from '../runbookActions/RunbookActionService';

type ActionCall = Parameters<RunbookActionService['plan']>[2];
type ActionRequestBody = {
  dryRun?: boolean;
  idempotencyKey?: string;
  alarmArn?: string;
};

/** What the action routes ask of the runbook action service. */
export type RunbookActions = Pick<
  RunbookActionService,
  'list' | 'get' | 'plan' | 'apply' | 'planUndo' | 'undo'
>;

export interface RouterOptions {
  service: MlObservabilityService;
  /** The runbook action routes; absent, they answer 503. */
  runbookActions?: RunbookActions;
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

/** Seconds a client should wait after a 503 while a backing service restarts. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Each path of openapi.yaml with its methods, for answers to requests that match no route. */
const PATHS = [...new Set(API_ROUTES.map(r => r.path))].map(path => {
  const routes = API_ROUTES.filter(r => r.path === path);
  return { pattern: routes[0].pattern, methods: routes.map(r => r.method) };
});

/** "GET /health, ... and GET /v1/escalation", for the 404 text. */
function routeList(): string {
  const names = API_ROUTES.map(r => `${r.method} ${r.path}`);
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const ROUTE_LIST = routeList();

/**
 * Requests that reach the end of the router: a known path with another
 * method (405 with Allow), a malformed model address (400), or no such route
 * (404) — each with a message, never the empty 404 of the root router.
 */
function unmatchedRoutes(): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    const known = PATHS.find(p => p.pattern.test(path));
    if (known) {
      const allowed = known.methods.includes('GET')
        ? [...known.methods, 'HEAD']
        : known.methods;
      res.setHeader('Allow', allowed.join(', '));
      next(
        new MethodNotAllowedError(
          `${req.method} is not supported on ${path}; use ${known.methods.join(
            ' or ',
          )}`,
          allowed,
        ),
      );
      return;
    }
    if (path.startsWith('/v1/models/')) {
      next(
        new InputError(
          `A model is addressed as /v1/models/{namespace}/{kind}/{name}, with none of the three empty, optionally followed by /refresh, /alerts or /actions; got ${JSON.stringify(
            path.slice(0, 200),
          )}`,
        ),
      );
      return;
    }
    next(
      new NotFoundError(
        `The ML observability API has no route ${req.method} ${path.slice(
          0,
          200,
        )}; its routes are ${ROUTE_LIST}`,
      ),
    );
  };
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
    if (isTransientUnavailability(error)) {
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      next(
        new ServiceUnavailableError(
          `The ML observability backend cannot reach its database or the catalog right now; try again in a few seconds (error id ${id})`,
        ),
      );
      return;
    }
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
        ...(q.sort ? { sort: q.sort } : {}),
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

  router.get('/v1/models/:namespace/:kind/:name/alerts', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(
      await service.getAlertHistory(stringifyEntityRef(req.params), {
        credentials,
      }),
    );
  });

  router.post('/v1/models/:namespace/:kind/:name/refresh', async (req, res) => {
    const credentials = await credentialsOf(req);
    const report = await service.refreshModel(stringifyEntityRef(req.params), {
      credentials,
    });
    res.json(report);
  });

  const actionsOf = (): RunbookActions => {
    if (!options.runbookActions) {
      throw new ServiceUnavailableError(
        'Runbook actions are not available in this backend',
      );
    }
    return options.runbookActions;
  };

  router.get('/v1/models/:namespace/:kind/:name/actions', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(
      await actionsOf().list(stringifyEntityRef(req.params), { credentials }),
    );
  });

  /**
   * An action route's POST: the plan with `dryRun`, else the run it starts
   * (202), or the run an earlier request with the same key started (200).
   */
  const planOrStart =
    (
      plan: (ref: string, id: string, call: ActionCall) => Promise<unknown>,
      start: (
        ref: string,
        id: string,
        call: ActionCall,
      ) => Promise<{ run: unknown; created: boolean }>,
      idOf: (params: Record<string, string>) => string,
    ): RequestHandler =>
    async (req, res) => {
      const body: ActionRequestBody = req.body ?? {};
      const ref = stringifyEntityRef(
        req.params as { namespace: string; kind: string; name: string },
      );
      const call: ActionCall = {
        credentials: await credentialsOf(req),
        idempotencyKey: body.idempotencyKey,
        alarmArn: body.alarmArn,
        request: req,
      };
      const id = idOf(req.params);
      if (body.dryRun) {
        res.json(await plan(ref, id, call));
        return;
      }
      const { run, created } = await start(ref, id, call);
      res.status(created ? 202 : 200).json(run);
    };

  router.post(
    '/v1/models/:namespace/:kind/:name/actions/:actionId',
    planOrStart(
      (ref, id, call) => actionsOf().plan(ref, id, call),
      (ref, id, call) => actionsOf().apply(ref, id, call),
      params => params.actionId,
    ),
  );

  router.get(
    '/v1/models/:namespace/:kind/:name/actions/runs/:runId',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      res.json(
        await actionsOf().get(
          stringifyEntityRef(req.params),
          req.params.runId,
          {
            credentials,
          },
        ),
      );
    },
  );

  router.post(
    '/v1/models/:namespace/:kind/:name/actions/runs/:runId/undo',
    planOrStart(
      (ref, id, call) => actionsOf().planUndo(ref, id, call),
      (ref, id, call) => actionsOf().undo(ref, id, call),
      params => params.runId,
    ),
  );

  router.get('/v1/escalation', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await service.findOwners(req.query.resource, { credentials }));
  });

  router.get('/v1/status', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await service.getCollectorStatus({ credentials }));
  });

  router.use(unmatchedRoutes());
  router.use(hideInternalErrors(logger));
  return router;
}
