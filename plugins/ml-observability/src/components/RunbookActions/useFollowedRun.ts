import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { ActionRun } from '@mlobs/backstage-plugin-ml-observability-common';
import { mlObservabilityApiRef } from '../../api';

/** How often a running run is read again. */
export const RUN_POLL_INTERVAL_MS = 2000;

export interface FollowedRun {
  run?: ActionRun;
  /** The latest failure to read the run; reading goes on while it runs. */
  pollError?: unknown;
  /** Shows a run (as the apply or undo request answered it) and follows it while it runs. */
  follow: (run: ActionRun) => void;
}

/**
 * A run of a runbook action, read again every `intervalMs` while its status
 * is `running`; `onChange` is called when it is first shown and when its
 * status changes (once it is no longer running), not on every progress line.
 */
export function useFollowedRun(
  entityRef: string,
  intervalMs: number,
  onChange?: (run: ActionRun) => void,
): FollowedRun {
  const api = useApi(mlObservabilityApiRef);
  const [run, setRun] = useState<ActionRun>();
  const [pollError, setPollError] = useState<unknown>();
  const changed = useRef(onChange);
  changed.current = onChange;

  const runId = run?.id;
  const running = run?.status === 'running';
  useEffect(() => {
    if (!runId || !running) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = () => {
      timer = setTimeout(async () => {
        try {
          const next = await api.getActionRun(entityRef, runId);
          if (cancelled) return;
          setPollError(undefined);
          setRun(next);
          if (next.status === 'running') poll();
        } catch (error) {
          if (cancelled) return;
          setPollError(error);
          poll();
        }
      }, intervalMs);
    };
    poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, entityRef, runId, running, intervalMs]);

  const status = run?.status;
  useEffect(() => {
    if (run) changed.current?.(run);
    // once per run and status, not on every progress line
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, status]);

  const follow = useCallback((next: ActionRun) => {
    setPollError(undefined);
    setRun(next);
  }, []);
  return { run, pollError, follow };
}
