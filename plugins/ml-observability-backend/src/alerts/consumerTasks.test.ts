import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockServices } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import type { AlertsConfig } from '../config';
import { alertConsumerTaskId, scheduleAlertConsumers } from './consumerTasks';

describe('scheduleAlertConsumers', () => {
  it('schedules one task per queue that polls it with the task signal', async () => {
    const scheduler = mockServices.scheduler.mock();
    const client = new SQSClient({ region: 'eu-west-1' });
    const sqs = mockClient(client);
    sqs.on(ReceiveMessageCommand).resolves({});
    const queue = (name: string, waitTimeSeconds: number) => ({
      queueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`,
      accountId: '123456789012',
      region: 'eu-west-1',
      waitTimeSeconds,
      maxMessages: 10,
    });
    const sqsFactory = jest.fn(() => client);
    const alerts = {
      queues: [queue('a', 20), queue('b', 5)],
      pollFrequencySeconds: 5,
    } as Partial<AlertsConfig> as AlertsConfig;
    const { consumers } = await scheduleAlertConsumers({
      scheduler,
      alerts,
      clientFactory: { sqs: sqsFactory },
      sink: { handle: jest.fn() },
      logger: mockServices.logger.mock(),
    });
    expect(consumers).toHaveLength(2);
    expect(sqsFactory).toHaveBeenCalledWith(
      '123456789012',
      'eu-west-1',
      alerts.queues[0].queueUrl,
    );
    const tasks = scheduler.scheduleTask.mock.calls.map(([task]) => task);
    expect(tasks.map(t => t.id)).toEqual([
      alertConsumerTaskId(alerts.queues[0].queueUrl),
      alertConsumerTaskId(alerts.queues[1].queueUrl),
    ]);
    expect(tasks[0].id).toMatch(/^ml-observability-alerts-[0-9a-f]{12}$/);
    expect(tasks[0].id).not.toBe(tasks[1].id);
    expect(tasks[1]).toMatchObject({
      frequency: { seconds: 5 },
      timeout: { seconds: 65 },
      initialDelay: { seconds: 30 },
    });

    const controller = new AbortController();
    await tasks[1].fn(controller.signal);
    expect((sqs.send.getCall(0).args as unknown[])[1]).toEqual({
      abortSignal: controller.signal,
    });
    expect(
      sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input.QueueUrl,
    ).toBe(alerts.queues[1].queueUrl);
    expect(consumers[1].status().state).toBe('ok');
    expect(consumers[0].status().state).toBe('idle');
  });
});
