import {
  canonicalMetricName,
  CustomMetricSource,
  DRIFT_SCORE_METRIC,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { SendingClient } from '../aws/clients';
import {
  DATA_METRICS_NAMESPACE,
  detectPercentScores,
  DRIFT_METRIC_PREFIX,
  endpointSchedules,
  matchMetricNames,
  MODEL_METRICS_NAMESPACE,
  publishedMetricNames,
} from './discover';
import { customDriftSource } from './customDrift';
import type {
  AlarmPlanInput,
  CustomDriftInput,
  MetricSource,
  MonitoringScheduleRef,
} from './types';

/** Where the alarms of a model read their metrics, found in AWS. */
export interface Sources {
  quality?: AlarmPlanInput['quality'];
  drift?: AlarmPlanInput['drift'];
  schedules: MonitoringScheduleRef[];
  warnings: string[];
}

/**
 * Finds the metrics of a model: the Model Monitor schedules of its endpoint and
 * what they publish, and the metrics of its custom sources.
 */
export async function discoverSources(
  clients: { cloudwatch: SendingClient; sagemaker?: SendingClient },
  input: {
    endpointName?: string;
    metrics: CustomMetricSource[];
    customMetricUnit?: 'percent' | 'fraction';
    driftFeatures?: string[];
    customDrift?: CustomDriftInput;
    qualityMetrics: string[];
  },
  now: Date,
): Promise<Sources> {
  const warnings: string[] = [];
  const sources: Sources = { schedules: [], warnings };

  if (clients.sagemaker && input.endpointName) {
    sources.schedules = await endpointSchedules(
      clients.sagemaker,
      input.endpointName,
    );
    const modelQuality = sources.schedules.find(s => s.type === 'ModelQuality');
    if (modelQuality && input.metrics.length === 0) {
      const dimensions = [
        { name: 'Endpoint', value: input.endpointName },
        { name: 'MonitoringSchedule', value: modelQuality.name },
      ];
      const published = await publishedMetricNames(
        clients.cloudwatch,
        MODEL_METRICS_NAMESPACE,
        dimensions,
      );
      let names = matchMetricNames(input.qualityMetrics, published);
      if (published.length === 0) {
        // Nothing published yet (a new schedule): Model Monitor uses these snake_case names.
        names = new Map(input.qualityMetrics.map(m => [m, m]));
        warnings.push(
          `${
            modelQuality.name
          } has published no metrics yet; the quality alarms assume Model Monitor's names (${input.qualityMetrics.join(
            ', ',
          )})`,
        );
      }
      sources.quality = {
        source: {
          kind: 'model-monitor',
          namespace: MODEL_METRICS_NAMESPACE,
          dimensions,
        },
        metricNames: names,
      };
    }
    const dataQuality = sources.schedules.find(s => s.type === 'DataQuality');
    if (dataQuality) {
      const dimensions = [
        { name: 'Endpoint', value: input.endpointName },
        { name: 'MonitoringSchedule', value: dataQuality.name },
      ];
      const metricNames = input.driftFeatures?.length
        ? input.driftFeatures.map(f => `${DRIFT_METRIC_PREFIX}${f}`)
        : (
            await publishedMetricNames(
              clients.cloudwatch,
              DATA_METRICS_NAMESPACE,
              dimensions,
            )
          ).filter(n => n.startsWith(DRIFT_METRIC_PREFIX));
      sources.drift = {
        source: {
          kind: 'model-monitor',
          namespace: DATA_METRICS_NAMESPACE,
          dimensions,
        },
        metricNames,
      };
    }
  }

  if (input.customDrift && !sources.drift?.metricNames.length) {
    const found = await customDriftSource(
      clients.cloudwatch,
      input.customDrift,
    );
    warnings.push(...found.warnings);
    sources.drift = found.drift;
  }

  for (const custom of input.metrics) {
    const dimensions = custom.dimensions;
    const published =
      custom.metricNames ??
      (await publishedMetricNames(
        clients.cloudwatch,
        custom.namespace,
        dimensions,
      ));
    if (!sources.quality) {
      const names = matchMetricNames(input.qualityMetrics, published);
      if (names.size > 0) {
        let unit = input.customMetricUnit;
        if (!unit) {
          const percent = await detectPercentScores(
            clients.cloudwatch,
            custom.namespace,
            dimensions,
            [...names.values()],
            now,
          );
          if (percent === undefined) {
            warnings.push(
              `no recent data in ${custom.namespace} to tell whether scores are published in percent or as fractions; assumed fractions (set customMetricUnit to be sure)`,
            );
          }
          unit = percent ? 'percent' : 'fraction';
        }
        sources.quality = {
          source: { kind: 'custom', source: custom, unit },
          metricNames: names,
        };
      }
    }
    if (!sources.drift?.metricNames.length) {
      const drift = published.filter(
        n => canonicalMetricName(n) === DRIFT_SCORE_METRIC,
      );
      if (drift.length > 0) {
        sources.drift = {
          source: { kind: 'custom', source: custom, unit: 'fraction' },
          metricNames: drift,
        };
      }
    }
  }
  return sources;
}

/** A metric of a source, for probing what the CloudWatch endpoint evaluates. */
export function firstMetric(source: MetricSource, metricName: string) {
  return source.kind === 'custom'
    ? {
        namespace: source.source.namespace,
        metricName,
        dimensions: source.source.dimensions,
      }
    : {
        namespace: source.namespace,
        metricName,
        dimensions: source.dimensions,
      };
}
