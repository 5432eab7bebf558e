/**
 * In-process single flight per key. Concurrent duplicates of one callback would otherwise each take a pool
 * connection and queue on the same row lock, while the holder may need one more connection (the ledger
 * creates accounts on the pool): ten duplicates could starve a ten-connection pool. Queuing them here
 * first means one connection per key per process; across processes the row lock still decides.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    this.tails.set(key, next);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === next) this.tails.delete(key);
    }
  }
}
