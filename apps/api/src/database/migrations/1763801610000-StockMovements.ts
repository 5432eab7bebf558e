import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stock page (issue 15): `stock_adjustment` is the per-SKU stock history (every manual change writes one
 * row with the resulting total); `kind` says which change it was: `initial` (stock given when the SKU was
 * created), `adjust` (a delta), `set` (an absolute value from a stock count, 盘点). Each merchant has its own
 * low-stock threshold for the highlight and the low-stock list.
 */
export class StockMovements1763801610000 implements MigrationInterface {
  name = 'StockMovements1763801610000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE stock_adjustment ADD COLUMN kind text NOT NULL DEFAULT 'adjust' CHECK (kind IN ('initial','adjust','set'));
      UPDATE stock_adjustment SET kind = 'initial' WHERE reason = '初始库存';
      ALTER TABLE merchant ADD COLUMN low_stock_threshold integer NOT NULL DEFAULT 10 CHECK (low_stock_threshold BETWEEN 0 AND 100000);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE stock_adjustment DROP COLUMN kind; ALTER TABLE merchant DROP COLUMN low_stock_threshold');
  }
}
