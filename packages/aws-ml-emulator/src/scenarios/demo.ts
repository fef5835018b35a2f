import type { Scenario } from '../sim/model';
import { demoAlarms } from './demoAlarms';
import { healthyModels } from './demoHealthy';
import { multiRegionModels } from './demoMultiRegion';
import { storyModels } from './demoStories';

export { DEMO_ACCOUNTS, DEMO_ENDPOINTS } from './demoAccounts';

/**
 * The fleet behind the example catalog (examples/entities.yaml): each model's story (drift,
 * quality drop, failing monitoring, silent schedule, stopped capture, second account, one model
 * served in two regions) is
 * anchored relative to `anchor`.
 */
export function demoScenario(anchor: number): Scenario {
  return {
    anchor,
    models: [
      ...storyModels(anchor),
      ...healthyModels(anchor),
      ...multiRegionModels(anchor),
    ],
    alarms: demoAlarms(anchor),
  };
}
