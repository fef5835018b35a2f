/**
 * Whether the report must say that the monitoring schedule list could not be
 * read: the collector then found Model Monitor drift and quality by the
 * endpoints' metrics, and the cards say so next to the schedule of each item.
 */
import type {
  DriftItem,
  QualityItem,
  ScheduleListUnread,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';

export function scheduleListUnread(
  sources: SourceStatuses,
  items: Array<DriftItem | QualityItem>,
): ScheduleListUnread | undefined {
  const status = sources.schedules;
  if (!status || status.outcome === 'ok' || status.outcome === 'pending')
    return undefined;
  const schedules = new Set(
    items
      .filter(i => i.source === 'model-monitor' && i.scheduleName)
      .map(i => i.scheduleName!),
  );
  return {
    message:
      status.message ??
      `the monitoring schedule list could not be read (${status.outcome})`,
    schedules: [...schedules].sort(),
  };
}
