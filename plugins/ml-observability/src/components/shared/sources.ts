import {
  isExtensionSource,
  sourceName,
  SourceId,
  SourceOutcome,
  SourceStatuses,
} from '@mlobs/backstage-plugin-ml-observability-common';

/** The cards of the entity tab that show data read from sources. */
export type CardName =
  | 'drift'
  | 'quality'
  | 'alarms'
  | 'monitoring'
  | 'ownership'
  | 'fairness';

/**
 * What each card is built from, so each warns about every input that failed:
 * the built-in sources it reads, and whether adopters' signal sources
 * (`ext:<id>`, which may add series and alarms) feed it.
 */
export const CARD_SOURCES: Record<
  CardName,
  { sources: SourceId[]; extensions: boolean }
> = {
  // Model Monitor drift and quality: the schedules say which metrics are theirs, executions say when
  // new values exist, the metrics carry them; custom ones come from custom-metrics; the runbook sets
  // the thresholds.
  drift: {
    sources: [
      'schedules',
      'executions',
      'metrics',
      'custom-metrics',
      'runbook',
    ],
    extensions: true,
  },
  quality: {
    sources: [
      'schedules',
      'executions',
      'metrics',
      'custom-metrics',
      'runbook',
    ],
    extensions: true,
  },
  alarms: { sources: ['alarms'], extensions: true },
  // Endpoints with their data capture, and the schedules with their last runs.
  monitoring: {
    sources: ['endpoints', 'schedules', 'executions'],
    extensions: false,
  },
  ownership: { sources: ['catalog', 'runbook'], extensions: false },
  // Clarify bias and attribution: like drift, Model Monitor metrics read after executions; custom
  // bias metrics; the runbook's bounds.
  fairness: {
    sources: [
      'schedules',
      'executions',
      'metrics',
      'custom-metrics',
      'runbook',
    ],
    extensions: true,
  },
};

/** The sources a card depends on in this report: its built-in ones, then its signal sources by id. */
export function cardSourceIds(
  card: CardName,
  sources: SourceStatuses,
): string[] {
  const { sources: builtIn, extensions } = CARD_SOURCES[card];
  const added = extensions
    ? Object.keys(sources).filter(isExtensionSource).sort()
    : [];
  return [...builtIn, ...added];
}

/** A source's name at the start of a line: "Monitoring schedules", "Signal source prometheus". */
export function sourceTitle(id: string): string {
  const name = sourceName(id);
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

const OUTCOME_TEXT: Partial<Record<SourceOutcome, string>> = {
  throttled: 'throttled by AWS',
  denied: 'access denied',
  'not-found': 'not found',
  unsupported: 'not available',
  error: 'failed',
};

/** Outcomes after which a card shows older data, or none. */
export function isDegraded(outcome: SourceOutcome): boolean {
  return outcome in OUTCOME_TEXT;
}

/** What happened to a source, in words: "throttled by AWS", "access denied". */
export function outcomeText(outcome: SourceOutcome): string {
  return OUTCOME_TEXT[outcome] ?? outcome;
}
