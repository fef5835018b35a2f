import { resolve } from 'node:path';
import type { Config } from '@backstage/config';
import {
  BusinessHours,
  canonicalTimeZone,
  ModelAnnotationDefaults,
  validateBusinessHours,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { readModelAnnotationDefaults } from '@mlobs/backstage-plugin-ml-observability-node';

/** What the actions read from app config, once at startup. */
export interface ActionSettings {
  defaults: ModelAnnotationDefaults;
  timeZone: string;
  businessHours: Partial<BusinessHours>;
  failureMetric: { namespace: string; metricName: string };
  /** Absolute root of mlobs:publish:local, when configured. */
  localPublishRoot?: string;
}

export function readActionSettings(config: Config): ActionSettings {
  const defaults = readModelAnnotationDefaults(config);
  const zone = defaults.timeZone ?? 'UTC';
  const timeZone = canonicalTimeZone(zone);
  if (!timeZone) {
    throw new Error(
      `mlObservability.defaults.timeZone ${JSON.stringify(
        zone,
      )} is not an IANA time zone`,
    );
  }
  const hours = config.getOptionalConfig('mlObservability.businessHours');
  const businessHours: Partial<BusinessHours> = {
    ...(hours?.has('start') ? { start: hours.getString('start') } : {}),
    ...(hours?.has('end') ? { end: hours.getString('end') } : {}),
    ...(hours?.has('days') ? { days: hours.get<number[]>('days') } : {}),
  };
  const problems = validateBusinessHours({ timeZone, ...businessHours });
  if (problems.length > 0) {
    throw new Error(`mlObservability.businessHours: ${problems.join('; ')}`);
  }
  const failure = config.getOptionalConfig(
    'mlObservability.alarms.monitoringFailureMetric',
  );
  const root = config.getOptionalString(
    'mlObservability.localPublish.rootDirectory',
  );
  return {
    defaults,
    timeZone,
    businessHours,
    failureMetric: {
      namespace:
        failure?.getOptionalString('namespace') ?? 'ML/ModelMonitoring',
      metricName:
        failure?.getOptionalString('metricName') ??
        'MonitoringExecutionFailures',
    },
    ...(root !== undefined ? { localPublishRoot: resolve(root) } : {}),
  };
}
