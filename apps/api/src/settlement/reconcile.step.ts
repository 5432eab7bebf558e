import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { moveBatch } from './batch.machine.js';

/**
 * Step 2: every bill row of D against the ledger, and every ledger payment/refund of D against the bill,
 * in one set-based statement. A posting's WeChat id is its idempotency key suffix (`payment:<transaction_id>`,
 * `refund:<out_refund_no>`); its amount is what it moved on platform:clearing. A bill row whose posting is not
 * dated D is looked up by key (unique index), and a posting's row on any stored bill counts, so a refund that
 * WeChat dates by request and we date by success is not a false alarm.
 */
@Injectable()
export class ReconcileStep {
  constructor(private readonly dataSource: DataSource) {}

  async run(batchId: number, day: string): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      await em.query(
        `WITH clearing AS (SELECT id FROM ledger_account WHERE code = 'platform:clearing'),
         l_day AS (
           SELECT CASE WHEN p.idempotency_key LIKE 'payment:%' THEN 'payment' ELSE 'refund' END AS row_kind,
                  substr(p.idempotency_key, strpos(p.idempotency_key, ':') + 1) AS ext_id,
                  p.id AS posting_id, abs(sum(e.amount)) AS amount
           FROM ledger_posting p JOIN ledger_entry e ON e.posting_id = p.id AND e.account_id = (SELECT id FROM clearing)
           WHERE p.business_date = $1 AND (p.idempotency_key LIKE 'payment:%' OR p.idempotency_key LIKE 'refund:%')
           GROUP BY p.id
         ),
         ledger_side AS (
           SELECT l.row_kind, l.ext_id, l.posting_id, l.amount, b.amount AS bill_amount, b.out_trade_no
           FROM l_day l LEFT JOIN settlement_bill_row b ON b.row_kind = l.row_kind AND b.ext_id = l.ext_id
           WHERE b.ext_id IS NULL OR b.amount <> l.amount
         ),
         bill_side AS (
           SELECT b.row_kind, b.ext_id, b.amount AS bill_amount, b.out_trade_no, o.posting_id, o.amount
           FROM settlement_bill_row b
           LEFT JOIN l_day l ON l.row_kind = b.row_kind AND l.ext_id = b.ext_id
           LEFT JOIN LATERAL (
             SELECT p.id AS posting_id, abs(sum(e.amount)) AS amount
             FROM ledger_posting p JOIN ledger_entry e ON e.posting_id = p.id AND e.account_id = (SELECT id FROM clearing)
             WHERE l.posting_id IS NULL AND p.idempotency_key = b.row_kind || ':' || b.ext_id
             GROUP BY p.id
           ) o ON true
           WHERE b.business_date = $1 AND l.posting_id IS NULL AND (o.posting_id IS NULL OR o.amount <> b.amount)
         ),
         items AS (
           SELECT CASE WHEN bill_amount IS NULL THEN 'missing_in_bill' ELSE 'amount_mismatch' END AS kind,
                  row_kind, ext_id, out_trade_no, bill_amount, amount AS ledger_amount, posting_id FROM ledger_side
           UNION ALL
           SELECT CASE WHEN posting_id IS NULL THEN 'missing_in_ledger' ELSE 'amount_mismatch' END,
                  row_kind, ext_id, out_trade_no, bill_amount, amount, posting_id FROM bill_side
         )
         INSERT INTO reconciliation_item (business_date, kind, row_kind, ext_id, merchant_id, out_trade_no, bill_amount, ledger_amount, posting_id)
         SELECT $1, i.kind, i.row_kind, i.ext_id,
                COALESCE((SELECT a.owner_id FROM ledger_entry e2 JOIN ledger_account a ON a.id = e2.account_id
                          WHERE e2.posting_id = i.posting_id AND a.owner_type = 'merchant' LIMIT 1),
                         (SELECT o.merchant_id FROM "order" o WHERE o.out_trade_no = i.out_trade_no)),
                i.out_trade_no, i.bill_amount, i.ledger_amount, i.posting_id
         FROM items i
         ON CONFLICT (business_date, row_kind, ext_id) DO NOTHING`,
        [day],
      );
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM reconciliation_item WHERE business_date = $1 AND status = 'open'`, [day]);
      await moveBatch(em, batchId, 'downloaded', 'reconciled', { open_items: n });
      return n as number;
    });
  }
}
