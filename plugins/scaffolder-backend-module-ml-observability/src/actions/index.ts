import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AwsClientFactory } from '../aws/clients';
import { createAlarmsAction } from './createAlarms';
import { createMonitoringScheduleAction } from './createMonitoringSchedule';
import { enableDataCaptureAction } from './enableDataCapture';
import { publishLocalAction } from './publishLocal';
import { registerLocalAction } from './registerLocal';
import type { ActionSettings } from './settings';

/** Every action of the module, built from the same clients and settings. */
export function createMlObservabilityActions(options: {
  clients: AwsClientFactory;
  settings: ActionSettings;
  catalog: CatalogService;
}) {
  return [
    createAlarmsAction(options),
    enableDataCaptureAction(options),
    createMonitoringScheduleAction(options),
    publishLocalAction(options),
    registerLocalAction(options),
  ];
}
