import type { Handler } from '../server/context';
import { cloudwatchErrors } from '../server/errors';
import { Input } from '../util/input';
import {
  compareStrings,
  decodeToken,
  encodeToken,
  pageSize,
  pageSorted,
} from '../util/pagination';
import { toEpochSeconds } from '../util/time';
import {
  MuteSchedule,
  MuteScheduleError,
  parseMuteSchedule,
  windowStartAt,
} from './muteSchedule';

export type MuteRuleStatus = 'SCHEDULED' | 'ACTIVE' | 'EXPIRED';
const STATUSES: MuteRuleStatus[] = ['SCHEDULED', 'ACTIVE', 'EXPIRED'];

export interface MuteRuleRecord {
  name: string;
  arn: string;
  description?: string;
  /** The Rule member as given (Schedule Expression, Duration, Timezone). */
  rule: { Schedule: Record<string, string> };
  schedule: MuteSchedule;
  alarmNames: string[];
  tags: unknown[];
  startDate?: number;
  expireDate?: number;
  updatedAt: number;
}

/** Alarm mute rules of one account and region. */
export class MuteRuleStore {
  readonly rules = new Map<string, MuteRuleRecord>();

  constructor(readonly account: string, readonly region: string) {}

  arn(name: string): string {
    return `arn:aws:cloudwatch:${this.region}:${this.account}:alarm-mute-rule:${name}`;
  }

  /** Whether the rule mutes its targets at `t`: inside a window, after StartDate, before ExpireDate. */
  static active(rule: MuteRuleRecord, t: number): boolean {
    if (rule.startDate !== undefined && t < rule.startDate) return false;
    if (rule.expireDate !== undefined && t >= rule.expireDate) return false;
    return windowStartAt(rule.schedule, t) !== undefined;
  }

  static status(rule: MuteRuleRecord, t: number): MuteRuleStatus {
    if (rule.expireDate !== undefined && t >= rule.expireDate) return 'EXPIRED';
    if (MuteRuleStore.active(rule, t)) return 'ACTIVE';
    // A one-time rule whose window has passed will not become active again.
    const s = rule.schedule;
    if (s.kind === 'at' && t >= s.at + s.durationMs) return 'EXPIRED';
    return 'SCHEDULED';
  }

  /** The rules muting the alarm's actions at `t`. */
  mutingRules(alarmName: string, t: number): MuteRuleRecord[] {
    return [...this.rules.values()].filter(
      r => r.alarmNames.includes(alarmName) && MuteRuleStore.active(r, t),
    );
  }

  mutes(alarmName: string, t: number): boolean {
    return this.mutingRules(alarmName, t).length > 0;
  }
}

function muteType(rule: MuteRuleRecord): string {
  return rule.schedule.kind === 'at' ? 'ONE_TIME' : 'RECURRING';
}

const putAlarmMuteRule: Handler = (body, ctx) => {
  const input = new Input(body, 'cloudwatch');
  const name = input.requiredString('Name');
  if (name.length > 255) {
    throw cloudwatchErrors.validation(
      'The Name must be between 1 and 255 characters long.',
    );
  }
  const description = input.string('Description');
  if (description !== undefined && description.length > 1024) {
    throw cloudwatchErrors.validation(
      'The Description must be at most 1024 characters long.',
    );
  }
  const rule = input.object('Rule');
  if (!rule) throw input.missing('Rule');
  const schedule = rule.Schedule as Record<string, unknown> | undefined;
  if (!schedule || typeof schedule !== 'object')
    throw input.missing('Rule.Schedule');
  const expression = schedule.Expression;
  const duration = schedule.Duration;
  const timezone = schedule.Timezone;
  if (typeof expression !== 'string' || expression === '')
    throw input.missing('Rule.Schedule.Expression');
  if (typeof duration !== 'string' || duration === '')
    throw input.missing('Rule.Schedule.Duration');
  if (timezone !== undefined && typeof timezone !== 'string') {
    throw cloudwatchErrors.validation(
      'Rule.Schedule.Timezone must be a string.',
    );
  }
  let parsed: MuteSchedule;
  try {
    parsed = parseMuteSchedule(expression, duration, timezone ?? 'UTC');
  } catch (e) {
    if (e instanceof MuteScheduleError)
      throw cloudwatchErrors.validation(e.message);
    throw e;
  }
  const targets = input.object('MuteTargets');
  const alarmNames = (targets?.AlarmNames as unknown) ?? [];
  if (
    !Array.isArray(alarmNames) ||
    (targets && (alarmNames.length < 1 || alarmNames.length > 100)) ||
    alarmNames.some(
      n => typeof n !== 'string' || n.length < 1 || n.length > 255,
    )
  ) {
    throw cloudwatchErrors.validation(
      'MuteTargets.AlarmNames must hold 1 to 100 alarm names of 1 to 255 characters.',
    );
  }
  const alarms = ctx.state.alarms.alarms;
  const unknown = (alarmNames as string[]).filter(n => !alarms.has(n));
  if (unknown.length > 0) {
    throw cloudwatchErrors.validation(
      `MuteTargets.AlarmNames must name existing alarms of this account and region; not found: ${unknown.join(
        ', ',
      )}.`,
    );
  }
  const startDate = input.timestamp('StartDate');
  const expireDate = input.timestamp('ExpireDate');
  if (
    startDate !== undefined &&
    expireDate !== undefined &&
    expireDate <= startDate
  ) {
    throw cloudwatchErrors.validation(
      'The ExpireDate must be later than the StartDate.',
    );
  }
  const store = ctx.state.muteRules;
  store.rules.set(name, {
    name,
    arn: store.arn(name),
    ...(description !== undefined ? { description } : {}),
    rule: {
      Schedule: {
        Expression: expression,
        Duration: duration,
        ...(timezone !== undefined ? { Timezone: timezone } : {}),
      },
    },
    schedule: parsed,
    alarmNames: [...new Set(alarmNames as string[])],
    tags: Array.isArray(body.Tags) ? body.Tags : [],
    startDate,
    expireDate,
    updatedAt: ctx.now,
  });
  return {};
};

function notFound(name: string) {
  return cloudwatchErrors.resourceNotFoundException(
    `The alarm mute rule ${name} does not exist.`,
  );
}

const getAlarmMuteRule: Handler = (body, ctx) => {
  const name = new Input(body, 'cloudwatch').requiredString(
    'AlarmMuteRuleName',
  );
  const rule = ctx.state.muteRules.rules.get(name);
  if (!rule) throw notFound(name);
  return {
    Name: rule.name,
    AlarmMuteRuleArn: rule.arn,
    ...(rule.description !== undefined
      ? { Description: rule.description }
      : {}),
    Rule: rule.rule,
    MuteTargets: { AlarmNames: rule.alarmNames },
    ...(rule.startDate !== undefined
      ? { StartDate: toEpochSeconds(rule.startDate) }
      : {}),
    ...(rule.expireDate !== undefined
      ? { ExpireDate: toEpochSeconds(rule.expireDate) }
      : {}),
    Status: MuteRuleStore.status(rule, ctx.now),
    LastUpdatedTimestamp: toEpochSeconds(rule.updatedAt),
    MuteType: muteType(rule),
  };
};

const listAlarmMuteRules: Handler = (body, ctx) => {
  const input = new Input(body, 'cloudwatch');
  const alarmName = input.string('AlarmName');
  if (alarmName !== undefined && !ctx.state.alarms.alarms.has(alarmName)) {
    throw cloudwatchErrors.resourceNotFoundException(
      `The alarm ${alarmName} does not exist.`,
    );
  }
  const statuses = input.list<string>('Statuses');
  for (const s of statuses ?? []) {
    if (!STATUSES.includes(s as MuteRuleStatus)) {
      throw cloudwatchErrors.validation(
        `1 validation error detected: Value '${s}' at 'statuses' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(
          ', ',
        )}]`,
      );
    }
  }
  const limit = pageSize(body.MaxRecords, {
    max: 100,
    fallback: 50,
    name: 'maxRecords',
    service: 'cloudwatch',
  });
  const after = decodeToken<[string]>(
    'cloudwatch',
    'ListAlarmMuteRules',
    body.NextToken,
  );
  const rows = [...ctx.state.muteRules.rules.values()]
    .filter(
      r =>
        (alarmName === undefined || r.alarmNames.includes(alarmName)) &&
        (!statuses?.length ||
          statuses.includes(MuteRuleStore.status(r, ctx.now))),
    )
    .sort((a, b) => compareStrings(a.name, b.name));
  const { page, next } = pageSorted(
    rows,
    r => [r.name] as [string],
    (a, b) => compareStrings(a[0], b[0]),
    after,
    limit,
  );
  return {
    AlarmMuteRuleSummaries: page.map(r => ({
      AlarmMuteRuleArn: r.arn,
      ...(r.expireDate !== undefined
        ? { ExpireDate: toEpochSeconds(r.expireDate) }
        : {}),
      Status: MuteRuleStore.status(r, ctx.now),
      MuteType: muteType(r),
      LastUpdatedTimestamp: toEpochSeconds(r.updatedAt),
    })),
    ...(next ? { NextToken: encodeToken('ListAlarmMuteRules', next) } : {}),
  };
};

const deleteAlarmMuteRule: Handler = (body, ctx) => {
  const name = new Input(body, 'cloudwatch').requiredString(
    'AlarmMuteRuleName',
  );
  const store = ctx.state.muteRules;
  const rule = store.rules.get(name);
  // Idempotent: deleting a rule that does not exist succeeds.
  if (!rule) return {};
  store.rules.delete(name);
  if (MuteRuleStore.active(rule, ctx.now)) {
    // Alarms muted by this rule are unmuted at once; those in ALARM trigger their actions.
    ctx.state.onUnmuted?.(rule.alarmNames, ctx.now);
  }
  return {};
};

export const muteRuleHandlers: Record<string, Handler> = {
  PutAlarmMuteRule: putAlarmMuteRule,
  GetAlarmMuteRule: getAlarmMuteRule,
  ListAlarmMuteRules: listAlarmMuteRules,
  DeleteAlarmMuteRule: deleteAlarmMuteRule,
};
