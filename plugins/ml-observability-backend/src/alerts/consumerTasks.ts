/**
 * One scheduled task per alarm queue. Scheduler tasks are global by default:
 * every replica schedules them, and the scheduler's lock lets one poll a
 * queue at a time.
 */
import { createHash } from 'node:crypto';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { AwsClientFactory } from '../collectors/clients';
import type { AlertsConfig } from '../config';
import { QueueConsumer } from './QueueConsumer';
import type { TransitionSink } from './types';

/** The task id of a queue's consumer: stable across restarts and replicas. */
export function alertConsumerTaskId(queueUrl: string): string {
  const hash = createHash('sha256').update(queueUrl).digest('hex');
  return `ml-observability-alerts-${hash.slice(0, 12)}`;
}

/** Schedules a long-polling consumer for each configured queue. */
export async function scheduleAlertConsumers(options: {
  scheduler: SchedulerService;
  alerts: AlertsConfig;
  clientFactory: Pick<AwsClientFactory, 'sqs'>;
  sink: TransitionSink;
  logger: LoggerService;
}): Promise<{ consumers: QueueConsumer[] }> {
  const { scheduler, alerts, clientFactory, sink, logger } = options;
  const consumers: QueueConsumer[] = [];
  for (const queue of alerts.queues) {
    const consumer = new QueueConsumer({
      queue,
      client: clientFactory.sqs(queue.accountId, queue.region, queue.queueUrl),
      sink,
      logger,
    });
    consumers.push(consumer);
    await scheduler.scheduleTask({
      id: alertConsumerTaskId(queue.queueUrl),
      frequency: { seconds: alerts.pollFrequencySeconds },
      // The long poll plus time to store, notify and delete the batch.
      timeout: { seconds: queue.waitTimeSeconds + 60 },
      // After the first collection round (initial delay 5 s), which builds the index that routes an
      // alarm to its model: an event read before it would go to the fallback recipients.
      initialDelay: { seconds: 30 },
      fn: async signal => {
        await consumer.pollOnce(signal);
      },
    });
  }
  return { consumers };
}
