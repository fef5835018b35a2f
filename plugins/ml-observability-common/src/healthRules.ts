/**
 * The individual checks behind the health verdict. Each turns one part of a
 * report into reasons; health.ts combines them.
 */
import {
  formatBiasThreshold,
  formatClarifyValue,
  formatDimensions,
} from './fairness';
import { clip, formatDuration, formatInstant } from './format';
import { formatMetricValue } from './metrics';
import { scheduleIntervalSeconds } from './schedule';
import { isExtensionSource, sourceName } from './sources';
import type {
  AlarmInfo,
  BiasItem,
  DriftItem,
  EndpointInfo,
  HealthReason,
  MonitoringScheduleInfo,
  MonitoringType,
  QualityItem,
  ExtensionSourceId,
  SourceId,
  SourceStatus,
  SourceStatuses,
} from './types';

const FAILED_ENDPOINT_STATES = new Set([
  'Failed',
  'OutOfService',
  'UpdateRollbackFailed',
]);

const MONITOR_RESULTS: Record<MonitoringType, string> = {
  DataQuality: 'drift',
  ModelQuality: 'quality',
  ModelBias: 'bias',
  ModelExplainability: 'feature attribution',
};

// The sentences below start with a source's name; the singular ones need singular verbs.
const SINGULAR_SOURCES: ReadonlySet<SourceId> = new Set(['runbook', 'catalog']);

function sourceLabel(id: SourceId | ExtensionSourceId): string {
  const name = sourceName(id);
  if (SINGULAR_SOURCES.has(id as SourceId)) return `The ${name}`;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

const since = (iso: string | undefined) =>
  iso ? ` since ${formatInstant(iso)}` : '';
const because = (text: string | undefined) => (text ? `: ${clip(text)}` : '');

export function alarmReasons(alarms: AlarmInfo[]): HealthReason[] {
  return alarms
    .filter(a => a.state === 'ALARM')
    .map(a => ({
      severity: 'critical' as const,
      source: 'alarm' as const,
      subject: a.name,
      ...(a.since ? { since: a.since } : {}),
      message: `${a.type === 'composite' ? 'Composite alarm' : 'Alarm'} ${
        a.name
      } is in ALARM${since(a.since)}${because(a.stateReason)}`,
    }));
}

export function endpointReasons(
  endpoints: EndpointInfo[],
  schedules: MonitoringScheduleInfo[],
): HealthReason[] {
  const reasons: HealthReason[] = [];
  for (const e of endpoints) {
    if (FAILED_ENDPOINT_STATES.has(e.status)) {
      reasons.push({
        severity: 'critical',
        source: 'endpoint',
        subject: e.name,
        message: `Endpoint ${e.name} is ${
          e.status
        } and cannot serve predictions${because(e.failureReason)}`,
      });
    }
    const monitors = schedules.filter(
      s => s.endpointName === e.name && s.status !== 'Stopped',
    );
    if (e.dataCapture.enabled && e.dataCapture.status === 'Stopped') {
      reasons.push({
        severity: 'warning',
        source: 'data-capture',
        subject: e.name,
        message: `Data capture is stopped on endpoint ${e.name}, so Model Monitor gets no new traffic to check`,
      });
    } else if (!e.dataCapture.enabled && monitors.length > 0) {
      reasons.push({
        severity: 'warning',
        source: 'data-capture',
        subject: e.name,
        message: `Data capture is off on endpoint ${
          e.name
        }, but monitoring schedule ${monitors
          .map(s => s.name)
          .join(', ')} needs captured traffic`,
      });
    }
  }
  return reasons;
}

export function scheduleReasons(
  schedules: MonitoringScheduleInfo[],
  now: Date,
  staleFactor: number,
): HealthReason[] {
  const reasons: HealthReason[] = [];
  for (const s of schedules) {
    const what = MONITOR_RESULTS[s.type] ?? 'monitoring';
    const base = { source: 'monitoring-schedule' as const, subject: s.name };
    if (s.status === 'Failed') {
      reasons.push({
        ...base,
        severity: 'warning',
        message: `Monitoring schedule ${s.name} is in a failed state${because(
          s.failureReason,
        )}`,
      });
    } else if (s.status === 'Stopped') {
      reasons.push({
        ...base,
        severity: 'warning',
        message: `Monitoring schedule ${s.name} is stopped, so no new ${what} checks run`,
      });
    }
    if (s.publishesMetrics === false) {
      reasons.push({
        ...base,
        severity: 'warning',
        message: `Monitoring schedule ${s.name} publishes no CloudWatch metrics, so we cannot see its ${what} results`,
      });
    }
    const last = s.lastExecution;
    if (last?.status === 'CompletedWithViolations') {
      const count =
        last.violations !== undefined
          ? `${last.violations} violation${last.violations === 1 ? '' : 's'}`
          : 'violations';
      reasons.push({
        severity: 'warning',
        source: 'monitoring-execution',
        subject: s.name,
        since: last.scheduledTime,
        message: `The last run of monitoring schedule ${
          s.name
        } (${formatInstant(
          last.scheduledTime,
        )}) found ${count} of its ${what} constraints`,
      });
    } else if (last?.status === 'Failed') {
      // Warning, not critical: a failed run says monitoring is blind, not
      // that predictions are bad.
      reasons.push({
        severity: 'warning',
        source: 'monitoring-execution',
        subject: s.name,
        since: last.scheduledTime,
        message: `The last run of monitoring schedule ${
          s.name
        } (${formatInstant(last.scheduledTime)}) failed${because(
          last.failureReason,
        )}`,
      });
    }
    const interval = s.cron ? scheduleIntervalSeconds(s.cron) : undefined;
    const lastAt = last ? Date.parse(last.scheduledTime) : NaN;
    if (s.status === 'Scheduled' && interval && !Number.isNaN(lastAt)) {
      const age = (now.getTime() - lastAt) / 1000;
      if (age > staleFactor * interval) {
        reasons.push({
          ...base,
          severity: 'warning',
          since: last!.scheduledTime,
          message: `Monitoring schedule ${
            s.name
          } has not run for ${formatDuration(
            age,
          )}; it should run every ${formatDuration(interval)}`,
        });
      }
    }
  }
  return reasons;
}

export function qualityReasons(quality: QualityItem[]): HealthReason[] {
  return quality
    .filter(q => q.breached && q.threshold)
    .map(q => {
      const side = q.direction === 'higher-is-better' ? 'below' : 'above';
      const t = q.threshold!;
      const where = q.endpointName
        ? ` on endpoint ${q.endpointName}${q.region ? ` in ${q.region}` : ''}`
        : '';
      return {
        severity: 'critical' as const,
        source: 'quality' as const,
        subject: q.metric,
        message: `${q.label} ${formatMetricValue(
          q.metric,
          q.latest,
        )}${where} is ${side} its ${t.kind} threshold ${formatMetricValue(
          q.metric,
          t.value,
        )} (${t.timeZone})`,
      };
    });
}

export function driftReasons(drift: DriftItem[]): HealthReason[] {
  return drift
    .flatMap(d =>
      d.breached && d.latest !== undefined ? [{ ...d, latest: d.latest }] : [],
    )
    .sort((a, b) => b.latest - b.threshold - (a.latest - a.threshold))
    .map(d => ({
      severity: 'warning' as const,
      source: 'drift' as const,
      subject: d.feature,
      ...(d.since ? { since: d.since } : {}),
      // A model served in several regions has each feature once per endpoint: say which.
      message: `Feature ${d.feature} drift ${formatMetricValue(
        'drift_score',
        d.latest,
      )}${
        d.region && d.endpointName
          ? ` on endpoint ${d.endpointName} in ${d.region}`
          : ''
      } is above its threshold ${formatMetricValue(
        'drift_score',
        d.threshold,
      )}`,
    }));
}

/** Warning, like drift: a bias metric outside the runbook's bounds says the model treats a group differently. */
export function biasReasons(bias: BiasItem[]): HealthReason[] {
  return bias
    .filter(b => b.breached && b.threshold)
    .map(b => {
      const facet = formatDimensions(b.dimensions);
      const where = b.endpointName ? ` on endpoint ${b.endpointName}` : '';
      return {
        severity: 'warning' as const,
        source: 'bias' as const,
        subject: b.metric,
        message: `Bias metric ${b.metric} ${formatClarifyValue(b.latest)}${
          facet ? ` (${facet})` : ''
        }${where} is outside its bounds ${formatBiasThreshold(b.threshold!)}`,
      };
    });
}

export function sourceReasons(
  sources: SourceStatuses,
  now: Date,
  freshSeconds: number,
): HealthReason[] {
  const reasons: HealthReason[] = [];
  for (const [id, status] of Object.entries(sources) as Array<
    [SourceId | ExtensionSourceId, SourceStatus | undefined]
  >) {
    if (!status || status.outcome === 'ok') continue;
    const label = sourceLabel(id);
    const [are, were, have] =
      isExtensionSource(id) || SINGULAR_SOURCES.has(id as SourceId)
        ? ['is', 'was', 'has']
        : ['are', 'were', 'have'];
    const detail = because(status.message);
    const base = { source: 'source' as const, subject: id };
    switch (status.outcome) {
      case 'not-found':
        reasons.push({
          ...base,
          severity: 'warning',
          message: `${label} named by this model ${were} not found${detail}`,
        });
        break;
      case 'unsupported':
        reasons.push({
          ...base,
          severity: 'info',
          message: `${label} ${are} not available for this model${detail}`,
        });
        break;
      case 'pending':
        reasons.push({
          ...base,
          severity: 'info',
          message: `${label} ${have} not been collected yet`,
        });
        break;
      default: {
        const lastGood = status.lastSuccessAt
          ? Date.parse(status.lastSuccessAt)
          : NaN;
        const age = (now.getTime() - lastGood) / 1000;
        const fresh = !Number.isNaN(lastGood) && age <= freshSeconds;
        reasons.push({
          ...base,
          severity: fresh ? 'info' : 'unknown',
          message: fresh
            ? `${label} could not be refreshed (${
                status.outcome
              }); showing data from ${formatDuration(age)} ago`
            : `${label} could not be read (${status.outcome})${detail}${
                Number.isNaN(lastGood)
                  ? ''
                  : `; last good data is ${formatDuration(age)} old`
              }`,
        });
      }
    }
  }
  return reasons;
}
