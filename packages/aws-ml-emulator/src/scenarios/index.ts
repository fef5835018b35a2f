import type { Scenario } from '../sim/model';
import { demoScenario } from './demo';
import { scaleScenario } from './scale';

export type ScenarioName = 'demo' | 'scale' | 'empty';

export const SCENARIOS: ScenarioName[] = ['demo', 'scale', 'empty'];

export function buildScenario(
  name: ScenarioName,
  options: {
    seed: string;
    anchor: number;
    models?: number;
    features?: number;
    schedules?: number;
  },
): Scenario {
  switch (name) {
    case 'demo':
      return demoScenario(options.anchor);
    case 'scale':
      return scaleScenario(options.anchor, options.seed, {
        models: options.models ?? 100,
        features: options.features ?? 8,
        schedules: options.schedules ?? 2,
      });
    case 'empty':
      return { anchor: options.anchor, models: [], alarms: [] };
    default:
      throw new Error(
        `Unknown scenario ${String(name)}; use one of ${SCENARIOS.join(', ')}.`,
      );
  }
}
