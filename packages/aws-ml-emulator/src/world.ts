import { AlarmChangeListener, AlarmStore } from './cloudwatch/alarmStore';
import { MetricStore } from './cloudwatch/metricStore';
import { MuteRuleStore } from './cloudwatch/muteRules';
import { SageMakerStore } from './sagemaker/store';
import type { ModelSim, SimulatedSchedule } from './sim/modelSim';

export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

export type UnmuteListener = (alarmNames: string[], at: number) => void;

/** Every resource of one account in one region; nothing is shared across regions. */
export class RegionState {
  readonly models: ModelSim[] = [];
  readonly sagemaker: SageMakerStore;
  readonly metrics: MetricStore;
  readonly alarms: AlarmStore;
  readonly muteRules: MuteRuleStore;
  private readonly modelsByName = new Map<string, ModelSim>();

  constructor(
    readonly account: string,
    readonly region: string,
    /** Simulated now; simulated series never publish beyond it. */
    readonly clock: () => number = Date.now,
    onAlarmChange?: AlarmChangeListener,
    /** Told when a mute rule stops muting these alarms before its window ends (it was deleted). */
    readonly onUnmuted?: UnmuteListener,
  ) {
    this.sagemaker = new SageMakerStore(account, region);
    this.muteRules = new MuteRuleStore(account, region);
    this.metrics = new MetricStore(this);
    this.alarms = new AlarmStore(this, onAlarmChange);
  }

  addModel(model: ModelSim): void {
    this.models.push(model);
    this.modelsByName.set(model.name, model);
    this.sagemaker.seed(model);
  }

  modelByName(name: string): ModelSim | undefined {
    return this.modelsByName.get(name);
  }

  modelByEndpoint(name: string): ModelSim | undefined {
    return this.sagemaker.modelOfEndpoint(name);
  }

  scheduleSim(
    name: string,
  ): { model: ModelSim; schedule: SimulatedSchedule } | undefined {
    return this.sagemaker.schedules.get(name)?.sim;
  }
}

export class World {
  private readonly regions = new Map<string, RegionState>();

  constructor(
    private readonly clock: () => number = Date.now,
    /** Told of every alarm state change in every account and region. */
    private readonly onAlarmChange?: AlarmChangeListener,
    private readonly onUnmuted?: (
      account: string,
      region: string,
      alarmNames: string[],
      at: number,
    ) => void,
  ) {}

  get(account: string, region: string): RegionState {
    const key = `${account}/${region}`;
    let state = this.regions.get(key);
    if (!state) {
      const onUnmuted = this.onUnmuted;
      state = new RegionState(
        account,
        region,
        this.clock,
        this.onAlarmChange,
        onUnmuted && ((names, at) => onUnmuted(account, region, names, at)),
      );
      this.regions.set(key, state);
    }
    return state;
  }

  all(): RegionState[] {
    return [...this.regions.values()];
  }
}
