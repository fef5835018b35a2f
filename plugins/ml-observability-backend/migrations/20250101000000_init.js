// @ts-check

/*
 * Snapshots of the observed models, their time series, the collector's state
 * and run bookkeeping. Times are epoch milliseconds (bigint) so that range
 * queries behave the same on SQLite and PostgreSQL.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('model_snapshots', table => {
    table.comment('The latest known state of each observed model');
    table.string('entity_ref', 400).primary().notNullable();
    table.text('title').nullable();
    table
      .string('owner', 400)
      .nullable()
      .comment('Owner entity ref, for filters');
    table.string('lifecycle', 200).nullable();
    table.string('account_id', 20).nullable();
    table.string('region', 40).nullable();
    table.string('time_zone', 100).nullable();
    table
      .text('target')
      .nullable()
      .comment('JSON: what the annotations resolved to, or their errors');
    table
      .text('endpoints')
      .nullable()
      .comment('JSON EndpointInfo[]; null until first read');
    table.text('schedules').nullable().comment('JSON MonitoringScheduleInfo[]');
    table.text('alarms').nullable().comment('JSON AlarmInfo[]');
    table
      .text('publishing')
      .nullable()
      .comment('JSON: schedules known to publish metrics');
    table.text('sources').notNullable().comment('JSON SourceStatuses');
    table
      .text('runbook')
      .nullable()
      .comment('JSON: the last good parsed runbook and where it came from');
    table
      .string('health_status', 20)
      .notNullable()
      .defaultTo('unknown')
      .comment('Verdict at collection time, for change detection');
    table.integer('reason_count').notNullable().defaultTo(0);
    table
      .bigInteger('collected_at')
      .nullable()
      .comment('Last round with good AWS data');
    table
      .bigInteger('checked_at')
      .notNullable()
      .comment('Last round that looked at the model');
    table.index(['owner'], 'model_snapshots_owner_idx');
  });

  await knex.schema.createTable('model_resources', table => {
    table.comment('AWS resources tied to a model, for "who owns this alarm?"');
    table.string('entity_ref', 400).notNullable();
    table
      .string('kind', 20)
      .notNullable()
      .comment('endpoint | schedule | alarm | alarm-arn');
    table
      .string('resource_key', 1024)
      .notNullable()
      .comment('Endpoint and schedule names lower case');
    table.primary(['entity_ref', 'kind', 'resource_key']);
    table.index(['resource_key'], 'model_resources_key_idx');
  });

  await knex.schema.createTable('series', table => {
    table.comment('One metric series of a model');
    table.string('entity_ref', 400).notNullable();
    table.string('series_key', 600).notNullable();
    table.string('kind', 20).notNullable().comment('drift | quality | custom');
    table.string('name', 400).notNullable();
    table
      .text('meta')
      .notNullable()
      .comment('JSON: namespace, dimensions, stat, period, origin');
    table.bigInteger('latest_t').nullable();
    table.double('latest_v').nullable();
    table.primary(['entity_ref', 'series_key']);
  });

  await knex.schema.createTable('series_points', table => {
    table.comment(
      'Datapoints of the series, pruned after the retention period',
    );
    table.string('entity_ref', 400).notNullable();
    table.string('series_key', 600).notNullable();
    table.bigInteger('t').notNullable();
    table.double('v').notNullable();
    table.primary(['entity_ref', 'series_key', 't']);
    table.index(['t'], 'series_points_t_idx');
  });

  await knex.schema.createTable('collector_state', table => {
    table.comment(
      'State the AWS collector keeps between rounds (describe caches, fetch times)',
    );
    table.string('id', 50).primary().notNullable();
    table.text('state').notNullable();
    table.integer('version').notNullable();
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('collection_runs', table => {
    table.comment('One row per collection round');
    table.increments('id');
    table.string('kind', 20).notNullable().comment('fleet | refresh');
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.string('outcome', 20).notNullable().comment('running | ok | failed');
    table.integer('models').notNullable().defaultTo(0);
    table.boolean('metric_discovery').notNullable().defaultTo(false);
    table.text('stats').nullable().comment('JSON CollectionStats');
    table.text('error').nullable();
    table.index(['kind', 'started_at'], 'collection_runs_kind_started_idx');
  });

  await knex.schema.createTable('refresh_claims', table => {
    table.comment(
      'When each model was last refreshed on request, for rate limiting across replicas',
    );
    table.string('entity_ref', 400).primary().notNullable();
    table.bigInteger('claimed_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const name of [
    'refresh_claims',
    'collection_runs',
    'collector_state',
    'series_points',
    'series',
    'model_resources',
    'model_snapshots',
  ]) {
    await knex.schema.dropTable(name);
  }
};
