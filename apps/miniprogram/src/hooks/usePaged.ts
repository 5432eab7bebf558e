import { useCallback, useEffect, useRef, useState } from 'react';
import type { Paged } from '../api/types';
import { useDepsVersion } from './useDepsVersion';

/** Infinite list over a paged endpoint: `loadMore()` on reach-bottom, `refresh()` on pull-down. */
export function usePaged<T>(fetchPage: (page: number) => Promise<Paged<T>>, deps: readonly unknown[], opts: { enabled?: boolean } = {}) {
  const enabled = opts.enabled ?? true;
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState(0);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<unknown>();
  const seq = useRef(0);
  // the latest loader, so a reload always asks with the current props; when to load is the deps' business
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  const depsVersion = useDepsVersion(deps);

  const load = useCallback(async (p: number) => {
    const my = ++seq.current;
    setLoading(true);
    setError(undefined);
    try {
      const res = await fetchRef.current(p);
      if (my !== seq.current) return;
      setItems((prev) => (p === 1 ? res.items : [...prev, ...res.items]));
      setTotal(res.total);
      setPage(p);
    } catch (err) {
      if (my === seq.current) setError(err);
    } finally {
      if (my === seq.current) setLoading(false);
    }
  }, []);

  // declared after the ref's effect, so it runs after it in the same commit and loads with the latest loader
  useEffect(() => {
    if (enabled) void load(1);
    else setLoading(false);
  }, [enabled, depsVersion, load]);

  const hasMore = items.length < total;
  return {
    items,
    total,
    loading,
    error,
    /** First page is loading (show the page-level loading state). */
    initialLoading: loading && page === 0,
    hasMore,
    refresh: () => load(1),
    loadMore: () => (hasMore && !loading ? load(page + 1) : Promise.resolve()),
    setItems,
  };
}
