import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { ActionStore } from './ActionStore';
import { EventStore } from './EventStore';
import { RunStore } from './RunStore';
import { SeriesStore } from './SeriesStore';
import { SnapshotStore } from './SnapshotStore';
import { StateStore } from './StateStore';

export { EventStore } from './EventStore';
export { ActionStore } from './ActionStore';
export type {
  ActionRunResult,
  NewActionRun,
  StartRunResult,
  StoredActionRun,
} from './ActionStore';
export type { RunKind } from './RunStore';
export type { LoadedState } from './StateStore';
export * from './types';

/** The plugin's tables, all on one knex client. */
export interface Stores {
  snapshots: SnapshotStore;
  series: SeriesStore;
  runs: RunStore;
  /** The collector state of each signal source. */
  state: StateStore;
  /** The alert history: alarm state changes. */
  events: EventStore;
  /** Runbook action runs and their locks. */
  actions: ActionStore;
}

const MIGRATIONS_DIR = resolvePackagePath(
  '@mlobs/backstage-plugin-ml-observability-backend',
  'migrations',
);

export async function migrateDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
}

export function storesFor(knex: Knex): Stores {
  return {
    snapshots: new SnapshotStore(knex),
    series: new SeriesStore(knex),
    runs: new RunStore(knex),
    state: new StateStore(knex),
    events: new EventStore(knex),
    actions: new ActionStore(knex),
  };
}

/** Opens the plugin database, migrating it unless the deployment manages migrations itself. */
export async function createStores(database: DatabaseService): Promise<Stores> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) await migrateDatabase(knex);
  return storesFor(knex);
}
