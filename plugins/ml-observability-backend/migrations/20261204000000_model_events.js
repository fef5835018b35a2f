// @ts-check

/*
 * The alert history: one row per alarm state change, whichever way it
 * arrived (an alarm event on a queue, a round that saw the state differ,
 * CloudWatch's alarm history). The same change delivered twice has the same
 * event id or the same alarm + state + time: both are unique, so replicas
 * inserting the same rows keep one.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('model_events', table => {
    table.comment('Alarm state changes of the models’ alarms');
    table.bigIncrements('id').primary();
    table
      .string('event_id', 300)
      .notNullable()
      .unique()
      .comment(
        'EventBridge event id, SNS MessageId or a key derived from the change',
      );
    table.string('alarm_arn', 500).notNullable();
    table.string('alarm_name', 255).notNullable();
    table.string('account_id', 20).notNullable();
    table.string('region', 30).notNullable();
    table.string('previous_state', 20).nullable();
    table.string('state', 20).notNullable();
    table
      .string('reason', 1000)
      .nullable()
      .comment('CloudWatch state reason, cut to 1000 characters');
    table
      .bigInteger('at')
      .notNullable()
      .comment('Epoch ms when the alarm changed state');
    table
      .string('origin', 20)
      .notNullable()
      .comment('eventbridge, sns, round or backfill');
    table
      .bigInteger('received_at')
      .notNullable()
      .comment('Epoch ms when the backend stored the change');
    table
      .bigInteger('notified_at')
      .nullable()
      .comment('Epoch ms when people were notified of the change');
    table.unique(['alarm_arn', 'state', 'at'], {
      indexName: 'model_events_change_unique',
    });
    table.index(['alarm_arn', 'at'], 'model_events_alarm_at_idx');
    table.index(['at'], 'model_events_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('model_events');
};
