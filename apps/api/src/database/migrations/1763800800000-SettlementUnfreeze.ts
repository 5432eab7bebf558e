import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Profit sharing merchants' payments are frozen by WeChat until shared or unfrozen (apps/api/docs/settlement.md,
 * "Unfreeze"). A payout releases what its parts' transactions did not share (payout_part.unfreeze_*); this
 * table releases the merchant-day's other payments: one row per transaction, fixed once per statement, each
 * with its own out_order_no `ST<statement id>F<seq>` (distinct from the parts' `ST…P<n>`, `ST…P<n>R<a>` and
 * `ST…P<n>U`), so a retry after an unclear answer asks WeChat about the same number instead of sending again.
 */
export class SettlementUnfreeze1763800800000 implements MigrationInterface {
  name = 'SettlementUnfreeze1763800800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settlement_unfreeze (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        statement_id    bigint NOT NULL REFERENCES settlement_statement(id),
        seq             integer NOT NULL CHECK (seq >= 1),
        merchant_id     bigint NOT NULL REFERENCES merchant(id),
        business_date   date NOT NULL,
        -- a payment is released once, whichever statement planned it
        transaction_id  text NOT NULL UNIQUE,
        out_order_no    text NOT NULL UNIQUE CHECK (length(out_order_no) <= 64),
        -- created: fixed, maybe unknown to WeChat; accepted: WeChat has the unfreeze order (it releases the
        -- rest asynchronously); nothing_left: WeChat refused because nothing is frozen (fully refunded, already
        -- unfrozen, freeze period over, paid without profit sharing); refused: refused for good for another reason
        status          text NOT NULL DEFAULT 'created' CHECK (status IN ('created','accepted','nothing_left','refused')),
        -- tries made under out_order_no (counted before each call): after the first, WeChat is asked first
        attempts        integer NOT NULL DEFAULT 0,
        wechat_order_id text,
        -- what WeChat's answer says it releases (fen), when it says
        amount          bigint CHECK (amount >= 0),
        fail_code       text,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (statement_id, seq)
      );
      CREATE INDEX settlement_unfreeze_open ON settlement_unfreeze (updated_at) WHERE status = 'created';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE settlement_unfreeze');
  }
}
