import {
  DescribeAlarmsCommand,
  MetricAlarm,
  MetricDataQuery,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import type { SendingClient } from '../aws/clients';
import type { AlarmInput, PlannedAlarm } from './plan';

export type AlarmStatus =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'would-create'
  | 'would-update';

export interface AlarmOutcome {
  name: string;
  kind: PlannedAlarm['kind'];
  status: AlarmStatus;
}

type Dimensions = Array<{ Name?: string; Value?: string }> | undefined;

function sortedDimensions(dimensions: Dimensions) {
  return [...(dimensions ?? [])]
    .map(d => ({ Name: d.Name, Value: d.Value }))
    .sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
}

function query(q: MetricDataQuery) {
  return {
    Id: q.Id,
    Expression: q.Expression,
    Label: q.Label,
    ReturnData: q.ReturnData ?? true,
    MetricStat: q.MetricStat
      ? {
          Namespace: q.MetricStat.Metric?.Namespace,
          MetricName: q.MetricStat.Metric?.MetricName,
          Dimensions: sortedDimensions(q.MetricStat.Metric?.Dimensions),
          Period: q.MetricStat.Period,
          Stat: q.MetricStat.Stat,
        }
      : undefined,
  };
}

/** The parts of an alarm this action sets, in a comparable shape. */
function comparable(alarm: AlarmInput | MetricAlarm) {
  const metrics = alarm.Metrics?.length ? alarm.Metrics : undefined;
  return JSON.stringify({
    AlarmDescription: alarm.AlarmDescription ?? '',
    ActionsEnabled: alarm.ActionsEnabled ?? true,
    AlarmActions: [...(alarm.AlarmActions ?? [])].sort(),
    OKActions: [...(alarm.OKActions ?? [])].sort(),
    InsufficientDataActions: [...(alarm.InsufficientDataActions ?? [])].sort(),
    Namespace: metrics ? undefined : alarm.Namespace,
    MetricName: metrics ? undefined : alarm.MetricName,
    Dimensions: metrics ? undefined : sortedDimensions(alarm.Dimensions),
    Statistic: metrics ? undefined : alarm.Statistic,
    Period: metrics ? undefined : alarm.Period,
    Metrics: metrics?.map(query),
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods,
    Threshold: alarm.Threshold,
    ThresholdMetricId: alarm.ThresholdMetricId,
    ComparisonOperator: alarm.ComparisonOperator,
    TreatMissingData: alarm.TreatMissingData ?? 'missing',
  });
}

/**
 * Creates the planned alarms that are missing and updates the ones that
 * differ; equal ones are left alone, so a second run changes nothing. In a
 * dry run only DescribeAlarms is called.
 */
export async function applyAlarms(
  cloudwatch: SendingClient,
  planned: PlannedAlarm[],
  options: { dryRun: boolean; tags: Array<{ Key: string; Value: string }> },
): Promise<AlarmOutcome[]> {
  const existing = new Map<string, MetricAlarm>();
  const composite = new Set<string>();
  const names = planned.map(p => p.input.AlarmName);
  for (let i = 0; i < names.length; i += 100) {
    const response = await cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmNames: names.slice(i, i + 100),
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
      }),
    );
    for (const alarm of response.MetricAlarms ?? []) {
      if (alarm.AlarmName) existing.set(alarm.AlarmName, alarm);
    }
    for (const alarm of response.CompositeAlarms ?? []) {
      if (alarm.AlarmName) composite.add(alarm.AlarmName);
    }
  }

  const outcomes: AlarmOutcome[] = [];
  for (const alarm of planned) {
    const name = alarm.input.AlarmName;
    if (composite.has(name)) {
      throw new Error(
        `A composite alarm named ${name} already exists; rename it or choose another alarmNamePrefix`,
      );
    }
    const current = existing.get(name);
    if (current && comparable(current) === comparable(alarm.input)) {
      outcomes.push({ name, kind: alarm.kind, status: 'unchanged' });
      continue;
    }
    if (options.dryRun) {
      outcomes.push({
        name,
        kind: alarm.kind,
        status: current ? 'would-update' : 'would-create',
      });
      continue;
    }
    // Tags only apply when an alarm is created; CloudWatch ignores them on updates.
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        ...alarm.input,
        ...(current ? {} : { Tags: options.tags }),
      }),
    );
    outcomes.push({
      name,
      kind: alarm.kind,
      status: current ? 'updated' : 'created',
    });
  }
  return outcomes;
}
