import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AlarmInfo } from '@mlobs/backstage-plugin-ml-observability-common';
import type { AlarmRef } from '../collectors/alarmHistory';
import type { FleetCollector } from '../collectors/types';
import { roundTransitions } from './roundTransitions';
import type { TransitionSink } from './types';

/** CloudWatch keeps alarm history for 14 days: a backfill reads no further back. */
const HISTORY_DAYS = 14;
const DAY_MS = 86_400_000;

export interface RoundAlertsOptions {
  sink: TransitionSink;
  /** Which of these alarm ARNs have stored transitions. */
  knownAlarms(arns: string[]): Promise<Set<string>>;
  collector: FleetCollector;
  /** Alarms backfilled per round at most (each costs one or a few DescribeAlarmHistory calls). */
  backfillPerRound: number;
  logger: LoggerService;
}

/** One model as a round left it. */
export interface RoundModel {
  entityRef: string;
  /** The alarms of the model's previous snapshot; undefined for a model seen for the first time. */
  previous?: readonly AlarmInfo[];
  /** The alarms this round read; undefined when the round could not read them. */
  current?: readonly AlarmInfo[];
}

/**
 * What a collection round adds to the alert history: the alarm transitions
 * it saw between two snapshots (the path that notifies when no queue is
 * configured, and a safety net when one is), and the past of alarms seen for
 * the first time, from DescribeAlarmHistory, a bounded number per round.
 * Failures are logged and never fail the round; what was not done is done
 * by a later round.
 */
export class RoundAlerts {
  /** ARNs whose history is stored or was read by this process: not asked again. */
  private readonly settled = new Set<string>();

  constructor(private readonly options: RoundAlertsOptions) {}

  async afterRound(
    models: RoundModel[],
    round: { now: Date; signal?: AbortSignal },
  ): Promise<{
    transitions: number;
    backfilled: number;
    calls: Record<string, number>;
  }> {
    const { sink, logger } = this.options;
    const transitions = models.flatMap(model =>
      roundTransitions(model.previous, model.current, round.now),
    );
    if (transitions.length > 0) {
      try {
        await sink.handle(transitions);
      } catch (error) {
        // Stored transitions are retried by the notification sweep; unstored ones are seen again next round.
        logger.warn(
          `ML observability: ${
            transitions.length
          } alarm transitions seen by the round could not be fully handled: ${String(
            error,
          )}`,
        );
      }
    }
    const backfill = await this.backfill(models, round);
    return { transitions: transitions.length, ...backfill };
  }

  private async backfill(
    models: RoundModel[],
    round: { now: Date; signal?: AbortSignal },
  ): Promise<{ backfilled: number; calls: Record<string, number> }> {
    const { collector, knownAlarms, backfillPerRound, sink, logger } =
      this.options;
    if (!collector.alarmHistory || backfillPerRound <= 0)
      return { backfilled: 0, calls: {} };
    const unsettled = new Map<string, AlarmRef>();
    for (const model of models) {
      for (const alarm of model.current ?? []) {
        if (!this.settled.has(alarm.arn))
          unsettled.set(alarm.arn, { arn: alarm.arn, name: alarm.name });
      }
    }
    if (unsettled.size === 0) return { backfilled: 0, calls: {} };
    try {
      const known = await knownAlarms([...unsettled.keys()]);
      for (const arn of known) {
        this.settled.add(arn);
        unsettled.delete(arn);
      }
      const batch = [...unsettled.values()]
        .sort((a, b) => a.arn.localeCompare(b.arn))
        .slice(0, backfillPerRound);
      if (batch.length === 0) return { backfilled: 0, calls: {} };
      const history = await collector.alarmHistory(batch, {
        since: new Date(round.now.getTime() - HISTORY_DAYS * DAY_MS),
        now: round.now,
        signal: round.signal,
      });
      if (history.transitions.length > 0)
        await sink.handle(history.transitions);
      for (const arn of history.read) this.settled.add(arn);
      if (unsettled.size > batch.length)
        logger.debug(
          `ML observability: ${
            unsettled.size - batch.length
          } alarms wait for their history backfill (${backfillPerRound} a round)`,
        );
      return { backfilled: history.read.length, calls: history.calls };
    } catch (error) {
      round.signal?.throwIfAborted();
      logger.warn(
        `ML observability: alarm history backfill failed, retried next round: ${String(
          error,
        )}`,
      );
      return { backfilled: 0, calls: {} };
    }
  }
}
