import { Injectable } from '@nestjs/common';
import { shanghaiDayRange } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Conflict } from '../domain/errors.js';
import { Accounts, CommissionPostingKinds, PostingKinds, RefundPostingKinds, sqlKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { moveBatch } from './batch.machine.js';
import { tuneBatchTransaction } from './batch-session.js';
import { SettlementSettingsService } from './settlement-settings.service.js';

/**
 * Per (merchant, category) over the entries a statement covers: $1 day D, $2 previous stated day P (or
 * '-infinity'), $3 its watermark, $4 this watermark. Exported so the bench times the same SQL as the floor
 * (with the same BATCH_SESSION_SETTINGS: given the memory, the final sort stays in memory). Postings are classified
 * by their kind (declared in ledger/accounts.ts), not by the shape of their idempotency keys.
 */
export const STATEMENT_AGGREGATE_SQL = `
      WITH payable AS (
        SELECT la.id, la.owner_id AS merchant_id FROM ledger_account la JOIN merchant mm ON mm.id = la.owner_id
        WHERE la.owner_type = 'merchant' AND la.code LIKE 'merchant:%:payable'
      ),
      moved AS (
        SELECT pa.merchant_id, e.amount, p.id AS posting_id, p.kind, p.ref_id, p.business_date, false AS late
        FROM ledger_posting p JOIN ledger_entry e ON e.posting_id = p.id JOIN payable pa ON pa.id = e.account_id
        WHERE p.business_date > $2::date AND p.business_date <= $1::date AND e.id <= $4
        UNION ALL
        SELECT pa.merchant_id, e.amount, p.id, p.kind, p.ref_id, p.business_date, true
        FROM ledger_entry e JOIN payable pa ON pa.id = e.account_id JOIN ledger_posting p ON p.id = e.posting_id
        WHERE e.id > $3 AND e.id <= $4 AND p.business_date <= $2::date
      )
      SELECT merchant_id, category, count(*)::int AS entries, -sum(amount)::bigint AS amount FROM (
        SELECT m.merchant_id, m.amount,
          CASE
            WHEN m.late THEN 'late_entries'
            WHEN m.kind = '${PostingKinds.payment}' THEN 'sales'
            -- a refund posting's ref is its refund row (ref_type 'refund')
            WHEN m.kind IN (${sqlKinds(RefundPostingKinds)}) THEN
              CASE WHEN (SELECT (o.paid_at AT TIME ZONE 'Asia/Shanghai')::date FROM refund r JOIN "order" o ON o.id = r.order_id
                         WHERE r.id = m.ref_id) < m.business_date
                   THEN 'refunds_of_earlier_days' ELSE 'refunds' END
            WHEN m.kind IN (${sqlKinds(CommissionPostingKinds)}) THEN 'commission'
            -- any other posting that charges the merchant a platform fee (the statement's own fee posting is excluded below)
            WHEN EXISTS (SELECT 1 FROM ledger_entry e2 JOIN ledger_account a2 ON a2.id = e2.account_id
                         WHERE e2.posting_id = m.posting_id AND a2.code = '${Accounts.fees().code}') THEN 'fee'
            ELSE 'other'
          END AS category
        FROM moved m
        -- payouts settle statements and settlement fees are computed by them: neither is statement input
        WHERE m.kind NOT IN ('${PostingKinds.settlementPayout}', '${PostingKinds.settlementFee}')
      ) c GROUP BY merchant_id, category`;

/** Serialises step 3 across days: each statement run starts where the previous one's watermark ended. */
const STATEMENTS_LOCK = 740_600;

/**
 * Step 3: one statement per merchant with payable movements, computed in SQL from the ledger.
 *
 * What a statement covers is defined by two cuts, so no ledger row is ever counted twice or skipped:
 * `W` is the highest ledger_entry id once every transaction that had already written the ledger has
 * committed (a momentary SHARE lock waits for them), and the previous stated batch (day P, watermark Wp)
 * covered exactly {entries with date <= P and id <= Wp}. Day D therefore takes entries dated (P, D] with
 * id <= W, plus entries dated <= P with id in (Wp, W] ("late entries": posted after P was settled).
 * Both are bounded by the day's data (the posting-date index and an id range), never the whole history.
 */
@Injectable()
export class StatementsStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly settings: SettlementSettingsService,
  ) {}

  async run(batchId: number, day: string): Promise<number> {
    const read = await this.watermark();
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [STATEMENTS_LOCK]);
      await tuneBatchTransaction(em);
      const [later] = await em.query<Array<{ d: string }>>(
        `SELECT business_date::text AS d FROM settlement_batch WHERE business_date > $1 AND status IN ('stated','finished') LIMIT 1`,
        [day],
      );
      if (later) throw new Conflict('SETTLEMENT_OUT_OF_ORDER', `${later.d} 已出结算单，不能再为更早的 ${day} 出单`);
      const [prev] = await em.query<Array<{ d: string; w: number | null }>>(
        `SELECT business_date::text AS d, entry_watermark AS w FROM settlement_batch
         WHERE business_date < $1 AND status IN ('stated','finished') ORDER BY business_date DESC LIMIT 1`,
        [day],
      );
      // Never below the previous cut (a concurrent run of the day before may have read its W later than
      // ours): every id up to any W once read is committed, so raising ours to it is safe and keeps cuts monotone.
      const watermark = Math.max(read, prev?.w ?? 0);
      const { platformFeeBps } = await this.settings.get(em);
      await this.aggregate(em, day, prev?.d ?? '-infinity', prev?.w ?? 0, watermark);
      const n = await this.insertStatements(em, batchId, day, platformFeeBps);
      await this.postFees(em, day);
      await moveBatch(em, batchId, 'reconciled', 'stated', { entry_watermark: watermark, statements: n });
      return n;
    });
  }

  private async watermark(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      await em.query('LOCK TABLE ledger_entry IN SHARE MODE');
      const [row] = await em.query<Array<{ w: number }>>('SELECT COALESCE(max(id), 0)::bigint AS w FROM ledger_entry');
      return row.w;
    });
  }

  /** Per (merchant, category): count and signed effect on what the merchant is owed (credits on payable are +). */
  private async aggregate(em: EntityManager, day: string, prevDay: string, prevW: number, w: number): Promise<void> {
    await em.query(`CREATE TEMP TABLE settlement_agg ON COMMIT DROP AS ${STATEMENT_AGGREGATE_SQL}`, [day, prevDay, prevW, w]);
  }

  private async insertStatements(em: EntityManager, batchId: number, day: string, feeBps: number): Promise<number> {
    const rows = await em.query<Array<{ id: number }>>(
      `WITH per AS (
         SELECT merchant_id,
           COALESCE(sum(amount) FILTER (WHERE category = 'sales'), 0) AS sales,
           COALESCE(sum(amount) FILTER (WHERE category IN ('refunds','refunds_of_earlier_days')), 0) AS refunds,
           COALESCE(sum(amount) FILTER (WHERE category = 'commission'), 0) AS commission,
           COALESCE(sum(amount) FILTER (WHERE category = 'fee'), 0) AS fee_posted,
           COALESCE(sum(amount) FILTER (WHERE category IN ('late_entries','other')), 0) AS adjustments
         FROM settlement_agg GROUP BY merchant_id
       ),
       prev AS (
         SELECT DISTINCT ON (merchant_id) merchant_id, carry_out FROM settlement_statement
         WHERE business_date < $2 AND merchant_id IN (SELECT merchant_id FROM per) ORDER BY merchant_id, business_date DESC
       ),
       calc AS (
         SELECT per.*, -floor(GREATEST(per.sales, 0) * $3::bigint / 10000)::bigint AS fee_new, COALESCE(prev.carry_out, 0) AS carried_in,
           EXISTS (SELECT 1 FROM reconciliation_item ri WHERE ri.business_date = $2 AND ri.merchant_id = per.merchant_id AND ri.status = 'open') AS has_items
         FROM per LEFT JOIN prev USING (merchant_id)
       ),
       net AS (SELECT calc.*, sales + refunds + commission + fee_posted + fee_new + adjustments + carried_in AS net FROM calc)
       INSERT INTO settlement_statement (batch_id, merchant_id, business_date, sales, refunds, commission, fee, adjustments, carried_in, net_payable, carry_out, status)
       SELECT $1, merchant_id, $2, sales, refunds, commission, fee_posted + fee_new, adjustments, carried_in, net, LEAST(net, 0),
              CASE WHEN net <= 0 THEN 'nothing_due' WHEN has_items THEN 'held' ELSE 'payable' END
       FROM net
       ON CONFLICT (merchant_id, business_date) DO NOTHING
       RETURNING id`,
      [batchId, day, feeBps],
    );
    await em.query(
      `INSERT INTO settlement_statement_line (statement_id, category, entries, amount)
       SELECT s.id, a.category, sum(a.entries), sum(a.amount) FROM settlement_agg a JOIN settlement_statement s ON s.merchant_id = a.merchant_id AND s.business_date = $1
       GROUP BY s.id, a.category
       UNION ALL
       SELECT s.id, 'fee', 0, s.fee FROM settlement_statement s
       WHERE s.business_date = $1 AND s.fee <> 0 AND NOT EXISTS (SELECT 1 FROM settlement_agg a WHERE a.merchant_id = s.merchant_id AND a.category = 'fee')
       UNION ALL
       SELECT s.id, 'carried_in', 0, s.carried_in FROM settlement_statement s WHERE s.business_date = $1 AND s.carried_in <> 0
       ON CONFLICT (statement_id, category) DO NOTHING`,
      [day],
    );
    return rows.length;
  }

  /** The platform fee a statement deducts is posted too (payable → platform:fees), dated D, keyed by the statement. */
  private async postFees(em: EntityManager, day: string): Promise<void> {
    const due: { id: number; merchant_id: number; fee: number; posted: number }[] = await em.query(
      `SELECT s.id, s.merchant_id, s.fee, COALESCE((SELECT -a.amount FROM settlement_agg a WHERE a.merchant_id = s.merchant_id AND a.category = 'fee'), 0) AS posted
       FROM settlement_statement s WHERE s.business_date = $1 AND s.fee <> 0`,
      [day],
    );
    const at = new Date(shanghaiDayRange(day).end.getTime() - 1);
    for (const s of due) {
      const amount = -s.fee - s.posted; // fee is negative (a deduction); only the part not already in the ledger
      if (amount === 0) continue;
      await this.ledger.post(em, {
        kind: PostingKinds.settlementFee,
        idempotencyKey: `settlement-fee:${s.id}`,
        refType: 'settlement_statement',
        refId: s.id,
        occurredAt: at,
        lines: [
          { account: Accounts.merchantPayable(s.merchant_id), amount },
          { account: Accounts.fees(), amount: -amount },
        ],
      });
    }
  }
}
