/**
 * The words of an alarm notification, from the transition and the model's
 * report at send time. Pure: the notifier looks things up, this only writes.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  NotificationPayload,
  NotificationSeverity,
} from '@backstage/plugin-notifications-common';
import {
  canonicalMetricName,
  formatDuration,
  formatInstant,
  ModelReport,
  parseSeverityCondition,
  SeverityRule,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { RecordedTransition } from './types';

/** The model a notification is about, and its report as of sending. */
export interface NotifiedModel {
  entityRef: string;
  title?: string;
  /** Escalation (active severity rule) and health reasons are read from it. */
  report?: Pick<ModelReport, 'escalation' | 'health'>;
  /** The metric the alarm watches, when it watches a single one. */
  alarmMetric?: string;
}

/** The topic of alarms no model claims (sent to the fallback recipients). */
export const UNCLAIMED_TOPIC = 'unclaimed alarms';

/** Runbook severity level → notification severity: 1 critical, 2 high, 3 normal, 4+ low. */
export function notificationSeverityOf(level: number): NotificationSeverity {
  if (level <= 1) return 'critical';
  if (level === 2) return 'high';
  if (level === 3) return 'normal';
  return 'low';
}

/** The entity page's ML Observability tab, relative to the app. */
export function modelTabLink(entityRef: string): string {
  const ref = parseEntityRef(entityRef);
  return `/catalog/${[ref.namespace, ref.kind.toLowerCase(), ref.name]
    .map(encodeURIComponent)
    .join('/')}/ml-observability`;
}

function modelName(model: NotifiedModel): string {
  if (model.title) return model.title;
  try {
    return parseEntityRef(model.entityRef).name;
  } catch {
    return model.entityRef;
  }
}

/** The runbook rule whose condition holds now, as the report chose it (none: undefined). */
export function activeRule(
  report: NotifiedModel['report'],
): SeverityRule | undefined {
  const escalation = report?.escalation;
  if (escalation?.activeSeverity === undefined) return undefined;
  return escalation.severityRules.find(
    r => r.level === escalation.activeSeverity,
  );
}

function ruleText(rule: SeverityRule): string {
  return `Runbook severity ${rule.level}: ${rule.condition}. First action: ${rule.immediateAction}. Timeline: ${rule.timeline}.`;
}

/**
 * The runbook's guidance when no rule holds in the latest data (the alarm may
 * see fresher data than the last round): the most severe rule about the
 * alarm's metric, else the most severe rule. The severity stays `normal`.
 */
function guidanceText(model: NotifiedModel | undefined): string | undefined {
  const rules = model?.report?.escalation.severityRules ?? [];
  if (rules.length === 0) return undefined;
  const metric =
    model?.alarmMetric === undefined
      ? undefined
      : canonicalMetricName(model.alarmMetric);
  const aboutMetric = metric
    ? rules.find(r => parseSeverityCondition(r.condition)?.metric === metric)
    : undefined;
  const rule = aboutMetric ?? rules[0];
  const lead = aboutMetric
    ? `No runbook rule holds in the latest data; the rule for ${metric}:`
    : 'No runbook rule holds in the latest data; the most severe:';
  return `${lead} ${ruleText(rule)}`;
}

/**
 * The report's quality verdicts behind the alarm: for the alarm's metric when
 * it watches one the report knows, else every quality breach. They name the
 * threshold in force (business or off hours, in the model's time zone).
 */
function qualityText(model: NotifiedModel): string[] {
  const reasons = (model.report?.health.reasons ?? []).filter(
    r => r.source === 'quality',
  );
  const metric =
    model.alarmMetric === undefined
      ? undefined
      : canonicalMetricName(model.alarmMetric);
  const forMetric = reasons.filter(r => r.subject === metric);
  return (forMetric.length > 0 ? forMetric : reasons).map(r => r.message);
}

const paragraphs = (parts: Array<string | undefined>) =>
  parts.filter((p): p is string => !!p && p.trim() !== '').join('\n\n');

/**
 * The notification of a transition, or undefined when it tells nobody
 * anything: only an ALARM, and the OK or INSUFFICIENT_DATA that ends one,
 * notify. Both carry the alarm ARN as scope, so the end updates the
 * notification of the start.
 */
export function alarmNotification(
  recorded: RecordedTransition,
  model?: NotifiedModel,
): NotificationPayload | undefined {
  const { transition } = recorded;
  // An alarm no model claims goes to the fallback recipients, named by its place.
  const name = model
    ? modelName(model)
    : `${transition.accountId}/${transition.region}`;
  const common = {
    topic: model ? model.entityRef : UNCLAIMED_TOPIC,
    scope: transition.alarmArn,
    ...(model ? { link: modelTabLink(model.entityRef) } : {}),
  };
  if (transition.state === 'ALARM') {
    const rule = activeRule(model?.report);
    return {
      ...common,
      title: `${name}: ${transition.alarmName} is in ALARM`,
      description: paragraphs([
        transition.reason ?? 'CloudWatch gave no reason.',
        rule ? ruleText(rule) : guidanceText(model),
        ...(model
          ? qualityText(model)
          : ['No model in the catalog claims this alarm.']),
      ]),
      severity: rule ? notificationSeverityOf(rule.level) : 'normal',
    };
  }
  if (!recorded.alarmingSince) return undefined;
  const seconds =
    (Date.parse(transition.at) - Date.parse(recorded.alarmingSince)) / 1000;
  const after = Number.isFinite(seconds)
    ? ` after ${formatDuration(seconds)}`
    : '';
  const title =
    transition.state === 'OK'
      ? `${name}: ${transition.alarmName} resolved${after}`
      : `${name}: ${transition.alarmName} left ALARM${after} (INSUFFICIENT_DATA)`;
  return {
    ...common,
    title,
    description: paragraphs([
      transition.reason,
      `In ALARM from ${formatInstant(
        recorded.alarmingSince,
      )} to ${formatInstant(transition.at)}.`,
    ]),
    severity: 'low',
  };
}
