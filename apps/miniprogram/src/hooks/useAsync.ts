import { useCallback, useEffect, useRef, useState } from 'react';
import { useDepsVersion } from './useDepsVersion';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (d: T | undefined) => void;
}

/** Runs `fn` on mount and whenever `deps` change; the last call wins. `enabled: false` skips it. */
export function useAsync<T>(fn: () => Promise<T>, deps: readonly unknown[], opts: { enabled?: boolean } = {}): AsyncState<T> {
  const enabled = opts.enabled ?? true;
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(enabled);
  const seq = useRef(0);
  // the latest loader, so a reload always asks with the current props; when to load is the deps' business
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  const depsVersion = useDepsVersion(deps);

  const reload = useCallback(async () => {
    const my = ++seq.current;
    setLoading(true);
    setError(undefined);
    try {
      const result = await fnRef.current();
      if (my === seq.current) setData(result);
    } catch (err) {
      if (my === seq.current) setError(err);
    } finally {
      if (my === seq.current) setLoading(false);
    }
  }, []);

  // declared after the ref's effect, so it runs after it in the same commit and loads with the latest loader
  useEffect(() => {
    if (enabled) void reload();
    else setLoading(false);
  }, [enabled, depsVersion, reload]);

  return { data, error, loading, reload, setData };
}
