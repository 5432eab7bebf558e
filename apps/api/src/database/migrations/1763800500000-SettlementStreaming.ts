import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settlement follow-ups (issue 6; apps/api/docs/settlement.md):
 *
 * - The bill stage becomes a table partitioned by business day. Step 1 creates each day's partition as its
 *   own UNLOGGED table inside its transaction, COPYs the bill into it (FREEZE, no index to maintain), and
 *   attaches it; old days are dropped whole instead of deleted row by row. The stage is scratch space: a
 *   batch left at `downloaded` by the old layout finds its staged count gone in step 2 and downloads again.
 * - Profit sharing parts are retried: a part WeChat closed (receiver result CLOSED) waits in `retry_wait`
 *   and is sent again as a new attempt with its own out_order_no (`…R<attempt>`), bounded by attempts; the
 *   transaction's unshared remainder is released with an explicit unfreeze once the part is final.
 */
export class SettlementStreaming1763800500000 implements MigrationInterface {
  name = 'SettlementStreaming1763800500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE settlement_bill_stage;
      CREATE TABLE settlement_bill_stage (
        business_date  date NOT NULL,
        row_kind       text NOT NULL,
        ext_id         text NOT NULL,
        transaction_id text NOT NULL,
        out_trade_no   text NOT NULL,
        refund_id      text,
        amount         bigint NOT NULL,
        trade_time     text NOT NULL
      ) PARTITION BY LIST (business_date);

      ALTER TABLE payout_part DROP CONSTRAINT payout_part_status_check;
      ALTER TABLE payout_part ADD CONSTRAINT payout_part_status_check
        CHECK (status IN ('created','processing','finished','retry_wait','failed'));
      ALTER TABLE payout_part
        -- out_order_no is ST<statement>P<seq> for attempt 1 and ST<statement>P<seq>R<attempt> after that
        ADD COLUMN attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
        ADD COLUMN retry_at timestamptz,
        -- WeChat's receiver fail_reason (or the error code of a refused request) of the last failed attempt
        ADD COLUMN fail_reason text,
        -- explicit unfreeze of the transaction's unshared remainder, sent once the part is final
        ADD COLUMN unfreeze_out_order_no text UNIQUE,
        ADD COLUMN unfreeze_status text CHECK (unfreeze_status IN ('accepted','refused'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payout_part DROP COLUMN attempt, DROP COLUMN retry_at, DROP COLUMN fail_reason,
        DROP COLUMN unfreeze_out_order_no, DROP COLUMN unfreeze_status;
      ALTER TABLE payout_part DROP CONSTRAINT payout_part_status_check;
      ALTER TABLE payout_part ADD CONSTRAINT payout_part_status_check CHECK (status IN ('created','processing','finished','failed'));
      DROP TABLE settlement_bill_stage;
      CREATE UNLOGGED TABLE settlement_bill_stage (
        business_date date NOT NULL, row_kind text NOT NULL, ext_id text NOT NULL, transaction_id text NOT NULL,
        out_trade_no text NOT NULL, refund_id text, amount bigint NOT NULL, trade_time text NOT NULL
      );
      CREATE INDEX settlement_bill_stage_day ON settlement_bill_stage (business_date);
    `);
  }
}
