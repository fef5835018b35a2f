// @ts-check

/*
 * When a round last wrote each series. A drift feature a drift job lists
 * without datapoints ("no data") has no latest point; pruning keeps such a
 * series while rounds still read it, and drops it `retentionDays` after the
 * last round that did.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('series', table => {
    table
      .bigInteger('seen_at')
      .nullable()
      .comment('Epoch ms of the last round that wrote the series');
  });
  await knex('series').update({ seen_at: Date.now() });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('series', table => {
    table.dropColumn('seen_at');
  });
};
