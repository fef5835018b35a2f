/**
 * Variant weights of a traffic shift, pure: what DescribeEndpoint says now,
 * what the runbook asks for, and the weights to send.
 */
import type { VariantWeight } from '@mlobs/backstage-plugin-ml-observability-common';

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Weights with their share of traffic (percent of the sum; 0 everywhere when all are 0). */
export function withShares(
  weights: Array<{ variant: string; weight: number }>,
): VariantWeight[] {
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  return weights.map(w => ({
    variant: w.variant,
    weight: w.weight,
    trafficPercent: total > 0 ? round((w.weight / total) * 100, 1) : 0,
  }));
}

/**
 * The weights after giving `share` (0, 1] of the traffic to `toVariant`:
 * the others keep their proportions among themselves for the rest (split
 * evenly when they all had 0). Weights are shares, so they sum to 1.
 */
export function shiftedWeights(
  before: VariantWeight[],
  toVariant: string,
  share: number,
): VariantWeight[] {
  const others = before.filter(w => w.variant !== toVariant);
  const othersTotal = others.reduce((sum, w) => sum + w.weight, 0);
  const rest = 1 - share;
  return withShares(
    before.map(w => {
      if (w.variant === toVariant) return { variant: w.variant, weight: share };
      let weight = 0;
      if (rest > 0) {
        weight =
          othersTotal > 0
            ? (w.weight / othersTotal) * rest
            : rest / others.length;
      }
      return { variant: w.variant, weight: round(weight, 4) };
    }),
  );
}

/** Whether two weight lists route traffic alike (same shares per variant, to 0.5 %). */
export function sameRouting(a: VariantWeight[], b: VariantWeight[]): boolean {
  if (a.length !== b.length) return false;
  const shares = withShares(a);
  const other = new Map(withShares(b).map(w => [w.variant, w.trafficPercent]));
  return shares.every(
    w =>
      other.has(w.variant) &&
      Math.abs(other.get(w.variant)! - w.trafficPercent) <= 0.5,
  );
}

/** "champion 100% → 0%, popularity-fallback 0% → 100%". */
export function describeShift(
  before: VariantWeight[],
  after: VariantWeight[],
): string {
  const next = new Map(after.map(w => [w.variant, w.trafficPercent]));
  return before
    .map(
      w =>
        `${w.variant} ${w.trafficPercent}% → ${
          next.get(w.variant) ?? w.trafficPercent
        }%`,
    )
    .join(', ');
}

/** "champion 0%, popularity-fallback 100%". */
export function describeWeights(weights: VariantWeight[]): string {
  return weights.map(w => `${w.variant} ${w.trafficPercent}%`).join(', ');
}
