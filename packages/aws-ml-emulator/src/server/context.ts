import type { RegionState } from '../world';

export interface EmulatorSettings {
  /** How long UpdateEndpoint / CreateEndpoint keep the endpoint Updating / Creating. */
  endpointTransitionMs: number;
}

/** What a handler knows about the call it serves. */
export interface RequestContext {
  account: string;
  region: string;
  /** Simulated "now" in epoch milliseconds, fixed for the whole request. */
  now: number;
  state: RegionState;
  settings: EmulatorSettings;
  /** Filled by handlers for the billing-relevant statistics. */
  usage: { metricsRequested: number; datapointsReturned: number };
}

export type Handler = (
  body: Record<string, unknown>,
  ctx: RequestContext,
) => unknown;
