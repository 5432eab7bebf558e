import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * T+1 settlement: one batch per Asia/Shanghai business day, the trade bill rows it downloaded, the
 * reconciliation differences it found, one statement per (merchant, day) with its lines, and payouts.
 * Uniqueness here (batch per day, statement per merchant and day, payout per statement, bill row per
 * WeChat id) is what makes a rerun or a second runner harmless; see apps/api/docs/settlement.md.
 */
export class Settlement1763800300000 implements MigrationInterface {
  name = 'Settlement1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settlement_batch (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_date   date NOT NULL UNIQUE,
        status          text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending','downloaded','reconciled','stated','finished')),
        bill_rows       integer,
        -- ledger_entry ids <= this were committed when the statements were built (see settlement.md)
        entry_watermark bigint,
        statements      integer,
        open_items      integer,
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        triggered_by    text NOT NULL DEFAULT 'scheduler',
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        downloaded_at   timestamptz,
        reconciled_at   timestamptz,
        stated_at       timestamptz,
        finished_at     timestamptz
      );

      -- The day's trade bill as downloaded (step 1), read by reconciliation (step 2). UNLOGGED: a million
      -- rows a day load without WAL; PostgreSQL empties it after a crash of its own, which step 2 detects
      -- (row count differs from settlement_batch.bill_rows) and answers by downloading the bill again.
      CREATE UNLOGGED TABLE settlement_bill_stage (
        business_date  date NOT NULL,
        row_kind       text NOT NULL,
        ext_id         text NOT NULL,
        transaction_id text NOT NULL,
        out_trade_no   text NOT NULL,
        refund_id      text,
        amount         bigint NOT NULL,
        trade_time     text NOT NULL
      );
      CREATE INDEX settlement_bill_stage_day ON settlement_bill_stage (business_date);

      -- Bill rows that did not match a ledger posting of their own day (missing in the ledger, or matched
      -- one dated another day), kept durably so a later day's posting still finds the row WeChat billed
      -- earlier. Rows that matched on their day need nothing more than the stage.
      CREATE TABLE settlement_bill_row (
        row_kind       text NOT NULL CHECK (row_kind IN ('payment','refund')),
        -- transaction_id for a payment, out_refund_no for a refund (the ledger's idempotency key suffix)
        ext_id         text NOT NULL,
        business_date  date NOT NULL,
        transaction_id text NOT NULL,
        out_trade_no   text NOT NULL,
        refund_id      text,
        amount         bigint NOT NULL CHECK (amount >= 0),
        trade_time     text NOT NULL,
        PRIMARY KEY (row_kind, ext_id)
      );
      CREATE INDEX settlement_bill_row_day ON settlement_bill_row (business_date);

      CREATE TABLE reconciliation_item (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_date date NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('missing_in_ledger','missing_in_bill','amount_mismatch')),
        row_kind      text NOT NULL CHECK (row_kind IN ('payment','refund')),
        ext_id        text NOT NULL,
        merchant_id   bigint,
        out_trade_no  text,
        bill_amount   bigint,
        ledger_amount bigint,
        posting_id    bigint,
        status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
        resolved_by   bigint REFERENCES app_user(id),
        resolved_at   timestamptz,
        note          text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_date, row_kind, ext_id)
      );
      CREATE INDEX reconciliation_item_open ON reconciliation_item (business_date, merchant_id) WHERE status = 'open';

      CREATE TABLE settlement_statement (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        batch_id      bigint NOT NULL REFERENCES settlement_batch(id),
        merchant_id   bigint NOT NULL REFERENCES merchant(id),
        business_date date NOT NULL,
        sales         bigint NOT NULL,
        refunds       bigint NOT NULL,
        commission    bigint NOT NULL,
        fee           bigint NOT NULL,
        adjustments   bigint NOT NULL,
        carried_in    bigint NOT NULL,
        net_payable   bigint NOT NULL,
        -- negative net (or a failed payout) carried into the merchant's next statement
        carry_out     bigint NOT NULL,
        status        text NOT NULL CHECK (status IN ('held','payable','nothing_due','paid')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (merchant_id, business_date),
        CHECK (net_payable = sales + refunds + commission + fee + adjustments + carried_in)
      );
      CREATE INDEX settlement_statement_batch ON settlement_statement (batch_id);

      CREATE TABLE settlement_statement_line (
        statement_id bigint NOT NULL REFERENCES settlement_statement(id),
        category     text NOT NULL,
        entries      integer NOT NULL,
        -- signed effect on what the merchant is owed (sales positive, deductions negative)
        amount       bigint NOT NULL,
        PRIMARY KEY (statement_id, category)
      );

      -- Where profit sharing sends a merchant's money (a merchant without a row is paid by hand).
      CREATE TABLE settlement_receiver (
        merchant_id   bigint PRIMARY KEY REFERENCES merchant(id),
        receiver_type text NOT NULL CHECK (receiver_type IN ('MERCHANT_ID','PERSONAL_OPENID')),
        account       text NOT NULL,
        added_at      timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE payout (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        statement_id  bigint NOT NULL UNIQUE REFERENCES settlement_statement(id),
        merchant_id   bigint NOT NULL REFERENCES merchant(id),
        business_date date NOT NULL,
        method        text NOT NULL CHECK (method IN ('profit_sharing','manual')),
        amount        bigint NOT NULL CHECK (amount > 0),
        -- the part profit sharing could not carry (30% cap): paid by hand
        manual_amount bigint NOT NULL DEFAULT 0,
        status        text NOT NULL DEFAULT 'created'
                      CHECK (status IN ('created','processing','awaiting_manual','succeeded','failed')),
        paid_by       bigint REFERENCES app_user(id),
        paid_reference text,
        last_error    text,
        attempts      integer NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        succeeded_at  timestamptz
      );
      CREATE INDEX payout_open ON payout (status, updated_at) WHERE status IN ('created','processing','awaiting_manual');

      -- One WeChat profit sharing order per (payout, transaction): out_order_no is derived from the
      -- statement id and never changes, so a retry after an unclear answer is a query, not a second send.
      CREATE TABLE payout_part (
        payout_id      bigint NOT NULL REFERENCES payout(id),
        seq            integer NOT NULL,
        transaction_id text NOT NULL,
        out_order_no   text NOT NULL UNIQUE,
        amount         bigint NOT NULL CHECK (amount > 0),
        status         text NOT NULL DEFAULT 'created' CHECK (status IN ('created','processing','finished','failed')),
        wechat_order_id text,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (payout_id, seq)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payout_part, payout, settlement_receiver, settlement_statement_line, settlement_statement,
      reconciliation_item, settlement_bill_row, settlement_bill_stage, settlement_batch`);
  }
}
