import type { SeverityRule } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  alarmNotification,
  modelTabLink,
  NotifiedModel,
  notificationSeverityOf,
  UNCLAIMED_TOPIC,
} from './notificationText';
import type { AlarmTransition, RecordedTransition } from './types';

const ARN =
  'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:churn-model-accuracy-low';

function recorded(
  over: Partial<AlarmTransition> = {},
  alarmingSince?: string,
): RecordedTransition {
  return {
    transition: {
      eventId: 'e1',
      alarmArn: ARN,
      alarmName: 'churn-model-accuracy-low',
      accountId: '123456789012',
      region: 'eu-west-1',
      state: 'ALARM',
      reason: 'Threshold Crossed: 1 datapoint [0.8] was less than 0.85.',
      at: '2026-12-02T10:00:00.000Z',
      origin: 'eventbridge',
      ...over,
    },
    isNew: true,
    isLatest: true,
    notified: false,
    ...(alarmingSince ? { alarmingSince } : {}),
  };
}

const rules: SeverityRule[] = [1, 2, 3, 4].map(level => ({
  level,
  condition: `condition ${level}`,
  immediateAction: `action ${level}`,
  notification: `notify ${level}`,
  timeline: `timeline ${level}`,
}));

const model = (
  activeSeverity?: number,
  over: Partial<NotifiedModel> = {},
): NotifiedModel => ({
  entityRef: 'component:default/churn-model',
  report: {
    escalation: {
      path: [],
      severityRules: rules,
      ...(activeSeverity !== undefined ? { activeSeverity } : {}),
    },
    health: { status: 'critical', reasons: [] },
  },
  ...over,
});

describe('notificationSeverityOf', () => {
  it.each([
    [1, 'critical'],
    [2, 'high'],
    [3, 'normal'],
    [4, 'low'],
    [7, 'low'],
  ] as const)('maps severity %i to %s', (level, severity) => {
    expect(notificationSeverityOf(level)).toBe(severity);
  });
});

describe('alarmNotification', () => {
  it('names the model and the alarm, links the tab, scopes by ARN', () => {
    expect(alarmNotification(recorded(), model(1))).toEqual({
      title: 'churn-model: churn-model-accuracy-low is in ALARM',
      description:
        'Threshold Crossed: 1 datapoint [0.8] was less than 0.85.\n\n' +
        'Runbook severity 1: condition 1. First action: action 1. Timeline: timeline 1.',
      severity: 'critical',
      topic: 'component:default/churn-model',
      scope: ARN,
      link: '/catalog/default/component/churn-model/ml-observability',
    });
  });

  it.each([
    [2, 'high', 'action 2'],
    [3, 'normal', 'action 3'],
    [4, 'low', 'action 4'],
  ] as const)(
    'takes the rule the report found active (%i → %s)',
    (level, severity, action) => {
      const payload = alarmNotification(recorded(), model(level))!;
      expect(payload.severity).toBe(severity);
      expect(payload.description).toContain(`First action: ${action}.`);
    },
  );

  it("is normal when no rule holds, and still gives the most severe rule's first action", () => {
    const payload = alarmNotification(recorded(), model())!;
    expect(payload.severity).toBe('normal');
    expect(payload.description).toContain(
      'No runbook rule holds in the latest data; the most severe: Runbook severity 1: condition 1. First action: action 1.',
    );
    const bare = alarmNotification(recorded(), {
      entityRef: 'component:default/churn-model',
    })!;
    expect(bare.description).not.toContain('Runbook');
  });

  it("prefers the rule about the alarm's metric when no rule holds", () => {
    const payload = alarmNotification(recorded(), {
      entityRef: 'component:default/churn-model',
      alarmMetric: 'accuracy',
      report: {
        escalation: {
          path: [],
          severityRules: [
            { ...rules[0], condition: 'Drift score above 0.3 on any feature' },
            { ...rules[1], condition: 'Model accuracy < 85%' },
          ],
        },
        health: { status: 'warning', reasons: [] },
      },
    })!;
    expect(payload.severity).toBe('normal');
    expect(payload.description).toContain(
      'the rule for accuracy: Runbook severity 2: Model accuracy < 85%. First action: action 2.',
    );
  });

  it('prefers the title, and adds the quality verdict of the alarm metric', () => {
    const payload = alarmNotification(
      recorded(),
      model(undefined, {
        title: 'Churn model',
        alarmMetric: 'accuracy',
        report: {
          escalation: { path: [], severityRules: [] },
          health: {
            status: 'critical',
            reasons: [
              {
                severity: 'critical',
                source: 'quality',
                subject: 'f1',
                message: 'F1 is low',
              },
              {
                severity: 'critical',
                source: 'quality',
                subject: 'accuracy',
                message: 'Accuracy is low',
              },
            ],
          },
        },
      }),
    )!;
    expect(payload.title).toBe(
      'Churn model: churn-model-accuracy-low is in ALARM',
    );
    expect(payload.description).toContain('Accuracy is low');
    expect(payload.description).not.toContain('F1 is low');
  });

  it('resolves with the time spent in ALARM, in the same scope', () => {
    const payload = alarmNotification(
      recorded(
        { state: 'OK', at: '2026-12-02T10:42:00.000Z', reason: 'Back up' },
        '2026-12-02T10:00:00.000Z',
      ),
      model(1),
    )!;
    expect(payload).toMatchObject({
      title: 'churn-model: churn-model-accuracy-low resolved after 42 min',
      severity: 'low',
      scope: ARN,
      topic: 'component:default/churn-model',
    });
    expect(payload.description).toContain('Back up');
  });

  it('says INSUFFICIENT_DATA ended an ALARM without calling it resolved', () => {
    const payload = alarmNotification(
      recorded(
        { state: 'INSUFFICIENT_DATA', at: '2026-12-02T12:00:00.000Z' },
        '2026-12-02T10:00:00.000Z',
      ),
      model(),
    )!;
    expect(payload.title).toBe(
      'churn-model: churn-model-accuracy-low left ALARM after 2 h (INSUFFICIENT_DATA)',
    );
    expect(payload.severity).toBe('low');
  });

  it.each(['OK', 'INSUFFICIENT_DATA'] as const)(
    'says nothing of %s that ends no ALARM',
    state => {
      expect(alarmNotification(recorded({ state }), model())).toBeUndefined();
    },
  );

  it('names an unclaimed alarm by its place, without a link', () => {
    const payload = alarmNotification(recorded())!;
    expect(payload.title).toBe(
      '123456789012/eu-west-1: churn-model-accuracy-low is in ALARM',
    );
    expect(payload.topic).toBe(UNCLAIMED_TOPIC);
    expect(payload.link).toBeUndefined();
    expect(payload.severity).toBe('normal');
  });
});

describe('modelTabLink', () => {
  it('links the entity tab', () => {
    expect(modelTabLink('Component:team-a/Churn Model')).toBe(
      '/catalog/team-a/component/Churn%20Model/ml-observability',
    );
  });
});
