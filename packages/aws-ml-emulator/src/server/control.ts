import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../util/clock';
import type { FaultInjector } from './faults';
import type { StatsCollector } from './stats';

export interface ControlDeps {
  clock: Clock;
  faults: FaultInjector;
  stats: StatsCollector;
  alarmEvents: {
    evaluate(): void;
    inject(
      account: string,
      region: string,
      queueName: string,
      body: string,
    ): string;
    stats(): Record<string, number>;
  };
  health(): Record<string, unknown>;
}

function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function parse(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new Error('Body is not valid JSON.');
  }
}

/**
 * The control API under /__emulator/ (no AWS auth, never faulted):
 *   GET  health | stats | faults | clock
 *   POST stats/reset | clock {"advanceSeconds": n} or {"now": "<ISO time>"}
 *   PUT  faults <FaultConfig>      DELETE faults
 *   POST alarms/evaluate            evaluate every alarm now, deliver its events
 *   POST sqs/messages {"account", "region", "queueName", "body"}   a message of one's own
 */
export function createControlHandler(deps: ControlDeps) {
  return (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    const route = `${req.method} ${path}`;
    try {
      switch (route) {
        case 'GET /__emulator/health':
          return json(res, 200, deps.health());
        case 'GET /__emulator/stats':
          return json(res, 200, deps.stats.snapshot());
        case 'POST /__emulator/stats/reset':
          deps.stats.reset();
          return json(res, 200, deps.stats.snapshot());
        case 'GET /__emulator/faults':
          return json(res, 200, deps.faults.get());
        case 'PUT /__emulator/faults':
          deps.faults.set(parse(body) as never);
          return json(res, 200, deps.faults.get());
        case 'DELETE /__emulator/faults':
          deps.faults.set({});
          return json(res, 200, deps.faults.get());
        case 'GET /__emulator/clock':
          return json(res, 200, {
            now: new Date(deps.clock.now()).toISOString(),
          });
        case 'POST /__emulator/clock': {
          const request = parse(body) as {
            advanceSeconds?: unknown;
            now?: unknown;
          };
          if (typeof request.advanceSeconds === 'number') {
            deps.clock.advance(request.advanceSeconds * 1000);
          } else if (
            typeof request.now === 'string' &&
            Number.isFinite(Date.parse(request.now))
          ) {
            deps.clock.set(Date.parse(request.now));
          } else {
            throw new Error(
              'Send {"advanceSeconds": <number>} or {"now": "<ISO time>"}.',
            );
          }
          return json(res, 200, {
            now: new Date(deps.clock.now()).toISOString(),
          });
        }
        case 'POST /__emulator/alarms/evaluate':
          deps.alarmEvents.evaluate();
          return json(res, 200, deps.alarmEvents.stats());
        case 'POST /__emulator/sqs/messages': {
          const m = parse(body) as Record<string, unknown>;
          const missing = ['account', 'region', 'queueName', 'body'].filter(
            k => typeof m[k] !== 'string',
          );
          if (missing.length > 0)
            throw new Error(`Send strings ${missing.join(', ')}.`);
          const messageId = deps.alarmEvents.inject(
            m.account as string,
            m.region as string,
            m.queueName as string,
            m.body as string,
          );
          return json(res, 200, { messageId });
        }
        default:
          return json(res, 404, { message: `No control route ${route}` });
      }
    } catch (e) {
      return json(res, 400, { message: (e as Error).message });
    }
  };
}
