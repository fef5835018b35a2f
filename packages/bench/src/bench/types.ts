import type { CallCounts } from '../lib/emulatorStats';
import type { MemoryPeak } from '../lib/memory';
import type { StatementCounts } from '../lib/statements';
import type { ReplayResult } from './awsReplay';
import type { BaselineRun } from './baselineWorker';
import type { Conditions } from './emulatorFaults';
import type { FloorRound } from './floor';
import type { RefreshMeasurement } from './refresh';
import type { ScheduleFailureMeasurement } from './scheduleFailure';
import type { ServingLatency } from './serving';

/** One fleet refresh of ours, counted by the emulator, with the floor of that moment. */
export interface MeasuredRound {
  /** `plugin`: the plugin's scheduled task (catalog → AWS → snapshots) in real time;
   * `simulated`: the collector alone on the simulated five-minute schedule. */
  source: 'plugin' | 'simulated';
  kind: 'cold' | 'steady';
  /** Simulated instant of the round. */
  at: string;
  conditions: Conditions;
  wallMs: number;
  counts: CallCounts;
  floor: FloorRound;
  /** Answered calls of the floor's operations (ListMetrics discovery is counted separately). */
  floorOperationCalls: number;
  discovery: boolean;
  /** Models whose snapshot carries a source that is not ok. */
  degradedSources: number;
  /** The plugin's database statements in the round (plugin rounds on the benchmark's own PostgreSQL). */
  statements?: StatementCounts;
  /** The round's AWS calls replayed alone right after it (plugin steady rounds). */
  awsAlone?: ReplayResult;
}

/** The collection task's timeout as the plugin scheduled it. */
export interface TaskTimeout {
  ms?: number;
  /** Where the figure comes from, for the report. */
  source: string;
}

export interface SizeResult {
  models: number;
  catalogIngestMs: number;
  rounds: MeasuredRound[];
  serving: ServingLatency;
  memory: MemoryPeak;
  refresh?: RefreshMeasurement;
  taskTimeout?: TaskTimeout;
  /** Why database statements were not counted, when they were not. */
  statementsNotCounted?: string;
  /** Present for the size the bill is computed at. */
  simulation?: { intervalSeconds: number; windowSeconds: number };
  /** Steady hours with the schedule operations healthy and failing (the collector alone). */
  scheduleFailure?: ScheduleFailureMeasurement;
  baseline?: BaselineRun;
  wallMs: number;
}

export interface BenchSettings {
  sizes: number[];
  quick: boolean;
  seed: string;
  features: number;
  schedules: number;
  lookbackDays: number;
  cold: Conditions;
  steady: Conditions;
  baselineConditions: (models: number) => Conditions;
  steadyRounds: number;
  billModels?: number;
  billHours: number;
  intervalSeconds: number;
  database: string;
  samples: number;
}
