import { useEffect, useRef } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useSignal } from '@backstage/plugin-signals-react';

/** How long a burst of messages is gathered before one refetch. */
export const SIGNAL_DEBOUNCE_MS = 1000;

/**
 * The signals channel the backend publishes a model's alarm transitions on:
 * `ml-observability:<entity ref>`, the ref stringified and lower case.
 */
export function modelSignalChannel(entityRef: string): string {
  return `ml-observability:${stringifyEntityRef(
    parseEntityRef(entityRef),
  ).toLocaleLowerCase('en-US')}`;
}

/**
 * Calls `onSignal` once per burst of messages on the model's channel, at most
 * every {@link SIGNAL_DEBOUNCE_MS} after the last one. Does nothing in apps
 * without the signals API.
 */
export function useModelSignal(entityRef: string, onSignal: () => void) {
  const { lastSignal } = useSignal(modelSignalChannel(entityRef));
  const callback = useRef(onSignal);
  callback.current = onSignal;
  useEffect(() => {
    if (lastSignal === null) return undefined;
    const timer = setTimeout(() => callback.current(), SIGNAL_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [lastSignal]);
}
