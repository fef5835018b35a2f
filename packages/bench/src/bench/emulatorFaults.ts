import type { FaultConfig } from '@mlobs/aws-ml-emulator';

/** The AWS-like conditions of a measurement. */
export interface Conditions {
  latencyMs: number;
  jitterMs: number;
  /** The emulator's per-operation call rates (`awsLimits`). */
  limits: boolean;
}

export function faultsFor(conditions: Conditions): FaultConfig {
  return {
    ...(conditions.limits ? { awsLimits: true } : {}),
    ...(conditions.latencyMs > 0 || conditions.jitterMs > 0
      ? {
          default: {
            latencyMs: conditions.latencyMs,
            jitterMs: conditions.jitterMs,
          },
        }
      : {}),
  };
}

export function describeConditions(c: Conditions): string {
  const latency =
    c.latencyMs > 0 || c.jitterMs > 0
      ? `${c.latencyMs} ms + up to ${c.jitterMs} ms jitter`
      : 'no added latency';
  return `${latency}, ${c.limits ? 'AWS-like rate limits' : 'no rate limits'}`;
}
