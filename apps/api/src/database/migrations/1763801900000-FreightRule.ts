import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Freight rule (运费, issue 15): a flat fee per merchant order, free at or above an items amount (满 X 包邮).
 * Every existing merchant gets fee 0 (包邮), so orders placed before keep their totals.
 */
export class FreightRule1763801900000 implements MigrationInterface {
  name = 'FreightRule1763801900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE merchant
        ADD COLUMN freight_fee bigint NOT NULL DEFAULT 0 CONSTRAINT merchant_freight_fee_check CHECK (freight_fee >= 0),
        ADD COLUMN free_shipping_above bigint CONSTRAINT merchant_free_shipping_above_check CHECK (free_shipping_above > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE merchant DROP COLUMN free_shipping_above, DROP COLUMN freight_fee');
  }
}
