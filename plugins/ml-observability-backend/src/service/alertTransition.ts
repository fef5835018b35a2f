import type { AlertTransition } from '@mlobs/backstage-plugin-ml-observability-common';
import type { AlarmTransition } from '../alerts/types';

/** A stored transition as the API serves it (no store ids, no empty members). */
export function alertTransitionOf(
  transition: AlarmTransition,
): AlertTransition {
  const { alarmArn, alarmName, previousState, state, reason, at, origin } =
    transition;
  return {
    alarmArn,
    alarmName,
    ...(previousState ? { previousState } : {}),
    state,
    ...(reason ? { reason } : {}),
    at,
    origin,
  };
}
