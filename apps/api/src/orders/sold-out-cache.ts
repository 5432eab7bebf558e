import { Injectable } from '@nestjs/common';
import { lastStockReturn } from '../catalog/recent-stock-returns.js';

/** How long a sold-out answer may be reused: the bound on staleness (issue 18). */
export const SOLD_OUT_TTL_MS = 1_000;
/** How long this instance remembers the idempotency keys it placed orders with (see `placedRecently`). */
const PLACED_MEMORY_MS = 60_000;

/**
 * Sold-out answers from memory, per API instance (issue 18). When a flash sale ends, thousands of buyers
 * keep asking for the SKU; each answer used to cost a database round trip. A one-line order for a SKU of a
 * shop that this instance saw sold out (available 0) in a snapshot taken less than SOLD_OUT_TTL_MS ago is
 * answered OUT_OF_STOCK without PostgreSQL.
 * - Only "available 0" is remembered, never an available count (a smaller quantity may still fit).
 * - The entry's time is when the request that saw it started, before its snapshot: stock returned (a
 *   cancel, a close, a merchant's adjustment) more than SOLD_OUT_TTL_MS ago was committed before that
 *   snapshot, so a remembered sold-out never refuses it.
 * - Stock this process puts back (catalog/recent-stock-returns.ts) ends the memory of the SKU at once. The
 *   return is noted before its transaction commits, so a sold-out seen up to SOLD_OUT_TTL_MS after the
 *   note is not trusted either (the commit follows the note within that time).
 * - An idempotency key this instance placed an order with in the last minute is never answered from here
 *   (its replay must return its order, even after the SKU sold out).
 */
@Injectable()
export class SoldOutCache {
  private readonly soldOut = new Map<string, number>();
  private readonly placed = new Map<string, number>();

  /** Remembers that `skuId` had nothing available in `shopId` in a snapshot taken after `seenAt` (ms). */
  remember(shopId: number, skuId: number, seenAt: number): void {
    const key = `${shopId}:${skuId}`;
    if ((this.soldOut.get(key) ?? -Infinity) >= seenAt) return;
    this.soldOut.delete(key); // re-inserted at the end: the map stays in time order for prune()
    this.soldOut.set(key, seenAt);
    if (this.soldOut.size > 10_000) this.prune(this.soldOut, Date.now() - SOLD_OUT_TTL_MS);
  }

  /** True while a remembered sold-out of this SKU in this shop is younger than SOLD_OUT_TTL_MS. */
  isSoldOut(shopId: number, skuId: number, buyerUserId: number, idempotencyKey: string, now = Date.now()): boolean {
    const seenAt = this.soldOut.get(`${shopId}:${skuId}`);
    if (seenAt === undefined) return false;
    // expired, or this process put stock back on the SKU since (or just before) it was seen sold out
    if (now - seenAt >= SOLD_OUT_TTL_MS || seenAt < lastStockReturn(skuId) + SOLD_OUT_TTL_MS) {
      this.soldOut.delete(`${shopId}:${skuId}`);
      return false;
    }
    return !this.placedRecently(buyerUserId, idempotencyKey, now);
  }

  /** Records an order placed by this instance (for the replay exception above). */
  notePlaced(buyerUserId: number, idempotencyKey: string, now = Date.now()): void {
    this.placed.delete(`${buyerUserId}:${idempotencyKey}`);
    this.placed.set(`${buyerUserId}:${idempotencyKey}`, now);
    if (this.placed.size > 100_000) this.prune(this.placed, now - PLACED_MEMORY_MS);
  }

  private placedRecently(buyerUserId: number, idempotencyKey: string, now: number): boolean {
    const at = this.placed.get(`${buyerUserId}:${idempotencyKey}`);
    return at !== undefined && now - at < PLACED_MEMORY_MS;
  }

  /** Maps keep insertion order, which is time order here: drop from the front while too old. */
  private prune(map: Map<string, number>, olderThan: number): void {
    for (const [key, at] of map) {
      if (at >= olderThan) break;
      map.delete(key);
    }
  }
}
