import { AccessTokenCache } from './access-token.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('AccessTokenCache', () => {
  it('shares one in-flight fetch among concurrent callers', async () => {
    const d = deferred<{ accessToken: string; expiresIn: number }>();
    let calls = 0;
    const fetchToken = () => {
      calls += 1;
      return d.promise;
    };
    const cache = new AccessTokenCache({ fetchToken });
    const all = Promise.all(Array.from({ length: 20 }, () => cache.get()));
    d.resolve({ accessToken: 'T1', expiresIn: 7200 });
    expect(await all).toEqual(Array(20).fill('T1'));
    expect(calls).toBe(1);
    expect(cache.fetchCount).toBe(1);
  });

  it('refreshes 5 minutes before expiry, not earlier', async () => {
    let now = 1_000_000;
    let n = 0;
    const cache = new AccessTokenCache({ now: () => now, fetchToken: async () => ({ accessToken: `T${++n}`, expiresIn: 7200 }) });
    expect(await cache.get()).toBe('T1');
    now += (7200 - 301) * 1000;
    expect(await cache.get()).toBe('T1');
    now += 2000; // now 299 s before expiry
    expect(await cache.get()).toBe('T2');
    expect(cache.fetchCount).toBe(2);
  });

  it('does not cache a failed fetch, and the next caller retries', async () => {
    let fail = true;
    const cache = new AccessTokenCache({
      fetchToken: async () => {
        if (fail) throw new Error('boom');
        return { accessToken: 'OK', expiresIn: 7200 };
      },
    });
    await expect(Promise.all([cache.get(), cache.get()])).rejects.toThrow('boom');
    expect(cache.fetchCount).toBe(1);
    fail = false;
    expect(await cache.get()).toBe('OK');
  });

  it('invalidate(token) drops only that token', async () => {
    let n = 0;
    const cache = new AccessTokenCache({ fetchToken: async () => ({ accessToken: `T${++n}`, expiresIn: 7200 }) });
    expect(await cache.get()).toBe('T1');
    cache.invalidate('T0'); // a stale token from before: keep T1
    expect(await cache.get()).toBe('T1');
    cache.invalidate('T1');
    expect(await cache.get()).toBe('T2');
  });
});
