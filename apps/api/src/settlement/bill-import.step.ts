import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { shanghaiDayRange } from '@shareshop/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type QueryRunner } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PaymentPostingKinds, RefundPostingKinds, sqlKinds } from '../ledger/accounts.js';
import { tuneBatchTransaction } from './batch-session.js';
import { moveBatch } from './batch.machine.js';
import { BILL_COPY_COLUMNS, type BillCopyStats, billToCopyText } from './bill-copy.js';
import { NoStatementError, StatementCreatingError, TradeBillSource } from './bill-source.js';

export type ImportOutcome = 'imported' | 'waiting_for_bill';

/** Staged bills are kept this many days for inspection; older day partitions are dropped. */
const KEEP_STAGED_DAYS = 7;

/** `settlement_bill_stage_YYYYMMDD`: day D's partition of the (partitioned) stage. */
export function stagePartition(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`business day must be YYYY-MM-DD, got ${day}`);
  return `settlement_bill_stage_${day.replace(/-/g, '')}`;
}

/**
 * Step 1: download D's trade bill and stage its payment/refund rows, committed with the move to `downloaded`.
 *
 * Everything happens in ONE transaction on one connection: a fresh UNLOGGED table for the day (no WAL, no
 * index to maintain), the bill streamed into it with COPY … FREEZE (rows written already frozen, since the
 * table was created in this transaction: step 2's read does not rewrite every page to set hint bits), the
 * table attached as D's partition of `settlement_bill_stage`, ANALYZE, and the batch move with the row count.
 * The bill is parsed while it streams (bill-copy.ts), so the API holds about one piece at a time while
 * PostgreSQL inserts the previous one on the other core. A crash or a bad bill rolls all of it back — there is
 * never a half-loaded day — and a rerun starts from an empty table again.
 */
@Injectable()
export class BillImportStep {
  private readonly logger = new Logger('settlement');

  constructor(
    private readonly dataSource: DataSource,
    private readonly source: TradeBillSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(batchId: number, day: string, now = new Date()): Promise<ImportOutcome> {
    const part = stagePartition(day);
    let bill: Readable | null = null;
    try {
      bill = await this.source.open(day);
    } catch (e) {
      if (e instanceof StatementCreatingError) {
        // WeChat is still generating D's bill: the batch stays pending and is retried, up to the give-up time
        const giveUpAt = shanghaiDayRange(day).end.getTime() + this.config.settlement.SETTLEMENT_BILL_GIVE_UP_HOURS * 3600_000;
        if (now.getTime() < giveUpAt) return 'waiting_for_bill';
        this.logger.warn({ msg: 'trade bill never generated: staged empty, ledger rows become reconciliation items', day });
      } else if (e instanceof NoStatementError) {
        // WeChat's final word: no trades that day. A ledger that has payments or refunds for D disagrees; the
        // empty stage makes each of them a missing_in_bill reconciliation item (listed, held from payout).
        const [has] = await this.dataSource.query<Array<{ any: boolean }>>(
          `SELECT EXISTS (SELECT 1 FROM ledger_posting WHERE business_date = $1 AND kind IN (${sqlKinds(PaymentPostingKinds)}, ${sqlKinds(RefundPostingKinds)})) AS any`,
          [day],
        );
        if (has.any) this.logger.warn({ msg: 'WeChat has no trade bill for a day the ledger has payments on: listed for reconciliation', day });
      } else {
        throw e;
      }
    }
    const qr = this.dataSource.createQueryRunner();
    const stats: BillCopyStats = { rows: 0, lines: 0 };
    const started = Date.now();
    try {
      await qr.startTransaction();
      await tuneBatchTransaction(qr.manager); // the COPY lasts as long as the bill's download: no request time limit
      await qr.query(`DROP TABLE IF EXISTS ${part}`); // a stage left by an earlier, committed import of this day
      await qr.query(
        `CREATE UNLOGGED TABLE ${part} (LIKE settlement_bill_stage INCLUDING DEFAULTS, CONSTRAINT ${part}_day CHECK (business_date = '${day}'::date))`,
      );
      await qr.query(`ALTER TABLE ${part} ALTER COLUMN business_date SET DEFAULT '${day}'::date`);
      if (bill) await this.copy(qr, part, bill, stats);
      // the CHECK constraint proves the bound, so attaching does not scan the table again
      await qr.query(`ALTER TABLE settlement_bill_stage ATTACH PARTITION ${part} FOR VALUES IN ('${day}')`);
      await qr.query(`ANALYZE ${part}`); // a million fresh rows: let step 2 plan with real counts
      await moveBatch(qr.manager, batchId, 'pending', 'downloaded', { bill_rows: stats.rows });
      await qr.commitTransaction();
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      bill?.destroy();
      await qr.release();
    }
    this.logger.log({ msg: 'trade bill staged', day, rows: stats.rows, lines: stats.lines, ms: Date.now() - started });
    await this.dropOldStages(day);
    return 'imported';
  }

  /** The bill, parsed as it streams, into the day's table (the COPY stream applies backpressure to the download). */
  private async copy(qr: QueryRunner, part: string, bill: Readable, stats: BillCopyStats): Promise<void> {
    const client = (await qr.connect()) as PoolClient;
    const sink = client.query(copyFrom(`COPY ${part} (${BILL_COPY_COLUMNS.join(', ')}) FROM STDIN (FREEZE)`));
    await pipeline(bill, (pieces: AsyncIterable<Buffer>) => billToCopyText(pieces, stats), sink);
  }

  /** Day partitions older than a week are dropped whole (no million-row DELETE, no vacuum debt). */
  private async dropOldStages(day: string): Promise<void> {
    const oldest = stagePartition(new Date(Date.parse(`${day}T00:00:00Z`) - KEEP_STAGED_DAYS * 86_400_000).toISOString().slice(0, 10));
    const old: { name: string }[] = await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'settlement_bill_stage'::regclass AND c.relname ~ '^settlement_bill_stage_[0-9]{8}$' AND c.relname < $1`,
      [oldest],
    );
    for (const { name } of old) await this.dataSource.query(`DROP TABLE IF EXISTS ${name}`);
  }
}
