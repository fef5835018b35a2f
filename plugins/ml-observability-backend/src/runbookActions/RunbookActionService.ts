/**
 * Runbook actions from the page (and from AI assistants): plan, apply,
 * follow, undo. Every call is the caller's: the model must be visible and
 * readable to them (else 404/403) and they need `ml-observability.model.act`
 * on it. A run takes its target's lock (endpoint, pipeline or the model's
 * alarms) across replicas, is stored with its plan and progress, audited,
 * noted in the triggering alarm's notification, and followed until AWS says
 * how it ended; a replica that stopped mid-run is replaced by the next one
 * (orphaned runs are taken over by `recover`).
 */
import type {
  AuditorService,
  AuditorServiceEvent,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ActionPlan,
  ActionProgress,
  ActionRun,
  ActionRunList,
  mlObservabilityActPermission,
  ModelReport,
  SeverityAction,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Stores, StoredActionRun } from '../store';
import { TooManyRequestsError } from '../service/errors';
import { executeMute, executeUnmute } from './muteRun';
import { executePipeline } from './pipelineRun';
import { RunContext, timeText } from './runContext';
import { executeShift } from './shiftRun';
import { actionTarget, ClientsOf, planAction, planShiftBack } from './plans';

/** How runs are paced and limited; `mlObservability.actions` in the config. */
export interface RunbookActionSettings {
  /** Runs (applies and undos) a model may start per window. */
  maxRunsPerWindow: number;
  windowMinutes: number;
  /** How often a run reads its endpoint or pipeline execution while following it. */
  followIntervalMs: number;
  /** How long a traffic shift is followed before the run says it did not finish. */
  shiftTimeoutMs: number;
  /** How long a pipeline execution is followed. */
  pipelineTimeoutMs: number;
  /** A run whose follower was silent this long is taken over by another replica. */
  orphanAfterMs: number;
}

export const DEFAULT_ACTION_SETTINGS: RunbookActionSettings = {
  maxRunsPerWindow: 6,
  windowMinutes: 10,
  followIntervalMs: 5_000,
  shiftTimeoutMs: 30 * 60_000,
  pipelineTimeoutMs: 6 * 3_600_000,
  orphanAfterMs: 60_000,
};

/** What the service needs of the report service: the caller's view of a model. */
export interface ModelReader {
  getModelReport(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ModelReport>;
  /** Collects the model again once a run changed it, so its report shows the change. */
  recollectModel?(entityRef: string): Promise<void>;
}

/** Updates the notification of the alarm a run responds to. */
export interface ActionNotifier {
  actionTaken(options: {
    alarmArn: string;
    entityRef: string;
    /** The model's runs that changed AWS for this alarm (the notifier keeps those since its ALARM began). */
    actions: Array<{ actor: string; at: string; label: string }>;
  }): Promise<boolean>;
}

export interface RunbookActionServiceOptions {
  reader: ModelReader;
  permissions: PermissionsService;
  stores: Pick<Stores, 'actions'>;
  clientsOf: ClientsOf;
  logger: LoggerService;
  auditor?: AuditorService;
  notifier?: ActionNotifier;
  signals?: SignalsService;
  /** The signal channel of a model's pages. */
  channelOf?: (entityRef: string) => string;
  settings?: Partial<RunbookActionSettings>;
  clock?: () => Date;
  newId?: () => string;
  sleep?: (ms: number) => Promise<void>;
}

export interface ActionCallOptions {
  credentials: BackstageCredentials;
  idempotencyKey?: string;
  alarmArn?: string;
  /** The HTTP request, for the audit event. */
  request?: Request;
}

const actorOf = (credentials: BackstageCredentials): string => {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return p.subject;
  return 'unknown';
};

export class RunbookActionService {
  private readonly settings: RunbookActionSettings;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Runs this process follows now, so `recover` never takes over its own. */
  private readonly following = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: RunbookActionServiceOptions) {
    this.settings = { ...DEFAULT_ACTION_SETTINGS, ...options.settings };
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  /** The model's runs, newest first (read permission only). */
  async list(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ActionRunList> {
    const report = await this.options.reader.getModelReport(entityRef, options);
    const runs = await this.options.stores.actions.list(report.entityRef);
    return { entityRef: report.entityRef, runs: runs.map(toApiRun) };
  }

  async get(
    entityRef: string,
    runId: string,
    options: { credentials: BackstageCredentials },
  ): Promise<ActionRun> {
    const report = await this.options.reader.getModelReport(entityRef, options);
    return toApiRun(await this.runOf(report, runId));
  }

  /** The plan of a severity rule's action; nothing changes. */
  async plan(
    entityRef: string,
    actionId: string,
    options: ActionCallOptions,
  ): Promise<ActionPlan> {
    const { report, action } = await this.authorized(
      entityRef,
      actionId,
      options,
    );
    const plan = await this.planFor(report, action, this.newId());
    await this.audit('runbook-action-plan', 'low', options, {
      entityRef: report.entityRef,
      actionId,
      label: action.label,
      ok: plan.ok,
      ...(plan.refusals.length ? { refusals: plan.refusals } : {}),
    });
    return plan;
  }

  /** Starts a run of the action; answers at once with the running run (or the one this key started). */
  async apply(
    entityRef: string,
    actionId: string,
    options: ActionCallOptions,
  ): Promise<{ run: ActionRun; created: boolean }> {
    const { report, action } = await this.authorized(
      entityRef,
      actionId,
      options,
    );
    const actor = actorOf(options.credentials);
    const repeated = await this.repeated(
      options,
      actor,
      report.entityRef,
      actionId,
      'apply',
    );
    if (repeated) return { run: repeated, created: false };
    await this.checkRate(report.entityRef);
    const runId = this.newId();
    const plan = await this.planFor(report, action, runId);
    if (!plan.ok) {
      await this.audit('runbook-action', 'high', options, {
        entityRef: report.entityRef,
        actionId,
        outcome: 'refused',
        refusals: plan.refusals,
      });
      throw new ConflictError(
        plan.refusals[0]?.includes(' is already running "')
          ? plan.refusals[0]
          : `${action.label} cannot run now: ${plan.refusals.join('; ')}`,
      );
    }
    const alarmArn =
      options.alarmArn ?? report.alarms.find(a => a.state === 'ALARM')?.arn;
    const run = await this.startRun(
      {
        id: runId,
        entityRef: report.entityRef,
        actionId,
        type: action.type,
        kind: 'apply',
        actor,
        idempotencyKey: options.idempotencyKey,
        lockKey: actionTarget(report, action).lockKey,
        plan,
        alarmArn,
      },
      options,
    );
    return { run, created: true };
  }

  /** The plan of undoing a run. */
  async planUndo(
    entityRef: string,
    runId: string,
    options: ActionCallOptions,
  ): Promise<ActionPlan> {
    const { report } = await this.authorized(entityRef, undefined, options);
    const original = await this.runOf(report, runId);
    return this.undoPlan(report, original);
  }

  /** Starts the undo of a run: the weights recorded before it, or the mute rule deleted. */
  async undo(
    entityRef: string,
    runId: string,
    options: ActionCallOptions,
  ): Promise<{ run: ActionRun; created: boolean }> {
    const { report } = await this.authorized(entityRef, undefined, options);
    const original = await this.runOf(report, runId);
    const actor = actorOf(options.credentials);
    const repeated = await this.repeated(
      options,
      actor,
      report.entityRef,
      original.actionId,
      'undo',
    );
    if (repeated) return { run: repeated, created: false };
    await this.checkRate(report.entityRef);
    const plan = await this.undoPlan(report, original);
    if (!plan.ok) {
      throw new ConflictError(
        `The run of ${
          original.plan.label
        } cannot be undone now: ${plan.refusals.join('; ')}`,
      );
    }
    const run = await this.startRun(
      {
        id: this.newId(),
        entityRef: report.entityRef,
        actionId: original.actionId,
        type: original.type,
        kind: 'undo',
        actor,
        idempotencyKey: options.idempotencyKey,
        lockKey: original.lockKey,
        plan,
        undoOf: original.id,
      },
      options,
    );
    return { run, created: true };
  }

  /** Takes over runs whose replica stopped following them (a restart mid-update); the scheduled task runs it. */
  async recover(): Promise<number> {
    const now = this.clock();
    const orphans = await this.options.stores.actions.claimOrphans(
      new Date(now.getTime() - this.settings.orphanAfterMs),
      now,
    );
    let taken = 0;
    for (const run of orphans) {
      if (this.following.has(run.id)) continue;
      taken++;
      this.options.logger.info(
        `ML observability: taking over action run ${run.id} (${run.plan.label} on ${run.entityRef}), left running by a stopped backend`,
      );
      await this.progress(run, [
        'Taken over by another backend replica (the one that started it stopped); reading where it got to',
      ]);
      this.follow(run, undefined);
    }
    return taken;
  }

  /** Stops following (shutdown); the runs stay running and another replica takes them over. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.following.values()]);
  }

  /** Waits for the runs this process follows (tests). */
  async idle(): Promise<void> {
    while (this.following.size > 0) {
      await Promise.allSettled([...this.following.values()]);
    }
  }

  // --- checks ---------------------------------------------------------

  private async authorized(
    entityRef: string,
    actionId: string | undefined,
    options: ActionCallOptions,
  ): Promise<{ report: ModelReport; action: SeverityAction }> {
    // Visibility and read first: a model the caller cannot see is a 404.
    const report = await this.options.reader.getModelReport(entityRef, {
      credentials: options.credentials,
    });
    const [decision] = await this.options.permissions.authorize(
      [
        {
          permission: mlObservabilityActPermission,
          resourceRef: report.entityRef,
        },
      ],
      { credentials: options.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      await this.audit('runbook-action', 'high', options, {
        entityRef: report.entityRef,
        ...(actionId ? { actionId } : {}),
        outcome: 'denied',
      });
      throw new NotAllowedError(
        `You are not allowed to run runbook actions of ${report.entityRef} (permission ml-observability.model.act)`,
      );
    }
    if (actionId === undefined) {
      return { report, action: undefined as unknown as SeverityAction };
    }
    const rule = report.escalation.severityRules.find(
      r => r.action?.id === actionId,
    );
    if (!rule?.action) {
      const ids = report.escalation.severityRules
        .map(r => r.action?.id)
        .filter(Boolean);
      throw new NotFoundError(
        `The runbook of ${report.entityRef} has no action ${actionId}; ${
          ids.length
            ? `its actions are ${ids.join(', ')}`
            : 'it declares no structured action (a severity rule needs an action: block)'
        }`,
      );
    }
    return { report, action: rule.action };
  }

  private async runOf(
    report: ModelReport,
    runId: string,
  ): Promise<StoredActionRun> {
    const run = await this.options.stores.actions.get(runId);
    if (!run || run.entityRef !== report.entityRef) {
      throw new NotFoundError(`${report.entityRef} has no action run ${runId}`);
    }
    return run;
  }

  private async repeated(
    options: ActionCallOptions,
    actor: string,
    entityRef: string,
    actionId: string,
    kind: 'apply' | 'undo',
  ): Promise<ActionRun | undefined> {
    if (!options.idempotencyKey) return undefined;
    const existing = await this.options.stores.actions.findByKey(
      actor,
      options.idempotencyKey,
    );
    if (!existing) return undefined;
    if (
      existing.entityRef !== entityRef ||
      existing.actionId !== actionId ||
      existing.kind !== kind
    ) {
      throw new ConflictError(
        `Idempotency key ${options.idempotencyKey} was used for another request (${existing.kind} of ${existing.actionId} on ${existing.entityRef}); use a new key`,
      );
    }
    return toApiRun(existing);
  }

  private async checkRate(entityRef: string): Promise<void> {
    const now = this.clock();
    const windowMs = this.settings.windowMinutes * 60_000;
    const since = new Date(now.getTime() - windowMs);
    const count = await this.options.stores.actions.countSince(
      entityRef,
      since,
    );
    if (count < this.settings.maxRunsPerWindow) return;
    const oldest = await this.options.stores.actions.oldestSince(
      entityRef,
      since,
    );
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil(
        ((oldest?.getTime() ?? now.getTime()) + windowMs - now.getTime()) /
          1000,
      ),
    );
    throw new TooManyRequestsError(
      `${entityRef} had ${count} runbook action runs in the last ${this.settings.windowMinutes} minutes (at most ${this.settings.maxRunsPerWindow}); try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }

  /** The plan, refused first of all when another run holds the target (it names who acts). */
  private async planFor(
    report: ModelReport,
    action: SeverityAction,
    runId: string,
  ): Promise<ActionPlan> {
    const ruleName = `backstage-${report.entityRef
      .replace(/^[^:]*:/, '')
      .replace(/[^A-Za-z0-9-]+/g, '-')}-${runId.slice(0, 8)}`.slice(0, 255);
    const [plan, holder] = await Promise.all([
      planAction(report, action, this.options.clientsOf, ruleName),
      this.options.stores.actions.holder(actionTarget(report, action).lockKey),
    ]);
    return holder ? withHolder(plan, holder) : plan;
  }

  private async undoPlan(
    report: ModelReport,
    original: StoredActionRun,
  ): Promise<ActionPlan> {
    const label = `Undo: ${original.plan.label}`;
    const refusal = (text: string): ActionPlan => ({
      entityRef: report.entityRef,
      actionId: original.actionId,
      type: original.type,
      label,
      ok: false,
      refusals: [text],
      summary: label,
      steps: [],
      undoable: false,
      undoOf: original.id,
    });
    if (original.kind === 'undo')
      return refusal('An undo cannot be undone; run the action again');
    if (!original.plan.undoable) {
      return refusal(
        original.type === 'start-pipeline'
          ? 'A pipeline execution cannot be undone; stop it in SageMaker if needed'
          : 'This run cannot be undone',
      );
    }
    if (original.undoneBy)
      return refusal(`Already undone (run ${original.undoneBy})`);
    if (original.status === 'running') {
      return refusal('The run is still in progress; undo it once it has ended');
    }
    if (!original.changed)
      return refusal(
        'The run changed nothing in AWS; there is nothing to undo',
      );
    const holder = await this.options.stores.actions.holder(original.lockKey);
    if (holder) return refusal(holderText(holder));
    if (original.plan.shiftTraffic) {
      const shift = original.plan.shiftTraffic;
      const plan = await planShiftBack(
        report,
        {
          id: original.actionId,
          type: 'shift-traffic',
          label,
          toVariant: '',
          weight: 1,
          endpoint: shift.endpoint,
        },
        shift.before,
        this.options.clientsOf,
      );
      return { ...plan, label, undoable: false, undoOf: original.id };
    }
    const mute = original.plan.muteAlarms!;
    return {
      entityRef: report.entityRef,
      actionId: original.actionId,
      type: original.type,
      label,
      ok: true,
      refusals: [],
      summary: `Delete alarm mute rule ${mute.ruleName}: the alarms' notifications are sent again`,
      steps: [
        `DeleteAlarmMuteRule ${mute.ruleName} in ${mute.accountId}/${mute.region}`,
      ],
      undoable: false,
      undoOf: original.id,
      muteAlarms: mute,
    };
  }

  // --- runs -----------------------------------------------------------

  private async startRun(
    run: Omit<Parameters<Stores['actions']['start']>[0], 'progress'>,
    options: ActionCallOptions,
  ): Promise<ActionRun> {
    const now = this.clock();
    const started = await this.options.stores.actions.start(
      {
        ...run,
        progress: [
          {
            at: now.toISOString(),
            message: `${run.kind === 'undo' ? 'Undo started' : 'Started'} by ${
              run.actor
            }: ${run.plan.summary}`,
          },
        ],
      },
      now,
    );
    if (!started.ok) {
      if (started.reason === 'duplicate') return toApiRun(started.existing);
      const holder = started.holder;
      throw new ConflictError(
        holder
          ? `${holder.actor} is already running "${holder.plan.label}" on ${
              holder.entityRef
            } (started ${timeText(
              new Date(holder.startedAt),
            )}); wait for it to end`
          : 'Another runbook action holds this target right now; try again shortly',
      );
    }
    const audit = await this.auditEvent(options, started.run);
    await this.signal(started.run);
    this.follow(started.run, audit);
    return toApiRun(started.run);
  }

  /** Runs (or resumes) a run in the background until it ends. */
  private follow(run: StoredActionRun, audit: AuditorServiceEvent | undefined) {
    const task = this.execute(run)
      .then(async ended => {
        if (!ended) return;
        await this.signal(ended);
        if (audit) {
          const meta = auditMeta(ended);
          if (ended.status === 'succeeded') await audit.success({ meta });
          else
            await audit.fail({
              meta,
              error: new Error(ended.result.outcome ?? 'the run failed'),
            });
        } else {
          await this.audit(
            'runbook-action',
            'high',
            undefined,
            { ...auditMeta(ended), recovered: true },
            ended.status === 'failed',
          );
        }
      })
      .catch(error =>
        this.options.logger.error(
          `ML observability: action run ${
            run.id
          } could not be followed; another replica takes it over: ${String(
            error,
          )}`,
        ),
      )
      .finally(() => this.following.delete(run.id));
    this.following.set(run.id, task);
  }

  /** The run to its end; undefined when this process stopped first (another replica finishes it). */
  private async execute(
    run: StoredActionRun,
  ): Promise<StoredActionRun | undefined> {
    const ctx: RunContext = {
      clientsOf: this.options.clientsOf,
      settings: this.settings,
      clock: this.clock,
      sleep: this.sleep,
      stopped: () => this.stopped,
      progress: (r, messages, change) => this.progress(r, messages, change),
      end: (r, status, outcome, result, changed) =>
        this.end(r, status, outcome, result, changed),
      noteInNotification: r => this.noteInNotification(r),
    };
    switch (run.type) {
      case 'shift-traffic':
        return executeShift(ctx, run);
      case 'start-pipeline':
        return executePipeline(ctx, run);
      default:
        return run.kind === 'undo'
          ? executeUnmute(ctx, run)
          : executeMute(ctx, run);
    }
  }

  // --- records ----------------------------------------------------------

  private progress(
    run: StoredActionRun,
    messages: string[],
    change: { changed?: boolean; result?: StoredActionRun['result'] } = {},
  ): Promise<StoredActionRun> {
    const now = this.clock();
    return this.options.stores.actions
      .update(
        run.id,
        {
          progress: messages.map(message => ({
            at: now.toISOString(),
            message,
          })),
          ...change,
        },
        now,
      )
      .then(async updated => {
        if (messages.length > 0) await this.signal(updated);
        return updated;
      });
  }

  private async end(
    run: StoredActionRun,
    status: 'succeeded' | 'failed',
    outcome: string,
    result: StoredActionRun['result'] = {},
    changed?: boolean,
  ): Promise<StoredActionRun> {
    if (run.changed || changed) await this.recollect(run);
    const now = this.clock();
    const progress: ActionProgress[] = [
      { at: now.toISOString(), message: outcome },
    ];
    await this.options.stores.actions.finish(
      run.id,
      {
        status,
        progress,
        result: { ...result, outcome },
        ...(changed !== undefined ? { changed } : {}),
      },
      now,
    );
    return (await this.options.stores.actions.get(run.id))!;
  }

  /** The model's snapshot is read again before the run ends, so a page that sees the end sees the change; never fails the run. */
  private async recollect(run: StoredActionRun): Promise<void> {
    const { reader, logger } = this.options;
    if (!reader.recollectModel) return;
    try {
      await reader.recollectModel(run.entityRef);
    } catch (error) {
      logger.warn(
        `ML observability: could not collect ${
          run.entityRef
        } after action run ${run.id}: ${String(error)}`,
      );
    }
  }

  /** The triggering alarm's notification says who acted; a lost update never fails the run. */
  private async noteInNotification(run: StoredActionRun): Promise<void> {
    const { notifier, logger } = this.options;
    if (!notifier || !run.alarmArn || run.kind !== 'apply') return;
    try {
      const runs = await this.options.stores.actions.list(run.entityRef);
      const alarmArn = run.alarmArn;
      await notifier.actionTaken({
        alarmArn,
        entityRef: run.entityRef,
        actions: [run, ...runs.filter(r => r.id !== run.id)]
          .filter(r => r.kind === 'apply' && r.alarmArn === alarmArn)
          .filter(r => r.id === run.id || r.changed)
          .map(r => ({ actor: r.actor, at: r.startedAt, label: r.plan.label })),
      });
    } catch (error) {
      logger.warn(
        `ML observability: could not note action run ${
          run.id
        } in the notification of ${run.alarmArn}: ${String(error)}`,
      );
    }
  }

  private async signal(run: StoredActionRun): Promise<void> {
    const { signals, channelOf, logger } = this.options;
    if (!signals || !channelOf) return;
    try {
      await signals.publish({
        recipients: { type: 'broadcast' },
        channel: channelOf(run.entityRef),
        message: { type: 'actions', runId: run.id, status: run.status },
      });
    } catch (error) {
      logger.warn(
        `ML observability: could not signal action run ${run.id}: ${String(
          error,
        )}`,
      );
    }
  }

  private async auditEvent(
    options: ActionCallOptions,
    run: StoredActionRun,
  ): Promise<AuditorServiceEvent | undefined> {
    const { auditor, logger } = this.options;
    if (!auditor) return undefined;
    try {
      return await auditor.createEvent({
        eventId: 'runbook-action',
        severityLevel: 'high',
        ...(options.request ? { request: options.request } : {}),
        meta: auditMeta(run),
      });
    } catch (error) {
      logger.warn(
        `ML observability: could not audit action run ${run.id}: ${String(
          error,
        )}`,
      );
      return undefined;
    }
  }

  private async audit(
    eventId: string,
    severityLevel: 'low' | 'high',
    options: ActionCallOptions | undefined,
    meta: Record<string, unknown>,
    failed = false,
  ): Promise<void> {
    const { auditor, logger } = this.options;
    if (!auditor) return;
    try {
      const event = await auditor.createEvent({
        eventId,
        severityLevel,
        ...(options?.request ? { request: options.request } : {}),
        meta: JSON.parse(JSON.stringify(meta)),
      });
      if (failed || meta.outcome === 'denied' || meta.outcome === 'refused') {
        await event.fail({
          meta: JSON.parse(JSON.stringify(meta)),
          error: new Error(String(meta.outcome ?? 'failed')),
        });
      } else await event.success();
    } catch (error) {
      logger.warn(
        `ML observability: could not audit ${eventId}: ${String(error)}`,
      );
    }
  }
}

function holderText(holder: StoredActionRun): string {
  return `${holder.actor} is already running "${holder.plan.label}" on ${
    holder.entityRef
  } (started ${timeText(new Date(holder.startedAt))}); wait for it to end`;
}

function withHolder(plan: ActionPlan, holder: StoredActionRun): ActionPlan {
  return {
    ...plan,
    ok: false,
    refusals: [holderText(holder), ...plan.refusals],
  };
}

function auditMeta(run: StoredActionRun) {
  return JSON.parse(
    JSON.stringify({
      runId: run.id,
      entityRef: run.entityRef,
      actionId: run.actionId,
      action: run.type,
      kind: run.kind,
      actor: run.actor,
      status: run.status,
      ...(run.undoOf ? { undoOf: run.undoOf } : {}),
      ...(run.plan.shiftTraffic
        ? {
            endpoint: run.plan.shiftTraffic.endpoint,
            before: run.plan.shiftTraffic.before,
            after: run.plan.shiftTraffic.after,
          }
        : {}),
      ...(run.plan.startPipeline ? { pipeline: run.plan.startPipeline } : {}),
      ...(run.plan.muteAlarms ? { mute: run.plan.muteAlarms } : {}),
      ...(run.result.outcome ? { outcome: run.result.outcome } : {}),
      ...(run.result.finalWeights
        ? { finalWeights: run.result.finalWeights }
        : {}),
    }),
  );
}

/** The API's view of a stored run. */
export function toApiRun(run: StoredActionRun): ActionRun {
  const canUndo =
    run.kind === 'apply' &&
    run.plan.undoable &&
    run.status !== 'running' &&
    run.changed &&
    !run.undoneBy &&
    !(
      run.type === 'mute-alarms' &&
      run.result.muteRule &&
      Date.parse(run.result.muteRule.endsAt) < Date.now()
    );
  return {
    id: run.id,
    entityRef: run.entityRef,
    actionId: run.actionId,
    type: run.type,
    label: run.plan.label,
    kind: run.kind,
    actor: run.actor,
    status: run.status,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    plan: run.plan,
    progress: run.progress,
    ...(run.result.outcome ? { outcome: run.result.outcome } : {}),
    ...(run.result.finalWeights
      ? { finalWeights: run.result.finalWeights }
      : {}),
    ...(run.result.pipelineExecution
      ? { pipelineExecution: run.result.pipelineExecution }
      : {}),
    ...(run.result.muteRule ? { muteRule: run.result.muteRule } : {}),
    ...(run.undoOf ? { undoOf: run.undoOf } : {}),
    ...(run.undoneBy ? { undoneBy: run.undoneBy } : {}),
    canUndo,
    ...(run.alarmArn ? { alarmArn: run.alarmArn } : {}),
  };
}
