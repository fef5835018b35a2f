import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { formatInstant } from '@mlobs/backstage-plugin-ml-observability-common';
import { canonicalMetricName } from '@mlobs/backstage-plugin-ml-observability-common';
import type { AlertsConfig, MlObservabilityConfig } from '../config';
import { assembleReport } from '../report/buildReport';
import type { Stores } from '../store';
import type { TransitionNotifier } from './pipeline';
import { alarmNotification, NotifiedModel } from './notificationText';
import { AlarmRoute, fallbackRefs, routeAlarm } from './routing';
import type { RecordedTransition } from './types';

export interface AlarmNotifierOptions {
  stores: Pick<Stores, 'snapshots' | 'series' | 'events'>;
  /** Without it nothing is sent (signals still are). */
  notifications?: NotificationService;
  signals?: SignalsService;
  alerts: AlertsConfig;
  /** Business hours and the default time zone, for the report the text is drawn from. */
  config: MlObservabilityConfig;
  logger: LoggerService;
  clock?: () => Date;
}

/** Unclaimed alarms logged without a fallback, remembered up to this many (then forgotten at once). */
const MAX_LOGGED_UNCLAIMED = 10_000;

/** The signal channel of a model's live pages. */
export function modelSignalChannel(entityRef: string): string {
  return `ml-observability:${entityRef.toLowerCase()}`;
}

/**
 * Tells the owners of the models claiming an alarm through Backstage
 * notifications (scoped by alarm ARN, so a resolution updates the alarm's
 * notification), and signals each model's open pages.
 */
export class AlarmNotifier implements TransitionNotifier {
  private readonly clock: () => Date;
  private readonly loggedUnclaimed = new Set<string>();

  constructor(private readonly options: AlarmNotifierOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async notify(recorded: RecordedTransition): Promise<void> {
    const { transition } = recorded;
    const routes = await routeAlarm(this.options.stores, transition.alarmArn);
    if (routes.length === 0) await this.notifyUnclaimed(recorded);
    else {
      const models = await this.modelsOf(routes, transition.alarmArn);
      // One send per model: its own title, topic and link.
      for (const [i, route] of routes.entries()) {
        const payload = alarmNotification(recorded, models[i]);
        // A model with neither owner nor named escalation steps still reaches someone.
        const recipients =
          route.recipients.length > 0
            ? route.recipients
            : fallbackRefs(this.options.alerts.fallbackRecipients);
        if (payload) await this.send(recipients, payload);
      }
    }
    await this.signal(routes, recorded);
  }

  /**
   * Updates the ALARM notification of `alarmArn` (same scope, so it replaces
   * the one people have) with the runbook actions the model took since the
   * alarm went into ALARM: "First action taken by … at …: …", then the others
   * in order. Nothing when the alarm's latest stored change is not an ALARM
   * (it resolved meanwhile), the model does not claim it, or no action came
   * after the ALARM began.
   */
  async actionTaken(options: {
    alarmArn: string;
    entityRef: string;
    actions: Array<{ actor: string; at: string; label: string }>;
  }): Promise<boolean> {
    const [latest] = await this.options.stores.events.listForAlarms(
      [options.alarmArn],
      { limit: 1 },
    );
    if (!latest || latest.state !== 'ALARM') return false;
    const since = Date.parse(latest.at);
    const taken = options.actions
      .filter(a => Date.parse(a.at) >= since)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (taken.length === 0) return false;
    const routes = (
      await routeAlarm(this.options.stores, options.alarmArn)
    ).filter(r => r.record.entityRef === options.entityRef);
    if (routes.length === 0) return false;
    const [model] = await this.modelsOf(routes, options.alarmArn);
    const payload = alarmNotification(
      { transition: latest, isNew: false, isLatest: true, notified: true },
      model,
    );
    if (!payload) return false;
    const recipients =
      routes[0].recipients.length > 0
        ? routes[0].recipients
        : fallbackRefs(this.options.alerts.fallbackRecipients);
    const lines = taken.map(
      (a, i) =>
        `${i === 0 ? 'First action taken' : 'Then'} by ${
          a.actor
        } at ${formatInstant(a.at)}: ${a.label}.`,
    );
    await this.send(recipients, {
      ...payload,
      description: [lines.join(' '), payload.description]
        .filter(Boolean)
        .join('\n\n'),
    });
    return true;
  }

  private async notifyUnclaimed(recorded: RecordedTransition): Promise<void> {
    const { transition } = recorded;
    const recipients = fallbackRefs(this.options.alerts.fallbackRecipients);
    if (recipients.length === 0) {
      if (!this.loggedUnclaimed.has(transition.alarmArn)) {
        if (this.loggedUnclaimed.size >= MAX_LOGGED_UNCLAIMED)
          this.loggedUnclaimed.clear();
        this.loggedUnclaimed.add(transition.alarmArn);
        this.options.logger.info(
          `ML observability: alarm ${transition.alarmArn} is claimed by no model and mlObservability.alerts.fallbackRecipients is empty; its transitions notify nobody`,
        );
      }
      return;
    }
    const payload = alarmNotification(recorded);
    if (payload) await this.send(recipients, payload);
  }

  /** Each claiming model with its report now: the active runbook rule and the thresholds in force. */
  private async modelsOf(
    routes: AlarmRoute[],
    alarmArn: string,
  ): Promise<NotifiedModel[]> {
    const now = this.clock();
    const series = await this.options.stores.series.listMeta(
      routes.map(r => r.record.entityRef),
    );
    return routes.map(({ record }) => {
      const { report } = assembleReport(
        {
          snapshot: record,
          series: series.filter(s => s.entityRef === record.entityRef),
        },
        this.options.config,
        now,
      );
      const metric = record.alarms?.find(a => a.arn === alarmArn)?.metric;
      return {
        entityRef: record.entityRef,
        ...(record.title ? { title: record.title } : {}),
        report,
        ...(metric ? { alarmMetric: canonicalMetricName(metric.name) } : {}),
      };
    });
  }

  private async send(
    recipients: string[],
    payload: NonNullable<ReturnType<typeof alarmNotification>>,
  ): Promise<void> {
    const { notifications, alerts } = this.options;
    if (!notifications || !alerts.notificationsEnabled) return;
    if (recipients.length === 0) return;
    await notifications.send({
      recipients: { type: 'entity', entityRef: recipients },
      payload,
    });
  }

  /** Live pages refresh on their own; a lost signal only delays that, so it never fails the transition. */
  private async signal(
    routes: AlarmRoute[],
    recorded: RecordedTransition,
  ): Promise<void> {
    const { signals, logger } = this.options;
    if (!signals) return;
    const { alarmArn, state } = recorded.transition;
    for (const { record } of routes) {
      try {
        await signals.publish({
          recipients: { type: 'broadcast' },
          channel: modelSignalChannel(record.entityRef),
          message: { type: 'alerts', alarmArn, state },
        });
      } catch (error) {
        logger.warn(
          `ML observability: could not signal ${
            record.entityRef
          } about alarm ${alarmArn}: ${String(error)}`,
        );
      }
    }
  }
}
