/**
 * When this process last put stock back on a SKU (an unpaid order cancelled or closed, a merchant's
 * restock), so orders' SoldOutCache stops answering "sold out" from memory for it at once instead of up to
 * its 1 s bound (issue 18). Process-wide on purpose: the returns happen in plain functions and services of
 * several modules, in transactions not yet committed when they note it (see SoldOutCache for why that is safe).
 * Other instances still rely on the 1 s bound.
 */
const returnedAt = new Map<number, number>();

export function noteStockReturned(skuIds: Iterable<number>, now = Date.now()): void {
  for (const skuId of skuIds) {
    returnedAt.delete(skuId); // re-inserted at the end: time order, for the pruning below
    returnedAt.set(skuId, now);
  }
  if (returnedAt.size > 10_000) {
    for (const [skuId, at] of returnedAt) {
      if (now - at < 60_000) break;
      returnedAt.delete(skuId);
    }
  }
}

/** Milliseconds since epoch of this process's last return of stock to `skuId`, or -Infinity. */
export function lastStockReturn(skuId: number): number {
  return returnedAt.get(skuId) ?? -Infinity;
}
