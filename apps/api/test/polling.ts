/**
 * Waiting for asynchronous effects (notify deliveries, queued jobs, sandbox state) in tests. Shared by the API
 * tests and the cross-app tests in tests/ (tests/support/http.ts re-exports it).
 */

/** Polls `fn` every `every` ms until `ok`, at most `ms` (then throws with the last value). */
export async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000, every = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}: ${JSON.stringify(v)?.slice(0, 1000)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
