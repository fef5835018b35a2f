import { cloudwatchErrors } from '../server/errors';
import { DAY, MINUTE, isoNoMillis } from '../util/time';
import type { RegionState } from '../world';
import { parseMetricAlarm } from './alarmConfig';
import {
  HistoryEntry,
  StateSnapshot,
  addHistory,
  configurationEntry,
  stateUpdateEntry,
} from './alarmHistory';
import {
  Evaluation,
  MetricAlarmConfig,
  evaluateMetricAlarm,
} from './alarmEval';
import {
  AlarmState,
  RuleNode,
  evaluateRule,
  parseAlarmRule,
  ruleAlarms,
} from './alarmRule';

export interface AlarmRecord {
  kind: 'metric' | 'composite';
  name: string;
  arn: string;
  /** The Put*Alarm members as given (without Tags), echoed by DescribeAlarms. */
  input: Record<string, unknown>;
  tags: unknown[];
  config?: MetricAlarmConfig;
  rule?: RuleNode;
  configUpdatedAt: number;
  state: AlarmState;
  reason: string;
  reasonData?: string;
  stateUpdatedAt: number;
  transitionedAt: number;
  evaluatedAt?: number;
  dataVersion: number;
  /** What DescribeAlarmHistory lists: two weeks, oldest first. */
  history: HistoryEntry[];
}

/** A state change of one alarm, as it happens (replays of the past included). */
export interface AlarmChange {
  account: string;
  region: string;
  record: AlarmRecord;
  /** The state before, with its StateUpdatedTimestamp. */
  previous: StateSnapshot & { at: number };
  /** The new StateUpdatedTimestamp (epoch ms). */
  at: number;
}

export type AlarmChangeListener = (change: AlarmChange) => void;

/** How far back a new alarm's state history is reconstructed, and in how many steps. */
const HISTORY = 14 * DAY;
const COARSE_STEPS = 48;

/** CloudWatch alarms of one account/region, evaluated lazily against the metric store. */
export class AlarmStore {
  readonly alarms = new Map<string, AlarmRecord>();

  constructor(
    private readonly state: RegionState,
    private readonly onChange?: AlarmChangeListener,
  ) {}

  /** Records the state change `record` just made (its fields hold the new state). */
  private changed(
    record: AlarmRecord,
    previous: StateSnapshot & { at: number },
    at: number,
  ) {
    addHistory(record, stateUpdateEntry(previous, record, at));
    this.onChange?.({
      account: this.state.account,
      region: this.state.region,
      record,
      previous,
      at,
    });
  }

  arn(name: string): string {
    return `arn:aws:cloudwatch:${this.state.region}:${this.state.account}:alarm:${name}`;
  }

  putMetricAlarm(raw: Record<string, unknown>, now: number): void {
    const name = requireName(raw);
    const existing = this.alarms.get(name);
    if (existing?.kind === 'composite') {
      throw cloudwatchErrors.invalidParameter(
        `The alarm ${name} already exists as a composite alarm.`,
      );
    }
    const config = parseMetricAlarm(raw);
    const { Tags, ...input } = raw;
    const record: AlarmRecord = {
      ...this.base(name, input, Tags, now, existing),
      kind: 'metric',
      config,
      // Re-evaluate the new configuration from now on, keeping the current state.
      evaluatedAt: existing ? now - MINUTE : undefined,
    };
    addHistory(record, configurationEntry(record, now, !existing));
    this.alarms.set(name, record);
    if (existing) this.refresh(record, now);
  }

  putCompositeAlarm(raw: Record<string, unknown>, now: number): void {
    const name = requireName(raw);
    const existing = this.alarms.get(name);
    if (existing?.kind === 'metric') {
      throw cloudwatchErrors.invalidParameter(
        `The alarm ${name} already exists as a metric alarm.`,
      );
    }
    if (typeof raw.AlarmRule !== 'string' || raw.AlarmRule === '') {
      throw cloudwatchErrors.missingParameter(
        'The parameter AlarmRule is required.',
      );
    }
    if (raw.AlarmRule.length > 10240) {
      throw cloudwatchErrors.validation(
        'AlarmRule must be at most 10240 characters long.',
      );
    }
    const rule = parseAlarmRule(raw.AlarmRule);
    for (const child of ruleAlarms(rule)) {
      if (!this.alarms.has(child)) {
        throw cloudwatchErrors.invalidParameter(
          `Error in alarm rule: alarm ${child} does not exist.`,
        );
      }
      if (child === name || this.dependsOn(child, name)) {
        throw cloudwatchErrors.invalidParameter(
          `Error in alarm rule: ${child} would create a cycle.`,
        );
      }
    }
    const { Tags, ...input } = raw;
    const record: AlarmRecord = {
      ...this.base(name, input, Tags, now, existing),
      kind: 'composite',
      rule,
    };
    addHistory(record, configurationEntry(record, now, !existing));
    this.alarms.set(name, record);
    this.refresh(record, now);
  }

  private dependsOn(
    alarm: string,
    target: string,
    seen = new Set<string>(),
  ): boolean {
    const record = this.alarms.get(alarm);
    if (!record?.rule || seen.has(alarm)) return false;
    seen.add(alarm);
    return [...ruleAlarms(record.rule)].some(
      c => c === target || this.dependsOn(c, target, seen),
    );
  }

  private base(
    name: string,
    input: Record<string, unknown>,
    tags: unknown,
    now: number,
    existing?: AlarmRecord,
  ) {
    return {
      name,
      arn: this.arn(name),
      input,
      tags: Array.isArray(tags) ? tags : existing?.tags ?? [],
      configUpdatedAt: now,
      state: existing?.state ?? ('INSUFFICIENT_DATA' as AlarmState),
      reason: existing?.reason ?? 'Unchecked: Initial alarm creation',
      reasonData: existing?.reasonData,
      stateUpdatedAt: existing?.stateUpdatedAt ?? now,
      transitionedAt: existing?.transitionedAt ?? now,
      dataVersion: this.state.metrics.version,
      history: existing?.history ?? [],
    };
  }

  delete(names: string[]): string[] {
    const missing = names.filter(n => !this.alarms.has(n));
    for (const name of names) this.alarms.delete(name);
    return missing;
  }

  setState(
    name: string,
    value: AlarmState,
    reason: string,
    reasonData: string | undefined,
    now: number,
  ) {
    const record = this.alarms.get(name);
    if (!record) throw cloudwatchErrors.notFound(`Alarm ${name} not found.`);
    this.refresh(record, now);
    const previous = snapshot(record);
    if (record.state !== value) record.transitionedAt = now;
    record.state = value;
    record.reason = reason;
    record.reasonData = reasonData;
    record.stateUpdatedAt = now;
    // Like CloudWatch, setting the state an alarm already has changes nothing that is announced.
    if (previous.state !== value) this.changed(record, previous, now);
    // The next evaluation (the next minute) puts the alarm back to what its data says.
    record.evaluatedAt = now;
    record.dataVersion = this.state.metrics.version;
  }

  /** Brings the alarm's state up to `now`, replaying evaluations it has not seen yet. */
  refresh(
    record: AlarmRecord,
    now: number,
    visiting = new Set<string>(),
  ): void {
    if (record.kind === 'composite') {
      this.refreshComposite(record, now, visiting);
      return;
    }
    const config = record.config!;
    const dataChanged = record.dataVersion !== this.state.metrics.version;
    const target = dataChanged ? now : Math.floor(now / MINUTE) * MINUTE;
    let from =
      record.evaluatedAt ?? Math.max(record.configUpdatedAt, now - HISTORY);
    if (target <= from) {
      if (!dataChanged) return;
      from = target - 1;
    }
    const evaluate = (at: number): Evaluation =>
      evaluateMetricAlarm(this.state, config, at, record.state);
    const step = Math.max(
      MINUTE,
      Math.ceil((target - from) / COARSE_STEPS / MINUTE) * MINUTE,
    );
    let previous = from;
    if (record.evaluatedAt === undefined) {
      const first = evaluate(from);
      let at = Math.max(from, record.configUpdatedAt);
      if (from > record.configUpdatedAt) {
        // The replay window starts after the alarm was created: if the state one evaluation
        // range after creation already matched, report it as held since then.
        const settled = Math.min(
          from,
          record.configUpdatedAt +
            (config.evaluationPeriods + 1) * config.period * 1000,
        );
        const early = evaluate(settled);
        if (early.state === first.state) {
          this.apply(record, early, settled);
          at = NaN;
        }
      }
      if (!Number.isNaN(at)) this.apply(record, first, at);
    }
    for (
      let at = Math.min(from + step, target);
      ;
      at = Math.min(at + step, target)
    ) {
      const result = evaluate(at);
      if (result.state !== record.state) {
        // Narrow the change down to the minute it happened.
        let lo = previous;
        let hi = at;
        let found = result;
        while (hi - lo > MINUTE) {
          const mid = Math.max(
            lo + 1,
            Math.floor((lo + hi) / 2 / MINUTE) * MINUTE,
          );
          if (mid >= hi) break;
          const probe = evaluate(mid);
          if (probe.state === result.state) {
            hi = mid;
            found = probe;
          } else {
            lo = mid;
          }
        }
        this.apply(record, found, hi);
      }
      previous = at;
      if (at >= target) break;
    }
    record.evaluatedAt = target;
    record.dataVersion = this.state.metrics.version;
  }

  private apply(record: AlarmRecord, result: Evaluation, at: number) {
    if (result.state === record.state) return;
    const previous = snapshot(record);
    const { reason, reasonData } = result.explain();
    record.state = result.state;
    record.reason = reason;
    record.reasonData = reasonData;
    record.stateUpdatedAt = at;
    record.transitionedAt = at;
    this.changed(record, previous, at);
  }

  private refreshComposite(
    record: AlarmRecord,
    now: number,
    visiting: Set<string>,
  ) {
    if (visiting.has(record.name)) return;
    visiting.add(record.name);
    const children = [...ruleAlarms(record.rule!)]
      .map(name => this.alarms.get(name))
      .filter((c): c is AlarmRecord => c !== undefined);
    for (const child of children) this.refresh(child, now, visiting);
    visiting.delete(record.name);
    const value: AlarmState = evaluateRule(
      record.rule!,
      name => this.alarms.get(name)?.state,
    )
      ? 'ALARM'
      : 'OK';
    record.evaluatedAt = now;
    if (value === record.state) return;
    const trigger = children.reduce<AlarmRecord | undefined>(
      (latest, c) =>
        !latest || c.transitionedAt > latest.transitionedAt ? c : latest,
      undefined,
    );
    const at = Math.min(
      now,
      Math.max(record.configUpdatedAt, trigger?.transitionedAt ?? now),
    );
    const previous = snapshot(record);
    record.state = value;
    record.stateUpdatedAt = at;
    record.transitionedAt = at;
    record.reason = trigger
      ? `${trigger.arn} transitioned to ${trigger.state} at ${new Date(
          trigger.transitionedAt,
        ).toUTCString()}`
      : `Alarm rule evaluated to ${value === 'ALARM' ? 'TRUE' : 'FALSE'}`;
    record.reasonData = JSON.stringify({
      triggeringAlarms: children
        .filter(c => c.state === 'ALARM')
        .map(c => ({
          arn: c.arn,
          state: { value: c.state, timestamp: isoNoMillis(c.transitionedAt) },
        })),
    });
    this.changed(record, previous, at);
  }
}

function snapshot(record: AlarmRecord): StateSnapshot & { at: number } {
  return {
    at: record.stateUpdatedAt,
    state: record.state,
    reason: record.reason,
    ...(record.reasonData ? { reasonData: record.reasonData } : {}),
  };
}

function requireName(raw: Record<string, unknown>): string {
  const name = raw.AlarmName;
  if (typeof name !== 'string' || name === '') {
    throw cloudwatchErrors.missingParameter(
      'The parameter AlarmName is required.',
    );
  }
  if (name.length > 255)
    throw cloudwatchErrors.validation(
      'AlarmName must be at most 255 characters long.',
    );
  return name;
}
