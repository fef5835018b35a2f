import {
  cloudWatchAlarmUrl,
  computeHealth,
  computeStaleness,
  DRIFT_SCORE_METRIC,
  Escalation,
  escalationPathOf,
  HealthOptions,
  matchSeverityRule,
  MetricObservation,
  ModelReport,
  MonitoringScheduleInfo,
  onCallLinks,
  Ownership,
  Runbook,
  sageMakerEndpointUrl,
  sageMakerMonitoringScheduleUrl,
  severityRulesOf,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { MlObservabilityConfig } from '../config';
import type { ModelRecord, ModelSeries } from '../domain/types';
import { fairnessOf } from './fairness';
import { customItems, driftItems, qualityItems } from './items';
import { scheduleListUnread } from './scheduleList';

export interface ReportInput {
  snapshot: ModelRecord;
  /** Series of the model; points are only needed where the caller wants series in the report. */
  series: ModelSeries[];
  /** Ownership as the caller may see it; without it only the owner ref and on-call links are given. */
  ownership?: Ownership;
}

/** A report plus the stored series behind its quality and custom items, in the same order. */
export interface AssembledReport {
  report: ModelReport;
  qualityKeys: string[];
  customKeys: string[];
}

export function healthOptions(config: MlObservabilityConfig): HealthOptions {
  return {
    collectionIntervalSeconds: config.collectionIntervalSeconds,
    staleFactor: config.staleAfterIntervals,
  };
}

function withScheduleFacts(
  schedules: MonitoringScheduleInfo[],
  publishing: string[] | undefined,
  region: string | undefined,
): MonitoringScheduleInfo[] {
  const known = new Set(publishing ?? []);
  return schedules.map(s => ({
    ...s,
    // Discovery only ever proves that a schedule publishes; absence is the collector's call.
    publishesMetrics:
      s.publishesMetrics === 'unknown' && known.has(s.name)
        ? true
        : s.publishesMetrics,
    ...(s.consoleUrl || !region
      ? {}
      : { consoleUrl: sageMakerMonitoringScheduleUrl(region, s) }),
  }));
}

function escalationOf(
  runbook: Runbook | undefined,
  runbookUrl: string | undefined,
  observations: MetricObservation[],
): Escalation {
  if (!runbook)
    return {
      path: [],
      severityRules: [],
      ...(runbookUrl ? { runbookUrl } : {}),
    };
  const active = matchSeverityRule(runbook, observations);
  return {
    path: escalationPathOf(runbook),
    severityRules: severityRulesOf(runbook),
    ...(active ? { activeSeverity: active.rule.level } : {}),
    ...(runbookUrl ? { runbookUrl } : {}),
  };
}

/**
 * Items of a model served in several accounts or regions say where each comes from: series read
 * outside the model's home carry their place, the rest are the home's.
 */
function placedItems<T extends { accountId?: string; region?: string }>(
  items: Array<{ item: T; seriesKey: string }>,
  snapshot: ReportInput['snapshot'],
): Array<{ item: T; seriesKey: string }> {
  const places = new Set([
    ...(snapshot.target?.endpoints ?? []).map(
      e => `${e.accountId ?? snapshot.accountId ?? ''}/${e.region}`,
    ),
    ...(snapshot.endpoints ?? []).map(
      e => `${e.accountId ?? snapshot.accountId ?? ''}/${e.region}`,
    ),
  ]);
  if (places.size < 2) return items;
  return items.map(({ item, seriesKey }) => ({
    seriesKey,
    item: {
      ...item,
      ...(item.region || !snapshot.region
        ? {}
        : {
            region: snapshot.region,
            ...(snapshot.accountId ? { accountId: snapshot.accountId } : {}),
          }),
    },
  }));
}

/**
 * The report of one model at `now`, from its stored snapshot and series.
 * Pure: thresholds in force, staleness and the verdict all follow `now`.
 */
export function assembleReport(
  input: ReportInput,
  config: MlObservabilityConfig,
  now: Date,
): AssembledReport {
  const { snapshot } = input;
  const runbook = snapshot.runbook?.runbook;
  const region = snapshot.region;
  const timeZone = snapshot.timeZone ?? config.defaults.timeZone;
  const thresholds = {
    timeZone,
    businessHours: config.businessHours,
    ...(config.defaults.qualityThresholds
      ? { defaults: config.defaults.qualityThresholds }
      : {}),
  };

  const drift = placedItems(
    driftItems(input.series, runbook, config.defaults.driftThreshold),
    snapshot,
  );
  const quality = placedItems(
    qualityItems(input.series, runbook, thresholds, now),
    snapshot,
  );
  const custom = customItems(input.series, region);
  const fairness = fairnessOf(input.series, runbook);

  const endpoints = (snapshot.endpoints ?? []).map(e =>
    e.consoleUrl || !region
      ? e
      : { ...e, consoleUrl: sageMakerEndpointUrl(e.region ?? region, e.name) },
  );
  const monitoringSchedules = withScheduleFacts(
    snapshot.monitoringSchedules ?? [],
    snapshot.publishingSchedules,
    region,
  );
  const alarms = (snapshot.alarms ?? []).map(a =>
    a.consoleUrl || !region
      ? a
      : { ...a, consoleUrl: cloudWatchAlarmUrl(region, a.name) },
  );

  const observations: MetricObservation[] = [
    ...quality.map(({ item }) => ({
      metric: item.metric,
      value: item.latest,
      // Already normalized: no second percent conversion.
      unit: 'number' as const,
      ...(item.endpointName ? { subject: item.endpointName } : {}),
      ...(item.latestAt ? { at: item.latestAt } : {}),
    })),
    ...drift.flatMap(({ item }) =>
      item.latest === undefined
        ? []
        : [
            {
              metric: DRIFT_SCORE_METRIC,
              value: item.latest,
              feature: item.feature,
              ...(item.latestAt ? { at: item.latestAt } : {}),
            },
          ],
    ),
  ];

  const parts = {
    endpoints,
    monitoringSchedules,
    drift: drift.map(d => d.item),
    ...(snapshot.driftCoverage?.length
      ? { driftCoverage: snapshot.driftCoverage }
      : {}),
    quality: quality.map(q => q.item),
    alarms,
    custom: custom.map(c => c.item),
    ...(fairness ? { fairness } : {}),
    sources: snapshot.sources,
    collectedAt: snapshot.collectedAt ?? null,
  };
  const options = healthOptions(config);
  const ownership: Ownership = input.ownership ?? {
    ...(snapshot.owner ? { owner: { entityRef: snapshot.owner } } : {}),
    members: [],
    onCall: onCallLinks(snapshot.target?.onCall ?? [], config.onCallUrls),
  };

  const report: ModelReport = {
    entityRef: snapshot.entityRef,
    ...(snapshot.title ? { title: snapshot.title } : {}),
    ...(snapshot.accountId ? { accountId: snapshot.accountId } : {}),
    ...(region ? { region } : {}),
    timeZone,
    health: computeHealth(parts, now, options),
    ...parts,
    ownership,
    escalation: escalationOf(runbook, snapshot.runbook?.url, observations),
    stale: computeStaleness(parts, now, options),
  };
  const unread = scheduleListUnread(snapshot.sources, [
    ...parts.drift,
    ...parts.quality,
  ]);
  if (unread) report.scheduleListUnread = unread;
  return {
    report,
    qualityKeys: quality.map(q => q.seriesKey),
    customKeys: custom.map(c => c.seriesKey),
  };
}

export function buildReport(
  input: ReportInput,
  config: MlObservabilityConfig,
  now: Date,
): ModelReport {
  return assembleReport(input, config, now).report;
}
