import { Inject, Injectable } from '@nestjs/common';
import { shanghaiDayRange } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { moveBatch } from './batch.machine.js';
import { type BillChunk, type BillRow, BillUnavailableError, TradeBillSource } from './bill-source.js';

export type ImportOutcome = 'imported' | 'waiting_for_bill';

/** Pieces stored at once: PostgreSQL parses each on its own core. */
const LOAD_CONCURRENCY = 2;

/** Step 1: download D's trade bill and stage its payment/refund rows, committed with the move to `downloaded`. */
@Injectable()
export class BillImportStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly source: TradeBillSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(batchId: number, day: string, now = new Date()): Promise<ImportOutcome> {
    // The stage is scratch space keyed by day: pieces are stored by parallel autocommit statements (a
    // million-row bill parses on two cores), and a run that dies half-way is simply redone from an empty
    // stage. Only the move to `downloaded`, with the row count step 2 checks, is the commit point.
    await this.dataSource.query('DELETE FROM settlement_bill_stage WHERE business_date = $1', [day]);
    let count = 0;
    try {
      const inFlight = new Set<Promise<void>>();
      for await (const chunk of this.source.chunks(day)) {
        const job: Promise<void> = this.stage(day, chunk).then((n) => {
          count += n;
          inFlight.delete(job);
        });
        job.catch(() => undefined); // still rethrown by race/all below; never an unhandled rejection if we stop early
        inFlight.add(job);
        if (inFlight.size >= LOAD_CONCURRENCY) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    } catch (e) {
      if (!(e instanceof BillUnavailableError)) throw e;
      // NO_STATEMENT_EXIST means "not generated yet" or "no trades": only the ledger can tell them apart.
      const [has] = await this.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM ledger_posting WHERE business_date = $1 AND (idempotency_key LIKE 'payment:%' OR idempotency_key LIKE 'refund:%')) AS any`,
        [day],
      );
      const giveUpAt = shanghaiDayRange(day).end.getTime() + this.config.settlement.SETTLEMENT_BILL_GIVE_UP_HOURS * 3600_000;
      if (has.any && now.getTime() < giveUpAt) return 'waiting_for_bill';
    }
    await this.dataSource.query('ANALYZE settlement_bill_stage'); // a million fresh rows: let step 2 plan with real counts
    await this.dataSource.transaction((em) => moveBatch(em, batchId, 'pending', 'downloaded', { bill_rows: count }));
    return 'imported';
  }

  private stage(day: string, chunk: BillChunk): Promise<number> {
    const em = this.dataSource.manager;
    return Array.isArray(chunk) ? this.stageRows(em, day, chunk) : this.stageCsv(em, day, chunk.header, chunk.csv);
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
  private async stageCsv(em: EntityManager, day: string, header: string, csv: Buffer): Promise<number> {
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
         FROM string_to_table(convert_from($2::bytea, 'UTF8'), E'\\n') AS raw, rtrim(raw, E'\\r') AS line WHERE btrim(line) <> ''
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
