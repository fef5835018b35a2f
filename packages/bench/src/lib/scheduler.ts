/**
 * The test backend's mock scheduler (tasks run only when triggered), which
 * also records what each plugin scheduled: the benchmark checks a round
 * against the timeout the plugin really gave its task, whatever default or
 * derivation produced it, through Backstage's public scheduler API.
 */
import {
  coreServices,
  createServiceFactory,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

export interface ScheduledTaskRecord {
  pluginId: string;
  id: string;
  /** Undefined when the schedule's timeout could not be read. */
  timeoutMs?: number;
  timeout: string;
}

const ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of a scheduler duration: an ISO 8601 string, a luxon Duration or a HumanDuration. */
export function durationMs(
  value: SchedulerServiceTaskScheduleDefinition['timeout'] | unknown,
): number | undefined {
  if (typeof value === 'string') {
    const m = ISO_DURATION.exec(value.trim());
    if (!m || value.trim().toUpperCase() === 'P' || /T$/i.test(value.trim()))
      return undefined;
    const [w, d, h, min, s] = m.slice(1).map(x => (x ? Number(x) : 0));
    return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
  }
  if (value && typeof value === 'object') {
    const toMillis = (value as { toMillis?: () => number }).toMillis;
    if (typeof toMillis === 'function') return toMillis.call(value);
    try {
      return durationToMilliseconds(value as HumanDuration);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function record(
  pluginId: string,
  task: { id: string; timeout: unknown },
): ScheduledTaskRecord {
  const timeoutMs = durationMs(task.timeout);
  return {
    pluginId,
    id: task.id,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    timeout: JSON.stringify(task.timeout),
  };
}

export function recordingScheduler(records: ScheduledTaskRecord[]) {
  const inner = mockServices.scheduler();
  return createServiceFactory({
    service: coreServices.scheduler,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({
      triggerTask: (id: string) => inner.triggerTask(id),
      cancelTask: (id: string) => inner.cancelTask(id),
      getScheduledTasks: () => inner.getScheduledTasks(),
      scheduleTask: async task => {
        records.push(record(plugin.getId(), task));
        await inner.scheduleTask(task);
      },
      createScheduledTaskRunner: schedule => ({
        run: async task => {
          records.push(record(plugin.getId(), { ...task, ...schedule }));
          await inner.scheduleTask({ ...task, ...schedule });
        },
      }),
    }),
  });
}
