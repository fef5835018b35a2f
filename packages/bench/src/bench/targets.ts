import { sum } from '../lib/emulatorStats';
import { ratio } from '../lib/percentiles';
import type { MeasuredRound, SizeResult } from './types';

export const TARGETS = {
  oursOverFloor: 1.2,
  baselineOverOurs: 20,
  baselineModels: 1000,
  reportOverCatalogP95: 2,
};

export type TargetStatus = 'PASS' | 'FAIL' | 'NOT MEASURED';

export interface TargetCheck {
  target: string;
  measured: string;
  status: TargetStatus;
}

export const answeredTotal = (r: MeasuredRound) => sum(r.counts.answered);

export function roundRatio(r: MeasuredRound): number | undefined {
  return ratio(r.floorOperationCalls, r.floor.total);
}

/** Our steady state at one size: the simulated five-minute schedule when run, else the plugin's steady rounds. */
export function steadyRounds(result: SizeResult): MeasuredRound[] {
  const simulated = result.rounds.filter(
    r => r.source === 'simulated' && r.kind === 'steady',
  );
  return simulated.length > 0
    ? simulated
    : result.rounds.filter(r => r.kind === 'steady');
}

export function averageSteadyCalls(result: SizeResult): number | undefined {
  const rounds = steadyRounds(result);
  if (rounds.length === 0) return undefined;
  return rounds.reduce((n, r) => n + answeredTotal(r), 0) / rounds.length;
}

export function baselineCalls(result: SizeResult): number | undefined {
  return result.baseline ? sum(result.baseline.counts.answered) : undefined;
}

const status = (ok: boolean): TargetStatus => (ok ? 'PASS' : 'FAIL');

export function evaluateTargets(results: SizeResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const result of results) {
    const worst = result.rounds.reduce<{ r?: MeasuredRound; x: number }>(
      (acc, r) => {
        const x = roundRatio(r) ?? Infinity;
        return x > acc.x ? { r, x } : acc;
      },
      { x: 0 },
    );
    checks.push({
      target: `ours/floor ≤ ${TARGETS.oursOverFloor} at N=${result.models} (every round)`,
      measured: worst.r
        ? `worst ${worst.x.toFixed(2)} (${worst.r.source} ${worst.r.kind}, ${
            worst.r.floorOperationCalls
          } vs ${worst.r.floor.total})`
        : 'no rounds',
      status: worst.r
        ? status(worst.x <= TARGETS.oursOverFloor)
        : 'NOT MEASURED',
    });
  }
  const at = results.find(r => r.models === TARGETS.baselineModels);
  const ours = at && averageSteadyCalls(at);
  const theirs = at && baselineCalls(at);
  const x =
    ours !== undefined && theirs !== undefined
      ? ratio(theirs, ours)
      : undefined;
  checks.push({
    target: `baseline/ours ≥ ${TARGETS.baselineOverOurs} in steady state at N=${TARGETS.baselineModels}`,
    measured:
      x !== undefined
        ? `${x.toFixed(1)} (${theirs} vs ${ours!.toFixed(1)} calls per refresh)`
        : `N=${TARGETS.baselineModels} not in this run`,
    status:
      x === undefined ? 'NOT MEASURED' : status(x >= TARGETS.baselineOverOurs),
  });
  for (const result of results) {
    const { report, catalog } = result.serving;
    const q = ratio(report.p95, catalog.p95);
    checks.push({
      target: `report p95 ≤ ${TARGETS.reportOverCatalogP95} × catalog lookup p95 at N=${result.models}`,
      measured:
        q === undefined
          ? 'no catalog samples'
          : `${q.toFixed(2)} × (${report.p95.toFixed(
              1,
            )} vs ${catalog.p95.toFixed(1)} ms)`,
      status:
        q === undefined
          ? 'NOT MEASURED'
          : status(q <= TARGETS.reportOverCatalogP95),
    });
  }
  return checks;
}
