/**
 * Plans and runs of runbook actions (the severity rules' structured
 * `action`), as the REST API serves them: what the portal would do, what it
 * did, and how it ended. Plain JSON; times are ISO 8601.
 */
import type { RunbookActionType } from './runbookActions';

/** A production variant's routing weight before or after a traffic shift. @public */
export interface VariantWeight {
  variant: string;
  /** SageMaker's relative weight (DesiredWeight / CurrentWeight). */
  weight: number;
  /** Share of the endpoint's traffic, 0–100, computed from the weights. */
  trafficPercent: number;
}

/** What a `shift-traffic` action changes. @public */
export interface TrafficShiftPlan {
  endpoint: string;
  accountId: string;
  region: string;
  /** The endpoint's status when planned. */
  endpointStatus: string;
  before: VariantWeight[];
  after: VariantWeight[];
}

/** What a `start-pipeline` action starts. @public */
export interface PipelineStartPlan {
  pipeline: string;
  accountId: string;
  region: string;
  parameters: Record<string, string>;
}

/** What a `mute-alarms` action mutes, and for how long. @public */
export interface AlarmMutePlan {
  accountId: string;
  region: string;
  alarms: string[];
  durationMinutes: number;
  /** Name of the alarm mute rule the portal creates. */
  ruleName: string;
}

/** The plan of an action (or of the undo of a run): in words and in data. @public */
export interface ActionPlan {
  entityRef: string;
  actionId: string;
  type: RunbookActionType;
  label: string;
  /** Whether it can run now; when not, `refusals` say why. */
  ok: boolean;
  refusals: string[];
  /** One sentence: what applying does. */
  summary: string;
  /** The AWS calls in order, in words. */
  steps: string[];
  /** Whether a run of it can be undone (traffic shifts and mutes can; pipeline runs cannot). */
  undoable: boolean;
  shiftTraffic?: TrafficShiftPlan;
  startPipeline?: PipelineStartPlan;
  muteAlarms?: AlarmMutePlan;
  /** The run this plan undoes, for the plan of an undo. */
  undoOf?: string;
}

/** @public */
export type ActionRunStatus = 'running' | 'succeeded' | 'failed';

/** A line of a run's progress. @public */
export interface ActionProgress {
  at: string;
  message: string;
}

/** One apply (or undo) of an action: who, when, what it found and what it changed. @public */
export interface ActionRun {
  id: string;
  entityRef: string;
  actionId: string;
  type: RunbookActionType;
  label: string;
  kind: 'apply' | 'undo';
  /** The user (or service) entity ref of who ran it. */
  actor: string;
  status: ActionRunStatus;
  startedAt: string;
  finishedAt?: string;
  /** The plan as it was when the run started (weights before and after, parameters, alarms). */
  plan: ActionPlan;
  progress: ActionProgress[];
  /** A sentence saying how it ended, once it has. */
  outcome?: string;
  /** For a traffic shift: the weights the endpoint serves with once the run ended. */
  finalWeights?: VariantWeight[];
  /** For a pipeline start: its execution, as last read. */
  pipelineExecution?: { arn: string; status: string; failureReason?: string };
  /** For an alarm mute: the rule created, and when it ends. */
  muteRule?: { name: string; endsAt: string };
  /** For an undo: the run it undoes. */
  undoOf?: string;
  /** For an apply that was undone: the undo run. */
  undoneBy?: string;
  /** Whether this run can be undone now (succeeded or failed with a change made, not undone yet, undoable type). */
  canUndo: boolean;
  /** The alarm whose notification names this run (the alarm in ALARM when it started). */
  alarmArn?: string;
}

/** The model's action runs, newest first. @public */
export interface ActionRunList {
  entityRef: string;
  runs: ActionRun[];
}
