import { Injectable } from '@nestjs/common';
import type {
  BatchListQuery,
  MerchantStatusQuery,
  ReconciliationItemView,
  ReconciliationQuery,
  SettlementBatchView,
  StatementDetailView,
  StatementListQuery,
  StatementView,
} from '@shareshop/common';
import type { Page } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { NotFound } from '../domain/errors.js';

const BATCH = `SELECT id, business_date::text AS "businessDate", status, bill_rows AS "billRows", statements, open_items AS "openItems",
  attempts, last_error AS "lastError", triggered_by AS "triggeredBy", to_json(created_at)#>>'{}' AS "createdAt",
  to_json(finished_at)#>>'{}' AS "finishedAt" FROM settlement_batch`;

const STATEMENT = `SELECT s.id, s.merchant_id AS "merchantId", s.business_date::text AS "businessDate", s.sales, s.refunds, s.commission, s.fee,
  s.adjustments, s.carried_in AS "carriedIn", s.net_payable AS "netPayable", s.carry_out AS "carryOut", s.status,
  CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'method', p.method, 'amount', p.amount, 'manualAmount', p.manual_amount,
    'status', p.status, 'paidReference', p.paid_reference, 'succeededAt', to_json(p.succeeded_at)#>>'{}') END AS payout
  FROM settlement_statement s LEFT JOIN payout p ON p.statement_id = s.id`;

// The BATCH, STATEMENT and reconciliation selects alias their columns to the views' field names: their rows are the views.
type Count = { n: number };

/** Read side of settlement for the merchant and admin routes (always filtered by merchant for merchants). */
@Injectable()
export class SettlementQueries {
  constructor(private readonly dataSource: DataSource) {}

  async batch(day: string): Promise<SettlementBatchView | null> {
    const [row] = await this.dataSource.query<SettlementBatchView[]>(`${BATCH} WHERE business_date = $1`, [day]);
    return row ?? null;
  }

  async batches(q: BatchListQuery): Promise<Page<SettlementBatchView>> {
    const items = await this.dataSource.query<SettlementBatchView[]>(`${BATCH} ORDER BY business_date DESC LIMIT $1 OFFSET $2`, [
      q.pageSize,
      (q.page - 1) * q.pageSize,
    ]);
    const [{ n }] = await this.dataSource.query<Count[]>('SELECT count(*)::int AS n FROM settlement_batch');
    return { items, total: n, page: q.page, pageSize: q.pageSize };
  }

  async statements(merchantId: number, q: StatementListQuery): Promise<Page<StatementView>> {
    const where = `s.merchant_id = $1 AND ($2::date IS NULL OR s.business_date >= $2) AND ($3::date IS NULL OR s.business_date <= $3)`;
    const args = [merchantId, q.from ?? null, q.to ?? null];
    const items = await this.dataSource.query<StatementView[]>(`${STATEMENT} WHERE ${where} ORDER BY s.business_date DESC LIMIT $4 OFFSET $5`, [
      ...args,
      q.pageSize,
      (q.page - 1) * q.pageSize,
    ]);
    const [{ n }] = await this.dataSource.query<Count[]>(`SELECT count(*)::int AS n FROM settlement_statement s WHERE ${where}`, args);
    return { items, total: n, page: q.page, pageSize: q.pageSize };
  }

  async statement(merchantId: number, day: string): Promise<StatementDetailView> {
    const [s] = await this.dataSource.query<StatementView[]>(`${STATEMENT} WHERE s.merchant_id = $1 AND s.business_date = $2`, [merchantId, day]);
    if (!s) throw new NotFound('结算单');
    const lines = await this.dataSource.query<StatementDetailView['lines']>(
      `SELECT category, entries, amount FROM settlement_statement_line WHERE statement_id = $1
       ORDER BY array_position(ARRAY['carried_in','sales','refunds','refunds_of_earlier_days','commission','fee','late_entries','other'], category)`,
      [s.id],
    );
    return { ...s, lines };
  }

  async merchantStatus(q: MerchantStatusQuery): Promise<Page<StatementView & { merchantName: string; openItems: number }>> {
    const items = await this.dataSource.query<Array<StatementView & { merchantName: string; openItems: number }>>(
      `SELECT x.*, m.name AS "merchantName",
         (SELECT count(*)::int FROM reconciliation_item ri WHERE ri.business_date = $1 AND ri.merchant_id = x."merchantId" AND ri.status = 'open') AS "openItems"
       FROM (${STATEMENT} WHERE s.business_date = $1) x JOIN merchant m ON m.id = x."merchantId"
       ORDER BY x."merchantId" LIMIT $2 OFFSET $3`,
      [q.businessDate, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const [{ n }] = await this.dataSource.query<Count[]>('SELECT count(*)::int AS n FROM settlement_statement WHERE business_date = $1', [q.businessDate]);
    return { items, total: n, page: q.page, pageSize: q.pageSize };
  }

  async items(q: ReconciliationQuery): Promise<Page<ReconciliationItemView>> {
    const where = `($1::date IS NULL OR business_date = $1) AND ($2::text IS NULL OR status = $2)`;
    const args = [q.businessDate ?? null, q.status ?? null];
    const items = await this.dataSource.query<ReconciliationItemView[]>(
      `SELECT id, business_date::text AS "businessDate", kind, row_kind AS "rowKind", ext_id AS "extId", merchant_id AS "merchantId",
         out_trade_no AS "outTradeNo", bill_amount AS "billAmount", ledger_amount AS "ledgerAmount", status, note
       FROM reconciliation_item WHERE ${where} ORDER BY business_date DESC, id LIMIT $3 OFFSET $4`,
      [...args, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const [{ n }] = await this.dataSource.query<Count[]>(`SELECT count(*)::int AS n FROM reconciliation_item WHERE ${where}`, args);
    return { items, total: n, page: q.page, pageSize: q.pageSize };
  }

  /** CSV of a merchant's statements (one line per statement line), amounts in yuan with two decimals. */
  async csv(merchantId: number, from: string | undefined, to: string | undefined): Promise<string> {
    const rows: { d: string; category: string; entries: number; amount: number; net: number; status: string }[] = await this.dataSource.query(
      `SELECT s.business_date::text AS d, l.category, l.entries, l.amount, s.net_payable AS net, s.status
       FROM settlement_statement s JOIN settlement_statement_line l ON l.statement_id = s.id
       WHERE s.merchant_id = $1 AND ($2::date IS NULL OR s.business_date >= $2) AND ($3::date IS NULL OR s.business_date <= $3)
       ORDER BY s.business_date, l.category LIMIT 100000`,
      [merchantId, from ?? null, to ?? null],
    );
    const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
    const lines = ['business_date,category,entries,amount_yuan,net_payable_yuan,status'];
    for (const r of rows) lines.push([r.d, r.category, r.entries, yuan(r.amount), yuan(r.net), r.status].join(','));
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }
}
