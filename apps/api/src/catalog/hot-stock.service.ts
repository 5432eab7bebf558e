import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { preparedQuery } from '../database/prepared.js';
import { noteStockReturned } from './recent-stock-returns.js';
import { Conflict, NotFound } from '../domain/errors.js';

/**
 * SQL for a SKU's available stock, the one number merchants and buyers see: the SKU row's own stock plus
 * its hot-stock slots (`alias` names the `sku` row in the surrounding query).
 */
export const availableStockSql = (alias = 's') =>
  `(${alias}.stock + COALESCE((SELECT sum(hs.stock) FROM sku_stock_slot hs WHERE hs.sku_id = ${alias}.id), 0))::int`;

/**
 * Stock reservation with hot-SKU splitting (docs/hot-stock.md).
 *
 * A SKU's stock lives in its `sku.stock` and, once the SKU turned hot, in K `sku_stock_slot` rows. Every
 * row has `CHECK (stock >= 0)` and every change is a conditional UPDATE inside the caller's transaction, so
 * reservations can never oversell, and a reservation commits or rolls back with its order.
 * - cold SKU: one `UPDATE sku ... WHERE stock >= q` (unchanged behaviour);
 * - hot SKU: take q from a random unlocked slot (`FOR UPDATE SKIP LOCKED`), so K orders proceed in parallel
 *   instead of queueing on one row lock; fall over to the SKU row, then to each slot (waiting), then to
 *   taking from several rows under all of the SKU's locks. OUT_OF_STOCK is answered only when a
 *   consistent snapshot, or the fully locked SKU, has less than q.
 * A SKU turns hot when `HOT_STOCK_SPLIT_CONCURRENCY` reservations for it are in flight at once in this
 * process; splitting moves its stock into the slots in one transaction (total unchanged).
 * Lock order within a SKU is always the SKU row, then slots by number; across SKUs callers go by SKU id.
 * The SKU row is locked FOR NO KEY UPDATE (the lock an UPDATE of its stock takes): order transactions
 * hold KEY SHARE on it through order_item's foreign key, and FOR UPDATE would deadlock with them.
 */
@Injectable()
export class HotStockService implements OnApplicationShutdown {
  private readonly logger = new Logger('stock');
  private readonly inflight = new Map<number, number>();
  /** SKUs seen with slots: only a hint for which path to try first; every path falls back to the other. */
  private readonly hot = new Set<number>();
  private readonly splitting = new Map<number, Promise<void>>();
  private readonly slots: number;
  private readonly splitAt: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.slots = config.orders.HOT_STOCK_SLOTS;
    this.splitAt = config.orders.HOT_STOCK_SPLIT_CONCURRENCY;
  }

  /** Reserves `quantity` of `skuId` inside `em`'s transaction; false when there is not enough stock. */
  async reserve(em: EntityManager, skuId: number, quantity: number): Promise<boolean> {
    await this.enter(skuId);
    try {
      if (!this.hot.has(skuId) && (await this.takeFromSku(em, skuId, quantity))) return true;
      return await this.reserveFromSlots(em, skuId, quantity);
    } finally {
      this.leave(skuId);
    }
  }

  /**
   * For reservations made inside one SQL call (`place_order`, orders/place-order-call.service.ts): the same
   * demand count and split trigger as reserve(). Returns the SKUs to take from a slot first (the first try
   * reserve() would make); call endQuickReservation with the SKUs the call took from slots, always.
   */
  async beginQuickReservation(skuIds: number[]): Promise<number[]> {
    for (const skuId of skuIds) await this.enter(skuId);
    return skuIds.filter((skuId) => this.hot.has(skuId));
  }

  endQuickReservation(skuIds: number[], slotted: number[]): void {
    for (const skuId of slotted) this.hot.add(skuId);
    for (const skuId of skuIds) this.leave(skuId);
  }

  private async enter(skuId: number): Promise<void> {
    const inflight = (this.inflight.get(skuId) ?? 0) + 1;
    this.inflight.set(skuId, inflight);
    // Demand is judged on entry, and a split in progress is waited for: it takes this SKU's row lock and
    // moves the stock into slots within milliseconds, where queueing on the row costs a commit per order
    // ahead. It cannot wait for us: we hold no lock on this SKU yet, and it runs on its own connection,
    // not the pool we hold one of.
    if (inflight >= this.splitAt && this.slots > 1) this.splitSoon(skuId);
    const splitting = this.splitting.get(skuId);
    if (splitting) await splitting;
  }

  private leave(skuId: number): void {
    const left = (this.inflight.get(skuId) ?? 1) - 1;
    if (left <= 0) this.inflight.delete(skuId);
    else this.inflight.set(skuId, left);
  }

  private async takeFromSku(em: EntityManager, skuId: number, quantity: number): Promise<boolean> {
    const rows = await preparedQuery<{ stock: number }>(
      em,
      'stock_take_sku',
      'UPDATE sku SET stock = stock - $2 WHERE id = $1 AND stock >= $2 RETURNING stock',
      [skuId, quantity],
    );
    return rows.length > 0;
  }

  private async reserveFromSlots(em: EntityManager, skuId: number, quantity: number): Promise<boolean> {
    // 1. any slot nobody holds right now, picked at random so concurrent buyers spread over the slots
    //    The pick is a CTE: materialized, so evaluated once (a joined subquery may be rescanned by a nested
    //    loop and pick several slots), and the row it locks is the row updated (an outer `stock >= q` filter
    //    on the statement's snapshot could skip the locked row and leave a lock held: a deadlock source).
    //    The pick checked stock >= q on the row it locked; CHECK (stock >= 0) backs that up.
    const taken = await preparedQuery<{ slot: number }>(
      em,
      'stock_take_slot',
      `WITH pick AS (SELECT slot FROM sku_stock_slot WHERE sku_id = $1 AND stock >= $2 ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE sku_stock_slot t SET stock = t.stock - $2 FROM pick WHERE t.sku_id = $1 AND t.slot = pick.slot
       RETURNING t.slot`,
      [skuId, quantity],
    );
    if (taken.length > 1) throw new Error(`stock reservation touched ${taken.length} slots of SKU ${skuId}`); // never: (sku_id, slot) is the key
    if (taken.length) {
      this.hot.add(skuId);
      return true;
    }
    // 2. one consistent snapshot of the total: uncommitted reservations still count as stock there, so
    //    "less than q" here is certain and sold-out answers stay fast (no queueing on locks)
    const [state] = await em.query<Array<{ base: number; slotted: number; slots: number }>>(
      `SELECT s.stock AS base, COALESCE(sum(x.stock), 0)::int AS slotted, count(x.slot)::int AS slots
       FROM sku s LEFT JOIN sku_stock_slot x ON x.sku_id = s.id WHERE s.id = $1 GROUP BY s.id, s.stock`,
      [skuId],
    );
    if (!state) return false;
    if (state.slots === 0) this.hot.delete(skuId);
    if (state.base + state.slotted < quantity) return false;
    // 3. the SKU row (stock released by cancels/closes lands there), then each slot, waiting for holders
    if (state.base >= quantity && (await this.takeFromSku(em, skuId, quantity))) return true;
    const candidates = await em.query<Array<{ slot: number }>>('SELECT slot FROM sku_stock_slot WHERE sku_id = $1 AND stock >= $2 ORDER BY slot', [
      skuId,
      quantity,
    ]);
    for (const { slot } of candidates) {
      const [rows] = await em.query<[Array<{ slot: number }>, number]>(
        'UPDATE sku_stock_slot SET stock = stock - $3 WHERE sku_id = $1 AND slot = $2 AND stock >= $3 RETURNING slot',
        [skuId, slot, quantity],
      );
      if (rows.length) return true;
    }
    // 4. no single row has q (fragmented): take from several rows under all of the SKU's locks
    return (await this.takeSpread(em, skuId, -quantity)) !== null;
  }

  /**
   * Applies `delta` to a SKU's total under all its locks (SKU row, then slots by number). Positive deltas
   * are spread over the slots (or go to the SKU row when it has none); negative ones take from the SKU row
   * first, then from the fullest slots. Returns the new total, or null if it would go below zero.
   */
  private async takeSpread(em: EntityManager, skuId: number, delta: number): Promise<number | null> {
    const [sku] = await em.query<Array<{ stock: number }>>('SELECT stock FROM sku WHERE id = $1 FOR NO KEY UPDATE', [skuId]);
    if (!sku) return null;
    const slots = await em.query<Array<{ slot: number; stock: number }>>('SELECT slot, stock FROM sku_stock_slot WHERE sku_id = $1 ORDER BY slot FOR UPDATE', [
      skuId,
    ]);
    const total = sku.stock + slots.reduce((sum, r) => sum + r.stock, 0);
    if (total + delta < 0) return null;
    if (delta >= 0) {
      noteStockReturned([skuId]);
      if (!slots.length) await em.query('UPDATE sku SET stock = stock + $2 WHERE id = $1', [skuId, delta]);
      else {
        const per = Math.floor(delta / slots.length);
        const extra = delta % slots.length;
        await em.query(
          `UPDATE sku_stock_slot t SET stock = t.stock + $2 + CASE WHEN o.rn <= $3 THEN 1 ELSE 0 END
           FROM (SELECT slot, row_number() OVER (ORDER BY slot) AS rn FROM sku_stock_slot WHERE sku_id = $1) o
           WHERE t.sku_id = $1 AND t.slot = o.slot`,
          [skuId, per, extra],
        );
      }
      return total + delta;
    }
    let need = -delta;
    const fromSku = Math.min(need, sku.stock);
    if (fromSku > 0) await em.query('UPDATE sku SET stock = stock - $2 WHERE id = $1', [skuId, fromSku]);
    need -= fromSku;
    for (const s of [...slots].sort((a, b) => b.stock - a.stock)) {
      if (need <= 0) break;
      const take = Math.min(need, s.stock);
      if (take > 0) await em.query('UPDATE sku_stock_slot SET stock = stock - $3 WHERE sku_id = $1 AND slot = $2', [skuId, s.slot, take]);
      need -= take;
    }
    return total + delta;
  }

  /**
   * Merchant stock adjustment: atomic under the SKU's locks, refused (409 STOCK_NEGATIVE) below zero.
   * Returns the SKU's new available stock.
   */
  async adjust(em: EntityManager, merchantId: number, skuId: number, delta: number): Promise<number> {
    // a cold SKU (no slots): one conditional UPDATE, like a reservation. A split committing meanwhile is
    // harmless: the row is re-checked after its lock, and stock added to the SKU row beside slots still counts.
    const [cold] = await em.query<[Array<{ stock: number }>, number]>(
      `UPDATE sku s SET stock = s.stock + $3 WHERE s.id = $1 AND s.merchant_id = $2 AND s.stock + $3 >= 0
         AND NOT EXISTS (SELECT 1 FROM sku_stock_slot x WHERE x.sku_id = s.id) RETURNING s.stock`,
      [skuId, merchantId, delta],
    );
    if (cold.length) {
      if (delta > 0) noteStockReturned([skuId]);
      return cold[0].stock;
    }
    // a hot SKU, or refused: under all of the SKU's locks (the slots' total decides), or 404 / 409 below
    const [sku] = await em.query<Array<{ id: number }>>('SELECT id FROM sku WHERE id = $1 AND merchant_id = $2 FOR NO KEY UPDATE', [skuId, merchantId]);
    if (!sku) throw new NotFound('SKU');
    const after = await this.takeSpread(em, skuId, delta);
    if (after === null) {
      const stock = await this.available(em, skuId);
      throw new Conflict('STOCK_NEGATIVE', `库存不足：当前 ${stock}，不能减少 ${-delta}`, { stock, delta });
    }
    return after;
  }

  /**
   * Merchant stock count (盘点): sets the SKU's total to `target` under all its locks, whatever orders
   * reserved meanwhile (they hold the rows until they commit, so the count applies after them). Hot SKUs
   * keep their slots: the difference goes through the same spread as an adjustment, never a plain
   * `UPDATE sku SET stock = target` that would leave slot stock on top. Returns the delta applied.
   */
  async setTotal(em: EntityManager, merchantId: number, skuId: number, target: number): Promise<{ delta: number; stockAfter: number }> {
    const [sku] = await em.query<Array<{ stock: number }>>('SELECT stock FROM sku WHERE id = $1 AND merchant_id = $2 FOR NO KEY UPDATE', [skuId, merchantId]);
    if (!sku) throw new NotFound('SKU');
    const slots = await em.query<Array<{ stock: number }>>('SELECT stock FROM sku_stock_slot WHERE sku_id = $1 ORDER BY slot FOR UPDATE', [skuId]);
    const total = sku.stock + slots.reduce((sum, r) => sum + r.stock, 0);
    const delta = target - total;
    // under our locks the total cannot move, so the spread cannot fail
    if (delta !== 0 && (await this.takeSpread(em, skuId, delta)) === null) throw new Error(`stock set of SKU ${skuId} went below zero`);
    return { delta, stockAfter: target };
  }

  async available(em: EntityManager, skuId: number): Promise<number> {
    const [row] = await em.query<Array<{ stock: number }>>(`SELECT ${availableStockSql('s')} AS stock FROM sku s WHERE s.id = $1`, [skuId]);
    return row?.stock ?? 0;
  }

  /**
   * Splits a SKU's stock into the slots now (also what the automatic trigger runs).
   *
   * On a connection of its own, not one from the pool: a SKU turns hot when the pool is full of orders for
   * it, and a pooled split would queue behind every one of them, each waiting a commit on the SKU row (the
   * whole start of a flash sale at the one-row rate). `lock_timeout` bounds its wait for the row; if it
   * fails, orders simply go on using the SKU row.
   */
  async split(skuId: number, slots = this.slots): Promise<void> {
    const client = new pg.Client({
      connectionString: (this.dataSource.options as { url?: string }).url,
      connectionTimeoutMillis: 5_000,
      application_name: 'shareshop-api-stock-split',
    });
    await client.connect();
    try {
      await client.query("BEGIN; SET LOCAL lock_timeout = '2s'");
      const {
        rows: [sku],
      } = await client.query<{ stock: number }>('SELECT stock FROM sku WHERE id = $1 FOR NO KEY UPDATE', [skuId]);
      if (sku && sku.stock > 0) {
        const per = Math.floor(sku.stock / slots);
        const extra = sku.stock % slots;
        await client.query(
          `INSERT INTO sku_stock_slot (sku_id, slot, stock)
           SELECT $1, g, $2 + CASE WHEN g < $3 THEN 1 ELSE 0 END FROM generate_series(0, $4 - 1) g ORDER BY g
           ON CONFLICT (sku_id, slot) DO UPDATE SET stock = sku_stock_slot.stock + EXCLUDED.stock`,
          [skuId, per, extra, slots],
        );
        await client.query('UPDATE sku SET stock = stock - $2 WHERE id = $1', [skuId, sku.stock]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
    this.hot.add(skuId);
  }

  /** Moves all slot stock back onto the SKU row and drops the slots (a SKU that cooled down). */
  async merge(skuId: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [sku] = await em.query<Array<{ id: number }>>('SELECT id FROM sku WHERE id = $1 FOR NO KEY UPDATE', [skuId]);
      if (!sku) return;
      const [rows] = await em.query<[Array<{ stock: number }>, number]>('DELETE FROM sku_stock_slot WHERE sku_id = $1 RETURNING stock', [skuId]);
      const moved = rows.reduce((s, r) => s + r.stock, 0);
      if (moved) await em.query('UPDATE sku SET stock = stock + $2 WHERE id = $1', [skuId, moved]);
    });
    this.hot.delete(skuId);
  }

  private splitSoon(skuId: number): void {
    if (this.hot.has(skuId) || this.splitting.has(skuId)) return;
    const run = this.split(skuId)
      .then(() => this.logger.log({ msg: 'hot SKU split into stock slots', skuId, slots: this.slots }))
      .catch((error) => this.logger.warn({ msg: 'hot SKU split failed (orders continue on the SKU row)', skuId, error: (error as Error).message }))
      .finally(() => this.splitting.delete(skuId));
    this.splitting.set(skuId, run);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.splitting.values()]);
  }
}
