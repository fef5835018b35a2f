import { sum } from '../lib/emulatorStats';
import { ratio } from '../lib/percentiles';
import type { AlertsResult } from './alerts';
import { answeredRefreshes } from './refresh';
import { scheduleFailureTargets } from './scheduleFailure';
import type { MeasuredRound, SizeResult } from './types';

export const TARGETS = {
  oursOverFloor: 1.2,
  baselineOverOurs: 20,
  baselineModels: 1000,
  reportOverCatalogP95: 2,
  /** Issue 11: AWS calls of one refresh of a model with one endpoint and two schedules. */
  refreshCalls: 12,
  /** Issue 11: the fleet size the round targets are set at. */
  scaleModels: 5000,
  steadyOverAwsAlone: 2,
  coldTimeoutMargin: 0.3,
  /** Statements per steady round ≤ N / this. */
  modelsPerStatement: 50,
  fleetOverCatalogPageP95: 1.5,
  /** Issue 13: the consumer's AWS calls for a burst of alarm transitions ≤ this × the batching floor. */
  alertsOverFloor: 1.1,
  /** Issue 13: an idle queue's ReceiveMessage calls ≤ this × one long poll after another. */
  idleOverLongPoll: 1.1,
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

export function evaluateTargets(
  results: SizeResult[],
  alerts?: AlertsResult,
): TargetCheck[] {
  return [
    ...callAndLatencyTargets(results),
    ...refreshTargets(results),
    ...roundTargets(results),
    ...fleetPageTargets(results),
    ...scheduleFailureTargets(results),
    ...(alerts ? alertTargets(alerts) : []),
  ];
}

/** Issue 13: the alarm queue under a burst (calls, notifications) and idle. */
export function alertTargets(a: AlertsResult): TargetCheck[] {
  const { floor } = a.burst;
  const n = a.notifications;
  const exact =
    n.sent === n.owed &&
    n.sentAfterIdle === n.owed &&
    n.mismatchedAlarms.length === 0;
  const idle = a.idle.perHour;
  const idleLimit = TARGETS.idleOverLongPoll * a.idle.floorPerHour;
  return [
    {
      target: `alarm queue burst (${a.transitions} transitions, ${a.models} models): AWS calls ≤ ${TARGETS.alertsOverFloor} × batching floor`,
      measured: `${floor.ratio.toFixed(3)} (${a.burst.total} vs ${
        floor.total
      }: ${a.burst.receives} ReceiveMessage, ${
        a.burst.deleteBatches
      } DeleteMessageBatch; floor ${
        floor.receives - floor.emptyPollsNeeded
      } + ${floor.emptyPollsNeeded} empty + ${floor.deletes})`,
      status: status(floor.ratio <= TARGETS.alertsOverFloor),
    },
    {
      target:
        'alarm queue burst: notifications sent = notifications owed (exactly)',
      measured: `${n.sent} of ${n.owed} owed while handled, ${
        n.sentAfterIdle
      } after the idle window${
        n.bySweep ? ` (${n.bySweep} by the retry sweep)` : ''
      }${
        n.mismatchedAlarms.length
          ? `; ${n.mismatchedAlarms.length} alarms differ (${n.mismatchedAlarms
              .slice(0, 3)
              .map(m => m.split(':')[0])
              .join(', ')})`
          : ''
      }`,
      status: status(exact),
    },
    {
      target: `idle alarm queue: ReceiveMessage per hour ≤ ${
        TARGETS.idleOverLongPoll
      } × 3600/WaitTimeSeconds (${a.idle.floorPerHour.toFixed(0)})`,
      measured:
        idle === undefined
          ? `${a.idle.polls} polls in ${(a.idle.windowMs / 1000).toFixed(
              0,
            )} s: too few to take a rate`
          : `${idle.toFixed(0)} per hour (${a.idle.polls} polls in ${(
              a.idle.windowMs / 1000
            ).toFixed(0)} s, extrapolated)`,
      status: idle === undefined ? 'NOT MEASURED' : status(idle <= idleLimit),
    },
  ];
}

/** The targets of the backend issue: calls against the floor and the baseline, report latency. */
export function callAndLatencyTargets(results: SizeResult[]): TargetCheck[] {
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

/** The answered refreshes of a size by model: the same models are refreshed at every N. */
function refreshCallsByModel(result: SizeResult): Map<string, number> {
  return new Map(
    answeredRefreshes(result.refresh).map(s => [s.model, s.calls]),
  );
}

export function refreshTargets(results: SizeResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const measured = results.filter(r => r.refresh?.samples.length);
  for (const result of measured) {
    const samples = result.refresh!.samples;
    const failed = samples.filter(s => s.status !== 200);
    const worst = Math.max(...samples.map(s => s.calls));
    const shapes = [...new Set(samples.map(s => s.schedules))];
    checks.push({
      target: `refresh of one model (one endpoint, ${shapes.join(
        ' or ',
      )} schedules) ≤ ${TARGETS.refreshCalls} AWS calls at N=${result.models}`,
      measured: failed.length
        ? `${failed.length} of ${samples.length} refreshes answered HTTP ${failed[0].status}`
        : `${samples.map(s => s.calls).join(', ')} calls (${
            samples.length
          } models)`,
      status: failed.length ? 'FAIL' : status(worst <= TARGETS.refreshCalls),
    });
  }
  const byModel = measured.map(r => ({
    models: r.models,
    calls: refreshCallsByModel(r),
  }));
  const names = [...new Set(byModel.flatMap(b => [...b.calls.keys()]))].filter(
    name => byModel.every(b => b.calls.has(name)),
  );
  const flat = names.every(
    name => new Set(byModel.map(b => b.calls.get(name))).size === 1,
  );
  checks.push({
    target: 'refresh of one model: the same AWS calls at every N',
    measured:
      byModel.length < 2 || names.length === 0
        ? 'fewer than two sizes with answered refreshes'
        : byModel
            .map(
              b => `N=${b.models}: ${names.map(n => b.calls.get(n)).join('/')}`,
            )
            .join('; '),
    status:
      byModel.length < 2 || names.length === 0 ? 'NOT MEASURED' : status(flat),
  });
  return checks;
}

/**
 * The result the round targets are set at (N = 5,000). Without it a target
 * is not measured, and the largest size's figure is shown for information.
 */
function atScale(results: SizeResult[]): {
  result?: SizeResult;
  informational?: SizeResult;
} {
  const result = results.find(r => r.models === TARGETS.scaleModels);
  if (result) return { result };
  const informational = [...results].sort((a, b) => b.models - a.models)[0];
  return { informational };
}

const steadyPluginRounds = (r: SizeResult) =>
  r.rounds.filter(x => x.source === 'plugin' && x.kind === 'steady');
const coldPluginRound = (r: SizeResult) =>
  r.rounds.find(x => x.source === 'plugin' && x.kind === 'cold');

/** Steady round wall time over the time its AWS calls alone take; undefined when not replayed in full. */
export function overAwsAlone(round: MeasuredRound): number | undefined {
  const alone = round.awsAlone;
  if (!alone || Object.keys(alone.skipped).length > 0 || alone.failed > 0)
    return undefined;
  return ratio(round.wallMs, alone.wallMs);
}

export function coldMargin(
  round: MeasuredRound | undefined,
  timeoutMs: number | undefined,
): number | undefined {
  if (!round || !timeoutMs) return undefined;
  return 1 - round.wallMs / timeoutMs;
}

const secondsText = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function measuredAt(
  results: SizeResult[],
  describe: (r: SizeResult) => { text: string; ok?: boolean },
): { measured: string; status: TargetStatus } {
  const { result, informational } = atScale(results);
  if (result) {
    const { text, ok } = describe(result);
    return {
      measured: text,
      status: ok === undefined ? 'NOT MEASURED' : status(ok),
    };
  }
  const info = informational ? describe(informational).text : 'no sizes';
  return {
    measured: `N=${TARGETS.scaleModels} not in this run${
      informational ? `; at N=${informational.models}: ${info}` : ''
    }`,
    status: 'NOT MEASURED',
  };
}

export function roundTargets(results: SizeResult[]): TargetCheck[] {
  const n = TARGETS.scaleModels;
  const steady = measuredAt(results, r => {
    const rounds = steadyPluginRounds(r);
    const ratios = rounds.map(overAwsAlone);
    if (rounds.length === 0) return { text: 'no steady round' };
    if (ratios.some(x => x === undefined)) {
      const skipped = rounds.flatMap(x =>
        Object.keys(x.awsAlone?.skipped ?? {}),
      );
      return {
        text: `AWS calls not replayed in full${
          skipped.length ? ` (cannot replay ${skipped.join(', ')})` : ''
        }`,
      };
    }
    const worst = Math.max(...(ratios as number[]));
    const w = rounds[ratios.indexOf(worst)];
    return {
      text: `${worst.toFixed(2)} × (${secondsText(w.wallMs)} vs ${secondsText(
        w.awsAlone!.wallMs,
      )} for its ${sum(w.counts.answered)} calls alone)`,
      ok: worst <= TARGETS.steadyOverAwsAlone,
    };
  });
  const cold = measuredAt(results, r => {
    const round = coldPluginRound(r);
    const margin = coldMargin(round, r.taskTimeout?.ms);
    if (margin === undefined) return { text: 'no cold round or no timeout' };
    return {
      text: `${secondsText(round!.wallMs)} of ${secondsText(
        r.taskTimeout!.ms!,
      )}: margin ${(margin * 100).toFixed(0)}%`,
      ok: margin >= TARGETS.coldTimeoutMargin,
    };
  });
  const statements = measuredAt(results, r => {
    const rounds = steadyPluginRounds(r);
    if (r.statementsNotCounted)
      return { text: `not counted: ${r.statementsNotCounted}` };
    const counted = rounds.map(x => x.statements);
    if (rounds.length === 0 || counted.some(c => !c))
      return { text: 'no counted steady round' };
    if (counted.some(c => !c!.complete))
      return { text: 'pg_stat_statements evicted entries during a round' };
    const worst = Math.max(...counted.map(c => c!.total));
    const limit = r.models / TARGETS.modelsPerStatement;
    return {
      text: `${worst} statements (limit ${limit})`,
      ok: worst <= limit,
    };
  });
  return [
    {
      target: `steady round ≤ ${TARGETS.steadyOverAwsAlone} × its AWS calls alone at N=${n}`,
      ...steady,
    },
    {
      target: `cold round inside the task timeout with ≥ ${
        TARGETS.coldTimeoutMargin * 100
      }% margin at N=${n}`,
      ...cold,
    },
    {
      target: `database statements per steady round ≤ N/${TARGETS.modelsPerStatement} at N=${n}`,
      ...statements,
    },
  ];
}

export function fleetPageTargets(results: SizeResult[]): TargetCheck[] {
  return results.map(result => {
    const { fleet, catalogPage } = result.serving;
    const q =
      catalogPage && catalogPage.count > 0
        ? ratio(fleet.p95, catalogPage.p95)
        : undefined;
    return {
      target: `fleet page p95 ≤ ${TARGETS.fleetOverCatalogPageP95} × catalog page of 50 p95 at N=${result.models}`,
      measured:
        q === undefined
          ? 'no catalog page samples'
          : `${q.toFixed(2)} × (${fleet.p95.toFixed(
              1,
            )} vs ${catalogPage!.p95.toFixed(1)} ms)`,
      status:
        q === undefined
          ? 'NOT MEASURED'
          : status(q <= TARGETS.fleetOverCatalogPageP95),
    };
  });
}
