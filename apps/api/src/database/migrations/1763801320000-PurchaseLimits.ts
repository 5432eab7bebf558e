import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No hoarding of stock (orders/order-limits.ts): a per-user purchase limit per product (限购, NULL = none),
 * an index for the cap on a buyer's unpaid orders, and `order_buyer_holdings`, the authoritative count an
 * order makes just before it commits.
 *
 * Why a function: the count must see every order of the buyer committed while this transaction waited for
 * the buyer's lock. In READ COMMITTED a statement's snapshot is taken when the statement starts, so a lock
 * taken inside the counting statement would count from before the wait; inside a plpgsql function each
 * statement takes a fresh snapshot, so "lock, then count" is one round trip and still exact.
 */
export class PurchaseLimits1763801320000 implements MigrationInterface {
  name = 'PurchaseLimits1763801320000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE product ADD COLUMN purchase_limit integer CHECK (purchase_limit BETWEEN 1 AND 999);
      CREATE INDEX order_buyer_unpaid ON "order" (buyer_user_id) WHERE status = 'created';

      -- The buyer's unpaid orders, and their quantity of each of products (in orders still reserving or bought
      -- and kept, refunded units given back), this transaction's own new orders included, counted under the
      -- buyer's lock (held to commit).
      CREATE FUNCTION order_buyer_holdings(buyer bigint, products bigint[], lock_space int)
        RETURNS TABLE (unpaid_orders int, held jsonb) LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_space, hashint8(buyer));
        RETURN QUERY SELECT
          (SELECT count(*)::int FROM "order" WHERE buyer_user_id = buyer AND status = 'created'),
          (SELECT COALESCE(jsonb_object_agg(t.product_id, t.quantity), '{}'::jsonb) FROM (
             SELECT oi.product_id, sum(oi.quantity - oi.refunded_quantity)::int AS quantity
             FROM "order" o JOIN order_item oi ON oi.order_id = o.id
             WHERE o.buyer_user_id = buyer AND oi.product_id = ANY(products)
               AND o.status IN ('created', 'paid', 'shipped', 'received', 'completed')
             GROUP BY oi.product_id) t);
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION order_buyer_holdings(bigint, bigint[], int); DROP INDEX order_buyer_unpaid; ALTER TABLE product DROP COLUMN purchase_limit');
  }
}
