import type { ModelSnapshot, ResourceKey } from './types';

/**
 * The AWS resources a model answers for, as lookup keys. SageMaker names are
 * case-insensitive (its ARNs are lower case), CloudWatch alarm names are not.
 */
export function resourcesOf(
  snapshot: Pick<
    ModelSnapshot,
    'target' | 'endpoints' | 'monitoringSchedules' | 'alarms'
  >,
): ResourceKey[] {
  const keys = new Map<string, ResourceKey>();
  const add = (kind: ResourceKey['kind'], key: string | undefined) => {
    if (key) keys.set(`${kind}\u0000${key}`, { kind, key });
  };
  // Annotated endpoints count even when AWS could not be read: the owner is known from the catalog.
  for (const name of snapshot.target?.endpointNames ?? [])
    add('endpoint', name.toLowerCase());
  for (const endpoint of snapshot.endpoints ?? [])
    add('endpoint', endpoint.name.toLowerCase());
  for (const schedule of snapshot.monitoringSchedules ?? []) {
    add('schedule', schedule.name.toLowerCase());
  }
  for (const alarm of snapshot.alarms ?? []) {
    add('alarm', alarm.name);
    add('alarm-arn', alarm.arn);
  }
  return [...keys.values()];
}
