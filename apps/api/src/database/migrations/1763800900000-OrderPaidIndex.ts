import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The merchant dashboard sums a merchant's orders by the day they were paid (GET /merchant/orders/summary):
 * without this index that reads every order the merchant ever had.
 */
export class OrderPaidIndex1763800900000 implements MigrationInterface {
  name = 'OrderPaidIndex1763800900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX order_merchant_paid ON "order" (merchant_id, paid_at) WHERE paid_at IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX order_merchant_paid');
  }
}
