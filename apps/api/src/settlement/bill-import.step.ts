import { Inject, Injectable } from '@nestjs/common';
import { shanghaiDayRange } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { moveBatch } from './batch.machine.js';
import { type BillRow, BillUnavailableError, TradeBillSource } from './bill-source.js';

export type ImportOutcome = 'imported' | 'waiting_for_bill';

/** Step 1: download D's trade bill and stage its payment/refund rows, committed with the move to `downloaded`. */
@Injectable()
export class BillImportStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly source: TradeBillSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(batchId: number, day: string, now = new Date()): Promise<ImportOutcome> {
    return this.dataSource.transaction(async (em) => {
      let count = 0;
      // a download interrupted earlier rolled back; one that was lost with an unlogged table is replaced
      await em.query('DELETE FROM settlement_bill_stage WHERE business_date = $1', [day]);
      try {
        for await (const chunk of this.source.chunks(day)) {
          count += Array.isArray(chunk) ? await this.stageRows(em, day, chunk) : await this.stageCsv(em, day, chunk.header, chunk.csv);
        }
      } catch (e) {
        if (!(e instanceof BillUnavailableError)) throw e;
        // NO_STATEMENT_EXIST means "not generated yet" or "no trades": only the ledger can tell them apart.
        const [has] = await em.query(
          `SELECT EXISTS (SELECT 1 FROM ledger_posting WHERE business_date = $1 AND (idempotency_key LIKE 'payment:%' OR idempotency_key LIKE 'refund:%')) AS any`,
          [day],
        );
        const giveUpAt = shanghaiDayRange(day).end.getTime() + this.config.settlement.SETTLEMENT_BILL_GIVE_UP_HOURS * 3600_000;
        if (has.any && now.getTime() < giveUpAt) return 'waiting_for_bill';
      }
      await em.query('ANALYZE settlement_bill_stage'); // a million fresh rows: let step 2 plan with real counts
      await moveBatch(em, batchId, 'pending', 'downloaded', { bill_rows: count });
      return 'imported';
    });
  }

  private async stageRows(em: EntityManager, day: string, rows: BillRow[]): Promise<number> {
    if (!rows.length) return 0;
    // one JSON parameter per chunk: native JSON.stringify is far cheaper than eight escaped array literals
    await em.query(
      `INSERT INTO settlement_bill_stage (row_kind, ext_id, business_date, transaction_id, out_trade_no, refund_id, amount, trade_time)
       SELECT "rowKind", "extId", $1::date, "transactionId", "outTradeNo", "refundId", amount, "tradeTime"
       FROM json_to_recordset($2::json) AS x("rowKind" text, "extId" text, "transactionId" text, "outTradeNo" text, "refundId" text, amount bigint, "tradeTime" text)`,
      [day, JSON.stringify(rows)],
    );
    return rows.length;
  }

  /**
   * Raw bill lines parsed in SQL, with the same rules as toBillRow: columns found by their Chinese header,
   * fields split on ",`", SUCCESS rows are payments and REFUND rows refunds. Amounts must be yuan with at most
   * two decimals; anything else leaves amount NULL and the NOT NULL constraint stops the batch.
   */
  private async stageCsv(em: EntityManager, day: string, header: string, csv: string): Promise<number> {
    const names = header.split(',').map((h) => h.trim());
    const at = (name: string, required = false) => {
      const i = names.indexOf(name);
      if (i < 0 && required) throw new Error(`trade bill has no column ${name}`);
      return i + 1; // PostgreSQL arrays are 1-based; 0 reads as NULL
    };
    const c = [at('交易时间', true), at('微信订单号', true), at('商户订单号', true), at('交易状态', true), at('应结订单金额', true), at('微信退款单号'), at('商户退款单号'), at('退款金额')];
    const [{ n }] = await em.query(
      `WITH lines AS MATERIALIZED (
         SELECT string_to_array(CASE WHEN left(line, 1) = '\`' THEN substr(line, 2) ELSE line END, ',\`') AS f
         FROM regexp_split_to_table($2, '\\r?\\n') AS line WHERE btrim(line) <> ''
       ),
       rows AS MATERIALIZED (
         SELECT btrim(f[$6]) AS state, btrim(f[$4]) AS tx, btrim(f[$5]) AS otn, btrim(f[$3]) AS trade_time,
                NULLIF(NULLIF(btrim(f[$8]), ''), '0') AS refund_id, NULLIF(NULLIF(btrim(f[$9]), ''), '0') AS out_refund_no,
                btrim(CASE WHEN btrim(f[$6]) = 'SUCCESS' THEN f[$7] ELSE COALESCE(NULLIF(btrim(f[$10]), ''), '0') END) AS yuan
         FROM lines
       ),
       ins AS (
         INSERT INTO settlement_bill_stage (row_kind, ext_id, business_date, transaction_id, out_trade_no, refund_id, amount, trade_time)
         SELECT CASE WHEN state = 'SUCCESS' THEN 'payment' ELSE 'refund' END,
                CASE WHEN state = 'SUCCESS' THEN tx ELSE COALESCE(out_refund_no, refund_id) END,
                $1::date, tx, otn, CASE WHEN state = 'REFUND' THEN refund_id END,
                CASE WHEN yuan ~ '^-?[0-9]+([.][0-9]{1,2})?$' THEN (yuan::numeric * 100)::bigint END,
                trade_time
         FROM rows WHERE state = 'SUCCESS' OR (state = 'REFUND' AND COALESCE(out_refund_no, refund_id) IS NOT NULL)
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM ins`,
      [day, csv, ...c],
    );
    return n as number;
  }
}
