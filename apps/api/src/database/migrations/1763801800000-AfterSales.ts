import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After-sales (issue 15): `after_sale` is the buyer's request around one buyer refund (docs/orders.md
 * "After-sales"). The refund row keeps the money (items, amount, WeChat state) and stays `requested` while the
 * request is discussed or the goods travel back, so every existing "refund open" rule (no shipping, commission
 * waits, one open request per order) holds without change. A request the buyer withdraws, or a return never
 * shipped back, ends its refund as `cancelled`. Deadlines are stored when they start (settings may change later).
 */
export class AfterSales1763801800000 implements MigrationInterface {
  name = 'AfterSales1763801800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE refund DROP CONSTRAINT refund_status_check;
      ALTER TABLE refund ADD CONSTRAINT refund_status_check CHECK (status IN ('requested','rejected','processing','succeeded','failed','cancelled'));
      ALTER TABLE refund ADD COLUMN cancelled_at timestamptz;

      ALTER TABLE merchant ADD COLUMN return_address jsonb;

      CREATE TABLE after_sale (
        id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        refund_id          bigint NOT NULL UNIQUE REFERENCES refund(id),
        order_id           bigint NOT NULL REFERENCES "order"(id),
        merchant_id        bigint NOT NULL REFERENCES merchant(id),
        buyer_user_id      bigint NOT NULL REFERENCES app_user(id),
        type               text NOT NULL CHECK (type IN ('refund_only','return_refund')),
        status             text NOT NULL CHECK (status IN ('pending','awaiting_return','returning','refunding','completed','rejected','cancelled','closed','refund_failed')),
        reason             text NOT NULL,
        description        text NOT NULL DEFAULT '',
        photos             jsonb NOT NULL DEFAULT '[]',
        reject_reason      text,
        return_address     jsonb,
        return_carrier     text,
        return_tracking_no text,
        -- who must act by when; the after-sales.deadlines job acts for whoever did not
        reply_due_at       timestamptz,
        return_due_at      timestamptz,
        receive_due_at     timestamptz,
        -- null with a decided_at / return_received_at: the deadline job acted (no one answered in time)
        decided_by         bigint REFERENCES app_user(id),
        received_by        bigint REFERENCES app_user(id),
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        decided_at         timestamptz,
        return_shipped_at  timestamptz,
        return_received_at timestamptz,
        completed_at       timestamptz,
        refund_failed_at   timestamptz,
        cancelled_at       timestamptz,
        closed_at          timestamptz,
        CHECK (type = 'return_refund' OR return_address IS NULL)
      );
      CREATE INDEX after_sale_merchant_status ON after_sale (merchant_id, status, id DESC);
      CREATE INDEX after_sale_buyer ON after_sale (buyer_user_id, id DESC);
      CREATE INDEX after_sale_order ON after_sale (order_id);
      CREATE INDEX after_sale_reply_due ON after_sale (reply_due_at) WHERE status = 'pending';
      CREATE INDEX after_sale_return_due ON after_sale (return_due_at) WHERE status = 'awaiting_return';
      CREATE INDEX after_sale_receive_due ON after_sale (receive_due_at) WHERE status = 'returning';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE after_sale;
      ALTER TABLE merchant DROP COLUMN return_address;
      ALTER TABLE refund DROP COLUMN cancelled_at;
      ALTER TABLE refund DROP CONSTRAINT refund_status_check;
      ALTER TABLE refund ADD CONSTRAINT refund_status_check CHECK (status IN ('requested','rejected','processing','succeeded','failed'));
    `);
  }
}
