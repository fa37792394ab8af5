import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** Fetch again now (after a change the user made). */
  reload: () => Promise<void>;
}

/**
 * Data from the server, fetched at mount and, with `everyMs`, again on a
 * timer. A poll only replaces the data: the components re-render in place,
 * so an input being typed into keeps its text, focus and caret, and the page
 * keeps its scroll. A fetch that fails keeps the last good data and says why.
 */
export function useLoad<T>(load: () => Promise<T>, everyMs?: number, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  const reload = useCallback(async () => {
    try {
      const value = await load();
      if (!alive.current) return;
      setData(value);
      setError(null);
    } catch (err) {
      if (alive.current) setError(err instanceof Error ? err.message : String(err));
    }
  }, deps);
  useEffect(() => {
    alive.current = true;
    void reload();
    const timer = everyMs ? window.setInterval(() => void reload(), everyMs) : undefined;
    return () => {
      alive.current = false;
      window.clearInterval(timer);
    };
  }, [reload, everyMs]);
  return { data, error, reload };
}

let seq = 0;
/** A stable id for tying a label to its input. */
export function useId(prefix = 'p'): string {
  const ref = useRef('');
  if (!ref.current) ref.current = `${prefix}${++seq}`;
  return ref.current;
}

export interface Outcome {
  /** What the last action did, for the page's status line. */
  status: string;
  /** Why the last action failed, or null. */
  error: string | null;
  /** An action worked: read the page's data again, then say so. */
  done: (message: string) => void;
  /** An action failed: say why. */
  fail: (err: unknown) => void;
}

/** The result of a page's actions (create, revoke, disable…): one status line and one error line for all of them. */
export function useOutcome(reload: () => Promise<void>): Outcome {
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  return {
    status,
    error,
    done: (message) => {
      setError(null);
      void reload().then(() => setStatus(message));
    },
    fail: (err) => setError(err instanceof Error ? err.message : String(err)),
  };
}
