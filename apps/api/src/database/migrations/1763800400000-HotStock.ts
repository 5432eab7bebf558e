import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hot stock: a SKU under heavy concurrent ordering has its stock split across slot rows so reservations
 * lock different rows (docs/hot-stock.md). The SKU's available stock is always
 * `sku.stock + sum(sku_stock_slot.stock)`; every row keeps `stock >= 0`, so no combination of
 * reservations can go below zero.
 */
export class HotStock1763800400000 implements MigrationInterface {
  name = 'HotStock1763800400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sku_stock_slot (
        sku_id     bigint NOT NULL REFERENCES sku(id),
        slot       smallint NOT NULL CHECK (slot BETWEEN 0 AND 255),
        stock      integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku_id, slot)
      );
      COMMENT ON TABLE sku_stock_slot IS 'Hot-SKU stock shards; available stock = sku.stock + sum(slot stock). See apps/api/docs/hot-stock.md';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // put slot stock back on the SKU before dropping the slots: nothing is lost
    await q.query(`
      UPDATE sku SET stock = sku.stock + t.stock FROM (SELECT sku_id, sum(stock)::int AS stock FROM sku_stock_slot GROUP BY sku_id) t WHERE sku.id = t.sku_id;
      DROP TABLE sku_stock_slot;
    `);
  }
}
