import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';
import { parseRunbook } from '@mlobs/backstage-plugin-ml-observability-common';
import { RUNBOOK_YAML, testConfig } from '../__testUtils__/fixtures';
import { readAlertsConfig } from '../config';
import { migrateDatabase, storesFor } from '../store';
import type { ModelUpdate } from '../store/types';
import { AlarmNotifier } from './AlarmNotifier';
import { recipientRef } from './routing';
import type { AlarmTransition, RecordedTransition } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ARN =
  'arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:fraud-accuracy-low';
// Same name, other account: must not be routed to the model.
const OTHER_ARN =
  'arn:aws:cloudwatch:ap-northeast-1:210987654321:alarm:fraud-accuracy-low';
const REF = 'component:default/fraud-detection-v2';
// Wednesday 10:00 in Tokyo (01:00 UTC, off hours in UTC) and 23:00 in Tokyo (14:00 UTC).
const TOKYO_BUSINESS = new Date('2026-12-02T01:00:00Z');
const TOKYO_NIGHT = new Date('2026-12-02T14:00:00Z');

function runbook(path: string[]) {
  const parsed = parseRunbook(RUNBOOK_YAML);
  if (!parsed.ok) throw new Error('example runbook does not parse');
  parsed.runbook.monitoring_config.data_quality.escalation_path = path;
  return { runbook: parsed.runbook, readAt: '2026-12-01T00:00:00.000Z' };
}

function model(over: Partial<ModelUpdate> = {}): ModelUpdate {
  return {
    entityRef: REF,
    title: 'Fraud detection',
    owner: 'group:default/ml-platform-team',
    accountId: '123456789012',
    region: 'ap-northeast-1',
    timeZone: 'Asia/Tokyo',
    target: { endpointNames: ['fraud-v2'], metricSources: [], onCall: [] },
    alarms: [
      {
        name: 'fraud-accuracy-low',
        arn: ARN,
        type: 'metric',
        state: 'ALARM',
        metric: {
          namespace: 'aws/sagemaker/Endpoints/model-metrics',
          name: 'accuracy',
          dimensions: [],
        },
      },
    ],
    sources: { alarms: { outcome: 'ok' } },
    runbook: runbook([
      'ml-engineer',
      'group:ML-Oncall',
      'user:default/jane',
      'group:default/ml-platform-team',
    ]),
    ...over,
  };
}

function recorded(
  over: Partial<AlarmTransition> = {},
  alarmingSince?: string,
): RecordedTransition {
  return {
    transition: {
      eventId: `e-${over.state ?? 'ALARM'}`,
      alarmArn: ARN,
      alarmName: 'fraud-accuracy-low',
      accountId: '123456789012',
      region: 'ap-northeast-1',
      state: 'ALARM',
      reason: 'Threshold Crossed',
      at: '2026-12-02T01:00:00.000Z',
      origin: 'eventbridge',
      ...over,
    },
    isNew: true,
    isLatest: true,
    notified: false,
    ...(alarmingSince ? { alarmingSince } : {}),
  };
}

class FakeNotifications implements NotificationService {
  sent: NotificationSendOptions[] = [];
  failure?: Error;
  async send(options: NotificationSendOptions): Promise<void> {
    if (this.failure) throw this.failure;
    this.sent.push(options);
  }
}

class FakeSignals implements SignalsService {
  published: SignalPayload[] = [];
  failure?: Error;
  async publish(signal: SignalPayload): Promise<void> {
    if (this.failure) throw this.failure;
    this.published.push(signal);
  }
}

describe('AlarmNotifier', () => {
  async function setup(
    options: {
      alerts?: object;
      clock?: Date;
      accuracy?: number;
      models?: ModelUpdate[];
    } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(knex);
    const stores = storesFor(knex);
    const now = options.clock ?? TOKYO_BUSINESS;
    for (const update of options.models ?? [model()]) {
      await stores.snapshots.write(update, now);
      await stores.series.write(
        update.entityRef,
        [
          {
            kind: 'quality',
            key: 'quality:fraud-v2:accuracy',
            name: 'accuracy',
            namespace: 'aws/sagemaker/Endpoints/model-metrics',
            dimensions: [{ name: 'Endpoint', value: 'fraud-v2' }],
            stat: 'Average',
            periodSeconds: 3600,
            endpointName: 'fraud-v2',
            points: [
              { t: '2026-12-02T00:00:00.000Z', v: options.accuracy ?? 0.9 },
            ],
          },
        ],
        now,
      );
    }
    const notifications = new FakeNotifications();
    const signals = new FakeSignals();
    const logger = mockServices.logger.mock();
    const notifier = new AlarmNotifier({
      stores,
      notifications,
      signals,
      alerts: readAlertsConfig(
        new ConfigReader({ mlObservability: { alerts: options.alerts ?? {} } }),
      ),
      config: testConfig(),
      logger,
      clock: () => now,
    });
    return { notifier, notifications, signals, logger, stores };
  }

  it('tells the owner and the escalation steps that are catalog entities, once each', async () => {
    const { notifier, notifications, signals } = await setup();
    await notifier.notify(recorded());
    expect(notifications.sent).toHaveLength(1);
    expect(notifications.sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: [
        'group:default/ml-platform-team',
        'group:default/ml-oncall',
        'user:default/jane',
      ],
    });
    expect(notifications.sent[0].payload).toMatchObject({
      title: 'Fraud detection: fraud-accuracy-low is in ALARM',
      scope: ARN,
      topic: REF,
      link: '/catalog/default/component/fraud-detection-v2/ml-observability',
    });
    expect(signals.published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: `ml-observability:${REF}`,
        message: { type: 'alerts', alarmArn: ARN, state: 'ALARM' },
      },
    ]);
  });

  it('maps the active runbook rule to the severity (accuracy below 85%: severity 1)', async () => {
    const { notifier, notifications } = await setup({ accuracy: 0.8 });
    await notifier.notify(recorded());
    const { payload } = notifications.sent[0];
    expect(payload.severity).toBe('critical');
    expect(payload.description).toContain(
      'Runbook severity 1: Model accuracy < 85%. First action: Switch to fallback model. Timeline: Resolve within 1 hour.',
    );
  });

  it('judges the quality threshold by business hours in the model time zone', async () => {
    const day = await setup({ clock: TOKYO_BUSINESS });
    await day.notifier.notify(recorded());
    expect(day.notifications.sent[0].payload.severity).toBe('normal');
    expect(day.notifications.sent[0].payload.description).toMatch(
      /below its business-hours threshold 92(\.0)?% \(Asia\/Tokyo\)/,
    );

    const night = await setup({ clock: TOKYO_NIGHT });
    await night.notifier.notify(recorded());
    // 90% is above the off-hours 88%: no breach to report at 23:00 in Tokyo.
    expect(night.notifications.sent[0].payload.description).not.toContain(
      'threshold',
    );
  });

  it('updates the same notification when the alarm resolves', async () => {
    const { notifier, notifications } = await setup();
    await notifier.notify(recorded());
    await notifier.notify(
      recorded(
        { state: 'OK', at: '2026-12-02T01:42:00.000Z' },
        '2026-12-02T01:00:00.000Z',
      ),
    );
    const [alarm, ok] = notifications.sent.map(s => s.payload);
    expect(ok.scope).toBe(alarm.scope);
    expect(ok.title).toBe(
      'Fraud detection: fraud-accuracy-low resolved after 42 min',
    );
    expect(ok.severity).toBe('low');
  });

  it('updates the ALARM notification with the runbook actions taken since it began, first one first', async () => {
    const { notifier, notifications, stores } = await setup();
    await stores.events.record([recorded().transition]);
    const actions = [
      // Before this ALARM began (an earlier incident): not named.
      {
        actor: 'user:default/old',
        at: '2026-12-01T09:00:00.000Z',
        label: 'Mute the alarms for 2 hours',
      },
      {
        actor: 'user:default/bob',
        at: '2026-12-02T01:20:00.000Z',
        label: 'Start pipeline fraud-retraining',
      },
      {
        actor: 'user:default/jane',
        at: '2026-12-02T01:05:00.000Z',
        label: 'Shift traffic to fallback',
      },
    ];
    expect(
      await notifier.actionTaken({ alarmArn: ARN, entityRef: REF, actions }),
    ).toBe(true);
    expect(notifications.sent).toHaveLength(1);
    const { payload, recipients } = notifications.sent[0];
    // The same scope as the ALARM's notification: it replaces it for the same people.
    expect(payload).toMatchObject({
      title: 'Fraud detection: fraud-accuracy-low is in ALARM',
      scope: ARN,
    });
    const [first] = payload.description!.split('\n\n');
    expect(first).toMatch(
      /^First action taken by user:default\/jane at .*: Shift traffic to fallback\. Then by user:default\/bob at .*: Start pipeline fraud-retraining\.$/,
    );
    expect(payload.description).toContain('Threshold Crossed');
    expect(recipients).toMatchObject({ type: 'entity' });

    // Another model's action does not touch this model's notification.
    expect(
      await notifier.actionTaken({
        alarmArn: ARN,
        entityRef: 'component:default/other',
        actions,
      }),
    ).toBe(false);
    // Only actions from before the ALARM: nothing to say.
    expect(
      await notifier.actionTaken({
        alarmArn: ARN,
        entityRef: REF,
        actions: actions.slice(0, 1),
      }),
    ).toBe(false);
    // Once the alarm resolved, there is no ALARM notification to update.
    await stores.events.record([
      recorded({
        eventId: 'e-OK',
        state: 'OK',
        at: '2026-12-02T01:30:00.000Z',
      }).transition,
    ]);
    expect(
      await notifier.actionTaken({ alarmArn: ARN, entityRef: REF, actions }),
    ).toBe(false);
    expect(notifications.sent).toHaveLength(1);
  });

  it('sends no OK without an ALARM before it, but still signals', async () => {
    const { notifier, notifications, signals } = await setup();
    await notifier.notify(recorded({ state: 'OK' }));
    await notifier.notify(recorded({ state: 'INSUFFICIENT_DATA' }));
    expect(notifications.sent).toEqual([]);
    expect(signals.published.map(s => s.message.state)).toEqual([
      'OK',
      'INSUFFICIENT_DATA',
    ]);
  });

  it('notifies every model claiming the ARN, and none for the same name elsewhere', async () => {
    const { notifier, notifications } = await setup({
      models: [
        model(),
        model({
          entityRef: 'component:default/fraud-shadow',
          title: undefined,
          owner: 'group:default/shadow-team',
          runbook: null,
        }),
      ],
    });
    await notifier.notify(recorded());
    expect(notifications.sent.map(s => s.payload.title)).toEqual([
      'Fraud detection: fraud-accuracy-low is in ALARM',
      'fraud-shadow: fraud-accuracy-low is in ALARM',
    ]);
    expect(notifications.sent[1].recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/shadow-team'],
    });
    await notifier.notify(recorded({ alarmArn: OTHER_ARN }));
    expect(notifications.sent).toHaveLength(2);
  });

  it('sends an unclaimed alarm to the fallback recipients', async () => {
    const { notifier, notifications, signals } = await setup({
      alerts: { fallbackRecipients: ['group:sre', 'user:default/ops'] },
    });
    await notifier.notify(recorded({ alarmArn: OTHER_ARN }));
    expect(notifications.sent).toHaveLength(1);
    expect(notifications.sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/sre', 'user:default/ops'],
    });
    expect(notifications.sent[0].payload.scope).toBe(OTHER_ARN);
    expect(signals.published).toEqual([]);
  });

  it('logs an unclaimed alarm once when there is no fallback', async () => {
    const { notifier, notifications, logger } = await setup();
    await notifier.notify(recorded({ alarmArn: OTHER_ARN }));
    await notifier.notify(recorded({ alarmArn: OTHER_ARN, state: 'OK' }));
    expect(notifications.sent).toEqual([]);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(OTHER_ARN),
    );
  });

  it('signals but sends nothing when notifications are disabled', async () => {
    const { notifier, notifications, signals } = await setup({
      alerts: { notifications: { enabled: false } },
    });
    await notifier.notify(recorded());
    expect(notifications.sent).toEqual([]);
    expect(signals.published).toHaveLength(1);
  });

  it('tolerates a failed signal and throws a failed send', async () => {
    const { notifier, notifications, signals, logger } = await setup();
    signals.failure = new Error('events down');
    await expect(notifier.notify(recorded())).resolves.toBeUndefined();
    expect(notifications.sent).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('events down'),
    );
    notifications.failure = new Error('notifications down');
    await expect(notifier.notify(recorded())).rejects.toThrow(
      'notifications down',
    );
  });
});

describe('recipientRef', () => {
  it.each([
    ['group:ml-oncall', 'group:default/ml-oncall'],
    ['User:Team-A/Jane', 'user:team-a/jane'],
    ['ml-engineer', undefined],
    ['Page the on-call engineer', undefined],
    ['component:default/x', undefined],
  ])('reads %s as %s', (step, ref) => {
    expect(recipientRef(step)).toBe(ref);
  });
});
