import { Inject, Injectable } from '@nestjs/common';
import { shanghaiDayRange } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { moveBatch } from './batch.machine.js';
import { BillUnavailableError, TradeBillSource } from './bill-source.js';

export type ImportOutcome = 'imported' | 'waiting_for_bill';

/** Step 1: download D's trade bill and store its payment/refund rows, committed with the move to `downloaded`. */
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
      try {
        for await (const chunk of this.source.chunks(day)) {
          if (!chunk.length) continue;
          await em.query(
            `INSERT INTO settlement_bill_row (row_kind, ext_id, business_date, transaction_id, out_trade_no, refund_id, amount, trade_time)
             SELECT k, x, $1::date, t, o, r, a, tt FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[]) AS u(k, x, t, o, r, a, tt)
             ON CONFLICT (row_kind, ext_id) DO NOTHING`,
            [day, chunk.map((r) => r.rowKind), chunk.map((r) => r.extId), chunk.map((r) => r.transactionId), chunk.map((r) => r.outTradeNo),
              chunk.map((r) => r.refundId), chunk.map((r) => r.amount), chunk.map((r) => r.tradeTime)],
          );
          count += chunk.length;
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
      await moveBatch(em, batchId, 'pending', 'downloaded', { bill_rows: count });
      return 'imported';
    });
  }
}
