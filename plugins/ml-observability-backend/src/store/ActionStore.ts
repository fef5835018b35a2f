import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  ActionPlan,
  ActionProgress,
  ActionRunStatus,
  RunbookActionType,
  VariantWeight,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { fromJson, fromMs, toJson, toMs } from './util';

const RUNS = 'action_runs';
const LOCKS = 'action_locks';

/** What a run found and did, once it ended (or as far as it got). */
export interface ActionRunResult {
  outcome?: string;
  finalWeights?: VariantWeight[];
  pipelineExecution?: { arn: string; status: string; failureReason?: string };
  muteRule?: { name: string; endsAt: string };
}

/** A stored run: the API's ActionRun before `canUndo` is decided. */
export interface StoredActionRun {
  id: string;
  entityRef: string;
  actionId: string;
  type: RunbookActionType;
  kind: 'apply' | 'undo';
  actor: string;
  idempotencyKey?: string;
  status: ActionRunStatus;
  lockKey: string;
  startedAt: string;
  finishedAt?: string;
  heartbeatAt: string;
  plan: ActionPlan;
  progress: ActionProgress[];
  result: ActionRunResult;
  /** Whether AWS accepted a change (so an undo has something to undo). */
  changed: boolean;
  undoOf?: string;
  undoneBy?: string;
  alarmArn?: string;
}

type RunRow = {
  id: string;
  entity_ref: string;
  action_id: string;
  type: string;
  kind: string;
  actor: string;
  idempotency_key: string | null;
  status: string;
  lock_key: string;
  started_at: number | string;
  finished_at: number | string | null;
  heartbeat_at: number | string;
  plan: string;
  progress: string;
  result: string | null;
  changed: boolean | number;
  undo_of: string | null;
  undone_by: string | null;
  alarm_arn: string | null;
};

function decode(row: RunRow): StoredActionRun {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    actionId: row.action_id,
    type: row.type as RunbookActionType,
    kind: row.kind as 'apply' | 'undo',
    actor: row.actor,
    ...(row.idempotency_key ? { idempotencyKey: row.idempotency_key } : {}),
    status: row.status as ActionRunStatus,
    lockKey: row.lock_key,
    startedAt: fromMs(row.started_at),
    ...(row.finished_at !== null
      ? { finishedAt: fromMs(row.finished_at) }
      : {}),
    heartbeatAt: fromMs(row.heartbeat_at),
    plan: fromJson<ActionPlan>(row.plan)!,
    progress: fromJson<ActionProgress[]>(row.progress) ?? [],
    result: fromJson<ActionRunResult>(row.result) ?? {},
    changed: Boolean(row.changed),
    ...(row.undo_of ? { undoOf: row.undo_of } : {}),
    ...(row.undone_by ? { undoneBy: row.undone_by } : {}),
    ...(row.alarm_arn ? { alarmArn: row.alarm_arn } : {}),
  };
}

/** Why a run could not start: the lock is another run's, or the key was used. */
export type StartRunResult =
  | { ok: true; run: StoredActionRun }
  | { ok: false; reason: 'locked'; holder: StoredActionRun | undefined }
  | { ok: false; reason: 'duplicate'; existing: StoredActionRun };

/** A run as it starts: what the caller gives; status, times and result are the store's. */
export type NewActionRun = Pick<
  StoredActionRun,
  | 'id'
  | 'entityRef'
  | 'actionId'
  | 'type'
  | 'kind'
  | 'actor'
  | 'idempotencyKey'
  | 'lockKey'
  | 'plan'
  | 'progress'
  | 'undoOf'
  | 'alarmArn'
>;

/**
 * Action runs and their locks. Starting a run takes its lock and inserts the
 * run in one transaction, so two replicas (or two users) starting an action
 * on the same endpoint cannot both win; the idempotency key (unique per
 * actor) makes a repeated request find its first run.
 */
export class ActionStore {
  constructor(private readonly db: Knex) {}

  async get(id: string): Promise<StoredActionRun | undefined> {
    const row = await this.db<RunRow>(RUNS).where({ id }).first();
    return row ? decode(row) : undefined;
  }

  async findByKey(
    actor: string,
    idempotencyKey: string,
  ): Promise<StoredActionRun | undefined> {
    const row = await this.db<RunRow>(RUNS)
      .where({ actor, idempotency_key: idempotencyKey })
      .first();
    return row ? decode(row) : undefined;
  }

  /** The model's runs, newest first. */
  async list(entityRef: string, limit = 50): Promise<StoredActionRun[]> {
    const rows = await this.db<RunRow>(RUNS)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(decode);
  }

  /** Runs of the model started since `since` (the rate limit counts them). */
  async countSince(entityRef: string, since: Date): Promise<number> {
    const [row] = await this.db(RUNS)
      .where({ entity_ref: entityRef })
      .andWhere('started_at', '>=', since.getTime())
      .count({ n: '*' });
    return Number((row as { n: number | string }).n);
  }

  /** The oldest start among the model's runs since `since`, for Retry-After. */
  async oldestSince(entityRef: string, since: Date): Promise<Date | undefined> {
    const row = await this.db<RunRow>(RUNS)
      .where({ entity_ref: entityRef })
      .andWhere('started_at', '>=', since.getTime())
      .orderBy('started_at', 'asc')
      .first('started_at');
    return row ? new Date(toMs(row.started_at)) : undefined;
  }

  /** The running run that holds `lockKey`, if one does. */
  async holder(lockKey: string): Promise<StoredActionRun | undefined> {
    const lock = await this.lockOf(lockKey);
    return lock?.run?.status === 'running' ? lock.run : undefined;
  }

  /** The lock row of `lockKey` and the run it names (which may have ended, or vanished). */
  private async lockOf(
    lockKey: string,
  ): Promise<{ runId: string; run?: StoredActionRun } | undefined> {
    const lock = await this.db(LOCKS).where({ lock_key: lockKey }).first();
    return lock
      ? { runId: lock.run_id, run: await this.get(lock.run_id) }
      : undefined;
  }

  /** Takes the run's lock and stores it as running, or says who holds the lock. */
  async start(run: NewActionRun, now: Date): Promise<StartRunResult> {
    // A used key or a held lock makes an insert conflict; the catch says which.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.db.transaction(async tx => {
          await tx(LOCKS).insert({
            lock_key: run.lockKey,
            run_id: run.id,
            actor: run.actor,
            acquired_at: now.getTime(),
          });
          await tx(RUNS).insert({
            id: run.id,
            entity_ref: run.entityRef,
            action_id: run.actionId,
            type: run.type,
            kind: run.kind,
            actor: run.actor,
            idempotency_key: run.idempotencyKey ?? null,
            status: 'running',
            lock_key: run.lockKey,
            started_at: now.getTime(),
            finished_at: null,
            heartbeat_at: now.getTime(),
            plan: toJson(run.plan),
            progress: toJson(run.progress),
            result: null,
            changed: false,
            undo_of: run.undoOf ?? null,
            undone_by: null,
            alarm_arn: run.alarmArn ?? null,
          });
        });
        return { ok: true, run: (await this.get(run.id))! };
      } catch (error) {
        if (!isDatabaseConflictError(error)) throw error;
        if (run.idempotencyKey) {
          const existing = await this.findByKey(run.actor, run.idempotencyKey);
          if (existing) return { ok: false, reason: 'duplicate', existing };
        }
        const lock = await this.lockOf(run.lockKey);
        if (lock?.run?.status === 'running') {
          return { ok: false, reason: 'locked', holder: lock.run };
        }
        // A lock left by a run that ended (or vanished): free it once, then try again.
        if (lock) {
          await this.db(LOCKS)
            .where({ lock_key: run.lockKey, run_id: lock.runId })
            .delete();
        }
      }
    }
    return {
      ok: false,
      reason: 'locked',
      holder: (await this.lockOf(run.lockKey))?.run,
    };
  }

  /** Appends progress, merges the result, and renews the heartbeat. */
  async update(
    id: string,
    change: {
      progress?: ActionProgress[];
      result?: ActionRunResult;
      changed?: boolean;
    },
    now: Date,
  ): Promise<StoredActionRun> {
    return this.db.transaction(async tx => {
      const row = await tx<RunRow>(RUNS).where({ id }).first();
      if (!row) throw new Error(`No action run ${id}`);
      const current = decode(row);
      await tx(RUNS)
        .where({ id })
        .update({
          heartbeat_at: now.getTime(),
          ...(change.progress
            ? { progress: toJson([...current.progress, ...change.progress]) }
            : {}),
          ...(change.result
            ? { result: toJson({ ...current.result, ...change.result }) }
            : {}),
          ...(change.changed !== undefined ? { changed: change.changed } : {}),
        });
      return decode((await tx<RunRow>(RUNS).where({ id }).first())!);
    });
  }

  /** Ends a running run and frees its lock; an undo marks the run it undid. False when it had ended already. */
  async finish(
    id: string,
    end: {
      status: 'succeeded' | 'failed';
      progress?: ActionProgress[];
      result?: ActionRunResult;
      changed?: boolean;
    },
    now: Date,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const row = await tx<RunRow>(RUNS)
        .where({ id, status: 'running' })
        .first();
      if (!row) return false;
      const current = decode(row);
      await tx(RUNS)
        .where({ id, status: 'running' })
        .update({
          status: end.status,
          finished_at: now.getTime(),
          heartbeat_at: now.getTime(),
          progress: toJson([...current.progress, ...(end.progress ?? [])]),
          result: toJson({ ...current.result, ...(end.result ?? {}) }),
          ...(end.changed !== undefined ? { changed: end.changed } : {}),
        });
      if (current.undoOf && end.status === 'succeeded') {
        await tx(RUNS).where({ id: current.undoOf }).update({ undone_by: id });
      }
      await tx(LOCKS).where({ lock_key: current.lockKey, run_id: id }).delete();
      return true;
    });
  }

  /**
   * Running runs nobody followed since `staleBefore` (their replica stopped),
   * claimed for this replica by renewing their heartbeat: a run is taken over
   * by one replica only.
   */
  async claimOrphans(
    staleBefore: Date,
    now: Date,
    limit = 20,
  ): Promise<StoredActionRun[]> {
    const rows = await this.db<RunRow>(RUNS)
      .where({ status: 'running' })
      .andWhere('heartbeat_at', '<', staleBefore.getTime())
      .limit(limit);
    const claimed: StoredActionRun[] = [];
    for (const row of rows) {
      const updated = await this.db(RUNS)
        .where({
          id: row.id,
          status: 'running',
          heartbeat_at: row.heartbeat_at,
        })
        .update({ heartbeat_at: now.getTime() });
      if (updated === 1) claimed.push((await this.get(row.id))!);
    }
    return claimed;
  }
}
