import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  compareHealth,
  FleetPage,
  FleetQuery,
  FleetRow,
  fleetRowOf,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { ownerOf } from '../collection/targets';
import type { MlObservabilityConfig } from '../config';
import { assembleReport, AssembledReport } from '../report/buildReport';
import {
  checkLimit,
  decodeCursor,
  encodeCursor,
  FleetFilter,
  matchesFilter,
  normalizeOwners,
} from '../report/fleet';
import type { ModelSnapshot, Stores, StoredSeries } from '../store';
import { readableEntities } from './access';

/** The fleet's sparklines cover the last day. */
const SPARKLINE_MS = 86_400_000;

export interface FleetContext {
  catalog: CatalogService;
  permissions: PermissionsService;
  stores: Stores;
  config: MlObservabilityConfig;
  now: Date;
}

function groupByRef(series: StoredSeries[]): Map<string, StoredSeries[]> {
  const map = new Map<string, StoredSeries[]>();
  for (const s of series) {
    const list = map.get(s.entityRef) ?? [];
    list.push(s);
    map.set(s.entityRef, list);
  }
  return map;
}

/** The snapshot with the catalog's current title, owner and lifecycle. */
export function withCatalogFacts(
  snapshot: ModelSnapshot,
  entity: Entity,
): ModelSnapshot {
  const lifecycle = (entity.spec as { lifecycle?: unknown } | undefined)
    ?.lifecycle;
  return {
    ...snapshot,
    title: entity.metadata.title,
    owner: ownerOf(entity),
    lifecycle: typeof lifecycle === 'string' ? lifecycle : undefined,
  };
}

function rowOf(assembled: AssembledReport, snapshot: ModelSnapshot): FleetRow {
  return fleetRowOf(assembled.report, {
    ...(snapshot.title ? { title: snapshot.title } : {}),
    ...(snapshot.owner ? { owner: snapshot.owner } : {}),
    ...(snapshot.lifecycle ? { lifecycle: snapshot.lifecycle } : {}),
  });
}

/**
 * One page of the fleet, worst first, among the models the caller may read.
 * Verdicts are computed now (not at collection time), so staleness and the
 * business-hours thresholds are current.
 */
export async function fleetPage(
  query: FleetQuery,
  credentials: BackstageCredentials,
  context: FleetContext,
): Promise<FleetPage> {
  const { stores, config, now } = context;
  const limit = checkLimit(query.limit);
  const filter: FleetFilter = {
    ...(query.owner?.length ? { owner: normalizeOwners(query.owner) } : {}),
    ...(query.status?.length ? { status: query.status } : {}),
    ...(query.lifecycle?.length ? { lifecycle: query.lifecycle } : {}),
    ...(query.accountId?.length ? { account: query.accountId } : {}),
    ...(query.region?.length ? { region: query.region } : {}),
  };
  const offset = query.cursor ? decodeCursor(query.cursor, filter) : 0;

  const snapshots = await stores.snapshots.list();
  const readable = await readableEntities(
    snapshots.map(s => s.entityRef),
    credentials,
    context.catalog,
    context.permissions,
  );
  const visible = snapshots.flatMap(s => {
    const entity = readable.get(s.entityRef);
    return entity ? [withCatalogFacts(s, entity)] : [];
  });
  const series = groupByRef(
    await stores.series.listMeta(visible.map(s => s.entityRef)),
  );

  const rows = visible
    .map(snapshot => {
      const assembled = assembleReport(
        { snapshot, series: series.get(snapshot.entityRef) ?? [] },
        config,
        now,
      );
      return { snapshot, assembled, row: rowOf(assembled, snapshot) };
    })
    .filter(r => matchesFilter(r.row, filter))
    .sort((a, b) => compareHealth(a.row, b.row));

  const page = rows.slice(offset, offset + limit);
  const items = await Promise.all(
    page.map(async ({ snapshot, assembled, row }) => {
      const key = assembled.qualityKeys[0] ?? assembled.customKeys[0];
      if (!key) return row;
      const [withPoints] = await stores.series.listWithPoints(
        snapshot.entityRef,
        new Date(now.getTime() - SPARKLINE_MS),
        [key],
      );
      const modelSeries = (series.get(snapshot.entityRef) ?? []).map(s =>
        s.key === key && withPoints ? withPoints : s,
      );
      return rowOf(
        assembleReport({ snapshot, series: modelSeries }, config, now),
        snapshot,
      );
    }),
  );

  return {
    items,
    ...(offset + limit < rows.length
      ? { nextCursor: encodeCursor(offset + limit, filter) }
      : {}),
    totalCount: rows.length,
  };
}
