import { mockServices } from '@backstage/backend-test-utils';
import { AlertPipeline, NotificationDeferredError } from './pipeline';
import type {
  AlarmTransition,
  RecordedTransition,
  TransitionRecorder,
} from './types';

function transition(
  id: string,
  patch: Partial<AlarmTransition> = {},
): AlarmTransition {
  return {
    eventId: id,
    alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a',
    alarmName: 'a',
    accountId: '123456789012',
    region: 'us-east-1',
    state: 'ALARM',
    at: '2026-12-04T05:00:00.000Z',
    origin: 'eventbridge',
    ...patch,
  };
}

function recorder(answer: (t: AlarmTransition) => Partial<RecordedTransition>) {
  const notified: string[] = [];
  const fake: TransitionRecorder = {
    record: async ts =>
      ts.map(t => ({
        transition: t,
        isNew: true,
        isLatest: true,
        notified: notified.includes(t.eventId),
        ...answer(t),
      })),
    markNotified: async ids => void notified.push(...ids),
    pendingNotifications: async () => [],
  };
  return { fake, notified };
}

describe('AlertPipeline', () => {
  it('notifies what is latest, not yet notified and not history, in time order, then marks it', async () => {
    const { fake, notified } = recorder(t => ({
      isLatest: t.eventId !== 'older',
      notified: t.eventId === 'done',
    }));
    const sent: string[] = [];
    const pipeline = new AlertPipeline({
      recorder: fake,
      notifier: { notify: async r => void sent.push(r.transition.eventId) },
      logger: mockServices.logger.mock(),
    });
    await pipeline.handle([
      transition('late', { at: '2026-12-04T06:00:00.000Z', state: 'OK' }),
      transition('early'),
      transition('older', { at: '2026-12-04T04:00:00.000Z', state: 'OK' }),
      transition('done'),
      transition('past', { origin: 'backfill' }),
    ]);
    expect(sent).toEqual(['early', 'late']);
    expect(notified).toEqual(['early', 'late']);
  });

  it('tells a change delivered twice in one batch once', async () => {
    const { fake } = recorder(() => ({}));
    const sent: string[] = [];
    const pipeline = new AlertPipeline({
      recorder: fake,
      notifier: { notify: async r => void sent.push(r.transition.eventId) },
      logger: mockServices.logger.mock(),
    });
    await pipeline.handle([transition('event'), transition('event')]);
    expect(sent).toEqual(['event']);
  });

  it('marks what was sent and throws a deferral for what was not', async () => {
    const { fake, notified } = recorder(() => ({}));
    const pipeline = new AlertPipeline({
      recorder: fake,
      notifier: {
        notify: async r => {
          if (r.transition.eventId === 'b')
            throw new Error('notifications backend is down');
        },
      },
      logger: mockServices.logger.mock(),
    });
    const error = await pipeline
      .handle([transition('a'), transition('b')])
      .catch(e => e);
    expect(error).toBeInstanceOf(NotificationDeferredError);
    expect(error.failed).toBe(1);
    expect(error.message).toMatch(/notifications backend is down/);
    expect(notified).toEqual(['a']);
  });

  it('marks what was sent once the database answers again, so that it is not sent twice', async () => {
    const { fake, notified } = recorder(() => ({}));
    let refusals = 2;
    const markNotified = fake.markNotified;
    fake.markNotified = async ids => {
      if (refusals-- > 0) throw new Error('Connection terminated unexpectedly');
      await markNotified(ids);
    };
    const waits: number[] = [];
    const sent: string[] = [];
    const pipeline = new AlertPipeline({
      recorder: fake,
      notifier: { notify: async r => void sent.push(r.transition.eventId) },
      logger: mockServices.logger.mock(),
      sleep: async ms => void waits.push(ms),
    });
    await pipeline.handle([transition('a')]);
    expect(sent).toEqual(['a']);
    expect(notified).toEqual(['a']);
    expect(waits).toEqual([250, 1000]);

    // A database that stays down: the batch fails (its messages stay) once the attempts are spent.
    refusals = 10;
    const error = await pipeline.handle([transition('b')]).catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(sent).toEqual(['a', 'b']);
    expect(notified).toEqual(['a']);
    expect(waits).toEqual([250, 1000, 250, 1000, 4000]);
  });

  it('never sends a change twice when the sweep runs while a batch is being notified', async () => {
    const stored: RecordedTransition[] = [];
    const marked = new Set<string>();
    let release!: () => void;
    const slow = new Promise<void>(resolve => {
      release = resolve;
    });
    const sent: string[] = [];
    const pipeline = new AlertPipeline({
      recorder: {
        record: async ts => {
          const rows = ts.map(t => ({
            transition: t,
            isNew: true,
            isLatest: true,
            notified: false,
          }));
          stored.push(...rows);
          return rows;
        },
        markNotified: async ids => ids.forEach(id => marked.add(id)),
        // As the store answers: stored, latest and not yet marked.
        pendingNotifications: async () =>
          stored.filter(r => !marked.has(r.transition.eventId)),
      },
      notifier: {
        notify: async r => {
          sent.push(r.transition.eventId);
          if (r.transition.eventId === 'b1') await slow;
        },
      },
      logger: mockServices.logger.mock(),
    });
    // The batch stores b1..b3 and is held sending b1; the sweep finds all three unmarked.
    const batch = pipeline.handle([
      transition('b1'),
      transition('b2'),
      transition('b3'),
    ]);
    await new Promise(resolve => setImmediate(resolve));
    await expect(pipeline.retryPending({ since: new Date(0) })).resolves.toBe(
      0,
    );
    release();
    await batch;
    expect(sent).toEqual(['b1', 'b2', 'b3']);
    // Once marked, the next sweep has nothing to send; what failed before would be sent then.
    await expect(pipeline.retryPending({ since: new Date(0) })).resolves.toBe(
      0,
    );
    expect(sent).toHaveLength(3);
  });

  it('sends pending notifications again in the retry sweep', async () => {
    const pending: RecordedTransition = {
      transition: transition('p'),
      isNew: false,
      isLatest: true,
      notified: false,
    };
    const marked: string[] = [];
    const pipeline = new AlertPipeline({
      recorder: {
        record: async () => [],
        markNotified: async ids => void marked.push(...ids),
        pendingNotifications: async () => [pending],
      },
      notifier: { notify: async () => undefined },
      logger: mockServices.logger.mock(),
    });
    await expect(pipeline.retryPending({ since: new Date(0) })).resolves.toBe(
      1,
    );
    expect(marked).toEqual(['p']);
  });
});
