import { useState } from 'react';

/**
 * A number that changes whenever one of `deps` changes (compared with Object.is, as React compares its own
 * dependency lists). Hooks that take their caller's dependency list (useAsync, usePaged) put this one value
 * in their effect's list, so the list stays a literal the hooks lint can check, with nothing suppressed.
 * The previous list is kept in state and updated during render: React's pattern for information from
 * previous renders, which re-renders at once instead of committing a stale value.
 */
export function useDepsVersion(deps: readonly unknown[]): number {
  const [seen, setSeen] = useState({ deps, version: 0 });
  const changed = seen.deps.length !== deps.length || seen.deps.some((d, i) => !Object.is(d, deps[i]));
  if (!changed) return seen.version;
  const next = { deps, version: seen.version + 1 };
  setSeen(next);
  return next.version;
}
