/*
 * What the operator reads in the backend log about failing sources: a warning when a source starts failing
 * in an account and region, nothing while it keeps failing, one info line when it recovers. The memory of
 * what is failing lives in this process: each replica logs what the rounds it ran saw (the scheduler's lock
 * gives a round to one replica), so after a restart or a switch of replica a failure is logged once more.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  failingSources,
  FailingSourceGroup,
  ModelSources,
  scopeText,
  sourceScopeKey,
} from '../domain/sources';

/** Examples of affected models named in a warning. */
const EXAMPLE_MODELS = 3;

/** The key of a signal source that threw: it has no account or region. */
const signalKey = (id: string) => `signal:${id}`;

/** A signal source that threw in a round (it gave no outcome per model). */
export interface ThrownSource {
  id: string;
  error: Error;
}

/** What one fleet round tells the log. */
export interface RoundSources {
  runId: number;
  /** Every model of the round with the sources it read this round (a source not read is absent). */
  models: ModelSources[];
  /** The signal sources asked this round, and those of them that threw. */
  asked: string[];
  thrown: ThrownSource[];
  /** The AWS source that fails the round is logged at error level. */
  errorLevel?: (id: string) => boolean;
}

interface Failing {
  what: string;
  since: Date;
}

/** The log of failing sources, once per source and account/region (or signal source) until it recovers. */
export class SourceFailureLog {
  private readonly failing = new Map<string, Failing>();

  constructor(private readonly logger: LoggerService) {}

  round(round: RoundSources, now: Date): void {
    const current = this.currentFailures(round);
    for (const [key, failure] of current) {
      if (this.failing.has(key)) continue;
      this.failing.set(key, { what: failure.what, since: now });
      failure.log();
    }
    const read = readScopes(round);
    for (const [key, failing] of [...this.failing]) {
      if (current.has(key)) continue;
      if (read.gone(key)) {
        // No model of the round lives there any more: nothing to recover, and nothing to remember.
        this.failing.delete(key);
      } else if (read.has(key)) {
        this.failing.delete(key);
        this.logger.info(
          `ML observability ${failing.what} recovered in collection ${
            round.runId
          }; it had been failing since ${failing.since.toISOString()}`,
        );
      }
    }
  }

  private currentFailures(
    round: RoundSources,
  ): Map<string, { what: string; log: () => void }> {
    const current = new Map<string, { what: string; log: () => void }>();
    for (const thrown of round.thrown) {
      const what = `signal source ${thrown.id}`;
      const level = round.errorLevel?.(thrown.id) ? 'error' : 'warn';
      current.set(signalKey(thrown.id), {
        what,
        log: () =>
          this.logger[level](
            `ML observability collection ${round.runId}: ${what} failed; logged once until it recovers`,
            thrown.error,
          ),
      });
    }
    for (const group of byScope(failingSources(round.models))) {
      const what = `source ${group.source} in ${scopeText(group)}`;
      current.set(sourceScopeKey(group), {
        what,
        log: () => this.logger.warn(warningOf(round.runId, what, group)),
      });
    }
    return current;
  }
}

/** The groups of one source in one account and region, all outcomes together (the first one's message). */
function byScope(groups: FailingSourceGroup[]): FailingSourceGroup[] {
  const merged = new Map<string, FailingSourceGroup>();
  for (const group of groups) {
    const key = sourceScopeKey(group);
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...group, entityRefs: [...group.entityRefs] });
    else seen.entityRefs.push(...group.entityRefs);
  }
  return [...merged.values()];
}

function warningOf(
  runId: number,
  what: string,
  group: FailingSourceGroup,
): string {
  const refs = [...group.entityRefs].sort();
  const examples = refs.slice(0, EXAMPLE_MODELS).join(', ');
  const more =
    refs.length > EXAMPLE_MODELS
      ? ` and ${refs.length - EXAMPLE_MODELS} more`
      : '';
  return (
    `ML observability collection ${runId}: ${what} is failing (${
      group.outcome
    }) for ${refs.length} model${
      refs.length === 1 ? '' : 's'
    } (${examples}${more})` +
    `${
      group.message ? `: ${group.message}` : ''
    }; logged once until it recovers`
  );
}

/**
 * Which keys this round could have seen recover: a source read (with any outcome) by a model in that
 * account and region, or a signal source asked; and which are gone, no model of the round being there.
 */
function readScopes(round: RoundSources): {
  has(key: string): boolean;
  gone(key: string): boolean;
} {
  const read = new Set<string>();
  const places = new Set<string>();
  for (const model of round.models) {
    const place = { accountId: model.accountId, region: model.region };
    places.add(sourceScopeKey({ source: '', ...place }));
    for (const [source, status] of Object.entries(model.sources)) {
      if (status) read.add(sourceScopeKey({ source, ...place }));
    }
  }
  for (const id of round.asked) read.add(signalKey(id));
  return {
    has: key => read.has(key),
    gone: key => {
      if (key.startsWith('signal:')) return false;
      const place = key.slice(key.indexOf('|'));
      return !places.has(place);
    },
  };
}
