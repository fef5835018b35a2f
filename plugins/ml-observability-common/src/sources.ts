/**
 * The sources of a report in words, and which of them the verdict could not
 * see. Shared by the verdict's sentences and the pages that name sources.
 */
import type {
  ExtensionSourceId,
  FailedSource,
  SourceId,
  SourceOutcome,
  SourceStatus,
  SourceStatuses,
} from './types';

// Also the order in which failed sources are named.
const SOURCE_NAMES: Record<SourceId, string> = {
  endpoints: 'SageMaker endpoints',
  schedules: 'monitoring schedules',
  executions: 'monitoring executions',
  metrics: 'Model Monitor metrics',
  'custom-metrics': 'custom CloudWatch metrics',
  alarms: 'CloudWatch alarms',
  runbook: 'runbook',
  catalog: 'catalog entry',
};

const BUILT_IN_ORDER = Object.keys(SOURCE_NAMES);

/** Outcomes of a source that was asked and gave nothing usable. */
const UNREAD_OUTCOMES: ReadonlySet<SourceOutcome> = new Set([
  'throttled',
  'denied',
  'error',
  'unsupported',
]);

/** Whether a source id names an adopter's signal source (`ext:<id>`). @public */
export function isExtensionSource(id: string): id is ExtensionSourceId {
  return id.startsWith('ext:');
}

/**
 * A source as a noun phrase for the middle of a sentence: "monitoring
 * schedules", "Model Monitor metrics", "signal source prometheus".
 * @public
 */
export function sourceName(id: string): string {
  if (isExtensionSource(id)) return `signal source ${id.slice('ext:'.length)}`;
  return SOURCE_NAMES[id as SourceId] ?? id;
}

/** "a", "a and b", "a, b and c". */
function inWords(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Sources named in one phrase: "monitoring schedules and Model Monitor metrics".
 * @public
 */
export function sourceNames(ids: string[]): string {
  return inWords(ids.map(sourceName));
}

function rank(id: string): number {
  const builtIn = BUILT_IN_ORDER.indexOf(id);
  return builtIn >= 0 ? builtIn : BUILT_IN_ORDER.length;
}

/** Built-in sources in their fixed order, then extension sources by id. */
function compareSourceIds(a: string, b: string): number {
  return rank(a) - rank(b) || a.localeCompare(b, 'en');
}

/** Whether a source's last good data is at most `freshSeconds` old. */
function hasFreshData(
  status: SourceStatus,
  now: Date,
  freshSeconds: number,
): boolean {
  const lastGood = status.lastSuccessAt
    ? Date.parse(status.lastSuccessAt)
    : NaN;
  return (
    !Number.isNaN(lastGood) && (now.getTime() - lastGood) / 1000 <= freshSeconds
  );
}

/**
 * The sources a verdict at `now` cannot see: asked, but throttled, denied,
 * failed or unsupported, with no good data within `freshSeconds`. A source
 * still pending, not found (a fact about the model) or briefly failing with
 * recent data kept is not among them.
 * @public
 */
export function failedSourcesOf(
  sources: SourceStatuses,
  now: Date,
  freshSeconds: number,
): FailedSource[] {
  return (Object.entries(sources) as Array<[string, SourceStatus | undefined]>)
    .filter(
      ([, status]) =>
        status &&
        UNREAD_OUTCOMES.has(status.outcome) &&
        !hasFreshData(status, now, freshSeconds),
    )
    .sort(([a], [b]) => compareSourceIds(a, b))
    .map(([source, status]) => ({
      source,
      outcome: status!.outcome,
      ...(status!.message ? { message: status!.message } : {}),
      ...(status!.lastSuccessAt
        ? { lastSuccessAt: status!.lastSuccessAt }
        : {}),
    }));
}
