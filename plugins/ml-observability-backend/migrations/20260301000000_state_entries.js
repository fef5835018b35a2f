// @ts-check

/*
 * Collector state as rows, read and written in parts: a refresh touches its
 * model's entries only, a fleet round writes only the entries that changed.
 * The previous single JSON blob is dropped: the next round is a cold start.
 * The stored health verdict goes: nothing read it but a log line. A history
 * of health and alarm changes will get its own table (model_events).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('collector_state_entries', table => {
    table.comment(
      'State a signal source keeps between rounds, one row per scope and entry',
    );
    table
      .string('source', 50)
      .notNullable()
      .comment('The signal source keeping the entry, e.g. aws');
    table
      .string('scope', 200)
      .notNullable()
      .comment('Where the entry applies, e.g. accountId/region');
    table
      .string('entry_key', 700)
      .notNullable()
      .comment('e.g. endpoint:<name>, custom:<source key>, region');
    table.text('state').notNullable().comment('JSON, opaque to the store');
    table
      .bigInteger('updated_at')
      .notNullable()
      .comment(
        'Time of the round that read it; an older round does not overwrite it',
      );
    table.primary(['source', 'scope', 'entry_key']);
  });
  // collector_state keeps one row per source: the version a fleet round saves against.
  await knex('collector_state').delete();
  await knex.schema.alterTable('model_snapshots', table => {
    table.dropColumn('health_status');
    table.dropColumn('reason_count');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('model_snapshots', table => {
    table.string('health_status', 20).notNullable().defaultTo('unknown');
    table.integer('reason_count').notNullable().defaultTo(0);
  });
  await knex('collector_state').delete();
  await knex.schema.dropTable('collector_state_entries');
};
