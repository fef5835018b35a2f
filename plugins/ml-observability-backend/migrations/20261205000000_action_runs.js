// @ts-check

/*
 * Runbook action runs: every apply and undo of a severity rule's action
 * (who, what plan they confirmed, progress, outcome), and the locks that
 * keep one action at a time on an endpoint (or a model's alarms, or a
 * pipeline) across replicas. A lock row is inserted to take the lock; its
 * primary key makes a second insert fail. A run's heartbeat says a replica
 * is following it; a run whose heartbeat stopped is taken over.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('action_runs', table => {
    table.comment('Applies and undos of runbook actions');
    table.string('id', 64).primary();
    table.string('entity_ref', 600).notNullable();
    table.string('action_id', 40).notNullable();
    table.string('type', 30).notNullable();
    table.string('kind', 10).notNullable().comment('apply or undo');
    table.string('actor', 600).notNullable();
    table
      .string('idempotency_key', 128)
      .nullable()
      .comment('Unique per actor: a repeated request answers its first run');
    table
      .string('status', 20)
      .notNullable()
      .comment('running, succeeded or failed');
    table.string('lock_key', 700).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table
      .bigInteger('heartbeat_at')
      .notNullable()
      .comment('Epoch ms a replica last followed the run');
    table.text('plan').notNullable().comment('JSON ActionPlan as confirmed');
    table.text('progress').notNullable().comment('JSON list of {at, message}');
    table
      .text('result')
      .nullable()
      .comment('JSON: outcome, final weights, execution, mute rule');
    table
      .boolean('changed')
      .notNullable()
      .defaultTo(false)
      .comment('Whether AWS accepted a change');
    table.string('undo_of', 64).nullable();
    table.string('undone_by', 64).nullable();
    table.string('alarm_arn', 2048).nullable();
    table.unique(['actor', 'idempotency_key'], {
      indexName: 'action_runs_idempotency_unique',
    });
    table.index(['entity_ref', 'started_at'], 'action_runs_entity_idx');
    table.index(['status', 'heartbeat_at'], 'action_runs_status_idx');
  });
  await knex.schema.createTable('action_locks', table => {
    table.comment('One running action per endpoint, alarm set or pipeline');
    table.string('lock_key', 700).primary();
    table.string('run_id', 64).notNullable();
    table.string('actor', 600).notNullable();
    table.bigInteger('acquired_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('action_locks');
  await knex.schema.dropTable('action_runs');
};
