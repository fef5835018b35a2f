import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { alarmHandlers } from '../cloudwatch/alarmHandlers';
import { metricHandlers } from '../cloudwatch/metricHandlers';
import { muteRuleHandlers } from '../cloudwatch/muteRules';
import { endpointConfigHandlers } from '../sagemaker/endpointConfigs';
import { endpointHandlers } from '../sagemaker/endpoints';
import { executionHandlers } from '../sagemaker/executions';
import { monitoringHandlers } from '../sagemaker/monitoring';
import { pipelineHandlers } from '../sagemaker/pipelines';
import { SNS_ACTIONS, handleSns, snsErrorXml } from '../sns/handlers';
import type { TopicStore } from '../sns/topics';
import { SqsServices, sqsHandlers } from '../sqs/handlers';
import { StsSessions, stsErrorXml } from '../sts/handlers';
import type { Clock } from '../util/clock';
import type { World } from '../world';
import type { EmulatorSettings, Handler, RequestContext } from './context';
import {
  AwsError,
  ServiceName,
  accessDeniedError,
  internalError,
  missingAuthenticationError,
  serializationError,
  throttlingError,
  unknownOperationError,
} from './errors';
import {
  duplicateListedMetrics,
  type FaultInjector,
  omitFields,
} from './faults';
import { identityOf } from './identity';
import { modelMonitorClosedMessage } from './faults';
import type { StatsCollector } from './stats';

export interface ServerDeps {
  world: World;
  clock: Clock;
  faults: FaultInjector;
  stats: StatsCollector;
  settings: EmulatorSettings;
  sts: StsSessions;
  sqs: SqsServices;
  topics: TopicStore;
  control(req: IncomingMessage, res: ServerResponse, body: string): void;
  log(message: string): void;
}

interface JsonService {
  service: ServiceName;
  contentType: string;
  handlers: Record<string, Handler>;
}

/** Dispatch on the X-Amz-Target prefix, exactly as the SDK's JSON protocols send it. */
const JSON_SERVICES: Record<string, JsonService> = {
  SageMaker: {
    service: 'sagemaker',
    contentType: 'application/x-amz-json-1.1',
    handlers: {
      ...endpointHandlers,
      ...endpointConfigHandlers,
      ...monitoringHandlers,
      ...executionHandlers,
      ...pipelineHandlers,
    },
  },
  GraniteServiceVersion20100801: {
    service: 'cloudwatch',
    contentType: 'application/x-amz-json-1.0',
    handlers: { ...metricHandlers, ...alarmHandlers, ...muteRuleHandlers },
  },
};

const MAX_BODY_BYTES = 20 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new AwsError('RequestEntityTooLarge', 'Request body too large', 413),
        );
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers = {},
) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function sendError(
  res: ServerResponse,
  service: ServiceName,
  error: AwsError,
  requestId: string,
) {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  if (service === 'sts') {
    send(res, error.status, 'text/xml', stsErrorXml(error, requestId), headers);
    return;
  }
  if (service === 'sns') {
    send(res, error.status, 'text/xml', snsErrorXml(error, requestId), headers);
    return;
  }
  let type = error.type;
  if (service === 'cloudwatch' || service === 'sqs') {
    headers['x-amzn-query-error'] = `${error.queryCode};${error.fault}`;
    type = `com.amazonaws.${service}#${error.type}`;
  }
  const contentType =
    service === 'cloudwatch' || service === 'sqs'
      ? 'application/x-amz-json-1.0'
      : 'application/x-amz-json-1.1';
  send(
    res,
    error.status,
    contentType,
    JSON.stringify({ __type: type, message: error.message }),
    headers,
  );
}

/** What a load balancer or an AWS-compatible stand-in answers for an operation it lacks: no AWS error. */
export const NON_AWS_ERROR_PAGE = [
  '<!DOCTYPE html>',
  '<html><head><title>500 Internal Server Error</title></head>',
  '<body><h1>Internal Server Error</h1>',
  '<p>The server encountered an internal error and was unable to complete your request.</p>',
  '</body></html>',
  '',
].join('\n');

const delay = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export function createRequestListener(deps: ServerDeps) {
  const services: Record<string, JsonService> = {
    ...JSON_SERVICES,
    AmazonSQS: {
      service: 'sqs',
      contentType: 'application/x-amz-json-1.0',
      handlers: sqsHandlers(deps.sqs),
    },
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(deps, services, req, res).catch(e => {
      deps.log(
        `aws-ml-emulator: unexpected failure: ${(e as Error).stack ?? e}`,
      );
      if (!res.headersSent)
        send(res, 500, 'text/plain', 'Internal emulator error');
    });
  };
}

async function handle(
  deps: ServerDeps,
  services: Record<string, JsonService>,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const requestId = randomUUID();
  let raw = await readBody(req);
  if (/gzip/i.test(String(req.headers['content-encoding'] ?? '')))
    raw = gunzipSync(raw);
  const body = raw.toString('utf8');
  const url = req.url ?? '/';
  if (url.startsWith('/__emulator')) {
    deps.control(req, res, body);
    return;
  }
  const target = req.headers['x-amz-target'];
  let service: ServiceName;
  let operation: string;
  let handler: Handler | undefined;
  let params: URLSearchParams | undefined;
  let json: JsonService | undefined;
  if (typeof target === 'string') {
    const [prefix, op] = target.split('.');
    json = services[prefix];
    service = json?.service ?? 'sagemaker';
    operation = op ?? target;
    handler = json?.handlers[operation];
    if (!handler) {
      sendError(res, service, unknownOperationError(target), requestId);
      return;
    }
  } else if (
    req.method === 'POST' &&
    /x-www-form-urlencoded/.test(String(req.headers['content-type']))
  ) {
    params = new URLSearchParams(body);
    operation = params.get('Action') ?? '';
    service = SNS_ACTIONS.has(operation) ? 'sns' : 'sts';
    if (
      service === 'sts' &&
      operation !== 'AssumeRole' &&
      operation !== 'GetCallerIdentity'
    ) {
      sendError(
        res,
        service,
        new AwsError(
          'InvalidAction',
          `Could not find operation ${operation}`,
          400,
        ),
        requestId,
      );
      return;
    }
  } else {
    send(
      res,
      404,
      'application/json',
      JSON.stringify({
        message: 'Not an AWS API call. See /__emulator/health.',
      }),
    );
    return;
  }

  const identity = identityOf(req.headers.authorization);
  if (!identity) {
    deps.stats.outcome(operation, 'errors');
    sendError(res, service, missingAuthenticationError(), requestId);
    return;
  }
  const { account, region } = identity;
  deps.stats.call(operation, account, region);
  if (deps.faults.refusesModelMonitor(account, operation)) {
    deps.stats.outcome(operation, 'denied');
    sendError(
      res,
      service,
      accessDeniedError(service, modelMonitorClosedMessage(operation)),
      requestId,
    );
    return;
  }
  const decision = deps.faults.decide(account, region, operation);
  if (decision.kind === 'hang') {
    deps.stats.outcome(operation, 'hung');
    return;
  }
  if (decision.delayMs > 0) await delay(decision.delayMs);
  const fail = (
    outcome: 'denied' | 'throttled' | 'failed',
    error: AwsError,
  ) => {
    deps.stats.outcome(operation, outcome);
    sendError(res, service, error, requestId);
  };
  if (decision.kind === 'denied') {
    fail(
      'denied',
      accessDeniedError(
        service,
        `User: arn:aws:sts::${account}:assumed-role/emulator/session is not authorized to perform: ${service}:${operation}`,
      ),
    );
    return;
  }
  if (decision.kind === 'throttled') {
    fail('throttled', throttlingError(service));
    return;
  }
  if (decision.kind === 'failed') {
    fail('failed', internalError(service));
    return;
  }
  if (decision.kind === 'non-aws') {
    deps.stats.outcome(operation, 'failed');
    send(res, 500, 'text/html; charset=utf-8', NON_AWS_ERROR_PAGE);
    return;
  }

  try {
    if (service === 'sns') {
      const xml = handleSns(deps.topics, operation, params!, {
        account,
        region,
        now: deps.clock.now(),
        requestId,
        baseUrl: deps.sqs.baseUrl(),
      });
      send(res, 200, 'text/xml', xml, { 'x-amzn-requestid': requestId });
      return;
    }
    if (service === 'sts') {
      const caller = {
        accessKeyId: identity.accessKeyId,
        account,
        now: deps.clock.now(),
        requestId,
      };
      const xml =
        operation === 'AssumeRole'
          ? deps.sts.assumeRole(params!, caller)
          : deps.sts.getCallerIdentity(caller);
      send(res, 200, 'text/xml', xml, { 'x-amzn-requestid': requestId });
      return;
    }
    let input: Record<string, unknown>;
    try {
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      throw serializationError('Request body is not valid JSON.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw serializationError('Request body must be a JSON object.');
    }
    const ctx: RequestContext = {
      account,
      region,
      now: deps.clock.now(),
      state: deps.world.get(account, region),
      settings: deps.settings,
      usage: { metricsRequested: 0, datapointsReturned: 0 },
    };
    const answer = await handler!(input, ctx);
    let result =
      decision.kind === 'pass' && decision.omitFields
        ? omitFields(answer ?? {}, decision.omitFields)
        : answer;
    if (operation === 'ListMetrics' && deps.faults.duplicatesListMetrics()) {
      result = duplicateListedMetrics(result ?? {});
    }
    if (operation === 'GetMetricData') {
      deps.stats.usage(
        ctx.usage.metricsRequested,
        ctx.usage.datapointsReturned,
      );
    }
    send(res, 200, json!.contentType, JSON.stringify(result ?? {}), {
      'x-amzn-requestid': requestId,
    });
  } catch (e) {
    deps.stats.outcome(operation, 'errors');
    if (e instanceof AwsError) {
      sendError(res, service, e, requestId);
    } else {
      deps.log(
        `aws-ml-emulator: ${operation} failed: ${(e as Error).stack ?? e}`,
      );
      const error = internalError(service);
      sendError(
        res,
        service,
        new AwsError(
          error.type,
          `Emulator error: ${(e as Error).message}`,
          500,
          error.queryCode,
        ),
        requestId,
      );
    }
  }
}
