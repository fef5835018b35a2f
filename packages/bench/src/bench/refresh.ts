/**
 * A user's refresh of one model, as the page makes it: `POST
 * /api/ml-observability/v1/models/{namespace}/{kind}/{name}/refresh`, one at a
 * time, the emulator's call statistics read before and after each, so every
 * counted call is that refresh's. The same models at every fleet size (the
 * scale scenario's models depend only on their name and the seed, each with
 * one endpoint and the scenario's schedules), so counts compare across N.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Emulator } from '@mlobs/aws-ml-emulator';
import { callsBetween, CallCounts, sum } from '../lib/emulatorStats';
import { send } from '../lib/httpClient';
import { modelName } from '../lib/scaleFleet';
import { Conditions, faultsFor } from './emulatorFaults';

/** Models refreshed at every size (the first ones exist at every N). */
export const REFRESHED_MODELS = 3;

export interface RefreshSample {
  model: string;
  status: number;
  wallMs: number;
  counts: CallCounts;
  /** Answered calls of every operation. */
  calls: number;
  /** Monitoring schedules of the model's one endpoint, as the emulator holds them. */
  schedules: number;
  error?: string;
}

export interface RefreshMeasurement {
  conditions: Conditions;
  samples: RefreshSample[];
}

export async function measureRefresh(options: {
  baseUrl: string;
  emulator: Emulator;
  models: number;
  conditions: Conditions;
  schedulesOf: (model: string) => number;
}): Promise<RefreshMeasurement> {
  const samples: RefreshSample[] = [];
  const count = Math.min(REFRESHED_MODELS, options.models);
  for (let i = 1; i <= count; i++) {
    const model = modelName(i);
    // Fresh rate-limit buckets, as for a click at a quiet moment.
    options.emulator.setFaults(faultsFor(options.conditions));
    const before = options.emulator.stats();
    const answer = await send({
      method: 'POST',
      url: `${options.baseUrl}/api/ml-observability/v1/models/default/component/${model}/refresh`,
      headers: { authorization: mockCredentials.user.header() },
      timeoutMs: 900_000,
    }).finally(() => options.emulator.clearFaults());
    const counts = callsBetween(before, options.emulator.stats());
    samples.push({
      model,
      status: answer.status,
      wallMs: answer.ms,
      counts,
      calls: sum(counts.answered),
      schedules: options.schedulesOf(model),
      ...(answer.status === 200 ? {} : { error: answer.text.slice(0, 200) }),
    });
  }
  return { conditions: options.conditions, samples };
}

/** The samples that got a report back. */
export const answeredRefreshes = (m: RefreshMeasurement | undefined) =>
  (m?.samples ?? []).filter(s => s.status === 200);
