/** The figure of steady rounds with the schedule operations failing, for docs/benchmarks.md. */
import { fixed, table, thousands } from '../lib/markdown';
import { ratio } from '../lib/percentiles';
import { hourOf, SCHEDULE_OPERATIONS } from './scheduleFailure';
import type { SizeResult } from './types';

export function scheduleFailureSection(results: SizeResult[]): string {
  const measured = results.filter(r => r.scheduleFailure);
  if (measured.length === 0) return 'Not measured in this run.';
  const interval = measured[0].scheduleFailure!.intervalSeconds;
  const rows = measured.flatMap(result =>
    (['healthy', 'failing'] as const).map(list => {
      const h = hourOf(result.scheduleFailure!, list);
      return [
        thousands(result.models),
        list === 'healthy' ? 'healthy' : 'failing (HTML 500)',
        h.rounds,
        h.attempts,
        h.worstRound,
        h.failed,
        h.listSchedulesPerRound,
        h.getMetricData,
        thousands(h.metricsRequested),
        h.listMetrics,
        h.floor,
        fixed(ratio(h.attempts, h.floor), 2),
      ];
    }),
  );
  return `The collector alone (its own state, no added latency or rate limits: counts only) on the simulated
${
  interval / 60
}-minute schedule: an hour of steady rounds with the schedule list healthy, then an hour with
${SCHEDULE_OPERATIONS.join(
  ', ',
)} answering an HTTP 500 HTML page, as an AWS-compatible
endpoint without them; discovery in the last round of each hour, as the plugin runs it hourly. *calls* are every
request the emulator received, failed ones included (a retry storm would show here). Without the list, Model
Monitor metrics are found by their \`Endpoint\` dimension in the same ListMetrics walk and, with no execution to
price them, a schedule's are read when its next value is due (one schedule interval after its newest point) and at
most hourly. The floor of such a round is one ListMonitoringSchedules call (to learn whether it recovered), no
executions walk, no schedule Describe, the metrics of the schedules whose execution completed (what changed, as
the emulator knows it: the least any collector reads) and, on the discovery round, the walk's ListMetrics pages
(⌈metrics/500⌉ per Model Monitor namespace, at least one); *floor* here includes that walk. *metrics requested*
(billed per metric) shows what reading without executions costs.

${table(
  [
    'N',
    'schedule list',
    'rounds',
    'calls',
    'worst round',
    'failed',
    'ListMonitoringSchedules a round',
    'GetMetricData',
    'metrics requested',
    'ListMetrics',
    'floor',
    'calls/floor',
  ],
  rows,
)}`;
}
