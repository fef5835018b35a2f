import type { Handler, RequestContext } from '../server/context';
import { cloudwatchErrors } from '../server/errors';
import {
  compareStrings,
  compareTuples,
  decodeToken,
  encodeToken,
  pageSize,
  pageSorted,
} from '../util/pagination';
import { toEpochSeconds } from '../util/time';
import { describeAlarmHistory } from './alarmHistory';
import { AlarmState, alarmNameOf, ruleAlarms } from './alarmRule';
import type { AlarmRecord } from './alarmStore';

const STATES: AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const ALARM_TYPES = ['CompositeAlarm', 'MetricAlarm', 'LogAlarm'];

function stateFields(a: AlarmRecord) {
  return {
    StateValue: a.state,
    StateReason: a.reason,
    ...(a.reasonData ? { StateReasonData: a.reasonData } : {}),
    StateUpdatedTimestamp: toEpochSeconds(a.stateUpdatedAt),
    StateTransitionedTimestamp: toEpochSeconds(a.transitionedAt),
  };
}

function describeMetricAlarm(a: AlarmRecord) {
  const i = a.input as Record<string, any>;
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    ...(i.AlarmDescription !== undefined
      ? { AlarmDescription: i.AlarmDescription }
      : {}),
    AlarmConfigurationUpdatedTimestamp: toEpochSeconds(a.configUpdatedAt),
    ActionsEnabled: i.ActionsEnabled ?? true,
    OKActions: i.OKActions ?? [],
    AlarmActions: i.AlarmActions ?? [],
    InsufficientDataActions: i.InsufficientDataActions ?? [],
    ...stateFields(a),
    ...(i.MetricName !== undefined
      ? {
          MetricName: i.MetricName,
          Namespace: i.Namespace,
          ...(i.Statistic !== undefined ? { Statistic: i.Statistic } : {}),
          ...(i.ExtendedStatistic !== undefined
            ? { ExtendedStatistic: i.ExtendedStatistic }
            : {}),
          Dimensions: i.Dimensions ?? [],
          Period: i.Period,
          ...(i.Unit !== undefined ? { Unit: i.Unit } : {}),
        }
      : { Metrics: i.Metrics }),
    EvaluationPeriods: i.EvaluationPeriods,
    DatapointsToAlarm: i.DatapointsToAlarm ?? i.EvaluationPeriods,
    ...(i.ThresholdMetricId !== undefined
      ? { ThresholdMetricId: i.ThresholdMetricId }
      : { Threshold: i.Threshold }),
    ComparisonOperator: i.ComparisonOperator,
    TreatMissingData: i.TreatMissingData ?? 'missing',
  };
}

function describeCompositeAlarm(a: AlarmRecord) {
  const i = a.input as Record<string, any>;
  return {
    ActionsEnabled: i.ActionsEnabled ?? true,
    AlarmActions: i.AlarmActions ?? [],
    AlarmArn: a.arn,
    AlarmConfigurationUpdatedTimestamp: toEpochSeconds(a.configUpdatedAt),
    ...(i.AlarmDescription !== undefined
      ? { AlarmDescription: i.AlarmDescription }
      : {}),
    AlarmName: a.name,
    AlarmRule: i.AlarmRule,
    InsufficientDataActions: i.InsufficientDataActions ?? [],
    OKActions: i.OKActions ?? [],
    ...stateFields(a),
  };
}

function candidates(
  body: Record<string, any>,
  ctx: RequestContext,
): AlarmRecord[] {
  const store = ctx.state.alarms;
  const children = body.ChildrenOfAlarmName;
  const parents = body.ParentsOfAlarmName;
  if (children !== undefined || parents !== undefined) {
    const others = [
      'AlarmNames',
      'AlarmNamePrefix',
      'AlarmTypes',
      'StateValue',
      'ActionPrefix',
    ];
    if (
      (children !== undefined && parents !== undefined) ||
      others.some(k => body[k] !== undefined)
    ) {
      throw cloudwatchErrors.invalidCombination(
        'ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with other filters.',
      );
    }
    if (children !== undefined) {
      const parent = store.alarms.get(String(children));
      if (!parent?.rule) return [];
      return [...ruleAlarms(parent.rule)]
        .map(n => store.alarms.get(n))
        .filter((a): a is AlarmRecord => !!a);
    }
    return [...store.alarms.values()].filter(
      a => a.rule && ruleAlarms(a.rule).has(String(parents)),
    );
  }
  if (body.AlarmNames !== undefined && body.AlarmNamePrefix !== undefined) {
    throw cloudwatchErrors.invalidCombination(
      'AlarmNames and AlarmNamePrefix cannot be used together.',
    );
  }
  const types: string[] = body.AlarmTypes ?? ['MetricAlarm'];
  if (!Array.isArray(types) || types.some(t => !ALARM_TYPES.includes(t))) {
    throw cloudwatchErrors.invalidParameter(
      'AlarmTypes may contain CompositeAlarm, MetricAlarm and LogAlarm.',
    );
  }
  let list: AlarmRecord[];
  if (body.AlarmNames !== undefined) {
    if (!Array.isArray(body.AlarmNames) || body.AlarmNames.length > 100) {
      throw cloudwatchErrors.validation(
        'AlarmNames must hold at most 100 names.',
      );
    }
    list = body.AlarmNames.map((n: string) => store.alarms.get(n)).filter(
      (a: unknown): a is AlarmRecord => !!a,
    );
  } else {
    const prefix =
      typeof body.AlarmNamePrefix === 'string' ? body.AlarmNamePrefix : '';
    list = [...store.alarms.values()].filter(a => a.name.startsWith(prefix));
  }
  const actionPrefix = body.ActionPrefix;
  return list.filter(
    a =>
      types.includes(a.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm') &&
      (typeof actionPrefix !== 'string' ||
        ((a.input.AlarmActions as string[] | undefined) ?? []).some(x =>
          x.startsWith(actionPrefix),
        )),
  );
}

const describeAlarms: Handler = (body, ctx) => {
  const limit = pageSize(body.MaxRecords, {
    max: 100,
    fallback: 50,
    name: 'maxRecords',
    service: 'cloudwatch',
  });
  const state = body.StateValue;
  if (state !== undefined && !STATES.includes(state as AlarmState)) {
    throw cloudwatchErrors.invalidParameter(
      `Invalid StateValue ${String(state)}.`,
    );
  }
  const after = decodeToken<[string]>(
    'cloudwatch',
    'DescribeAlarms',
    body.NextToken,
  );
  let list = candidates(body as Record<string, any>, ctx);
  // States are evaluated lazily: all candidates when filtering by state, else just the page.
  if (state !== undefined) {
    for (const a of list) ctx.state.alarms.refresh(a, ctx.now);
    list = list.filter(a => a.state === state);
  }
  list.sort((a, b) => compareStrings(a.name, b.name));
  const { page, next } = pageSorted(
    list,
    a => [a.name],
    compareTuples,
    after,
    limit,
  );
  if (state === undefined)
    for (const a of page) ctx.state.alarms.refresh(a, ctx.now);
  return {
    MetricAlarms: page
      .filter(a => a.kind === 'metric')
      .map(describeMetricAlarm),
    CompositeAlarms: page
      .filter(a => a.kind === 'composite')
      .map(describeCompositeAlarm),
    ...(next ? { NextToken: encodeToken('DescribeAlarms', next) } : {}),
  };
};

const putMetricAlarm: Handler = (body, ctx) => {
  ctx.state.alarms.putMetricAlarm(body, ctx.now);
  return {};
};

const putCompositeAlarm: Handler = (body, ctx) => {
  ctx.state.alarms.putCompositeAlarm(body, ctx.now);
  return {};
};

const deleteAlarms: Handler = (body, ctx) => {
  const names = body.AlarmNames;
  if (!Array.isArray(names) || names.length === 0) {
    throw cloudwatchErrors.missingParameter(
      'The parameter AlarmNames is required.',
    );
  }
  if (names.length > 100)
    throw cloudwatchErrors.validation(
      'AlarmNames must hold at most 100 names.',
    );
  const missing = ctx.state.alarms.delete(
    names.map(n => alarmNameOf(String(n))),
  );
  if (missing.length > 0) {
    throw cloudwatchErrors.notFound(`Alarms not found: ${missing.join(', ')}`);
  }
  return {};
};

const setAlarmState: Handler = (body, ctx) => {
  const name = body.AlarmName;
  if (typeof name !== 'string' || name === '') {
    throw cloudwatchErrors.missingParameter(
      'The parameter AlarmName is required.',
    );
  }
  const value = body.StateValue as AlarmState;
  if (!STATES.includes(value))
    throw cloudwatchErrors.invalidParameter(
      `Invalid StateValue ${String(value)}.`,
    );
  const reason = body.StateReason;
  if (typeof reason !== 'string')
    throw cloudwatchErrors.missingParameter(
      'The parameter StateReason is required.',
    );
  if (reason.length > 1023)
    throw cloudwatchErrors.validation(
      'StateReason must be at most 1023 characters.',
    );
  const data = body.StateReasonData;
  if (data !== undefined) {
    try {
      JSON.parse(String(data));
    } catch {
      throw cloudwatchErrors.invalidFormat(
        'StateReasonData is not valid JSON.',
      );
    }
  }
  ctx.state.alarms.setState(
    name,
    value,
    reason,
    data as string | undefined,
    ctx.now,
  );
  return {};
};

export const alarmHandlers: Record<string, Handler> = {
  DescribeAlarms: describeAlarms,
  PutMetricAlarm: putMetricAlarm,
  PutCompositeAlarm: putCompositeAlarm,
  DeleteAlarms: deleteAlarms,
  SetAlarmState: setAlarmState,
  DescribeAlarmHistory: describeAlarmHistory,
};
