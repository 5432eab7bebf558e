import type { TestApi } from '../../apps/api/test/harness.js';

type DataSource = TestApi['ds'];

/** Whole-database money facts every fault test ends with. */
export async function ledgerSum(ds: DataSource): Promise<number> {
  const [{ sum }] = await ds.query('SELECT COALESCE(sum(amount), 0)::bigint AS sum FROM ledger_entry');
  return sum;
}

/**
 * For each order: status, number of payment rows, number of `payment:<tx>` postings and of order.paid events.
 * "Paid exactly once" is status paid + 1 + 1 + 1.
 */
export async function paymentFacts(ds: DataSource, orderIds: number[]) {
  return ds.query(
    `SELECT o.id, o.out_trade_no, o.status, o.transaction_id,
            (SELECT count(*)::int FROM payment p WHERE p.order_id = o.id) AS payments,
            (SELECT count(*)::int FROM payment p WHERE p.order_id = o.id AND p.outcome = 'applied') AS applied,
            (SELECT count(*)::int FROM ledger_posting lp WHERE lp.idempotency_key = 'payment:' || o.transaction_id) AS postings,
            (SELECT count(*)::int FROM ledger_posting lp WHERE lp.ref_type = 'order' AND lp.ref_id = o.id) AS order_postings,
            (SELECT count(*)::int FROM domain_event e WHERE e.type = 'order.paid' AND e.aggregate_type = 'order' AND e.aggregate_id = o.id) AS paid_events,
            (SELECT count(*)::int FROM refund r WHERE r.order_id = o.id) AS refunds
       FROM "order" o WHERE o.id = ANY($1) ORDER BY o.id`,
    [orderIds],
  ) as Promise<
    Array<{
      id: number;
      out_trade_no: string;
      status: string;
      transaction_id: string | null;
      payments: number;
      applied: number;
      postings: number;
      order_postings: number;
      paid_events: number;
      refunds: number;
    }>
  >;
}

/** Per SKU: stock + units reserved by open (created) orders + sold must equal what the merchant put in. */
export async function stockFacts(ds: DataSource, skuIds: number[]) {
  return ds.query(
    `SELECT s.id, s.stock, s.sold,
            COALESCE((SELECT sum(oi.quantity)::int FROM order_item oi JOIN "order" o ON o.id = oi.order_id WHERE oi.sku_id = s.id AND o.status = 'created'), 0) AS reserved,
            COALESCE((SELECT sum(oi.quantity - oi.refunded_quantity)::int FROM order_item oi JOIN "order" o ON o.id = oi.order_id
                      WHERE oi.sku_id = s.id AND o.status IN ('paid','shipped','received','completed','refunded')), 0) AS paid_units
       FROM sku s WHERE s.id = ANY($1) ORDER BY s.id`,
    [skuIds],
  ) as Promise<Array<{ id: number; stock: number; sold: number; reserved: number; paid_units: number }>>;
}
