import type { Scenario } from '../sim/model';
import { demoAlarms } from './demoAlarms';
import { fairnessModels } from './demoFairness';
import { customDriftModels } from './demoCustomDrift';
import { healthyModels } from './demoHealthy';
import { multiRegionModels } from './demoMultiRegion';
import { demoPipelines } from './demoPipelines';
import { storyModels } from './demoStories';

export { DEMO_ACCOUNTS, DEMO_ENDPOINTS } from './demoAccounts';

/**
 * The fleet behind the example catalog (examples/entities.yaml): each model's story (drift,
 * quality drop, failing monitoring, silent schedule, stopped capture, second account, drift from
 * a drift job of the owner's own in both metric shapes, bias and attribution, one model served in
 * two regions) is
 * anchored relative to `anchor`.
 */
export function demoScenario(anchor: number): Scenario {
  return {
    anchor,
    models: [
      ...storyModels(anchor),
      ...healthyModels(anchor),
      ...fairnessModels(anchor),
      ...customDriftModels(anchor),
      ...multiRegionModels(anchor),
    ],
    alarms: demoAlarms(anchor),
    pipelines: demoPipelines(anchor),
  };
}
