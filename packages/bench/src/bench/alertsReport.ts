/** The alerts section of docs/benchmarks.md (between its marker comments). */
import { fixed, seconds, table, thousands } from '../lib/markdown';
import { AlertsResult, SQS_USD_PER_MILLION } from './alerts';
import type { TargetCheck } from './targets';

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function renderAlertsSection(
  a: AlertsResult,
  checks: TargetCheck[],
  command: string,
): string {
  const { floor } = a.burst;
  const floorOf: Record<string, number> = {
    ReceiveMessage: floor.receives,
    DeleteMessageBatch: floor.deletes,
  };
  const ops = [
    ...new Set([
      ...Object.keys(a.burst.consumerCalls),
      ...Object.keys(floorOf),
    ]),
  ].sort();
  const calls = table(
    ['operation', 'ours', 'floor'],
    [
      ...ops.map(op => [op, a.burst.consumerCalls[op] ?? 0, floorOf[op] ?? 0]),
      ['**total**', `**${a.burst.total}**`, `**${floor.total}**`],
    ],
  );
  const n = a.notifications;
  const notifications = table(
    ['state', 'changes sent', 'notifications owed'],
    (['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const).map(state => [
      state,
      a.byState[state],
      n.owedByState[state],
    ]),
  );
  const idle = a.idle.perHour;
  const month = idle === undefined ? undefined : idle * 730;
  return `## Alarm queue: a burst of ${thousands(
    a.transitions,
  )} transitions over ${thousands(a.models)} models

Written by \`${command}\` on ${new Date()
    .toISOString()
    .slice(0, 10)} (${seconds(a.wallMs)}), ${
    a.database
  }. The real plugin, its queue consumer on the
real Backstage scheduler, against the emulator's \`scale\` fleet (${thousands(
    a.models,
  )} models, ${thousands(a.alarms)} alarms); the queue is configured
\`waitTimeSeconds: ${a.waitTimeSeconds}\`, \`maxMessages: ${
    a.maxMessages
  }\`, \`pollFrequency: ${a.pollFrequencySeconds} s\` (the plugin's defaults).

${table(
  ['target', 'measured', 'result'],
  checks.map(c => [c.target, c.measured, `**${c.status}**`]),
)}

### AWS calls of the consumer for the burst

${thousands(
  a.messages,
)} EventBridge events on the queue (one per SetAlarmState); ${fixed(
    a.burst.windowMs / 1000,
    0,
  )} s from the first change to the last batch deleted.
The floor: ceil(n/10) receives and ceil(n/10) DeleteMessageBatch calls, plus the empty polls
the window needed: ${
    floor.emptyPolls
  } receives came back empty; the queue held messages from the first change until the last
was handled, and was empty for the last ${s(
    a.burst.emptyQueueMs,
  )} of the window, where a long poll needs one per ${
    a.waitTimeSeconds
  } s started, so ${floor.emptyPollsNeeded} count in the floor.

${calls}

### Notifications

Owed by the pipeline's rule (alerts/pipeline.ts): a change is told when it is new, not yet
notified and the latest of its alarm when stored, and says something (an ALARM, or an OK or
INSUFFICIENT_DATA that ends one). Sent: ${
    n.sent
  } while the burst was handled, ${
    n.sentAfterIdle
  } by the end of the idle window (the retry sweep runs every minute), ${
    n.bySweep
  } of them by the retry sweep${
    n.mismatchedAlarms.length
      ? `. Alarms whose notifications differ from those owed (\`end\`: a resolution):\n\n${n.mismatchedAlarms
          .slice(0, 20)
          .map(m => `- ${m}`)
          .join('\n')}${
          n.mismatchedAlarms.length > 20
            ? `\n- and ${n.mismatchedAlarms.length - 20} more`
            : ''
        }`
      : '; every alarm got exactly the notifications owed, fired or resolved as owed.'
  }

${notifications}

### Time from event enqueued to notification stored

${
  a.latency
    ? table(
        [
          'notifications',
          'p50',
          'p95',
          'max',
          'poll interval',
          'long-poll wait',
        ],
        [
          [
            a.latency.count,
            s(a.latency.p50),
            s(a.latency.p95),
            s(a.latency.max),
            `${a.pollFrequencySeconds} s`,
            `${a.waitTimeSeconds} s`,
          ],
        ],
      )
    : 'No notification was matched to a change.'
}

From the SetAlarmState answer to the notifications service's \`send\`. The ${thousands(
    a.messages,
  )} events were enqueued in
${s(a.enqueueMs)}; the last notification was stored ${
    a.drainMs !== undefined ? s(a.drainMs) : 'n/a'
  } after the first change. A scheduler run starts at most every ${
    a.pollFrequencySeconds
  } s and receives again at once while
batches come back full (${
    a.maxMessages
  } messages), so the wait for the next run bounds the p50 and a burst adds the time to handle its batches.

### Idle queue

${
  idle === undefined
    ? `${a.idle.polls} ReceiveMessage calls in ${s(
        a.idle.windowMs,
      )}: too few to take a rate.`
    : `${a.idle.polls} ReceiveMessage calls in a ${s(
        a.idle.windowMs,
      )} window on the empty queue: **${fixed(
        idle,
        0,
      )} per hour** (extrapolated from the spacing of the polls in the window), against the long-poll
floor of 3600 / ${a.waitTimeSeconds} = ${fixed(
        a.idle.floorPerHour,
        0,
      )} per hour. At $${SQS_USD_PER_MILLION.toFixed(
        2,
      )} per million SQS requests that is $${(
        (idle * SQS_USD_PER_MILLION) /
        1e6
      ).toFixed(6)} an hour, $${((month! * SQS_USD_PER_MILLION) / 1e6).toFixed(
        3,
      )} a month per queue.`
}
Other calls in the idle window: ${
    Object.entries(a.idle.calls)
      .filter(([op]) => op !== 'ReceiveMessage')
      .map(([op, c]) => `${op} ${c}`)
      .join(', ') || 'none'
  }.

### How it is measured

- The emulator runs in the benchmark process with its clock standing still (1 ms more for each
  change of the burst, so every change has its own instant and no alarm is re-evaluated during the run).
- The backend is the real catalog and the real ML observability plugin in a test backend, on the
  scheduler of \`@backstage/backend-defaults\` (the one the plugin runs on in production). The notifications
  service is a recorder that stamps each \`send\`. The bench runs one collection round once the catalog
  holds the fleet (it builds the index that routes an alarm to its model); backfill is off and no round runs
  during the burst. Before the burst the bench waits until the consumer has handled every event the emulator
  delivered so far (${
    a.eventsBeforeBurst
  } in this run, from the emulator's own alarm
  evaluations), then reads the history through the plugin's alerts route for each model: the owed count
  starts from it (an OK ends an ALARM only if the history holds that ALARM).
- The burst: every alarm's first change in alarm order, then the second changes (fire, then resolve) in
  the same order, so two changes of one alarm are always more than a receive batch apart and the owed count
  does not depend on how the queue batches them. Each is a SetAlarmState at the emulator, which puts the
  documented "CloudWatch Alarm State Change" event on the account's \`mlobs-alarm-events\` queue.
- The window starts right before the consumer's next ReceiveMessage (the burst arrives in that poll) and
  ends when the plugin's \`/v1/status\` reports every message handled. Calls are counted by the emulator;
  the bench's own SetAlarmState calls are left out.
`;
}
