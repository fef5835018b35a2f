// @ts-check

/*
 * How many features of each custom drift source were found and how many are
 * shown (capped by maxFeatures), kept with the model's snapshot like the
 * other parts a round reads.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('model_snapshots', table => {
    table
      .text('drift_coverage')
      .nullable()
      .comment(
        'JSON DriftCoverage[]: features found and shown per custom drift source',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('model_snapshots', table => {
    table.dropColumn('drift_coverage');
  });
};
