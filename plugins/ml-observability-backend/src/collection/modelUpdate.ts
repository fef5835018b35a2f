import type {
  SourceId,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';
import type { ModelObservation } from '../collectors/types';
import type { ModelUpdate } from '../store';
import type { RunbookReadResult } from './RunbookReader';
import type { ResolvedModel } from './targets';

/** The sources the AWS signal source reports for a model. */
export const AWS_SOURCE_IDS: SourceId[] = [
  'endpoints',
  'schedules',
  'executions',
  'alarms',
  'metrics',
  'custom-metrics',
];

/**
 * What one round stores for a model: the catalog's view of it, what AWS
 * said (parts not read stay undefined, so the stored ones are kept) and the
 * outcome of each source, the runbook and the annotations included.
 * `failure` is set when the whole AWS collection failed.
 */
export function modelUpdateOf(
  model: ResolvedModel,
  observation: ModelObservation | undefined,
  runbook: RunbookReadResult | undefined,
  failure: string | undefined,
): ModelUpdate {
  const sources: SourceStatuses = {
    catalog: model.catalogStatus,
    ...observation?.sources,
  };
  if (failure && model.target) {
    for (const id of AWS_SOURCE_IDS) {
      sources[id] = { outcome: 'error', message: failure };
    }
  }
  const update: ModelUpdate = {
    entityRef: model.entityRef,
    ...(model.title ? { title: model.title } : {}),
    ...(model.owner ? { owner: model.owner } : {}),
    ...(model.lifecycle ? { lifecycle: model.lifecycle } : {}),
    ...(model.stored.accountId ? { accountId: model.stored.accountId } : {}),
    ...(model.stored.region ? { region: model.stored.region } : {}),
    ...(model.stored.timeZone ? { timeZone: model.stored.timeZone } : {}),
    target: model.stored,
    ...(observation?.endpoints ? { endpoints: observation.endpoints } : {}),
    ...(observation?.monitoringSchedules
      ? { monitoringSchedules: observation.monitoringSchedules }
      : {}),
    ...(observation?.alarms ? { alarms: observation.alarms } : {}),
    ...(observation?.publishingSchedules
      ? { publishingSchedules: observation.publishingSchedules }
      : {}),
    ...(observation?.driftCoverage
      ? { driftCoverage: observation.driftCoverage }
      : {}),
    sources,
  };
  if (!model.stored.runbook) {
    update.runbook = null;
    update.dropSources = ['runbook'];
  } else if (runbook?.outcome === 'ok') {
    update.runbook = runbook.runbook;
    sources.runbook = { outcome: 'ok' };
  } else if (runbook?.outcome === 'unchanged') {
    sources.runbook = { outcome: 'ok' };
  } else if (runbook) {
    sources.runbook = { outcome: runbook.outcome, message: runbook.message };
  }
  return update;
}
