import type { ThresholdKind } from '@mlobs/backstage-plugin-ml-observability-common';

export function thresholdKindText(kind: ThresholdKind): string {
  return kind === 'business-hours' ? 'business hours' : 'off hours';
}
