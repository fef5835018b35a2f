import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DRIFT_SCORE_METRIC,
  uniqueListedMetrics,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { SendingClient } from '../aws/clients';
import { publishedMetricNames } from './discover';
import type { AlarmPlanInput, CustomDriftInput, DriftSeries } from './types';

/** Values of the feature dimension of the metrics with exactly the model's dimensions plus it. */
async function featureValues(
  cloudwatch: SendingClient,
  drift: CustomDriftInput & { featureDimension: string },
  metricName: string,
): Promise<string[]> {
  const model = new Map(drift.dimensions.map(d => [d.name, d.value]));
  const features = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await cloudwatch.send(
      new ListMetricsCommand({
        Namespace: drift.namespace,
        MetricName: metricName,
        Dimensions: [
          ...drift.dimensions.map(d => ({ Name: d.name, Value: d.value })),
          { Name: drift.featureDimension },
        ],
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const metric of uniqueListedMetrics(page.Metrics ?? [])) {
      const dims = metric.Dimensions ?? [];
      const feature = dims.find(
        (d: { Name?: string }) => d.Name === drift.featureDimension,
      )?.Value;
      const others = dims.filter(
        (d: { Name?: string }) => d.Name !== drift.featureDimension,
      );
      if (
        feature &&
        others.length === model.size &&
        others.every(
          (d: { Name?: string; Value?: string }) =>
            model.get(d.Name ?? '') === d.Value,
        )
      ) {
        features.add(feature);
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return [...features].sort();
}

/**
 * The drift metrics of a drift job of the model's own, one per feature: given features, or
 * those published (ListMetrics), at most maxFeatures of them (the cap is warned about).
 */
export async function customDriftSeries(
  cloudwatch: SendingClient,
  drift: CustomDriftInput,
): Promise<{ series: DriftSeries[]; warnings: string[] }> {
  const warnings: string[] = [];
  let series: DriftSeries[];
  if (drift.featureDimension) {
    const metricName = drift.metricName ?? DRIFT_SCORE_METRIC;
    const features =
      drift.features ??
      (await featureValues(
        cloudwatch,
        { ...drift, featureDimension: drift.featureDimension },
        metricName,
      ));
    series = features.map(feature => ({
      feature,
      namespace: drift.namespace,
      metricName,
      dimensions: [
        ...drift.dimensions,
        { name: drift.featureDimension!, value: feature },
      ],
    }));
  } else {
    const prefix = drift.metricPrefix!;
    const names = drift.features
      ? drift.features.map(f => `${prefix}${f}`)
      : (
          await publishedMetricNames(
            cloudwatch,
            drift.namespace,
            drift.dimensions,
          )
        ).filter(n => n.startsWith(prefix) && n.length > prefix.length);
    series = names.map(metricName => ({
      feature: metricName.slice(prefix.length),
      namespace: drift.namespace,
      metricName,
      dimensions: drift.dimensions,
    }));
  }
  if (series.length > drift.maxFeatures) {
    warnings.push(
      `${series.length} features publish drift scores in ${drift.namespace}; alarms watch the first ${drift.maxFeatures} (by name), raise customDrift.maxFeatures or list customDrift.features to choose`,
    );
    series = series.slice(0, drift.maxFeatures);
  }
  return { series, warnings };
}

/** The drift source of the alarm plan for a drift job of the model's own. */
export async function customDriftSource(
  cloudwatch: SendingClient,
  custom: CustomDriftInput,
): Promise<{
  drift: NonNullable<AlarmPlanInput['drift']>;
  warnings: string[];
}> {
  const found = await customDriftSeries(cloudwatch, custom);
  return {
    warnings: found.warnings,
    drift: {
      source: {
        kind: 'custom',
        source: {
          namespace: custom.namespace,
          dimensions: custom.dimensions,
          periodSeconds: custom.periodSeconds,
        },
        unit: 'fraction',
      },
      metricNames: found.series.map(s => s.metricName),
      series: found.series,
    },
  };
}
