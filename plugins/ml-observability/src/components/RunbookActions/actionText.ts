import {
  formatDuration,
  mlObservabilityActPermission,
  VariantWeight,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { retryAfterSeconds, serverMessage, statusOf } from '../../hooks/errors';

/**
 * What went wrong with planning, applying or undoing, in a sentence that is
 * never blank: a 409 names who acts (or why the backend refused), a 429 says
 * when to try again, a 403 names the permission.
 */
export function actionErrorText(error: unknown, doing: string): string {
  const message = serverMessage(error).trim() || 'the backend gave no reason';
  switch (statusOf(error)) {
    case 409:
      return `${doing} was refused: ${message}`;
    case 429: {
      const seconds = retryAfterSeconds(error);
      return `Too many action runs on this model recently: ${message}${
        seconds !== undefined
          ? ` (try again in ${formatDuration(seconds)})`
          : ''
      }`;
    }
    case 403:
      return `Not allowed: ${doing.toLocaleLowerCase('en-US')} needs the ${
        mlObservabilityActPermission.name
      } permission on this model (${message})`;
    default:
      return `${doing} failed: ${message}`;
  }
}

/** "40%" with at most one decimal. */
export function percentText(value: number): string {
  return `${Number(value.toFixed(1))}%`;
}

/** One variant's share before and after: "AllTraffic 100% → 0%". */
export interface WeightChange {
  variant: string;
  before?: VariantWeight;
  after?: VariantWeight;
}

/** The variants of both lists, in the order they first appear. */
export function weightChanges(
  before: VariantWeight[],
  after: VariantWeight[],
): WeightChange[] {
  const names = [...new Set([...before, ...after].map(w => w.variant))];
  return names.map(variant => ({
    variant,
    before: before.find(w => w.variant === variant),
    after: after.find(w => w.variant === variant),
  }));
}

/** "AllTraffic 100% → 0%, rules-fallback 0% → 100%". */
export function weightChangesText(
  before: VariantWeight[],
  after: VariantWeight[],
): string {
  const share = (w?: VariantWeight) =>
    w ? percentText(w.trafficPercent) : '—';
  return weightChanges(before, after)
    .map(c => `${c.variant} ${share(c.before)} → ${share(c.after)}`)
    .join(', ');
}

/** A fresh idempotency key: a UUID where the browser has one. */
export function newIdempotencyKey(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid) return uuid;
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
