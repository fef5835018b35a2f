import { metricInfo, MetricUnit, normalizeMetricValue } from './metrics';
import type { Runbook } from './runbook';
import {
  isThresholdBreached,
  qualityThresholdInForce,
  ThresholdContext,
} from './thresholds';
import type { QualityItem } from './types';

/**
 * The judged part of a {@link QualityItem}: everything but provenance and series.
 * @public
 */
export type QualityVerdict = Pick<
  QualityItem,
  | 'metric'
  | 'label'
  | 'latest'
  | 'threshold'
  | 'otherThreshold'
  | 'direction'
  | 'display'
  | 'breached'
>;

/**
 * Judges the latest value of a quality metric against the threshold in force
 * at `date`, so the backend's `breached` flags and the health verdict agree on
 * scale, direction and threshold. `latest` comes back normalized.
 * @public
 */
export function evaluateQuality(
  observation: { metric: string; value: number; unit?: MetricUnit },
  runbook: Runbook | undefined,
  context: ThresholdContext,
  date: Date,
): QualityVerdict {
  const info = metricInfo(observation.metric);
  const latest = normalizeMetricValue(
    info.name,
    observation.value,
    observation.unit,
  );
  const inForce = qualityThresholdInForce(runbook, context, date, info.name);
  return {
    metric: info.name,
    label: info.label,
    latest,
    ...(inForce
      ? {
          threshold: {
            value: inForce.value,
            kind: inForce.kind,
            timeZone: inForce.timeZone,
          },
          otherThreshold: inForce.other,
        }
      : {}),
    direction: info.direction,
    display: info.display,
    breached:
      inForce !== undefined &&
      Number.isFinite(latest) &&
      isThresholdBreached(latest, inForce.value, info.direction),
  };
}
