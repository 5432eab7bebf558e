import { useCallback, useEffect, useRef, useState } from 'react';
import type { Paged } from '../api/types';

/** Infinite list over a paged endpoint: `loadMore()` on reach-bottom, `refresh()` on pull-down. */
export function usePaged<T>(fetchPage: (page: number) => Promise<Paged<T>>, deps: unknown[], opts: { enabled?: boolean } = {}) {
  const enabled = opts.enabled ?? true;
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState(0);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<unknown>();
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

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

  useEffect(() => {
    if (enabled) void load(1);
    else setLoading(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps]);

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
