import type { FleetRow, HealthReason, ModelReport } from './types';

/**
 * Reasons that count towards a model's place in the fleet: `info` ones are
 * context, not problems.
 * @public
 */
export function countedReasons(reasons: HealthReason[]): HealthReason[] {
  return reasons.filter(r => r.severity !== 'info');
}

/**
 * The fleet row of a model report. The sparkline follows the first quality
 * metric of the report (the runbook's first listed metric), else the first
 * custom metric.
 * @public
 */
export function fleetRowOf(
  report: ModelReport,
  entity: { title?: string; owner?: string; lifecycle?: string } = {},
): FleetRow {
  const counted = countedReasons(report.health.reasons);
  const primary = report.quality[0];
  const custom = report.custom[0];
  let sparkline: FleetRow['sparkline'];
  if (primary) {
    sparkline = {
      metric: primary.metric,
      display: primary.display,
      points: primary.series,
    };
  } else if (custom) {
    sparkline = {
      metric: custom.metricName,
      display: 'number',
      points: custom.series,
    };
  }
  const title = entity.title ?? report.title;
  return {
    entityRef: report.entityRef,
    ...(title !== undefined ? { title } : {}),
    ...(entity.owner !== undefined ? { owner: entity.owner } : {}),
    ...(entity.lifecycle !== undefined ? { lifecycle: entity.lifecycle } : {}),
    ...(report.accountId !== undefined ? { accountId: report.accountId } : {}),
    ...(report.region !== undefined ? { region: report.region } : {}),
    status: report.health.status,
    ...(report.health.partial ? { partial: true } : {}),
    ...(report.health.failedSources?.length
      ? { failedSources: report.health.failedSources }
      : {}),
    reasonCount: counted.length,
    ...(counted[0] ? { topReason: counted[0].message } : {}),
    ...(sparkline ? { sparkline } : {}),
    collectedAt: report.collectedAt,
  };
}
